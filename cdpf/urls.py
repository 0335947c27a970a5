from django.contrib import admin
from django.urls import include, path

from cdpf import (
    account_views,
    calendar_views,
    health,
    second_factor_views,
    verify_views,
    views,
)

handler500 = "cdpf.errors.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("password/", account_views.password_change, name="password_change"),
    path("two-step/", second_factor_views.verify, name="second_factor_verify"),
    path("two-step/enrol/", second_factor_views.enrol, name="second_factor_enrol"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("audit/", views.audit_log, name="audit_log"),
    path("audit/export.xlsx", views.audit_log_export, name="audit_log_export"),
    path("jobs/<int:pk>/", views.job_detail, name="job_detail"),
    path("jobs/<int:pk>/status/", views.job_status, name="job_status"),
    path("jobs/<int:pk>/errors.xlsx", views.job_errors_download, name="job_errors_download"),
    path("jobs/<int:pk>/retry/", views.job_retry, name="job_retry"),
    path("calendar/", calendar_views.calendar_years, name="calendar_years"),
    path("calendar/load/", calendar_views.calendar_load, name="calendar_load"),
    path("calendar/template.xlsx", calendar_views.calendar_template, name="calendar_template"),
    path("documents/<str:number>/", views.document_download, name="document_download"),
    path("verify/", verify_views.verify, name="verify_form"),
    path("verify/<str:code>/", verify_views.verify, name="verify"),
    path("duties/", include("duties.urls")),
    path("certificates/", include("certificates.urls")),
    path("employment-quota/", include("employment_quota.urls")),
    path("levy-relief/", include("levy_relief.urls")),
    path("massage-licensing/", include("massage_licensing.urls")),
    path("supervision/", include("supervision.urls")),
    path("tongban/", include("tongban.urls")),
    path("admin/", admin.site.urls),
    # Unnamed on purpose: monitoring, not a page (the URL sweep walks named pages only).
    path("healthz", health.healthz),
    path("healthz/web", health.healthz_web),
]
