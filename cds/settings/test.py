"""Fast, isolated settings for pytest (see pyproject.toml)."""

from .base import *

DEBUG = False
SECRET_KEY = "test-only-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Messages go through the outbox (outbox/backend.py) and are delivered at once, into
# django.core.mail.outbox; tests/test_outbox.py runs the real queue and worker.
OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
WAGTAILADMIN_BASE_URL = "http://testserver"
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "mail": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["mail"]},
}

# The search tests run on whichever backend base.py chose (ELASTICSEARCH_URL or the database);
# on Elasticsearch they use their own indexes, reset at the start of the session.
if ELASTICSEARCH_URL:
    WAGTAILSEARCH_BACKENDS["default"]["INDEX_PREFIX"] = "cds_test_"

# Tests send many API requests from one address; the rate-limit test sets its own low rate.
API_RATE_LIMIT = "100000/min"

# Whole-page caching for anonymous visitors is tested on its own (tests/test_page_cache.py);
# elsewhere each request renders, so that a test sees what it just wrote.
PAGE_CACHE_SECONDS = 0

# wagtail-localize's dummy translator (it reverses the words) stands in for LibreTranslate.
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {"CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator"}
