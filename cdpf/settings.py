"""Settings for 残联通, read from environment variables (see .env.example)."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CDPF_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and not env_bool("CDPF_ALLOW_INSECURE_KEY", False):
        raise RuntimeError("SECRET_KEY must be set when DEBUG is off (see .env.example).")
    SECRET_KEY = "insecure-development-key-do-not-use-in-production-0123456789"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
# Addresses of our own reverse proxies: only their X-Forwarded-For is believed (audit IPs).
TRUSTED_PROXIES = set(env_list("TRUSTED_PROXIES", ""))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "import_export",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "cdpf",  # before django_tasks_db: its db_worker command (with a heartbeat) is the one run
    "django_tasks",
    "django_tasks_db",
    "duties",
    "certificates",
    "employment_quota",
    "levy_relief",
    "massage_licensing",
    "supervision",
    "tongban",
]

MIDDLEWARE = [
    "cdpf.observability.RequestLogMiddleware",  # request id and one JSON line per request
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "cdpf.security_middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cdpf.middleware.ChineseByDefaultMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cdpf.otp_middleware.OTPMiddleware",  # request.user.is_verified() (django-otp's)
    "cdpf.middleware.IdleTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "cdpf.one_session.OneSessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cdpf.middleware.AuditContextMiddleware",
    "cdpf.security_middleware.AuditRefusalsMiddleware",
    "cdpf.middleware.DefaultDenyMiddleware",
    "cdpf.second_factor.SecondFactorMiddleware",  # staff pages only; public views pass
    "cdpf.replica.ReplicaReadsMiddleware",
]

# Content-Security-Policy (django-csp, decision 0123): scripts and styles only from our own
# static files, never inline; Bootstrap's icons are data: images.
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

ROOT_URLCONF = "cdpf.urls"
WSGI_APPLICATION = "cdpf.wsgi.application"
AUTH_USER_MODEL = "cdpf.User"
AUTHENTICATION_BACKENDS = ["cdpf.auth.LockoutModelBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Two factors for every staff account (decision 0150): a TOTP app and recovery codes. On
# whenever DEBUG is off (a deploy check refuses a production start with it off); under DEBUG=1
# an account enrols when it chooses and then always passes the second factor.
OTP_REQUIRED = env_bool("OTP_REQUIRED", not DEBUG)
OTP_TOTP_ISSUER = "残联通"
# Code attempts are throttled by cdpf.signin with the password's policy parameters (per
# account and per address), not by django-otp's own per-device delays.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0

TEMPLATES = [
    {
        "NAME": "django",  # the alias Django gives its own backend
        "BACKEND": "cdpf.template_backend.DjangoTemplates",  # knows fast_i18n stands in for i18n
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cdpf.context_processors.navigation",
            ],
            # {% url %} and |date without their per-call cost (cdpf/templatetags/fast_builtins.py)
            "builtins": ["cdpf.templatetags.fast_builtins"],
            # {% load i18n %}: fixed phrases printed once per language (fast_i18n.py)
            "libraries": {"i18n": "cdpf.templatetags.fast_i18n"},
        },
    },
    {
        # The page frame and the busiest pages (decision 0300): templates/jinja2/*.jinja,
        # rendered through cdpf.jinja_pages.render (or {% jinja_frame %} from Django's pages).
        "NAME": "jinja2",
        "BACKEND": "cdpf.jinja.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "cdpf.jinja.environment",
            "context_processors": [
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cdpf.context_processors.navigation",
            ],
        },
    },
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'cdpf.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the worker and the web server use the file at the same time.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
# A persistent connection dropped by the server (restart, failover, idle timeout) is checked
# before each request reuses it, instead of answering one 500 per web worker.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A read replica (PostgreSQL streaming standby) for dashboards, reports and exports
# (cdpf.replica, docs/decisions/0082).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
# PostgreSQL through Django's backend whose health check looks at the socket instead of sending
# SELECT 1 before every request (cdpf/db/postgresql/base.py).
# The fixed reads of every request (cdpf.plain_reads: session, user, authenticator, exact
# lookups, the holder page) are bound by the server and prepared once a connection has run one
# DB_PREPARE_THRESHOLD times (decision 0290): planning was most of PostgreSQL's time per
# request (0.5-0.7 ms to plan a 0.05 ms lookup). The ORM's other queries are planned for their
# values each time. DB_PREPARED_STATEMENTS=0 turns it off, e.g. behind a pooler in
# transaction mode that cannot keep prepared statements (PgBouncer < 1.21).
_prepare = env_bool("DB_PREPARED_STATEMENTS", True)
for _database in DATABASES.values():
    if _database["ENGINE"] == "django.db.backends.postgresql":
        _database["ENGINE"] = "cdpf.db.postgresql"
        if _prepare:
            _database.setdefault("OPTIONS", {})["prepare_threshold"] = int(
                os.environ.get("DB_PREPARE_THRESHOLD", "5")
            )
DATABASE_ROUTERS = ["cdpf.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The certificate list's indexes carry the filters' columns on PostgreSQL (INCLUDE, decision
# 0310); SQLite builds the same indexes on their keys alone, which is all it needs.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "cdpf.auth.CharacterClassValidator"},
    {"NAME": "cdpf.passwords.CommonPasswordVariantValidator"},
    {"NAME": "cdpf.passwords.PasswordHistoryValidator"},
]
# 等保 2.0: failed sign-ins are throttled (cdpf.signin); 30-minute idle timeout.
SESSION_ENGINE = "cdpf.session_store"  # database sessions, read in one plain query (issue 16)
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_SECONDS", "1800"))
# Written again at most once a minute while in use (cdpf.middleware.IdleTimeoutMiddleware),
# not on every request: the idle timeout is 29–30 minutes and a page view costs no write.
SESSION_REFRESH_SECONDS = int(os.environ.get("SESSION_REFRESH_SECONDS", "60"))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]

# Inputs, selects and options rendered in Python, byte for byte as Django's templates would.
FORM_RENDERER = "cdpf.form_renderer.FastWidgetRenderer"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG and not env_bool("CDPF_TESTING", False)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Uploaded and generated files live outside static/media and are served only through views:
# the "private" storage, a local folder by default, S3-compatible object storage when
# PRIVATE_STORAGE_S3_BUCKET is set (docs/decisions/0082, docs/deploy-province.md).
PRIVATE_STORAGE_DIR = Path(os.environ.get("PRIVATE_STORAGE_DIR", VAR_DIR / "private"))
STORAGES["private"] = {"BACKEND": "cdpf.private_files.PrivateFileSystemStorage"}
if os.environ.get("PRIVATE_STORAGE_S3_BUCKET"):
    STORAGES["private"] = {
        "BACKEND": "cdpf.private_files.EncryptedS3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["PRIVATE_STORAGE_S3_BUCKET"],
            "endpoint_url": os.environ.get("PRIVATE_STORAGE_S3_ENDPOINT") or None,
            "region_name": os.environ.get("PRIVATE_STORAGE_S3_REGION") or None,
            "access_key": os.environ.get("PRIVATE_STORAGE_S3_ACCESS_KEY") or None,
            "secret_key": os.environ.get("PRIVATE_STORAGE_S3_SECRET_KEY") or None,
            "location": os.environ.get("PRIVATE_STORAGE_S3_PREFIX", "private"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

# Encryption at rest (docs/decisions/0160): ID numbers, phone numbers and private files are
# encrypted with keys from the environment, never from the database. CDPF_DATA_KEYS lists
# "<id>:<base64 32 bytes>" newest first (rotation: put the new key first, keep the old ones
# until `manage.py rotate_data_keys` has run); CDPF_BLIND_INDEX_KEY keys the HMAC lookup index.
# Without them under DEBUG=0 the deploy check cdpf.E160 refuses to start the server; DEBUG=1
# and the tests use fixed development keys.
_DEV_DATA_KEYS = "dev:Y2RwZi1kZXZlbG9wbWVudC1kYXRhLWtleS1vbmx5ISE="
_DEV_BLIND_INDEX_KEY = "Y2RwZi1kZXZlbG9wbWVudC1ibGluZC1pbmRleC1rZXk="
_dev_keys_allowed = DEBUG or env_bool("CDPF_TESTING", False)
from cdpf.crypto_keys import env_key, parse_blind_index_key, parse_key_ring  # noqa: E402

CDPF_DATA_KEYS = parse_key_ring(
    env_key("CDPF_DATA_KEYS") or (_DEV_DATA_KEYS if _dev_keys_allowed else "")
)
CDPF_BLIND_INDEX_KEY = parse_blind_index_key(
    env_key("CDPF_BLIND_INDEX_KEY") or (_DEV_BLIND_INDEX_KEY if _dev_keys_allowed else "")
)

IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(5 * 1024 * 1024)))
ATTACHMENT_MAX_BYTES = int(os.environ.get("ATTACHMENT_MAX_BYTES", str(5 * 1024 * 1024)))
# Resource limits (cdpf.upload_limits): a scan or photo of at most 25 million pixels; a workbook
# that unpacks to at most 50 MB and holds at most 20,000 rows per sheet.
ATTACHMENT_MAX_PIXELS = int(os.environ.get("ATTACHMENT_MAX_PIXELS", str(25_000_000)))
SPREADSHEET_MAX_UNCOMPRESSED = int(os.environ.get("SPREADSHEET_MAX_UNCOMPRESSED", str(50 << 20)))
SPREADSHEET_MAX_ROWS = int(os.environ.get("SPREADSHEET_MAX_ROWS", "20000"))

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Background worker fault tolerance (docs/decisions/0080): a running job's heartbeat every
# JOB_HEARTBEAT_SECONDS; a job silent for JOB_STALE_SECONDS is failed (its worker is gone).
# The worker retries database errors with backoff up to WORKER_DB_RETRY_SECONDS, then exits
# (status 1) so that its supervisor (compose `restart:`) starts a fresh one.
JOB_HEARTBEAT_SECONDS = float(os.environ.get("JOB_HEARTBEAT_SECONDS", "5"))
JOB_STALE_SECONDS = float(os.environ.get("JOB_STALE_SECONDS", "60"))
WORKER_DB_RETRY_SECONDS = float(os.environ.get("WORKER_DB_RETRY_SECONDS", "300"))
WORKER_BACKOFF_MAX_SECONDS = float(os.environ.get("WORKER_BACKOFF_MAX_SECONDS", "30"))
# How often the worker asks whether today's retention run is done (cdpf.retention; it runs
# once a day whichever worker asks first).
RETENTION_CHECK_SECONDS = float(os.environ.get("RETENTION_CHECK_SECONDS", "3600"))
# An import job keeps at most this many per-row errors in the database and on its page; the
# full list is a downloadable workbook (cdpf.job_errors, decision 0152).
JOB_STORED_ERRORS = int(os.environ.get("JOB_STORED_ERRORS", "200"))

# PDF: the fonts every document is rendered with, in order; glyphs are checked against them.
PDF_FONT_FILES = env_list(
    "PDF_FONT_FILES",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc,"
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
)

# Printed documents (decisions 0130–0134): where the QR code points, who may ask /verify/,
# and the federation's signing key (PEM files; a self-signed demo pair is generated when
# DOCUMENT_SIGNING_AUTOGENERATE is on and the files are missing, never in production).
CDPF_PUBLIC_URL = os.environ.get("CDPF_PUBLIC_URL", "http://127.0.0.1:8000")
DOCUMENT_VERIFY_PUBLIC = env_bool("DOCUMENT_VERIFY_PUBLIC", False)
DOCUMENT_VERIFY_RATE = int(os.environ.get("DOCUMENT_VERIFY_RATE", "20"))  # per client per minute
DOCUMENT_SIGNER_NAME = os.environ.get("DOCUMENT_SIGNER_NAME", "邯郸市永年区残疾人联合会")
DOCUMENT_SIGNING_KEY_FILE = Path(
    os.environ.get("DOCUMENT_SIGNING_KEY_FILE", VAR_DIR / "signing" / "federation-key.pem")
)
DOCUMENT_SIGNING_CERT_FILE = Path(
    os.environ.get("DOCUMENT_SIGNING_CERT_FILE", VAR_DIR / "signing" / "federation-cert.pem")
)
DOCUMENT_SIGNING_KEY_PASSPHRASE = os.environ.get("DOCUMENT_SIGNING_KEY_PASSPHRASE", "")
DOCUMENT_SIGNING_AUTOGENERATE = env_bool("DOCUMENT_SIGNING_AUTOGENERATE", DEBUG)

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG and env_bool("CDPF_HTTPS", True):
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    if TRUSTED_PROXIES:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # Monitoring and compose's healthcheck ask over plain http inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz(/web)?$"]
# /healthz fails its disk check below this much free space where private files are kept.
HEALTH_MIN_FREE_MB = int(os.environ.get("HEALTH_MIN_FREE_MB", "1024"))

# One JSON line per record (cdpf.observability, decision 61); LOG_FORMAT=text for a terminal.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "cdpf.observability.ContextFilter"}},
    "formatters": {
        "json": {"()": "cdpf.observability.JsonLineFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["context"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"weasyprint": {"level": "ERROR"}, "fontTools": {"level": "ERROR"}},
}

# Error reports to a Sentry-compatible server: only when SENTRY_DSN is set; personal data is
# scrubbed (cdpf.observability.scrub_event).
SENTRY_DSN = os.environ.get("SENTRY_DSN", "").strip()
if SENTRY_DSN:
    from cdpf.observability import init_sentry
    from cdpf.version import app_version

    init_sentry(SENTRY_DSN, os.environ.get("SENTRY_ENVIRONMENT", "production"), app_version())

# The public progress site (cdpf.settings_public, docs/decisions/0180): questions per client
# address and per application number in each window of PROGRESS_RATE_WINDOW seconds; the
# address printed on the intake receipt.
PROGRESS_RATE_PER_ADDRESS = int(os.environ.get("PROGRESS_RATE_PER_ADDRESS", "20"))
PROGRESS_RATE_PER_NUMBER = int(os.environ.get("PROGRESS_RATE_PER_NUMBER", "5"))
PROGRESS_RATE_WINDOW = int(os.environ.get("PROGRESS_RATE_WINDOW", "600"))
CDPF_PROGRESS_URL = os.environ.get("CDPF_PROGRESS_URL", "")
