"""One settings module, configured from environment variables.

The defaults are the real site (`make run`): DEBUG off, a secret key generated once into the
data folder, SQLite and a local cache. `make dev` turns DEBUG on for development.
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str = "0") -> bool:
    return os.environ.get(name, default).strip().lower() in ("1", "true", "yes", "on")


def envint(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


DEBUG = envbool("DJANGO_DEBUG", "0")
DATA_DIR = Path(os.environ.get("IMMUNOPREP_DATA_DIR", BASE_DIR / "var"))


def _secret_key() -> str:
    """DJANGO_SECRET_KEY, or one made once and kept in the data folder (readable by us only),
    so a fresh machine runs the real site with no set-up and keeps its sessions across restarts."""
    if os.environ.get("DJANGO_SECRET_KEY"):
        return os.environ["DJANGO_SECRET_KEY"]
    path = DATA_DIR / "secret_key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        from django.core.management.utils import get_random_secret_key

        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(get_random_secret_key())
    return path.read_text().strip()


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",")]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]
if envbool("DJANGO_BEHIND_TLS_PROXY"):
    # Behind a proxy that terminates TLS and sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
HTTPS = envbool("DJANGO_HTTPS")
if HTTPS:
    # Served only over HTTPS: redirect plain HTTP, ask browsers to remember that, and send
    # cookies over HTTPS only (on plain http to 127.0.0.1 they would never come back).
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = envint("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", "1")
    SECURE_HSTS_PRELOAD = envbool("DJANGO_HSTS_PRELOAD")
# Used to build absolute links printed on paper (QR codes); empty = the request's own host.
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "django_ratelimit",  # for its system checks: a cache that cannot count for all processes is an error
    "immunoprep.guides",
    "immunoprep.clinics",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "immunoprep.limits.BodyLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "immunoprep.language.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its own page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "immunoprep.urls"
WSGI_APPLICATION = "immunoprep.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "builtins": ["template_partials.templatetags.partials"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite by default, in WAL mode with a busy timeout and IMMEDIATE transactions so that
# concurrent writers wait instead of failing with "database is locked".
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'immunoprep.sqlite3'}"),
        # Kept open between requests: opening SQLite (and its PRAGMAs) took 0.6 of the 1 ms
        # a health check costs. The health check on reuse catches a server that went away.
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 300),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

# One machine: a file cache in the data folder, shared by the web processes and the task worker
# (printed PDFs, read-only pages, sessions), and rate-limit counters in a small SQLite file of
# their own, where every process counts together (immunoprep.counters). Several servers: Redis.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(DATA_DIR / "cache"),
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
    "ratelimit": {"BACKEND": "immunoprep.counters.CounterCache", "LOCATION": str(DATA_DIR / "rate-counts.sqlite3")},
    # Each process keeps the share pages it served last in memory, in front of the shared cache:
    # their keys carry the guide's version, so a copy is never stale, only unused.
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 100}},
}
if REDIS_URL:
    redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    CACHES = {"default": redis, "ratelimit": redis, "pages": CACHES["pages"]}
RATELIMIT_USE_CACHE = "ratelimit"
# django-ratelimit still errs on a cache that cannot count (local memory, files, database); it
# only warns that it has not tested ours or Django's own Redis cache (it knows django-redis).
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]

# Sessions live on the server (database, cached): the wizard's answers are never in a cookie
# a person could read, and a staff member's session really ends at logout.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 14 * 24 * 3600)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# A strict Content-Security-Policy on every page, the admin included: our own files only, no
# inline script or style, no eval, never framed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

# Staff accounts: strong passwords, and a lockout after repeated failures (django-axes).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "axes_locked.html"
AXES_VERBOSE = False

# Rate limits (django-ratelimit), counted in the cache so they hold across processes and, with
# REDIS_URL, across servers. Generous enough for a clinic's shared Wi-Fi.
RATELIMIT_VIEW = "immunoprep.views.rate_limited"
RATELIMIT_ENABLE = envbool("RATELIMIT_ENABLE", "1")
if HTTPS and envbool("DJANGO_BEHIND_TLS_PROXY"):
    RATELIMIT_IP_META_KEY = "HTTP_X_FORWARDED_FOR"
RATES = {
    "guide-create": os.environ.get("RATE_GUIDE_CREATE", "30/10m"),
    "guide-edit": os.environ.get("RATE_GUIDE_EDIT", "240/m"),
    "pdf": os.environ.get("RATE_PDF", "30/m"),
    "token": os.environ.get("RATE_TOKEN_LOOKUP", "300/m"),
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Background work with Django's Tasks API (the django-tasks backport): the queue lives in the
# database, and `manage.py db_worker` (the Procfile's worker) runs it.
TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
PREPRINT_DELAY = envint("PREPRINT_DELAY", 5)  # seconds: a burst of edits prints once

# PDF rendering, per server process: lanes render at once (a child process each, about
# 100 MB); the queue holds a few more requests for up to PDF_RENDER_WAIT seconds; past that,
# a "busy, retrying" page. Lanes + queue stay well under the web threads per process (8 in the
# Procfile), so people opening pages never wait behind people waiting for a PDF.
PDF_RENDER_LANES = envint("PDF_RENDER_LANES", 2)
PDF_RENDER_QUEUE = envint("PDF_RENDER_QUEUE", 2)
PDF_RENDER_WAIT = envint("PDF_RENDER_WAIT", 10)

# Bounds on what users can send: large posts are refused before any view runs (see also
# immunoprep.limits, which caps request bodies of every encoding, multipart included).
DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
MAX_REQUEST_BODY = envint("MAX_REQUEST_BODY", 1024 * 1024)  # any encoding, multipart included
DATA_UPLOAD_MAX_NUMBER_FIELDS = 400

# Never log request bodies or URLs with tokens: only our own warnings reach the console.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_tokens": {"()": "immunoprep.log_filters.RedactTokens"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact_tokens"]}},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.server": {"handlers": [], "level": "CRITICAL", "propagate": False},
        "immunoprep": {"handlers": ["console"], "level": "INFO"},
        # django-axes logs usernames and addresses on every login: warnings only.
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
