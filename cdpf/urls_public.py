"""The public progress site (进度查询, 好差评): its own URL configuration, served on its own host
with cdpf.settings_public. No staff page, no admin and no sign-in is reachable from here."""

from django.urls import include, path

from cdpf import health

handler500 = "cdpf.errors.server_error"
# the staff site's 404.html and 403.html sit in the staff frame, whose links this site lacks
handler404 = "tongban.public_views.not_found"
handler403 = "tongban.public_views.refused"

urlpatterns = [
    path("", include("tongban.urls_public")),
    path("healthz", health.healthz),
]
