"""Settings shared by every environment.

Every environment variable the platform reads is read here, once, with its type and its
default, and listed in the README's configuration table.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_str(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from exc


def env_list(name, default=()):
    value = os.environ.get(name)
    if value is None or value == "":
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


# --- Environment -------------------------------------------------------------------------
SECRET_KEY = env_str("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
ELASTICSEARCH_URL = env_str("ELASTICSEARCH_URL")
ELASTICSEARCH_INDEX_PREFIX = env_str("ELASTICSEARCH_INDEX_PREFIX", "cds_")
# The server's major version picks the backend and the client it needs (search/backends).
ELASTICSEARCH_VERSION = env_int("ELASTICSEARCH_VERSION", 7)
if ELASTICSEARCH_VERSION not in (7, 8, 9):
    raise ImproperlyConfigured(f"ELASTICSEARCH_VERSION must be 7, 8 or 9, not {ELASTICSEARCH_VERSION}")
REDIS_URL = env_str("REDIS_URL")
LIBRETRANSLATE_URL = env_str("LIBRETRANSLATE_URL").rstrip("/")
LIBRETRANSLATE_API_KEY = env_str("LIBRETRANSLATE_API_KEY")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The publishing organisation's IATI identifier (its registration agency prefix and number, as
# on the IATI registry): the reporting organisation and prefix of every activity of the IATI
# export. The default is a placeholder until the association registers.
IATI_REPORTING_ORG = env_str("IATI_REPORTING_ORG", "XM-DAC-CDS")
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "CDS <noreply@cds.localhost>")
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = env_str("MEDIA_URL", "/media/")
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "static_collected")))
STATIC_URL = env_str("STATIC_URL", "/static/")
LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
API_RATE_LIMIT = env_str("API_RATE_LIMIT", "120/min")
EUR_TO_MAD = float(env_str("EUR_TO_MAD", "10.8"))
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)
# At most this many whole pages kept per content version (core/middleware.py).
PAGE_CACHE_MAX_ENTRIES = env_int("PAGE_CACHE_MAX_ENTRIES", 2000)

# The query parameters that pages read (searches, facets, paging, the impact period, an event's
# time zone): only these make a cached page of their own (core/middleware.py).
PAGE_CACHE_PARAMS = [
    *("q", "page", "sort", "per_page", "theme", "region", "province", "commune", "type", "status"),
    *("maturity", "skill", "language", "country", "mode", "audience", "stage", "du", "au", "tz"),
]

# --- Applications ------------------------------------------------------------------------
INSTALLED_APPS = [
    # Ours, from the most general to the most specific (see README "Architecture").
    "core",
    "pages",
    "accounts",
    "needs",
    "experts",
    "search",
    "community",
    "learning",
    "impact",
    "api",
    "outbox",
    "home",
    # Wagtail and friends.
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail.api.v3",
    "rest_framework",
    "ninja",
    "corsheaders",
    "allauth",
    "allauth.account",
    "django_ratelimit",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_countries",
]

MIDDLEWARE = [
    "corsheaders.middleware.CorsMiddleware",
    "core.cache.RequestReads",
    "api.middleware.PublicAPIMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "cds.headers.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.AnonymousPageCacheMiddleware",
    "search.middleware.SearchOutageMiddleware",
    "core.middleware.CachedSiteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cds.urls"
WSGI_APPLICATION = "cds.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "core.context_processors.navigation",
            ],
        },
    },
]

# --- Data --------------------------------------------------------------------------------
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the dev server read while a command writes; a longer timeout avoids
    # "database is locked" during the territory import.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
# PostgreSQL: the planner's cost of reading a page out of order, set on every connection. The
# server's default, 4.0, supposes spinning disks; on SSDs or with the data in memory 1.1 is the
# usual value, and with it the planner reads the full-text GIN index for a word search instead
# of scanning every index entry of a page type: the needs' word searches and the directory's
# first searches at 100,000 profiles take 20-40 % less (docs/benchmarks.md). Empty: the
# server's own setting.
POSTGRES_RANDOM_PAGE_COST = env_str("POSTGRES_RANDOM_PAGE_COST", "1.1").strip()
if POSTGRES_RANDOM_PAGE_COST:
    try:
        if not 0 < float(POSTGRES_RANDOM_PAGE_COST) < float("inf"):
            raise ValueError
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"POSTGRES_RANDOM_PAGE_COST must be a positive number, not {POSTGRES_RANDOM_PAGE_COST!r}"
        ) from exc
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = f"-c random_page_cost={POSTGRES_RANDOM_PAGE_COST}"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if REDIS_URL:
    # An accelerator, never a dependency: with Redis unreachable, reads miss and writes are
    # skipped, and pages are rendered from the database (cds/cache.py).
    CACHES = {
        "default": {
            "BACKEND": "cds.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"RETRY_AFTER": env_int("CACHE_RETRY_AFTER", 5)},
        }
    }
else:
    # Per process; room for the fragments of a few hundred pages (Django's default keeps 300).
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 5000}}}

# --- Search ------------------------------------------------------------------------------
# One code path for every engine: Wagtail search. The database backend by default (SQLite
# FTS5 or PostgreSQL full text), Elasticsearch when ELASTICSEARCH_URL is set.
if ELASTICSEARCH_URL:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": f"search.backends.elasticsearch{ELASTICSEARCH_VERSION}",
            "URLS": [ELASTICSEARCH_URL],
            "INDEX_PREFIX": ELASTICSEARCH_INDEX_PREFIX,
            "TIMEOUT": 5,
            "OPTIONS": {},
            # French first: "d'argan" must match "argan", "hydrogeologie" "hydrogéologie".
            # The standard tokenizer also splits Arabic and Tifinagh words correctly.
            "INDEX_SETTINGS": {
                "settings": {
                    "analysis": {
                        "filter": {
                            "cds_elision": {
                                "type": "elision",
                                "articles_case": True,
                                "articles": [
                                    "l",
                                    "m",
                                    "t",
                                    "qu",
                                    "n",
                                    "s",
                                    "j",
                                    "d",
                                    "c",
                                    "jusqu",
                                    "quoiqu",
                                    "lorsqu",
                                    "puisqu",
                                ],
                            }
                        },
                        "analyzer": {
                            # French elision and accents; Arabic vowel marks and letter variants
                            # (أ إ آ → ا, ة → ه, ى → ي) so that both spellings match.
                            "default": {
                                "tokenizer": "standard",
                                "filter": ["cds_elision", "lowercase", "asciifolding", "arabic_normalization"],
                            }
                        },
                    }
                }
            },
        }
    }
else:
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.database"}}
# The search accelerator (search/accelerator/README.md): facet tallies kept as pages change and,
# on PostgreSQL, an index each web process keeps. Same results and counts on or off; off, the
# database counts every search itself (slower at scale). Never with Elasticsearch.
SEARCH_ACCELERATOR = not ELASTICSEARCH_URL and env_bool("SEARCH_ACCELERATOR", True)

# --- Members' accounts (django-allauth) ------------------------------------------------
# Members sign up and log in with their email address, confirmed by a link; staff keep their
# usernames for the admin. allauth's own rate limits (per IP and per account, in the cache)
# guard sign-up, login, password reset and confirmation emails.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: counts every door's failures (accounts/doors.py)
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm"}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[CDS] "
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_USER_DISPLAY = "accounts.adapter.user_display"
# Sign-up → confirmed → logged in → their space (which leads to « Créer mon profil »): one line.
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "5/m/ip",
    "reset_password": "5/m/ip,3/5m/key",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
}
LOGIN_URL = "account_login"
# One login door for members: Wagtail's front-end login (private pages and documents) is the
# site's; the admin's login refuses accounts without admin access; password resets go through
# allauth's (rate-limited) form only (accounts/doors.py).
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
WAGTAILADMIN_USER_LOGIN_FORM = "accounts.doors.AdminLoginForm"
WAGTAIL_PASSWORD_RESET_ENABLED = False
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 10)
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # its log lines name the account: private data stays out of the logs
AXES_USERNAME_CALLABLE = "accounts.doors.login_identifier"
AXES_LOCKOUT_CALLABLE = "accounts.doors.locked_out"
AXES_SENSITIVE_PARAMETERS = ["password", "password1", "password2", "login", "email"]
# The client's address: REMOTE_ADDR, unless the production proxy is trusted to add it to
# X-Forwarded-For (TRUSTED_PROXY_COUNT proxies in front of gunicorn).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT:
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

# --- Community (offers, messages, follows) ------------------------------------------------
# Posting limits, per IP address and per account (django-ratelimit, counted in the cache):
# (per IP, per account). Local memory counts per process, which is right for `make run` and
# the tests; production sets REDIS_URL so that every worker shares the counts.
COMMUNITY_RATE_LIMITS = {
    "offer": ("20/h", "10/h"),
    "invitation": ("20/h", "10/h"),
    "message": ("60/h", "30/h"),
    "post": ("20/h", "10/h"),
    "reply": ("60/h", "30/h"),
    "report": ("20/h", "10/h"),
}
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]
# Off only for load tests from one address (benchmarks/load_test.py): the posting limits and
# allauth's. Logins stay throttled by django-axes.
RATE_LIMITS = env_bool("RATE_LIMITS", True)
RATELIMIT_ENABLE = RATE_LIMITS
if not RATE_LIMITS:
    ACCOUNT_RATE_LIMITS = False
LOGIN_REDIRECT_URL = "community:my_space"

# --- Passwords ---------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages ---------------------------------------------------------------------------
# French is the source language; Arabic (right to left), English and Standard Moroccan
# Tamazight (Tifinagh script) are translations. Django has no language info for "zgh".
LANGUAGE_CODE = "fr"
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = [
    ("fr", "Français"),
    ("ar", "العربية"),
    ("en", "English"),
    ("zgh", "ⵜⴰⵎⴰⵣⵉⵖⵜ"),
]
EXTRA_LANG_INFO = {
    "zgh": {
        "bidi": False,
        "code": "zgh",
        "name": "Standard Moroccan Tamazight",
        "name_local": "ⵜⴰⵎⴰⵣⵉⵖⵜ",
    },
}
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Africa/Casablanca"
WAGTAIL_I18N_ENABLED = True
# Page addresses in ASCII: « réhabilitation » becomes rehabilitation, not r%C3%A9habilitation
# in every shared link (titles in Arabic or Tifinagh get a slug of their own: community/profiles.py).
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# The admin and the users' preferred language (their emails' language) offer the same four.
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# Django's formats for fr, ar and en; cds/formats/ adds Tamazight's.
FORMAT_MODULE_PATH = ["cds.formats"]

# Machine translation in wagtail-localize's editor: a self-hosted LibreTranslate when
# LIBRETRANSLATE_URL is set (nothing leaves the platform's own servers), else none.
if LIBRETRANSLATE_URL:
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "wagtail_localize.machine_translators.libretranslate.LibreTranslator",
        "OPTIONS": {"LIBRETRANSLATE_URL": LIBRETRANSLATE_URL, "API_KEY": LIBRETRANSLATE_API_KEY, "TIMEOUT": 30},
    }

# --- Static and media files --------------------------------------------------------------
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Email and the job queue ------------------------------------------------------------
# Every email is queued in the database with the change that causes it, and delivered by the
# worker (`manage.py db_worker --queue-name mail --backend mail`) with retries (outbox/).
# Wagtail's own tasks (search index, references) run at once, as before.
EMAIL_BACKEND = "outbox.backend.QueuedEmailBackend"
if EMAIL_HOST:
    OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
else:
    OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.console.EmailBackend"
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "mail": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["mail"]},
}
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security headers (cds/headers.py) ----------------------------------------------------
# Only the platform's own scripts, styles, images and fonts; nothing from a third party. Inline
# style attributes stay allowed (the impact page's bars); inline scripts are not (but in the
# admin, whose panels need them).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Staff avatars are never fetched from gravatar.com (a hash of their email, to a third party).
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# --- Wagtail -----------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "CDS — Communauté de Développement Solidaire"
WAGTAILADMIN_BASE_URL = SITE_URL
# Documents are always served by Django's view, after its permission checks (a maturation
# document: community/wagtail_hooks.py), never by redirecting to the storage's public URL.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "xlsx", "ods"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 5 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAILAPI_BASE_URL = SITE_URL
WAGTAILAPI_LIMIT_MAX = 100

# --- Public API --------------------------------------------------------------------------
# Read-only for anonymous clients, from the origins CORS_ALLOWED_ORIGINS lists, at
# API_RATE_LIMIT requests per IP address (HTTP 429 beyond).
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
# The rate limit and cache headers of every /api/ response: api/middleware.py.

# --- Logging -----------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Every page save logs a line and runs two tasks: too chatty for imports.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        # django-axes names the account in its lines: private data stays out of the logs.
        "axes": {"level": "ERROR"},
    },
}
