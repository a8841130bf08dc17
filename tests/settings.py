"""The test host: the smallest Wagtail site that installs the plugin's apps, for the test suite.

The tests run against this module, not the demo host's ``config.settings`` (tests of the demo
host itself say so and use ``config.settings...`` explicitly). The profile is chosen by the
environment, as the demo host does:

* embedded (default): a file SQLite database, the in-memory channel layer, eager Celery,
  local-memory cache;
* scale-out: ``DATABASE_URL`` (PostgreSQL) and ``REDIS_URL`` (channels-redis, Celery broker,
  cache), as started by ``tools/testenv.py run``.

Parallel runs (pytest-xdist): every worker (``PYTEST_XDIST_WORKER`` = gw0, gw1, ...) has its
own database (pytest-django suffixes the test database's name), its own media folders and its
own Redis: the worker's server of ``TESTENV_REDIS_PORTS`` (one per worker, so that a fault
test stopping "the broker" stops only its own), else a database number of its own on the one
server. ``REDIS_URL`` and ``TESTENV_REDIS_PORT`` are rewritten in ``os.environ`` so that the
processes a test starts (Celery workers, uvicorn) use the same Redis as the test.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
from celery.schedules import crontab
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
(BASE_DIR / "var").mkdir(exist_ok=True)

# --- parallel workers ---------------------------------------------------------------------------
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
WORKER_INDEX = int(WORKER[2:]) if WORKER[2:].isdigit() else 0


def _worker_redis_url(url: str) -> str:
    """``url`` pointed at this worker's Redis (server of its own, else database of its own)."""
    if not url or not WORKER:
        return url
    parts = urlsplit(url)
    ports = [p for p in os.environ.get("TESTENV_REDIS_PORTS", "").split(",") if p]
    netloc, db = parts.netloc, WORKER_INDEX
    if ports:
        port = ports[WORKER_INDEX % len(ports)]
        netloc = f"{parts.hostname}:{port}"
        db = WORKER_INDEX // len(ports)
        os.environ["TESTENV_REDIS_PORT"] = port
    return urlunsplit((parts.scheme, netloc, f"/{db}", parts.query, parts.fragment))


REDIS_URL = _worker_redis_url(os.environ.get("REDIS_URL", ""))
if REDIS_URL:
    os.environ["REDIS_URL"] = REDIS_URL
DATABASE_URL = os.environ.get("DATABASE_URL", "")
# Files of this worker (or of this process when not parallel): never another run's.
_OWN = f"-{WORKER}" if WORKER else ""

# --- the site -----------------------------------------------------------------------------------
SECRET_KEY = "test-only-insecure-key"
DEBUG = False
ALLOWED_HOSTS = ["*"]
CSRF_TRUSTED_ORIGINS: list[str] = []
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

INSTALLED_APPS = [
    "daphne",
    # The plugin (lms first: the other apps build on it).
    "lms",
    "evidence",
    "coaching",
    "forums",
    # The demo (several tests seed it).
    "launch_demo",
    # Wagtail and what it needs.
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_htmx",
    "channels",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]
if DATABASE_URL.startswith(("postgres://", "postgresql://", "pgsql://")):
    # Full-text search (forums) and Wagtail's PostgreSQL search index need it.
    INSTALLED_APPS.append("django.contrib.postgres")

MIDDLEWARE = [
    "lms.middleware.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "config.csp.PathContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "lms.middleware.AuditAccessDeniedMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "lms.middleware.CachedSiteMiddleware",
]

ROOT_URLCONF = "tests.urls"
WSGI_APPLICATION = None
ASGI_APPLICATION = "tests.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The demo host's error pages (the plugin needs no template of the host's).
        "DIRS": [BASE_DIR / "config" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lms.context_processors.launch",
                "lms.context_processors.navigation",
            ],
        },
    },
]

# --- database -----------------------------------------------------------------------------------
if DATABASE_URL:
    # A small pool per process, as the demo host has (connections belong to threads under ASGI).
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
    DATABASE_POOL_SIZE = int(os.environ.get("DATABASE_POOL_SIZE", "20") or "0")
    if DATABASE_POOL_SIZE:
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": min(2, DATABASE_POOL_SIZE),
            "max_size": DATABASE_POOL_SIZE,
            "timeout": 10,
        }
else:
    DATABASES = {
        "default": {
            # A file database so that threads (live server, Channels) share it with the tests.
            "ENGINE": "config.db.sqlite_pool",
            "NAME": os.environ.get("SQLITE_PATH") or str(BASE_DIR / "var" / "test.sqlite3"),
            "OPTIONS": {
                # Test databases are deleted and recreated: no pooled connections to stale files.
                "pool_size": 0,
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA synchronous=NORMAL;",
            },
            # One test database per pytest process (pytest-django adds _gwN per worker).
            "TEST": {
                "NAME": os.environ.get("SQLITE_TEST_PATH")
                or str(BASE_DIR / "var" / f"test-db-{os.getpid()}.sqlite3")
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: channel layer, cache, broker --------------------------------------------------------
LAUNCH_WEB_CONCURRENCY = int(os.environ.get("WEB_CONCURRENCY", "1") or "1")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                "hosts": [{"address": REDIS_URL, "socket_timeout": 15, "max_connections": 2000}],
                "capacity": 1500,
                "expiry": 30,
            },
        }
    }
    CACHES = {
        "default": {
            "BACKEND": "config.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "launch",
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "config.layers.ScalableInMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_URL = "memory://"
    CELERY_TASK_ALWAYS_EAGER = True

CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BEAT_SCHEDULE_FILENAME = os.environ.get("LAUNCH_BEAT_SCHEDULE_FILE") or str(
    BASE_DIR / "var" / f"test-celerybeat-schedule{_OWN}"
)
# The plugin's periodic jobs, as a host schedules them (tests check the tasks are listed).
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    "lms.sweep_outbox": {"task": "lms.sweep_outbox", "schedule": 60.0},
    "lms.prune_access_changes": {"task": "lms.prune_access_changes", "schedule": 900.0},
    "coaching.send_due_notifications": {
        "task": "coaching.send_due_notifications",
        "schedule": 60.0,
    },
    "forums.daily_digest": {
        "task": "forums.send_digests",
        "schedule": crontab(hour=6, minute=0),
        "args": ("daily",),
    },
    "forums.weekly_digest": {
        "task": "forums.send_digests",
        "schedule": crontab(hour=6, minute=0, day_of_week=1),
        "args": ("weekly",),
    },
    "lms.send_inactivity_reminders": {
        "task": "lms.send_inactivity_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    "evidence.send_renewal_reminders": {
        "task": "evidence.send_renewal_reminders",
        "schedule": crontab(hour=7, minute=30),
    },
    "evidence.purge_expired_files": {
        "task": "evidence.purge_expired_files",
        "schedule": crontab(hour=3, minute=0),
    },
}

# --- the plugin's settings (the demo host's values) ---------------------------------------------
LAUNCH_EVIDENCE_RETENTION_DAYS = 1460
LAUNCH_OUTBOX_MAX_ATTEMPTS = 5
# Tests run long effects inline (browser tests turn threads on where they watch progress).
LAUNCH_OUTBOX_EAGER_THREADS = False
LAUNCH_INVITATION_MAX_AGE_DAYS = 14
LAUNCH_LOGIN_RATE_LIMIT = 5
LAUNCH_LOGIN_RATE_LIMIT_PER_ADDRESS = 50
LAUNCH_LOGIN_RATE_WINDOW_SECONDS = 15 * 60
LAUNCH_TRUSTED_PROXIES: list[str] = []
LAUNCH_ALLOWED_ORIGINS: list[str] = []
LAUNCH_BACKUP_DIR = BASE_DIR / "var" / f"test-backups{_OWN}"
LAUNCH_BACKUP_KEEP = 14
LAUNCH_BACKUP_AGE_RECIPIENTS = ""
# No heartbeat threads writing rows under the tests, unless a test's subprocess asks for them.
LAUNCH_HEARTBEAT_SECONDS = float(os.environ.get("LAUNCH_HEARTBEAT_SECONDS", "0"))
LAUNCH_HEALTHZ_REQUIRED_PROCESSES: list[str] = []

# --- accounts -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "lms.User"
AUTHENTICATION_BACKENDS = ["lms.accounts.backends.EmailBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "lms:dashboard"
LOGOUT_REDIRECT_URL = "/"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3

# --- internationalisation -----------------------------------------------------------------------
LANGUAGE_CODE = "en"
TIME_ZONE = "America/New_York"
USE_I18N = True
USE_TZ = True

# --- static, media, email -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "var" / f"test-media{_OWN}"
LAUNCH_PRIVATE_MEDIA_ROOT = BASE_DIR / "var" / f"test-private{_OWN}"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
DEFAULT_FROM_EMAIL = "LAUNCH! <launch@localhost>"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# --- security headers ---------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF, "ws:", "wss:"],
    "frame-src": ["https://www.youtube-nocookie.com", "https://player.vimeo.com"],
    "frame-ancestors": [CSP.NONE],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
}
SECURE_CSP_PATHS = {
    "/admin/": {
        **SECURE_CSP,
        "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
        "frame-src": [CSP.SELF, "https://www.youtube-nocookie.com", "https://player.vimeo.com"],
        "frame-ancestors": [CSP.SELF],
    },
}

# --- Wagtail ------------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "LAUNCH!"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILADMIN_USER_LOGIN_FORM = "lms.accounts.forms.AdminLoginForm"
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_FRONTEND_LOGIN_URL = "accounts:login"

# --- logging ------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "django_tasks": {"level": "WARNING"},
    },
}
