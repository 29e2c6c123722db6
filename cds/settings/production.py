"""Production: gunicorn workers behind a TLS-terminating proxy."""

from django.core.exceptions import ImproperlyConfigured

from .base import *
from .base import EMAIL_HOST, SECRET_KEY, env_bool, env_int

if not SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be set to a random string of at least 50 characters.")

if not EMAIL_HOST:
    # Without a mail server, messages (password reset links) would be printed to the log.
    raise ImproperlyConfigured("EMAIL_HOST must name the SMTP server that delivers the platform's emails.")

DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# Cookies over HTTPS only. SECURE_COOKIES=false is for a load test on plain HTTP on one
# machine (benchmarks/load_test.py), never for a site.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
