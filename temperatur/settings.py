"""Settings for Temperatur.

Everything that differs between a laptop and production is read from the
environment through small helpers (``temperatur.environment``), which refuse bad values
with ``ImproperlyConfigured`` instead of guessing. The defaults give a working local
site on SQLite; production differs by environment values, not by code paths.
"""

import os
from datetime import timedelta

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from temperatur.environment import (
    BASE_DIR,
    caches_from_env,
    database_from_url,
    env_bool,
    env_float,
    env_int,
    env_list,
    env_str,
    env_url,
)

INSECURE_SECRET_KEY = "django-insecure-local-development-only"
# Debug is off unless DJANGO_DEBUG says otherwise; `make` sets it for local work (except
# `make serve`, which is production). Nothing turns it on for a missing secret key.
DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env_str("DJANGO_SECRET_KEY", INSECURE_SECRET_KEY)
# What `check --deploy` accepts (django.core.checks.security.base.SECRET_KEY_MIN_LENGTH).
MIN_SECRET_KEY_LENGTH = 50
if not DEBUG and (SECRET_KEY == INSECURE_SECRET_KEY or len(SECRET_KEY) < MIN_SECRET_KEY_LENGTH):
    raise ImproperlyConfigured(
        "DJANGO_DEBUG is off, but DJANGO_SECRET_KEY is missing, the insecure development key "
        f"or shorter than {MIN_SECRET_KEY_LENGTH} characters. Set DJANGO_SECRET_KEY to a long "
        "random value (for example from "
        "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`), or set DJANGO_DEBUG=1 "
        "for local development."
    )

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_filters",
    # The editors' change history and the lockout after failed logins (README, "Editor
    # accounts").
    "simple_history",
    "axes",
    "projects",
    "challenges",
    "resources",
    "temperatur",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "temperatur.web.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Gzip for anonymous visitors, the page cache's hits included; never a page with a
    # CSRF token or for a session (BREACH).
    "temperatur.web.compression.CompressionMiddleware",
    # Sends a visitor who chose English to the English page, before the cache answers.
    "temperatur.web.language.PreferredLanguageMiddleware",
    # Before sessions, so that a cached page is served without touching them.
    "temperatur.web.cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # The admin in the editor's language (Danish unless their browser asks otherwise).
    "temperatur.web.language.AdminLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "temperatur.web.middleware.AdminNulByteMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records who made a change in the history (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last: turns a login refused for a locked account into the lockout page (django-axes).
    "axes.middleware.AxesMiddleware",
]

# django-axes checks first whether the username and address are locked out, then Django
# checks the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "temperatur.urls"
WSGI_APPLICATION = "temperatur.wsgi.application"
ASGI_APPLICATION = "temperatur.asgi.application"

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
                "temperatur.site.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": database_from_url(env_str("DATABASE_URL", "sqlite:///db.sqlite3")),
}
# The database of a fresh clone: the only one `create_local_editor` may write to.
LOCAL_DEFAULT_DATABASE = BASE_DIR / "db.sqlite3"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


# Caching (temperatur/web/cache.py): pages and a few values are stored under a content version
# that every change to content replaces, so what is served is never stale.
CACHES = caches_from_env(
    env_str("REDIS_URL"),
    env_str("CACHE_DIR", ".cache"),
    redis_timeout=env_float("REDIS_TIMEOUT", 0.2, minimum=0.01, maximum=10),
    redis_retry_after=env_int("REDIS_RETRY_AFTER", 30, minimum=1, maximum=3600),
)
# Whole pages for anonymous visitors, and the values cached with them; off by default
# while developing (DJANGO_DEBUG=1).
CACHE_PAGES = env_bool("CACHE_PAGES", not DEBUG)
# How long a page is kept at most; a change to content replaces it long before.
CACHE_PAGE_SECONDS = env_int("CACHE_PAGE_SECONDS", 3600, minimum=1)
# The reference tables the filter forms offer whole, kept per process until one of them
# changes (temperatur/core/tables.py); off by default while developing, as the page cache.
KEEP_TABLES = env_bool("KEEP_TABLES", not DEBUG)
KEPT_TABLES = frozenset(
    {
        "projects.Region",
        "projects.Municipality",
        "projects.Domain",
        "projects.FundingRound",
        "challenges.ChallengeArea",
        "challenges.Measurement",
    }
)
# Compile every kept statement afresh and fail where it differs from the kept one
# (temperatur.core.statements): on in the tests.
CHECK_KEPT_STATEMENTS = env_bool("CHECK_KEPT_STATEMENTS", False)
# Write every kept fragment of HTML afresh and fail where it differs from the kept one
# (temperatur.core.written): on in the tests.
CHECK_WRITTEN = env_bool("CHECK_WRITTEN", False)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The interface is Danish, and English under /en/ (temperatur/web/language.py); content stays
# Danish. Catalogues: locale/<language>/LC_MESSAGES/django.po, compiled by `make setup`.
LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Dansk")), ("en", _("Engelsk"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# British dates on the English pages (temperatur/formats/en/formats.py).
FORMAT_MODULE_PATH = ["temperatur.formats"]
# The visitor's choice of language, set by the language switch and kept for a year.
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = env_str("TIME_ZONE", "Europe/Copenhagen")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Det Fælles Designsystem from npm (`npm ci`), served as static/dkfds/… by whitenoise;
    # its CSS refers to ../fonts and ../img, which resolve under the same prefix.
    ("dkfds", BASE_DIR / "node_modules" / "dkfds" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "temperatur.web.storage.StaticFilesStorage"
        )
    },
}

LOGIN_URL = "admin:login"

# Behind proxies (nginx, a load balancer) that append the client's address to
# X-Forwarded-For: how many of them the site runs. 0 uses the connection's address
# (REMOTE_ADDR). The login lockout and the error-report rate limit both count the address
# this gives (temperatur/web/proxies.py); set it wrong and they count the proxy instead.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0, maximum=5)
if "AXES_PROXY_COUNT" in os.environ:
    raise ImproperlyConfigured(
        "AXES_PROXY_COUNT is now TRUSTED_PROXY_COUNT (it counts for the error reports too). "
        "Rename the variable."
    )

# Failed logins (django-axes): after AXES_FAILURE_LIMIT wrong passwords for a username from
# one address, that username is locked out from that address for AXES_COOLOFF_TIME, even
# with the right password; another failure meanwhile starts the wait again. A correct
# login clears the count. Whatever the usernames, LOGIN_FAILURE_LIMIT_PER_ADDRESS failures
# from one address lock that address (temperatur/editors/lockout.py). Attempts are kept in the
# database, which every process shares.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = 5
LOGIN_FAILURE_LIMIT_PER_ADDRESS = 20
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "temperatur.editors.lockout.AddressLimitHandler"
AXES_LOCKOUT_CALLABLE = "temperatur.editors.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "temperatur.web.proxies.client_ip"
# Its admin pages are in English only; lift a lockout with `manage.py axes_reset_username`.
AXES_ENABLE_ADMIN = False

# `manage.py loaddata regions` finds the seed fixtures by name.
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# Security. Every switch is safe by default when DEBUG is off, so production needs only
# environment values (README, "Production"); `manage.py check --deploy` stays silent.
# Behind a proxy that terminates TLS, DJANGO_SECURE_PROXY_SSL_HEADER names the header the
# proxy sets ("HTTP_X_FORWARDED_PROTO,https"); only set it when the proxy always sets or
# overwrites that header, or clients could claim HTTPS themselves.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
_proxy_ssl_header = env_list("DJANGO_SECURE_PROXY_SSL_HEADER")
if _proxy_ssl_header and (
    len(_proxy_ssl_header) != 2 or not _proxy_ssl_header[0].startswith("HTTP_")
):
    raise ImproperlyConfigured(
        "DJANGO_SECURE_PROXY_SSL_HEADER must be a header and a value, for example "
        f"'HTTP_X_FORWARDED_PROTO,https', not {env_str('DJANGO_SECURE_PROXY_SSL_HEADER')!r}."
    )
SECURE_PROXY_SSL_HEADER = tuple(_proxy_ssl_header) or None
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = not DEBUG

# Content-Security-Policy (django-csp) on every response, the admin's included: only the
# site's own scripts, styles, fonts and images; no inline code, no framing, no plugins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}
# Browser features the site never uses, switched off (temperatur.web.middleware).
PERMISSIONS_POLICY = [
    "accelerometer",
    "autoplay",
    "browsing-topics",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "serial",
    "usb",
]

# Public settings shown on the site.
ACCESSIBILITY_STATEMENT_URL = env_str("ACCESSIBILITY_STATEMENT_URL", "https://www.was.digst.dk/")
# The site's own contact, shown in the footer and wherever no public contact is known:
# CONTACT_URL (a contact page), else CONTACT_EMAIL, else the readers' form (/fejl/).
CONTACT_URL = env_url("CONTACT_URL")
CONTACT_EMAIL = env_str("CONTACT_EMAIL", "")
# The pages show shares, bars and rankings only over at least this many recorded projects
# (challenges.prevalence); below it they show counts and say why.
MINIMUM_RECORDED_PROJECTS = env_int("MINIMUM_RECORDED_PROJECTS", 5, minimum=1, maximum=1000)
DATA_LICENSE_NAME = env_str("DATA_LICENSE_NAME", "CC BY 4.0")
DATA_LICENSE_URL = env_str(
    "DATA_LICENSE_URL", "https://creativecommons.org/licenses/by/4.0/deed.da"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "WARNING")},
}
