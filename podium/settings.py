"""Podium's one settings file: every value comes from the environment with a safe local default.

`PODIUM_ENV=production` turns on the production checks: secrets must be given, cookies are
secure, HTTPS is enforced. Anything missing or malformed stops start-up with one clear line
(`Podium cannot start: ...`). Every secret can also be read from a file: set NAME_FILE instead
of NAME (Docker and systemd secrets).

| Variable | Default | Meaning |
|---|---|---|
| `PODIUM_ENV` | `development` | `development`, `production` or `test`. Production requires the secrets below, secure cookies, HTTPS redirect and HSTS. |
| `DATABASE_URL` | SQLite at `$PODIUM_VAR_DIR/podium.sqlite3` | `postgres://USER:PASSWORD@HOST:5432/NAME` or `sqlite:///ABSOLUTE/PATH` (SQLite runs in WAL mode). |
| `REDIS_URL` | (none) | `redis://HOST:6379/0`. When set, the task queue and the cache (sign-in rate limits) live in Redis, as every machine of a multi-machine install needs; otherwise Huey uses SQLite under `PODIUM_VAR_DIR` and the cache is a database table. |
| `PODIUM_SECRET_KEY` (`_FILE`) | random, kept in `var/secret_key` | Django's signing key, 50+ characters. **Required in production.** |
| `PODIUM_FERNET_KEYS` (`_FILE`) | random seed kept in `var/fernet_key_seed` | Comma-separated keys encrypting channel tokens at rest: the first encrypts, all decrypt. Rotate by prepending a new key. `podium generate_fernet_key` prints one. **Required in production** (real Fernet keys). |
| `PODIUM_ALLOWED_HOSTS` | `127.0.0.1,localhost,[::1]` | Comma-separated host names Podium answers to. **Required in production.** |
| `PODIUM_CSRF_TRUSTED_ORIGINS` | the origin of `PODIUM_BASE_URL` | Comma-separated extra origins (`https://podium.example.com`) allowed to post forms. |
| `PODIUM_BASE_URL` | `http://127.0.0.1:8000` (production: `https://` + first allowed host) | The public address, used in links in emails, feeds and short links. |
| `PODIUM_LINK_BASE_URL` | `PODIUM_BASE_URL` + `/l/` | Where short links answer: each link in a post that goes out becomes `<this><code>` (a link domain of its own, such as `https://go.example.com`, is served by the same redirect path). |
| `PODIUM_VAR_DIR` | `./var` | Where local data lives: SQLite files, development secrets, static and media files. |
| `PODIUM_STATIC_ROOT` | `$PODIUM_VAR_DIR/static` | Where `podium collectstatic` puts CSS/JS (served by Podium itself through WhiteNoise). |
| `PODIUM_MEDIA_ROOT` | `$PODIUM_VAR_DIR/media` | Uploaded images, logos and photos (checked pictures under random names). Share it between web machines (NFS) or put a volume behind it; Podium serves it with permission checks, so the proxy must not. |
| `PODIUM_LOG_LEVEL` | `INFO` | `DEBUG`, `INFO`, `WARNING`, `ERROR`. Logs go to standard output/error. |
| `PODIUM_DEBUG` | `false` | Django's debug pages. Never in production. |
| `PODIUM_EMAIL_HOST` | (none: emails are printed on the console) | SMTP server; setting it switches to SMTP. |
| `PODIUM_EMAIL_PORT` | `587` | SMTP port. |
| `PODIUM_EMAIL_USER` | (empty) | SMTP user name. |
| `PODIUM_EMAIL_PASSWORD` (`_FILE`) | (empty) | SMTP password. |
| `PODIUM_EMAIL_USE_TLS` | `true` | STARTTLS on the SMTP connection. |
| `PODIUM_EMAIL_FROM` | `Podium <podium@localhost>` | Sender of Podium's emails (password reset, notifications). |
| `PODIUM_EMAIL_BACKEND` | SMTP or console, as above | A Django email backend path, to override the choice. |
| `PODIUM_OIDC_SERVER_URL` | (none: single sign-on off) | The OpenID Connect issuer (`https://login.example.com/realms/acme`). |
| `PODIUM_OIDC_CLIENT_ID` (`_FILE`) | | Client id registered at the issuer; required when the server URL is set. |
| `PODIUM_OIDC_CLIENT_SECRET` (`_FILE`) | | Client secret; required when the server URL is set. |
| `PODIUM_OIDC_NAME` | `Company single sign-on` | The label of the sign-in button. |
| `PODIUM_OIDC_AUTO_CREATE_USERS` | `false` | Create a Podium user on first single sign-on (otherwise an administrator invites users first). |
| `PODIUM_MFA_ISSUER` | `Podium` | The name authenticator apps show for TOTP codes. |
| `PODIUM_DJANGO_ADMIN` | `true`, `false` in production | Django's own admin at `/django-admin/`, read-only (every change goes through Podium's pages and the audit log) and without secrets. |
| `PODIUM_TRUSTED_PROXIES` | (none) | Comma-separated addresses or networks (`10.0.0.5,10.1.0.0/16`) of the reverse proxies in front of Podium. Only requests from them have their `X-Forwarded-For` believed, for the visitor's address in sign-in and comment limits and the audit log. |
| `PODIUM_SSL_REDIRECT` | `true` in production | Redirect http to https (turn off only if the proxy already does). |
| `PODIUM_HSTS_SECONDS` | `31536000` in production | Strict-Transport-Security max-age. |
| `PODIUM_HUEY_NAME` | `podium` | The queue's name: installations sharing one Redis need different names. |
| `PODIUM_HUEY_WORKERS` | `2` | Threads per background worker process (`podium run_huey`). |
| `PODIUM_HUEY_IMMEDIATE` | `false` (`true` in tests) | Run tasks inline instead of queueing them. |
| `PODIUM_PUBLISH_LEASE_SECONDS` | `300` | How long a worker's claim on a publication lasts: a worker that dies mid-send frees its publications after this (they are then checked, never sent twice). |
| `PODIUM_PUBLISH_BACKOFF_BASE_SECONDS` | `30` | The wait before retrying after a network's temporary error; each further retry waits 4 times longer, at most an hour, and the sixth failure is final. |
| `PODIUM_POSTING_SLOTS` | `09:00,12:30,17:00` | Comma-separated weekday times (HH:MM, the executive's time zone) offered as "next free time slot" to executives who have set no posting slots of their own. |
| `PODIUM_WEB_WORKERS` | 2 x cores + 1 (at most 9) | Web processes started by `podium serve` (or `--web-workers`). |
| `PODIUM_HOST`, `PODIUM_PORT` | `127.0.0.1`, `8000` | Where `podium serve` listens (or `--host`, `--port`). |
| `GUNICORN_CMD_ARGS` | (none) | Extra web server options, e.g. `--forwarded-allow-ips=10.0.0.5 --timeout 60`. |
| `PODIUM_HTTP_ALLOW_PRIVATE` | `false` | Let Podium call private, loopback and link-local addresses (a Mastodon instance on the company network). Off, outgoing calls reach only public internet hosts (SSRF protection). |
| `PODIUM_LINKEDIN_CLIENT_ID` (`_FILE`) | (none: LinkedIn cannot be connected) | Client id of Podium's LinkedIn app (products "Sign In with LinkedIn using OpenID Connect" and "Share on LinkedIn"); its redirect URL is `PODIUM_BASE_URL/channels/connect/linkedin/callback/`. |
| `PODIUM_LINKEDIN_CLIENT_SECRET` (`_FILE`) | | The LinkedIn app's client secret. |
| `PODIUM_X_CLIENT_ID` (`_FILE`) | (none: X cannot be connected) | OAuth 2.0 client id of Podium's X app (type "Web App", read and write); its callback URL is `PODIUM_BASE_URL/channels/connect/x/callback/`. |
| `PODIUM_X_CLIENT_SECRET` (`_FILE`) | | The X app's OAuth 2.0 client secret. |
"""  # noqa: E501 - a Markdown table (copied into the README) cannot wrap

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from podium.accounts.addresses import parse_networks
from podium.lib.config import (
    ConfigError,
    check_fernet_keys,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_times,
    env_url,
    parse_database_url,
    read_secret,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PODIUM_VAR_DIR", BASE_DIR / "var"))
try:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
except OSError as _error:
    raise ConfigError(
        f"PODIUM_VAR_DIR={str(VAR_DIR)!r} cannot be created: {_error.strerror}"
    ) from None

PODIUM_ENV = env_choice(
    "PODIUM_ENV", default="development", choices=["development", "production", "test"]
)
PRODUCTION = PODIUM_ENV == "production"
DEBUG = env_bool("PODIUM_DEBUG", default=False)
VERSION = "0.1.0"


def _local_secret(name: str) -> str:
    """A random secret kept under var/ so that local sessions survive restarts."""
    path = VAR_DIR / name
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = read_secret("PODIUM_SECRET_KEY", required=PRODUCTION) or _local_secret("secret_key")
if PRODUCTION and (len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5):
    raise ConfigError(
        "PODIUM_SECRET_KEY is too weak (fewer than 50 characters, or fewer than 5 different "
        "ones): generate one with `python3 -c 'import secrets; print(secrets.token_urlsafe(50))'`"
    )

# Comma-separated Fernet keys; the first encrypts, all decrypt (rotate by prepending a new key).
# Development uses a random seed under var/, from which podium.lib.crypto derives a key.
FERNET_KEYS = [
    key.strip() for key in (read_secret("PODIUM_FERNET_KEYS") or "").split(",") if key.strip()
]
if PRODUCTION and not FERNET_KEYS:
    raise ConfigError(
        "PODIUM_FERNET_KEYS is not set: generate a key with `podium generate_fernet_key` "
        "and set it (or PODIUM_FERNET_KEYS_FILE to a file holding it)"
    )
if PRODUCTION:
    check_fernet_keys(FERNET_KEYS)
FERNET_KEYS = FERNET_KEYS or [_local_secret("fernet_key_seed")]

ALLOWED_HOSTS = env_list("PODIUM_ALLOWED_HOSTS") or (
    [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ConfigError("PODIUM_ALLOWED_HOSTS is not set: list the host names Podium is served on")
PODIUM_BASE_URL = env_url(
    "PODIUM_BASE_URL",
    default=f"https://{ALLOWED_HOSTS[0].lstrip('.')}" if PRODUCTION else "http://127.0.0.1:8000",
    schemes=["https", "http"],
)
# Where short links answer (podium.links): GET <this><code> redirects to the stored destination.
PODIUM_LINK_BASE_URL = (
    env_url("PODIUM_LINK_BASE_URL", default=f"{PODIUM_BASE_URL}/l", schemes=["https", "http"]) + "/"
)
CSRF_TRUSTED_ORIGINS = env_list("PODIUM_CSRF_TRUSTED_ORIGINS") or [PODIUM_BASE_URL]
for _origin in CSRF_TRUSTED_ORIGINS:
    if not _origin.startswith(("https://", "http://")):
        raise ConfigError(
            f"PODIUM_CSRF_TRUSTED_ORIGINS: {_origin!r} lacks its scheme: "
            "write it as https://podium.example.com"
        )

INSTALLED_APPS = [
    "podium.accounts.admin_site.ReadOnlyAdminConfig",  # django.contrib.admin, read-only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "django_htmx",
    "ninja",  # serves the API docs' Swagger UI from its own static files, not a CDN
    "csp",
    "huey.contrib.djhuey",
    "podium.accounts",
    "podium.org",
    "podium.notifications",
    "podium.channels",
    "podium.outbox",
    "podium.governance",
    "podium.system",
    "podium.publishing",
    "podium.blog",
    "podium.ideas",
    "podium.planning",
    "podium.policy",
    "podium.advocates",
    "podium.links",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "podium.accounts.middleware.RequireTwoFactorMiddleware",
    "podium.accounts.middleware.PrivateCacheMiddleware",
]

ROOT_URLCONF = "podium.urls"
WSGI_APPLICATION = "podium.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "podium" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "podium.org.context.organisation",
                "podium.accounts.context.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": parse_database_url(
        os.environ.get("DATABASE_URL", ""), default_sqlite=VAR_DIR / "podium.sqlite3"
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if PODIUM_ENV == "test":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

# --- django-allauth: email sign-in, password reset, TOTP, OpenID Connect -------------------
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "podium.accounts.adapter.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "podium.accounts.adapter.SocialAccountAdapter"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""  # our subjects name the organisation themselves
ACCOUNT_MAX_EMAIL_ADDRESSES = 1  # administrators set sign-in emails (audited); users cannot add one
# The Django admin (read-only, secrets hidden: podium.accounts.admin_site); off in production.
DJANGO_ADMIN = env_bool("PODIUM_DJANGO_ADMIN", default=not PRODUCTION)
# Reverse proxies whose X-Forwarded-For is believed (podium.accounts.addresses.client_ip).
try:
    TRUSTED_PROXIES = parse_networks(env_list("PODIUM_TRUSTED_PROXIES"))
except ValueError as _error:
    raise ConfigError(f"PODIUM_TRUSTED_PROXIES: {_error}") from None
# Wrong passwords are counted by podium.accounts.sign_in_limits (per account and address pair,
# per account, per address), not by allauth's "login_failed" limit.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "signup": "0/m/ip",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_ADAPTER = "podium.accounts.mfa_adapter.MFAAdapter"  # required two-factor stays on
MFA_TOTP_ISSUER = os.environ.get("PODIUM_MFA_ISSUER", "Podium")
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_LOGIN_ON_GET = False
OIDC_SERVER_URL = os.environ.get("PODIUM_OIDC_SERVER_URL", "")
SOCIALACCOUNT_PROVIDERS: dict[str, dict] = {"openid_connect": {"APPS": []}}
if OIDC_SERVER_URL:
    SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"] = [
        {
            "provider_id": "sso",
            "name": os.environ.get("PODIUM_OIDC_NAME", "Company single sign-on"),
            "client_id": read_secret("PODIUM_OIDC_CLIENT_ID", required=True),
            "secret": read_secret("PODIUM_OIDC_CLIENT_SECRET", required=True),
            "settings": {"server_url": OIDC_SERVER_URL},
        }
    ]

# --- email ---------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "PODIUM_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("PODIUM_EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("PODIUM_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("PODIUM_EMAIL_PORT", default=587, minimum=1)
EMAIL_HOST_USER = os.environ.get("PODIUM_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = read_secret("PODIUM_EMAIL_PASSWORD") or ""
EMAIL_USE_TLS = env_bool("PODIUM_EMAIL_USE_TLS", default=True)
DEFAULT_FROM_EMAIL = os.environ.get("PODIUM_EMAIL_FROM", "Podium <podium@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- background work -----------------------------------------------------------------------
REDIS_URL = env_url("REDIS_URL", default="", schemes=["redis", "rediss", "unix"])
HUEY = {
    "name": os.environ.get("PODIUM_HUEY_NAME", "podium"),
    "immediate": env_bool("PODIUM_HUEY_IMMEDIATE", default=PODIUM_ENV == "test"),
    "results": False,
    "consumer": {
        "workers": env_int("PODIUM_HUEY_WORKERS", default=2, minimum=1),
        "worker_type": "thread",
        "periodic": True,
        # An idle SQLite-backed worker polls; capping its back-off keeps "publish now" prompt.
        "max_delay": 0.25,
    },
}
if REDIS_URL:
    HUEY.update({"huey_class": "huey.RedisHuey", "url": REDIS_URL})
else:
    HUEY.update({"huey_class": "huey.SqliteHuey", "filename": str(VAR_DIR / "huey.sqlite3")})

# --- publishing (podium.outbox) ------------------------------------------------------------
# How long a worker's claim on a publication lasts; a worker that dies frees it after this.
PUBLISH_LEASE_SECONDS = env_int("PODIUM_PUBLISH_LEASE_SECONDS", default=300, minimum=10)
# The wait after a first temporary error; each later one is 4 times longer, at most an hour.
PUBLISH_BACKOFF_BASE_SECONDS = env_int("PODIUM_PUBLISH_BACKOFF_BASE_SECONDS", default=30, minimum=1)
# The largest engagement file (CSV or NDJSON) the Advocates import takes, in megabytes.
ADVOCATES_IMPORT_MAX_MB = env_int("PODIUM_ADVOCATES_IMPORT_MAX_MB", default=500, minimum=1)
# Where each web process appends the clicks it answers, until the worker stores them.
LINKS_CLICKS_DIR = VAR_DIR / "clicks"
# "Next free time slot" on weekdays, for executives who have set no posting slots of their own.
POSTING_SLOTS = env_times("PODIUM_POSTING_SLOTS", default=["09:00", "12:30", "17:00"])

# Shared by all web processes: sign-in rate limits must hold across them.
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
elif PODIUM_ENV == "test":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "podium_cache",
        }
    }

# --- static and media ----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("PODIUM_STATIC_ROOT", VAR_DIR / "static"))
if not PRODUCTION:  # WhiteNoise warns on every start while it is missing
    with contextlib.suppress(OSError):
        STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "podium" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("PODIUM_MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- security ------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("PODIUM_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("PODIUM_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # Tabler sets element styles from its scripts; no inline <script> is ever allowed.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"refusals_without_traceback": {"()": "podium.lib.logs.RefusalsWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {
        "handlers": ["console"],
        "level": env_choice(
            "PODIUM_LOG_LEVEL", default="INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR"]
        ),
    },
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django.request": {"filters": ["refusals_without_traceback"]},
        # Its own handler, so that `run_huey` does not add a second one (each line twice).
        "huey": {"level": "INFO", "handlers": ["console"], "propagate": False},
    },
}

NINJA_PAGINATION_PER_PAGE = 50
OIDC_AUTO_CREATE_USERS = env_bool("PODIUM_OIDC_AUTO_CREATE_USERS", default=False)

# --- outgoing calls and networks (podium.lib.http; podium/channels/<network>/) ---------------
HTTP_ALLOW_PRIVATE_HOSTS = env_bool("PODIUM_HTTP_ALLOW_PRIVATE", default=False)
LINKEDIN_CLIENT_ID = read_secret("PODIUM_LINKEDIN_CLIENT_ID") or ""
LINKEDIN_CLIENT_SECRET = read_secret("PODIUM_LINKEDIN_CLIENT_SECRET") or ""
X_CLIENT_ID = read_secret("PODIUM_X_CLIENT_ID") or ""
X_CLIENT_SECRET = read_secret("PODIUM_X_CLIENT_SECRET") or ""
