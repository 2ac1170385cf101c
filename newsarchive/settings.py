"""NewsArchive settings: one module, driven by the environment.

Everything that differs between a laptop and production comes from environment variables (see
README.md, "Configuration", and .env.example). With nothing set, the app runs in debug mode on a
SQLite file in the project folder.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "articles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "newsarchive.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the CSRF check, whose process_view reads the whole body of an upload (see the class).
    "newsarchive.middleware.UploadLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "newsarchive.middleware.PrivateArchiveMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "newsarchive.faults.DatabaseUnavailableMiddleware",  # a lost database: 503, not a traceback
]

ROOT_URLCONF = "newsarchive.urls"
WSGI_APPLICATION = "newsarchive.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while an import writes; a busy timeout waits instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

# Read replicas (PostgreSQL only): reads go to one of them, writes and migrations to default; see
# newsarchive/routers.py and docs/deployment.md. In tests each replica mirrors the test database.
for number, url in enumerate(env_list("DATABASE_REPLICA_URLS"), start=1):
    replica = dj_database_url.parse(
        url, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"], conn_health_checks=True
    )
    if "postgresql" not in DATABASES["default"]["ENGINE"] or "postgresql" not in replica["ENGINE"]:
        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URLS needs PostgreSQL for DATABASE_URL and each replica."
        )
    DATABASES[f"replica_{number}"] = {**replica, "TEST": {"MIRROR": "default"}}
DATABASE_ROUTERS = ["newsarchive.routers.ReplicaRouter"] if len(DATABASES) > 1 else []

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
USE_I18N = True
USE_TZ = True
# The zone the site shows dates in, and in which date filters and the date archive are read.
TIME_ZONE = os.environ.get("TIME_ZONE", "America/Toronto")
# The zone in which times printed in page text ("Posted January 3, 2024 8:50 am.") are read when the
# text names none. Crawled sites are mostly North American, hence the default.
PAGE_TIME_ZONE = os.environ.get("PAGE_TIME_ZONE", "America/Toronto")

STATIC_URL = "static/"
# In development whitenoise serves straight from the source folders; production serves the
# compressed, hashed copies that `collectstatic` writes to STATIC_ROOT.
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_USE_FINDERS = DEBUG
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Import limits: an upload or a zip that breaks one of these is refused with a message saying which.
IMPORT_MAX_UPLOAD_BYTES = int(os.environ.get("IMPORT_MAX_UPLOAD_BYTES", str(200 * 1024 * 1024)))
IMPORT_MAX_FILES = int(os.environ.get("IMPORT_MAX_FILES", "1000"))
# A folder, or more files than one request may carry, is sent by the import page's script in parts, each
# within the two limits above, into one upload; these limit the whole (articles/admin_views.py).
IMPORT_MAX_STAGED_FILES = int(os.environ.get("IMPORT_MAX_STAGED_FILES", "100000"))
IMPORT_MAX_STAGED_BYTES = int(os.environ.get("IMPORT_MAX_STAGED_BYTES", str(2 * 1024 * 1024 * 1024)))
# Where admin uploads wait for their preview and import (articles/staging.py); web and worker share it.
# The default, var/ in the project, is ignored by git (.gitignore).
IMPORT_STAGING_DIR = Path(os.environ.get("IMPORT_STAGING_DIR") or BASE_DIR / "var" / "import-staging")
# Django refuses a request with more files than this before any form sees it (a bare 400 page), so
# it sits above the import form's own limit, which explains itself.
DATA_UPLOAD_MAX_NUMBER_FILES = IMPORT_MAX_FILES * 2
# A part of a folder upload sends each file's path in the folder as a field beside it.
DATA_UPLOAD_MAX_NUMBER_FIELDS = max(1000, IMPORT_MAX_FILES * 2)
# Uploads refused from their Content-Length alone (newsarchive.middleware.UploadLimitMiddleware): URL
# name to the setting holding its limit. The slack covers multipart framing, about 200 bytes a file.
UPLOAD_LIMITS = {
    "admin:articles_article_import": "IMPORT_MAX_UPLOAD_BYTES",
    "admin:articles_article_import_part": "IMPORT_MAX_UPLOAD_BYTES",
}
UPLOAD_LIMIT_SLACK = 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Imports and their previews run as background tasks (Django's Tasks API through the django-tasks
# backport). The database backend keeps the queue in the archive's own database, SQLite or PostgreSQL,
# so no other server is needed; `manage.py db_worker` runs the tasks (docs/deployment.md, "Workers").
# TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend runs each task inside the request
# that asks for it (the tests do; a big import then meets gunicorn's timeout again).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# The cache: each worker's own memory unless CACHE_URL names a shared one (redis://host:6379/0 with the
# `redis` package, memcached://host:11211 with `pymemcache`, or `database`: a table of the archive's own
# database, made by `manage.py createcachetable`, which bin/start runs); see docs/deployment.md, "Caching". Nothing
# depends on it for correctness: every entry is keyed on the archive's version (articles/selectors/cache.py).
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
elif CACHE_URL.startswith("memcached://"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache",
            "LOCATION": CACHE_URL.removeprefix("memcached://"),
        }
    }
elif CACHE_URL == "database":
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "articles_cache"}
    }
elif CACHE_URL:
    raise ImproperlyConfigured(
        f"CACHE_URL must be `database` or start with redis://, rediss:// or memcached://, not {CACHE_URL!r}."
    )
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Each search's counts and page of results are cached this long (0: not cached); an import or an edit
# shows at once. (The home page's counts are kept in the database: articles/selectors/overview.py.)
SEARCH_CACHE_SECONDS = int(os.environ.get("SEARCH_CACHE_SECONDS", "300"))

# On PostgreSQL a search page runs its counts on a second, short-lived connection while the first fetches
# the results (articles/second_connection.py); off where connections are scarcer than time.
SEARCH_ALONGSIDE = env_bool("SEARCH_ALONGSIDE", True)

# Tag imported articles with topics and places as they are imported (`tag_articles` does it later).
AUTO_TAG_ON_IMPORT = env_bool("AUTO_TAG_ON_IMPORT", True)
# Processes that tag a big import (over 1,000 records) while it is stored; 0 tags in the importing
# process. Default: one per core but the importer's own, at most two.
IMPORT_TAG_WORKERS = int(os.environ.get("IMPORT_TAG_WORKERS", min(2, (os.cpu_count() or 1) - 1)))
# Imported dates (published_at, updated_at) before this year, or after the end of next year, refuse
# their article: dates near year 1 or 9999 cannot be shown (articles/ingest/fields.py).
ARCHIVE_EARLIEST_YEAR = int(os.environ.get("ARCHIVE_EARLIEST_YEAR", "1800"))

# A private archive shows nothing, exports and feeds included, until a reader logs in (any active
# account); /healthz, static files and the admin's own login stay public. See README.md, "Access".
ARCHIVE_PRIVATE = env_bool("ARCHIVE_PRIVATE", False)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "articles:home"
LOGOUT_REDIRECT_URL = "articles:home"

# Production hardening; `check --deploy --fail-level WARNING` is clean when DEBUG is off. The cookie
# and redirect settings can be turned off by environment for a plain-HTTP deployment on a private
# network.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY", False) else None
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# Health checkers call from inside the network over plain HTTP; a redirect would read as a failure.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_REFERRER_POLICY = os.environ.get("SECURE_REFERRER_POLICY", "same-origin")
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Set by newsarchive.middleware. The pages use no inline script or style and nothing from another
# origin; the admin also needs inline styles (see ContentSecurityPolicyMiddleware).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; "
    "base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
)
CONTENT_SECURITY_POLICY_ADMIN = CONTENT_SECURITY_POLICY.replace(
    "style-src 'self'", "style-src 'self' 'unsafe-inline'"
)

LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").upper()
# Everything to standard output, for the container runtime or service manager to collect. Naming
# the "django" logger here drops Django's default handlers for it (which print only in debug mode and
# mail ADMINS), so its records, such as each 5xx django.request logs as ERROR with the traceback,
# reach the console through the root logger once.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "plain"}
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"level": LOG_LEVEL},
        "django.db.backends": {"level": "WARNING"},
    },
}
