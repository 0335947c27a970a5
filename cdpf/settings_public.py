"""Settings of the public progress site (进度查询, 好差评; docs/decisions/0180).

The same code and database as the staff site, under its own URL configuration
(cdpf.urls_public) and its own middleware list: no staff page, no admin, no sign-in and no
staff middleware (second factor, idle timeout, one session) is part of it, so it can be served
on its own host outside the staff network:

    DJANGO_SETTINGS_MODULE=cdpf.settings_public gunicorn cdpf.wsgi

Rate limits count in the cache: Redis when CACHE_URL is set (redis://127.0.0.1:6379/1, shared
by every worker), otherwise each process's own memory."""

import os

from cdpf.settings import *  # noqa: F403
from cdpf.settings import ALLOWED_HOSTS, INSTALLED_APPS, env_list

ROOT_URLCONF = "cdpf.urls_public"
# No admin here: not in the URL conf, and not installed (its checks want the staff middleware).
INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "django.contrib.admin"]
ALLOWED_HOSTS = env_list("PUBLIC_ALLOWED_HOSTS", ",".join(ALLOWED_HOSTS))
MIDDLEWARE = [
    "cdpf.observability.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "cdpf.security_middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cdpf.middleware.ChineseByDefaultMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "tongban.public_middleware.AnonymousOnlyMiddleware",
    "cdpf.middleware.AuditContextMiddleware",
    "cdpf.middleware.DefaultDenyMiddleware",
]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],  # noqa: F405
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
            ],
        },
    },
]
# Its own cookies: a staff session is never sent to, nor made by, the public site.
SESSION_COOKIE_NAME = "cdpf_progress"
CSRF_COOKIE_NAME = "cdpf_progress_csrf"
SESSION_COOKIE_AGE = 15 * 60
LOGIN_URL = None

if os.environ.get("CACHE_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["CACHE_URL"],
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
