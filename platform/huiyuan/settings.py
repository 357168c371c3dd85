"""Settings, all read from the environment with safe development defaults.

Production mode (``HUIYUAN_ENV=production``) refuses to start with DEBUG on, a default or short
SECRET_KEY, or without DATABASE_URL: a misconfigured deploy should fail loudly at boot, not leak.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from pluginhost.discovery import plugin_app_names

ROOT_DIR = Path(__file__).resolve().parents[2]
PLATFORM_DIR = ROOT_DIR / "platform"

DEV_SECRET_KEY = "dev-insecure-huiyuan-secret-key-change-me-in-production-0123456789"  # noqa: S105


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


HUIYUAN_ENV = os.environ.get("HUIYUAN_ENV", "development").strip().lower()
PRODUCTION = HUIYUAN_ENV == "production"
DEBUG = env_bool("DEBUG", not PRODUCTION)
SECRET_KEY = os.environ.get("SECRET_KEY", "" if PRODUCTION else DEV_SECRET_KEY)
# Earlier keys, still accepted for signatures (and for secrets sealed with a key derived from them).
SECRET_KEY_FALLBACKS = [k for k in os.environ.get("SECRET_KEY_FALLBACKS", "").split(",") if k.strip()]
# Fernet keys for secrets stored encrypted (core.sealing): the first seals, every one unseals, so a
# new key goes first and the old one stays until `manage.py reseal_secrets` has run. Empty: keys
# derived from SECRET_KEY (and its fallbacks).
FIELD_ENCRYPTION_KEYS = [k for k in os.environ.get("FIELD_ENCRYPTION_KEYS", "").split(",") if k.strip()]

if PRODUCTION:
    if DEBUG:
        raise ImproperlyConfigured("Refusing to start: DEBUG is on in production (HUIYUAN_ENV=production).")
    if not SECRET_KEY or SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "Refusing to start: SECRET_KEY is missing, the development default, "
            "or shorter than 50 characters."
        )
    if not os.environ.get("DATABASE_URL"):
        raise ImproperlyConfigured("Refusing to start: DATABASE_URL must be set in production.")

# The domain tenants live under: <subdomain>.<BASE_DOMAIN>. The public site is BASE_DOMAIN itself.
BASE_DOMAIN = os.environ.get("BASE_DOMAIN", "localhost").strip().lower()
PUBLIC_PORT = os.environ.get("PUBLIC_PORT", "" if PRODUCTION else "8000")
PUBLIC_SCHEME = os.environ.get("PUBLIC_SCHEME", "https" if PRODUCTION else "http")
ALLOWED_HOSTS = [BASE_DOMAIN, f".{BASE_DOMAIN}", *os.environ.get("EXTRA_ALLOWED_HOSTS", "").split(",")]
ALLOWED_HOSTS = [h.strip() for h in ALLOWED_HOSTS if h.strip()]
if not PRODUCTION:
    ALLOWED_HOSTS += ["127.0.0.1", "testserver"]
_port_suffix = f":{PUBLIC_PORT}" if PUBLIC_PORT else ""
CSRF_TRUSTED_ORIGINS = [
    f"{PUBLIC_SCHEME}://{BASE_DOMAIN}{_port_suffix}",
    f"{PUBLIC_SCHEME}://*.{BASE_DOMAIN}{_port_suffix}",
]

# --- applications -------------------------------------------------------------------------------
PLUGIN_APPS = plugin_app_names()

SHARED_APPS = [
    "django_tenants",
    "tenants",
    "billing",
    "accounts",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.admin",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "core",
    "pluginhost",
    "vendor",
]
# Each tenant schema holds its own users, sessions and API tokens: a credential cannot cross tenants.
TENANT_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "accounts",
    "rest_framework.authtoken",
    "core",
    "members",
    "loyalty",
    "catalog",
    "inventory",
    "expenses",
    "orders",
    "dashboard",
    *PLUGIN_APPS,
]
INSTALLED_APPS = SHARED_APPS + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "tenants.Tenant"
TENANT_DOMAIN_MODEL = "tenants.Domain"
PUBLIC_SCHEMA_NAME = "public"
TEMPLATE_SCHEMA_NAME = "tenant_template"
TENANT_BASE_SCHEMA = TEMPLATE_SCHEMA_NAME
TENANT_CREATION_FAKES_MIGRATIONS = True
TENANT_LIMIT_SET_CALLS = True
TENANT_POOL_SIZE = int(os.environ.get("TENANT_POOL_SIZE", "3"))
PUBLIC_SCHEMA_URLCONF = "huiyuan.urls_public"
ROOT_URLCONF = "huiyuan.urls_tenant"
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]

MIDDLEWARE = [
    "core.middleware.HealthCheckMiddleware",
    "tenants.middleware.TenantMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "vendor.middleware.SupportSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "billing.middleware.ReadOnlyMiddleware",  # lapsed subscription → tenant writes refused (402)
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware.RequestContextMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PLATFORM_DIR / "templates"],
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
WSGI_APPLICATION = "huiyuan.wsgi.application"

# --- database -----------------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if not DATABASE_URL:
    from huiyuan.embedded_db import embedded_database_url

    DATABASE_URL = embedded_database_url(ROOT_DIR)
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
DATABASES["default"]["ENGINE"] = "django_tenants.postgresql_backend"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache, background work ---------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
_cache_keys = {
    "KEY_FUNCTION": "django_tenants.cache.make_key",
    "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
}
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CACHES["default"].update(_cache_keys)

CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = None
# Without a broker, tasks run in-process (after the surrounding transaction commits).
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
# Without a broker, tasks queued with enqueue(..., slow=True) run on a background thread.
INPROCESS_BACKGROUND_THREADS = env_bool("INPROCESS_BACKGROUND_THREADS", True)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULE = {
    "run-due-tenant-jobs": {"task": "core.tasks.run_due_tenant_jobs", "schedule": 60.0},
    "refill-tenant-pool": {"task": "tenants.tasks.refill_pool", "schedule": 300.0},
}

# --- auth and security --------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_FAILURE_WINDOW_SECONDS = int(os.environ.get("LOGIN_FAILURE_WINDOW_SECONDS", "900"))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
INVITATION_MAX_AGE_SECONDS = 7 * 24 * 3600
HANDOFF_MAX_AGE_SECONDS = 120

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Huiyuan <no-reply@localhost>")

# --- i18n ---------------------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("zh-hant", "繁體中文"), ("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PLATFORM_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- static and uploaded files ------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", ROOT_DIR / "var" / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns when it is missing
FRONTEND_DIST = ROOT_DIR / "frontend" / "dist"
STATICFILES_DIRS = [("app", FRONTEND_DIST)] if FRONTEND_DIST.is_dir() else []
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", ROOT_DIR / "var" / "media"))
MEDIA_URL = "/media/"
MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"  # uploaded files land under MEDIA_ROOT/<schema>/
STORAGES = {
    "default": {"BACKEND": "django_tenants.files.storage.TenantFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- API ----------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: unauthenticated calls then get 401 with a WWW-Authenticate header.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "core.api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_RATES": {"signup": os.environ.get("SIGNUP_RATE", "30/hour")},
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Huiyuan API",
    "DESCRIPTION": "Membership, CRM and cashier API. Tenant endpoints live on <subdomain>.<base domain>.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a "kind" field with different choices: give each enum a stable name.
    "ENUM_NAME_OVERRIDES": {
        "CardTypeKindEnum": "loyalty.models.CardType.Kind",
        "AccountKindEnum": "loyalty.models.Account.Kind",
        "LedgerTransactionKindEnum": "loyalty.models.LedgerTransaction.Kind",
        "CardStatusEnum": "loyalty.models.Card.Status",
        "ProductKindEnum": "catalog.models.Product.Kind",
        "CommissionTypeEnum": "catalog.models.Product.CommissionType",
        "PurchaseOrderStatusEnum": "inventory.models.PurchaseOrder.Status",
        "StocktakeStatusEnum": "inventory.models.Stocktake.Status",
        "OrderStatusEnum": "orders.models.Order.Status",
        "OrderLineKindEnum": "orders.models.OrderLine.Kind",
        "PaymentMethodEnum": "orders.models.Payment.Method",
        "RefundKindEnum": "orders.models.Refund.Kind",
        "TimedSessionStatusEnum": "orders.models.TimedSession.Status",
    },
}

# --- observability ------------------------------------------------------------------------------
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
# Requests slower than this (milliseconds) are reported to Sentry as warnings; 0 turns it off.
SLOW_REQUEST_MS = int(os.environ.get("SLOW_REQUEST_MS", "2000"))
if SENTRY_DSN:
    from core.observability import init_sentry

    init_sentry(SENTRY_DSN, environment=HUIYUAN_ENV)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "pgserver": {"level": "WARNING"}},
}

# Stripe (used by billing, issue 5); read here so every setting comes from one place.
STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "")
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "")
STRIPE_PUBLISHABLE_KEY = os.environ.get("STRIPE_PUBLISHABLE_KEY", "")
STRIPE_MAX_NETWORK_RETRIES = int(os.environ.get("STRIPE_MAX_NETWORK_RETRIES", "2"))
STRIPE_TIMEOUT_SECONDS = int(os.environ.get("STRIPE_TIMEOUT_SECONDS", "20"))
BILLING_GRACE_DAYS = int(os.environ.get("BILLING_GRACE_DAYS", "10"))  # past_due: full access + banner

TRADES = [
    ("beauty", _("Beauty salon")),
    ("pet", _("Pet shop")),
    ("retail", _("Retail store")),
    ("catering", _("Restaurant / café")),
    ("other", _("Other")),
]
