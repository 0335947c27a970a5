from django.contrib import admin
from django.urls import include, path

from cdpf import account_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("password/", account_views.password_change, name="password_change"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("audit/", views.audit_log, name="audit_log"),
    path("jobs/<int:pk>/", views.job_detail, name="job_detail"),
    path("jobs/<int:pk>/status/", views.job_status, name="job_status"),
    path("documents/<str:number>/", views.document_download, name="document_download"),
    path("duties/", include("duties.urls")),
    path("certificates/", include("certificates.urls")),
    path("employment-quota/", include("employment_quota.urls")),
    path("levy-relief/", include("levy_relief.urls")),
    path("massage-licensing/", include("massage_licensing.urls")),
    path("supervision/", include("supervision.urls")),
    path("admin/", admin.site.urls),
]
