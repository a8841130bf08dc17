"""Settings shared by every environment.

The profile is chosen by the environment alone:

* embedded (default): SQLite in WAL mode with IMMEDIATE transactions, the in-memory channel
  layer, eager Celery, local-memory cache; no external service.
* scale-out: ``DATABASE_URL`` (PostgreSQL) and ``REDIS_URL`` (channels-redis, Celery broker,
  cache). Nothing else changes.
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# Local state of the embedded profile (SQLite files, media, collected static): never committed.
(BASE_DIR / "var").mkdir(exist_ok=True)


def env(name: str, default: str = "") -> str:
    """Read a setting from the environment (empty string when unset)."""
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = env("DJANGO_SECRET_KEY")
DEBUG = False
ALLOWED_HOSTS = [h.strip() for h in env("ALLOWED_HOSTS", "localhost,127.0.0.1").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in env("CSRF_TRUSTED_ORIGINS").split(",") if o.strip()]

INSTALLED_APPS = [
    "daphne",
    "lms",
    "evidence",
    "coaching",
    "forums",
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

MIDDLEWARE = [
    # First: everything after it sees the client's address as the trusted proxies report it.
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

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = None
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
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

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    # A connection pool per process (psycopg_pool, Django's "pool" option). Persistent
    # connections do not work under ASGI: every request's synchronous code runs in a new
    # thread, and connections belong to threads, so kept ones are never reused and pile up
    # until PostgreSQL refuses clients (seen in `make load`); opening one per request or
    # per socket event costs a few milliseconds each. The pool hands a thread a connection
    # and takes it back when Django closes it. Size it so that every process's maximum
    # together stays under PostgreSQL's max_connections (100 by default).
    # DATABASE_POOL_SIZE=0 turns the pool off (behind PgBouncer in transaction mode).
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
    DATABASE_POOL_SIZE = int(env("DATABASE_POOL_SIZE", "20") or "0")
    if DATABASE_POOL_SIZE:
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": min(2, DATABASE_POOL_SIZE),
            "max_size": DATABASE_POOL_SIZE,
            "timeout": 10,
        }
else:
    DATABASES = {
        "default": {
            # Django's SQLite backend plus a small connection pool (see config/db/sqlite_pool).
            "ENGINE": "config.db.sqlite_pool",
            "NAME": env("SQLITE_PATH") or str(BASE_DIR / "var" / "launch.sqlite3"),
            "OPTIONS": {
                "pool_size": 8,
                # WAL lets readers proceed while one writer writes; IMMEDIATE takes the write
                # lock at BEGIN so two writers queue on the busy timeout instead of failing
                # with "database is locked" when one upgrades a read lock.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                # Run per new connection, so kept to the cheap pragma; WAL is a property of
                # the file, set once after migrate (lms.signals); the busy timeout comes from
                # "timeout".
                "init_command": "PRAGMA synchronous=NORMAL;",
            },
        }
    }
if DATABASE_URL.startswith(("postgres://", "postgresql://", "pgsql://")):
    # Full-text search (forums) and Wagtail's PostgreSQL search index need it.
    INSTALLED_APPS.append("django.contrib.postgres")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: channel layer, cache, broker ------------------------------------------------------
REDIS_URL = env("REDIS_URL")
# How many ASGI processes serve the site. The in-memory channel layer only reaches sockets in
# its own process, so it is refused when this is above 1 (see lms.checks and config.asgi).
LAUNCH_WEB_CONCURRENCY = int(env("WEB_CONCURRENCY", "1") or "1")

if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                # redis-py's defaults (5 s read timeout, 100 connections per pool) break a
                # busy layer: its blocking reads wait up to 5 s themselves, and a class opening
                # its pages at once joins groups on more than 100 connections at a time.
                "hosts": [{"address": REDIS_URL, "socket_timeout": 15, "max_connections": 2000}],
                "capacity": 1500,
                "expiry": 30,
            },
        }
    }
    CACHES = {
        "default": {
            # Reads miss and writes are skipped while Redis is down (see config.cache).
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
# Beat keeps its schedule state here, not in the working directory.
CELERY_BEAT_SCHEDULE_FILENAME = env("LAUNCH_BEAT_SCHEDULE_FILE") or str(
    BASE_DIR / "var" / "celerybeat-schedule"
)
# Periodic jobs (celery beat). Apps add their own entries below this one.
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    "lms.sweep_outbox": {"task": "lms.sweep_outbox", "schedule": 60.0},
    # The access log read by live sockets (lms.live.AccessWatch) keeps an hour.
    "lms.prune_access_changes": {"task": "lms.prune_access_changes", "schedule": 900.0},
    # Coaching: one email per person batching feedback messages unread for 10 minutes.
    "coaching.send_due_notifications": {
        "task": "coaching.send_due_notifications",
        "schedule": 60.0,
    },
    # Forum digests: daily at 06:00, weekly on Monday at 06:00 (TIME_ZONE).
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
    # Reminders to participants inactive for 14 days: daily at 07:00, at most one per ISO week
    # per person (the outbox key holds the week).
    "lms.send_inactivity_reminders": {
        "task": "lms.send_inactivity_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    # Badge renewal reminders 90, 30 and 7 days before expiry: daily at 07:30 (each sent once,
    # keyed in the outbox by credential and day count).
    "evidence.send_renewal_reminders": {
        "task": "evidence.send_renewal_reminders",
        "schedule": crontab(hour=7, minute=30),
    },
    # Evidence files past LAUNCH_EVIDENCE_RETENTION_DAYS are removed from storage: daily at 03:00.
    "evidence.purge_expired_files": {
        "task": "evidence.purge_expired_files",
        "schedule": crontab(hour=3, minute=0),
    },
}
# Days an uploaded evidence file is kept (0: for ever). Programmes usually keep evidence for
# the validity of the credential it supports plus a year.
LAUNCH_EVIDENCE_RETENTION_DAYS = int(env("EVIDENCE_RETENTION_DAYS", "1460") or "0")
# Attempts before an outbox item (email, push, issuance) is parked for staff to look at.
LAUNCH_OUTBOX_MAX_ATTEMPTS = 5
# With eager Celery (embedded profile), run long effects such as roster imports in a thread.
LAUNCH_OUTBOX_EAGER_THREADS = True
# Invitation links expire after this many days.
LAUNCH_INVITATION_MAX_AGE_DAYS = int(env("INVITATION_MAX_AGE_DAYS", "14") or "14")

# --- Accounts ---------------------------------------------------------------------------------
AUTH_USER_MODEL = "lms.User"
# Sign-in by email address (any user model); it also loads the LMS profile with the user.
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
# Failed logins before a cool-down, on every login form (the site's and the Wagtail admin's):
# LAUNCH_LOGIN_RATE_LIMIT per account from one client address (so no one can lock a person out
# of their right password from another address), and LAUNCH_LOGIN_RATE_LIMIT_PER_ADDRESS for
# all accounts together from one address (password spraying).
LAUNCH_LOGIN_RATE_LIMIT = int(env("LOGIN_RATE_LIMIT", "10") or "10")
LAUNCH_LOGIN_RATE_LIMIT_PER_ADDRESS = int(env("LOGIN_RATE_LIMIT_PER_ADDRESS", "50") or "50")
LAUNCH_LOGIN_RATE_WINDOW_SECONDS = 15 * 60
# Addresses or networks of the reverse proxies whose X-Forwarded-For is believed
# (comma-separated, e.g. "127.0.0.1" for nginx on the same machine). None by default: the
# client's address is then the connection's. See docs/deploy.md.
LAUNCH_TRUSTED_PROXIES = [p.strip() for p in env("TRUSTED_PROXIES").split(",") if p.strip()]

# --- Internationalisation ------------------------------------------------------------------
LANGUAGE_CODE = "en"
TIME_ZONE = env("TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT") or BASE_DIR / "var" / "media")
# Evidence files: private, outside MEDIA_ROOT, served only through evidence's authorising view.
LAUNCH_PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT") or BASE_DIR / "var" / "private")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Email ------------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "LAUNCH! <launch@localhost>")
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

# --- Security headers -------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Scripts only from this origin or with the per-response nonce: no 'unsafe-inline'.
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
# Wagtail's admin (programme staff only) runs its own inline scripts and previews pages in
# frames: it gets its own policy; the site's pages keep the strict one above.
SECURE_CSP_PATHS = {
    "/admin/": {
        **SECURE_CSP,
        "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
        "frame-src": [CSP.SELF, "https://www.youtube-nocookie.com", "https://player.vimeo.com"],
        "frame-ancestors": [CSP.SELF],
    },
}

# --- Wagtail ----------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "LAUNCH!"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Origins (scheme://host:port) whose pages may open the site's WebSockets, comma-separated.
# Empty: the origin of WAGTAILADMIN_BASE_URL, and ALLOWED_HOSTS with its scheme and port.
LAUNCH_ALLOWED_ORIGINS = [o.strip() for o in env("LAUNCH_ALLOWED_ORIGINS").split(",") if o.strip()]
# The admin's login form: the site's login throttle, and only people who may use the admin.
WAGTAILADMIN_USER_LOGIN_FORM = "lms.accounts.forms.AdminLoginForm"
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# No Gravatar avatars in the admin: staff emails stay here (and the admin's policy holds).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# The admin's dashboard would fetch releases.wagtail.org from the browser: the admin's policy
# allows no third-party connections, and operators learn of upgrades from their releases.
WAGTAIL_ENABLE_UPDATE_CHECK = False

# --- Logging ----------------------------------------------------------------------------------
# To standard output (journald under systemd), time stamps in UTC (config.logs) on every host.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {
            "()": "config.logs.UTCFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "django_tasks": {"level": "WARNING"},
    },
}
WAGTAIL_FRONTEND_LOGIN_URL = "accounts:login"

# Backups (lms/backup.py): private folders (0700/0600), the newest N kept, optionally encrypted
# with age to these public keys (comma-separated age1... recipients).
LAUNCH_BACKUP_DIR = Path(env("LAUNCH_BACKUP_DIR") or BASE_DIR / "var" / "backups")
LAUNCH_BACKUP_KEEP = int(env("LAUNCH_BACKUP_KEEP", "14"))
LAUNCH_BACKUP_AGE_RECIPIENTS = env("LAUNCH_BACKUP_AGE_RECIPIENTS")

# Development only: where the mailbox backend (config.settings.dev) keeps sent emails, and
# where the issuer key generated without LAUNCH_ISSUER_KEY lives (DEBUG: see evidence.keys).
LAUNCH_DEV_MAILBOX_DIR = BASE_DIR / "var" / "sent-mail"
LAUNCH_ISSUER_KEY_DEV_FILE = BASE_DIR / "var" / "dev-issuer-key.secret"

# Process heartbeats (lms/heartbeats.py): every web process, worker and beat refreshes its row
# this often (0: off). /healthz answers 503 when a kind named here has no live process.
LAUNCH_HEARTBEAT_SECONDS = float(env("LAUNCH_HEARTBEAT_SECONDS", "10"))
LAUNCH_HEALTHZ_REQUIRED_PROCESSES = [
    k.strip() for k in env("LAUNCH_HEALTHZ_REQUIRED_PROCESSES").split(",") if k.strip()
]
