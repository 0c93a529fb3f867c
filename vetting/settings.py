"""Settings, read from the environment with safe defaults.

VETTING_DATABASE_URL   database (default: SQLite file under var/)
VETTING_SECRET_KEY     secret key (default: generated once into var/secret_key, never committed)
VETTING_DEBUG          "1" turns debug on; off by default
VETTING_ALLOWED_HOSTS  comma-separated host names
VETTING_VAR_DIR        where the embedded database, secrets and uploaded scans live
VETTING_HTTPS          "1" behind HTTPS: secure cookies, HSTS, the HTTPS redirect
VETTING_TRUSTED_PROXIES  comma-separated proxy addresses or networks whose X-Forwarded-For is
                       believed (default: none, so REMOTE_ADDR is the client)
VETTING_MASTER_KEY_FILE  master key ring that wraps the data keys (default var/keys/master.keys;
                       in production keep it off the database's disk and out of its backups)
VETTING_MASTER_KEY     the key ring itself, instead of a file (read-only for `vetting keys`)
VETTING_BACKUP_RECIPIENT  the age public key backups are written to (a file, or the key itself)
VETTING_BACKUP_IDENTITY   the age identity file that opens backups (needed only to restore)
VETTING_AUDIT_CHECKPOINT_DIR  signed audit checkpoints (default: var/audit-checkpoints)
VETTING_AUDIT_SIGNING_KEY     their private signing key (default: var/keys/audit-signing.key)
VETTING_AUDIT_CHECKPOINT_COPY_DIR  a second folder (another mount) every checkpoint is copied to
VETTING_AUDIT_CHECKPOINT_INTERVAL  seconds between checkpoints (default 300)
VETTING_AUDIT_PUBLIC_KEY      a public key file to verify them with (default: derived from the
                              signing key)
"""

import ipaddress
import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("VETTING_VAR_DIR", BASE_DIR.parent / "var")).resolve()
# What the process writes (the embedded database, its journal, scans, keys, checkpoints) is for
# the service account alone: files 0600, folders 0700, and var/ itself closed to other users.
os.umask(0o077)
VAR_DIR.mkdir(parents=True, exist_ok=True, mode=0o700)
if VAR_DIR.stat().st_uid == os.geteuid():
    VAR_DIR.chmod(0o700)


def _env_flag(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").strip().lower() in {
        "1",
        "true",
        "yes",
        "on",
    }


def _secret_key() -> str:
    """The key from the environment, else one generated once into var/ (mode 0600)."""
    if key := os.environ.get("VETTING_SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
VETTING_MASTER_KEY_FILE = Path(
    os.environ.get("VETTING_MASTER_KEY_FILE", VAR_DIR / "keys" / "master.keys")
).resolve()
DEBUG = _env_flag("VETTING_DEBUG")
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("VETTING_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
]
if h := os.environ.get("VETTING_TEST_HOSTS"):
    ALLOWED_HOSTS += h.split(",")

INSTALLED_APPS = [
    # Before django.contrib.auth, so its `createsuperuser` (audited) is the one that runs.
    "vetting.accounts",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_htmx",
    "django_tasks_db",
    "vetting.keys",
    "django_ratelimit",
    "vetting.guard",
    "vetting.policy",
    "vetting.audit",
    "vetting.auditor",
    "vetting.intake",
    "vetting.places",
    "vetting.screening",
    "vetting.cases",
    "vetting.units",
    "vetting.training",
    "vetting.selection",
    "vetting.capacity",
    "vetting.papers",
    "vetting.backups",
    "vetting.api",
    "vetting.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "vetting.guard.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After the static files: no page, download or error of the application is cached.
    "vetting.guard.middleware.NoStore",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Reads the form before CSRF does: 413 for a body over the limit, 400 for a NUL character.
    "vetting.guard.middleware.RequestShape",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Every refusal of a staff page (403, or the 404 of a hidden object) is audited.
    "vetting.policy.access.AuditRefusals",
    # Last, so it is the first to see a refused request: answers 429 instead of 403.
    "django_ratelimit.middleware.RatelimitMiddleware",
]

ROOT_URLCONF = "vetting.urls"
WSGI_APPLICATION = "vetting.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("VETTING_DATABASE_URL", f"sqlite:///{VAR_DIR / 'vetting.sqlite3'}"),
        conn_max_age=int(os.environ.get("VETTING_DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    for _file in Path(str(DATABASES["default"]["NAME"])).parent.glob(
        Path(str(DATABASES["default"]["NAME"])).name + "*"
    ):  # a database made by an older version, with its journal files
        if _file.stat().st_uid == os.geteuid():
            _file.chmod(0o600)
    # IMMEDIATE transactions take the write lock up front, so two writers queue instead of
    # one failing half way; WAL lets readers go on while a write is in progress.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DATABASES["default"]["TEST"] = {"NAME": os.environ.get("VETTING_TEST_DATABASE_NAME") or None}

# Background work (screening). The database backend needs `vetting db_worker` processes, or
# VETTING_INPROCESS_WORKER=1 for a worker thread inside the web process (the demo).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("VETTING_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
INPROCESS_WORKER = _env_flag("VETTING_INPROCESS_WORKER")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Passwords as Django checks them; permissions only from the roles a user holds by a grant.
AUTHENTICATION_BACKENDS = ["vetting.accounts.backends.RoleBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
OTP_TOTP_ISSUER = "Vetting"
# No lock on the authenticator after failed codes: a guesser who has the password could lock
# the owner out with it. Guessing is bounded by vetting.guard.limits instead, which never
# counts the owner's own browser.
OTP_TOTP_THROTTLE_FACTOR = 0

LANGUAGE_CODE = "uk"
LANGUAGES = [("uk", _("Ukrainian")), ("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Kyiv"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Scans of written applications have no URL at all: only a staff view streams them.
    # Attachments are sealed on disk like personal data in the database.
    "scans": {
        "BACKEND": "vetting.keys.storage.SealedFileSystemStorage",
        "OPTIONS": {"location": str(VAR_DIR / "scans"), "base_url": None},
    },
    "evidence": {
        "BACKEND": "vetting.keys.storage.SealedFileSystemStorage",
        "OPTIONS": {"location": str(VAR_DIR / "evidence"), "base_url": None},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Backups: the server needs only the public recipient; the identity belongs with the people who
# may restore. With neither variable set (the demo), a pair is generated under var/keys/.
BACKUP_RECIPIENT = os.environ.get(
    "VETTING_BACKUP_RECIPIENT", str(VAR_DIR / "keys" / "backup-recipient.txt")
)
BACKUP_IDENTITY = os.environ.get(
    "VETTING_BACKUP_IDENTITY", str(VAR_DIR / "keys" / "backup-identity.txt")
)
BACKUP_KEYS_ON_FIRST_USE = not (
    os.environ.get("VETTING_BACKUP_RECIPIENT") or os.environ.get("VETTING_BACKUP_IDENTITY")
)
BACKUP_DIR = VAR_DIR / "backups"
# The file storages a backup carries, copied byte for byte as stored.
BACKUP_STORAGES = ("scans", "evidence")

WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"

# A written statement is at most STATEMENT_MAX_CHARS; a request body well above that is refused
# before it reaches a form.
STATEMENT_MAX_CHARS = 20_000
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
SCAN_MAX_BYTES = 20 * 1024 * 1024
# A list of applications or a watchlist file (VETTING_IMPORT_MAX_MB, default 50 MB).
IMPORT_MAX_BYTES = int(float(os.environ.get("VETTING_IMPORT_MAX_MB", "50")) * 1024 * 1024)

# DATA_UPLOAD_MAX_MEMORY_SIZE above bounds every form body; a form has at most a few dozen fields.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200
DATA_UPLOAD_MAX_NUMBER_FILES = 5

# Sessions are rows found by a keyed hash of the cookie's key: a copied table replays nothing.
SESSION_ENGINE = "vetting.accounts.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Scripts and styles come from our own static files only: no inline script, style or handler.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Features no page uses are switched off for the page and anything it could embed.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)
if _env_flag("VETTING_HTTPS"):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# The audit chain's signed checkpoints live outside the database, so that someone who can rewrite
# the database (and recompute every hash) still cannot make `vetting audit verify` pass. The
# signing key is generated on first use (mode 0600); an auditor may verify with the public key
# alone.
AUDIT_CHECKPOINT_DIR = Path(
    os.environ.get("VETTING_AUDIT_CHECKPOINT_DIR", VAR_DIR / "audit-checkpoints")
).resolve()
AUDIT_SIGNING_KEY = Path(
    os.environ.get("VETTING_AUDIT_SIGNING_KEY", VAR_DIR / "keys" / "audit-signing.key")
).resolve()
_public_key = os.environ.get("VETTING_AUDIT_PUBLIC_KEY")
AUDIT_PUBLIC_KEY = Path(_public_key).resolve() if _public_key else None
# A second folder every checkpoint is copied to, on a mount the web host cannot rewrite (another
# machine's share, an append-only bucket mounted read-write for the checkpoint timer alone);
# `vetting audit verify` reads both.
_copy_dir = os.environ.get("VETTING_AUDIT_CHECKPOINT_COPY_DIR")
AUDIT_CHECKPOINT_COPY_DIR = Path(_copy_dir).resolve() if _copy_dir else None
# How often checkpoints are taken; each records it, and verify warns when the newest is older.
AUDIT_CHECKPOINT_INTERVAL = float(os.environ.get("VETTING_AUDIT_CHECKPOINT_INTERVAL", "300"))


def _trusted_proxies() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    networks = []
    for item in os.environ.get("VETTING_TRUSTED_PROXIES", "").split(","):
        if item := item.strip():
            try:
                networks.append(ipaddress.ip_network(item, strict=False))
            except ValueError:
                raise ImproperlyConfigured(
                    f"VETTING_TRUSTED_PROXIES: {item!r} is not an address or network"
                ) from None
    return networks


# Only a request arriving from one of these may name its client in X-Forwarded-For.
TRUSTED_PROXIES = _trusted_proxies()

# Rate limits, counted by django-ratelimit in a cache every server process shares: a table in
# the database (created by the guard app's migration). Rates are "count/period" (s, m, h, d).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "guard": {
        "BACKEND": "vetting.guard.cache.DatabaseCounterCache",
        "LOCATION": "guard_counter",  # the table the guard app's migration creates
        "TIMEOUT": 24 * 3600,
        # Culling would forget live counters; expired ones are deleted past this many rows.
        "OPTIONS": {"MAX_ENTRIES": 200_000, "CULL_FREQUENCY": 4},
    },
}
RATELIMIT_USE_CACHE = "guard"
RATELIMIT_VIEW = "vetting.guard.views.too_many_requests"
GUARD_RATES = {
    # Receipt-code look-ups (status and withdrawal): per client, per code, and failed look-ups
    # of all clients together, which is what stops guessing spread over many addresses.
    "portal.lookup.client": "10/10m",
    "portal.lookup.code": "10/h",
    "portal.lookup.failed": "200/h",
    "portal.submit.client": "20/h",
    "staff.login.client": "20/10m",
    "staff.login.account": "10/10m",
    # The screening API: calls per token (each up to 100 queries), and calls without a valid
    # token per client. VETTING_API_RATE sets the first (e.g. "600/m" for a bulk re-check).
    "api.calls.token": os.environ.get("VETTING_API_RATE", "120/m"),
    "api.auth.client": "20/10m",
}
SILENCED_SYSTEM_CHECKS = [
    # django-ratelimit vouches only for memcached and Redis; the database cache here has a
    # locked increment (vetting.guard.cache), which is what its warning is about.
    "django_ratelimit.W001",
    # Covering indexes (INCLUDE) are PostgreSQL's; on SQLite the plain index is enough.
    "models.W040",
]

# Logs never carry personal data: requests are logged by path only, and paths carry no PII.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("VETTING_LOG_LEVEL", "INFO")},
    # The PDF renderer narrates every step of every paper at INFO.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
