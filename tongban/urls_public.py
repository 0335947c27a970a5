from django.urls import path

from tongban import public_views

app_name = "progress"
urlpatterns = [
    path("", public_views.lookup, name="lookup"),
    path("case/", public_views.result, name="result"),
    path("leave/", public_views.leave, name="leave"),
]
