"""Settings of Warta, read from the environment (see README, "Running in production")."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from warta.core.env import (
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_rate,
    env_secret,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("WARTA_VAR_DIR", str(BASE_DIR / "var")))

PRODUCTION = env_str("WARTA_ENV", "development") == "production"
DEBUG = env_bool("WARTA_DEBUG", not PRODUCTION)

SECRET_KEY = env_secret("WARTA_SECRET_KEY") or ""
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("WARTA_SECRET_KEY (or WARTA_SECRET_KEY_FILE) is required in production")
    SECRET_KEY = "dev-only-insecure-key-change-me-" + "x" * 32

ALLOWED_HOSTS = env_list("WARTA_ALLOWED_HOSTS", [] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("WARTA_CSRF_TRUSTED_ORIGINS")
# The public address of the site, used in e-mails and tracking links sent outside a web request.
SITE_URL = env_str("WARTA_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Tokens at rest (warta/core/crypto.py): comma-separated Fernet keys, the first encrypts.
WARTA_FIELD_KEYS = [k.strip() for k in (env_secret("WARTA_FIELD_KEYS") or "").split(",") if k.strip()]
if PRODUCTION and not WARTA_FIELD_KEYS:
    raise ImproperlyConfigured("WARTA_FIELD_KEYS (or WARTA_FIELD_KEYS_FILE) is required in production")

# The platforms' APIs (warta/social): base URLs from here, so that tests point them at a local fake.
WARTA_META_GRAPH_URL = env_str("WARTA_META_GRAPH_URL", "https://graph.facebook.com").rstrip("/")
WARTA_META_GRAPH_VERSION = env_str("WARTA_META_GRAPH_VERSION", "v25.0")
WARTA_META_APP_ID = env_str("WARTA_META_APP_ID")
WARTA_META_APP_SECRET = env_secret("WARTA_META_APP_SECRET") or ""
# The webhooks (warta/channels): the token Meta's subscription handshake must present.
WARTA_META_VERIFY_TOKEN = env_secret("WARTA_META_VERIFY_TOKEN") or ""
WARTA_X_API_URL = env_str("WARTA_X_API_URL", "https://api.x.com").rstrip("/")
WARTA_X_CLIENT_ID = env_str("WARTA_X_CLIENT_ID")
WARTA_X_CLIENT_SECRET = env_secret("WARTA_X_CLIENT_SECRET") or ""
# The "Hubungkan" flows (warta/social/connect.py): where the admin's browser is sent to consent.
# Facebook Login for Business: with a configuration id the dialog asks what the configuration names;
# without one it asks for the scopes Warta needs (Page posts and Instagram content publishing).
WARTA_META_DIALOG_URL = env_str("WARTA_META_DIALOG_URL", "https://www.facebook.com").rstrip("/")
WARTA_META_LOGIN_CONFIG_ID = env_str("WARTA_META_LOGIN_CONFIG_ID")
WARTA_X_AUTHORIZE_URL = env_str("WARTA_X_AUTHORIZE_URL", "https://x.com/i/oauth2/authorize")
WARTA_SOCIAL_TIMEOUT_S = env_int("WARTA_SOCIAL_TIMEOUT_S", 30)
# Instagram containers: polled every WARTA_SOCIAL_POLL_S at first (backing off to 30 s) for at most 5 minutes.
WARTA_SOCIAL_POLL_S = float(env_int("WARTA_SOCIAL_POLL_S", 2))
WARTA_SOCIAL_POLL_MAX_S = env_int("WARTA_SOCIAL_POLL_MAX_S", 300)
# WhatsApp Cloud API (warta/notify/whatsapp.py), on the Graph base URL and version above: on when
# both the sending number's id and its token are set; otherwise notices go by e-mail and wa.me links.
WARTA_WHATSAPP_PHONE_NUMBER_ID = env_str("WARTA_WHATSAPP_PHONE_NUMBER_ID")
WARTA_WHATSAPP_TOKEN = env_secret("WARTA_WHATSAPP_TOKEN") or ""
WARTA_WHATSAPP_TIMEOUT_S = env_int("WARTA_WHATSAPP_TIMEOUT_S", 20)

INSTALLED_APPS = [
    "warta.core",
    "warta.todos",
    "warta.accounts",
    "warta.notify",
    "warta.standards",
    "warta.clock",
    "warta.social",
    "warta.channels",
    "warta.desk",
    "warta.complaints",
    "warta.survey",
    "warta.evaluation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_static",
    "django_otp.plugins.otp_totp",
    "two_factor",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # /healthz answers here, before anything that reads the database (warta.core.health).
    "warta.core.health.HealthCheckMiddleware",
    # The platforms' webhooks answer here, before the session and the rest (warta.channels.webhooks).
    "warta.channels.webhooks.WebhookMiddleware",
    "csp.middleware.CSPMiddleware",
    "warta.core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A cached public page for a reader without a session answers here (warta.core.pagecache).
    "warta.core.middleware.PublicPageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "warta.core.middleware.IdleSessionMiddleware",
    "warta.core.middleware.OfficeLocaleMiddleware",
    "warta.core.uploads.UploadMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "warta.core.middleware.TwoFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "warta.core.middleware.OfficeTimezoneMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "warta.urls"
WSGI_APPLICATION = "warta.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "warta.core.context_processors.office",
                "warta.core.pagecache.csrf_placeholder",
            ],
            "builtins": ["warta.core.templatetags.warta"],
        },
    }
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
(VAR_DIR / "static").mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{VAR_DIR / 'warta.sqlite3'}",
        conn_max_age=env_int("WARTA_DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and IMMEDIATE transactions let the web process and the worker share the file safely. The
    # connection is kept (WARTA_DB_CONN_MAX_AGE) as on PostgreSQL: opening a WAL database and closing
    # its last connection (which checkpoints the log and removes it) cost more than a cached page.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "warta.accounts.signin.LockoutBackend",  # first: django-axes refuses a locked-out username/address pair
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "public-home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3  # invitations and resets: three days

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "warta" / "locale"]
USE_I18N = True
USE_TZ = True
# The default zone; the office profile's zone is activated per request and used by the clock.
TIME_ZONE = env_str("WARTA_TIME_ZONE", "Asia/Jakarta")

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("WARTA_MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Uploaded files: under MEDIA_ROOT, random names, no URL (served by access-checked views only).
    "private": {"BACKEND": "warta.core.uploads.PrivateStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Uploads: checked by content against one registry of types (warta.core.uploads), stopped while the
# body streams in once a file passes WARTA_MAX_UPLOAD_MB, stored under random names with no URL.
WARTA_MAX_UPLOAD_MB = env_int("WARTA_MAX_UPLOAD_MB", 50)
FILE_UPLOAD_HANDLERS = [
    "warta.core.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "warta.core.uploads.TrackedTemporaryFileUploadHandler",
]
# The form fields besides the files (the files are limited above); the forms send at most 4 files.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 10
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640

# Privacy (UU 27/2022): contact data of requests closed longer ago is anonymised (anonymise_contacts).
WARTA_RETENTION_MONTHS = env_int("WARTA_RETENTION_MONTHS", 24)
if WARTA_RETENTION_MONTHS < 1:
    raise ImproperlyConfigured(f"WARTA_RETENTION_MONTHS must be at least 1, got {WARTA_RETENTION_MONTHS}")

# Background work: Django's Tasks API. "db" (default, no services), "rq" (Redis, several worker
# machines) or "immediate" (runs in-process; tests).
TASKS_BACKEND = env_choice("WARTA_TASKS_BACKEND", ("db", "rq", "immediate"), "db")
# A task RUNNING longer than this is taken for abandoned (its worker died) and put back in the queue;
# on RQ it is also each job's timeout (RQ's own default, 180 s, would stop a long report).
WARTA_TASK_LEASE_S = env_int("WARTA_TASK_LEASE_S", 600)
if WARTA_TASK_LEASE_S < 1:
    raise ImproperlyConfigured(f"WARTA_TASK_LEASE_S must be at least 1 second, got {WARTA_TASK_LEASE_S}")
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
if TASKS_BACKEND == "db":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
elif TASKS_BACKEND == "rq":
    INSTALLED_APPS += ["django_rq"]
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": WARTA_TASK_LEASE_S}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}

# The rate limits (warta.core.ratelimit) have their own cache, shared by every process: Redis at
# WARTA_CACHE_URL, else a table in the database (made by a migration of warta.core).
CACHE_URL = env_str("WARTA_CACHE_URL")
RATELIMIT_CACHE_TABLE = "warta_ratelimit_cache"
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "ratelimit": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": RATELIMIT_CACHE_TABLE,
        "OPTIONS": {"MAX_ENTRIES": 100_000, "CULL_FREQUENCY": 10},
    },
}
if CACHE_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL},
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "ratelimit",
        },
    }

# E-mail: SMTP in production; the console or a folder (var/mail) in development.
EMAIL_MODE = env_choice("WARTA_EMAIL", ("smtp", "console", "file"), "smtp" if PRODUCTION else "file")
EMAIL_BACKEND = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
}[EMAIL_MODE]
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", EMAIL_PORT == 587)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", EMAIL_PORT == 465)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Warta <warta@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security: strict by default in production (manage.py check --deploy is clean).
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
X_FRAME_OPTIONS = "DENY"
# The health check answers a monitor on the machine over plain HTTP (deploy/README).
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Idle sessions end: the session lives WARTA_SESSION_IDLE_HOURS from its last use
# (warta.core.middleware.IdleSessionMiddleware renews it, at most every five minutes).
WARTA_SESSION_IDLE_HOURS = env_int("WARTA_SESSION_IDLE_HOURS", 9)
if WARTA_SESSION_IDLE_HOURS < 1:
    raise ImproperlyConfigured("WARTA_SESSION_IDLE_HOURS must be at least 1")
SESSION_COOKIE_AGE = WARTA_SESSION_IDLE_HOURS * 60 * 60

# The client's address: X-Forwarded-For is read through this many trusted proxies (0: ignored).
WARTA_TRUSTED_PROXY_COUNT = env_int("WARTA_TRUSTED_PROXY_COUNT", 0)
if WARTA_TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("WARTA_TRUSTED_PROXY_COUNT must be 0 or more")

# Flood protection of the public forms, per client address: (answers, seconds). Generous, since a
# service desk may share one address. WARTA_SKM_RATE_LIMIT: the SKM form; WARTA_COMPLAINT_RATE_LIMIT:
# the complaint form and its tracking page (/pengaduan/, /pengaduan/lacak/). Written COUNT/SECONDS.
SKM_RATE_LIMIT = env_rate("WARTA_SKM_RATE_LIMIT", (20, 600))
COMPLAINT_RATE_LIMIT = env_rate("WARTA_COMPLAINT_RATE_LIMIT", (10, 600))

# Signed tracking links (/lacak/t/…) stop working after this many days.
WARTA_TRACKING_LINK_DAYS = env_int("WARTA_TRACKING_LINK_DAYS", 90)
if WARTA_TRACKING_LINK_DAYS < 1:
    raise ImproperlyConfigured("WARTA_TRACKING_LINK_DAYS must be at least 1")

# Content-Security-Policy (django-csp): every script and style comes from our own static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Permissions-Policy (warta.core.middleware): the pages use none of these browser features.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=(), fullscreen=(self)"
)

# Login throttling (django-axes): 5 failures for a username from one address lock that pair out
# for 15 minutes; admins see and lift lockouts in /admin/axes/.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "warta.core.ratelimit.address_or_none"
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_USERNAME_CALLABLE = "warta.accounts.signin.attempted_username"
AXES_VERBOSE = False

# Two-step sign-in (django-two-factor-auth, TOTP): required of office staff and admins in
# production, offered to everyone in development and the demo.
TWO_FACTOR_REQUIRED = PRODUCTION or env_bool("WARTA_TWO_FACTOR_REQUIRED", False)
OTP_TOTP_ISSUER = env_str("WARTA_OTP_ISSUER", "Warta")
TWO_FACTOR_REMEMBER_COOKIE_AGE = None
TWO_FACTOR_LOGIN_TIMEOUT = 600

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("WARTA_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("WARTA_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("WARTA_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("WARTA_HSTS_PRELOAD", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "forbidden_one_line": {"()": "warta.core.logs.ForbiddenOneLine"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "mail_admins": {
            "level": "ERROR",
            "filters": ["require_debug_false"],
            "class": "django.utils.log.AdminEmailHandler",
        },
    },
    "root": {"handlers": ["console"], "level": env_str("WARTA_LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own console handler on "django" printed every record a second time (the root
        # prints it already); keep only the mail to ADMINS there.
        "django": {"handlers": ["mail_admins"], "level": "INFO"},
        # A 403 logs one line (the path), without the PermissionDenied traceback.
        "django.request": {"filters": ["forbidden_one_line"]},
        "django.db.backends": {"level": "INFO"},
        "axes": {"level": "WARNING"},
        # httpx logs every request's URL at INFO; Meta's OAuth calls carry the app secret and tokens
        # in the query string (as documented), so those lines never reach the log.
        "httpx": {"level": "WARNING"},
        "httpcore": {"level": "WARNING"},
    },
}

NINJA_PAGINATION_PER_PAGE = 50
