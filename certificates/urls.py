"""URLs of certificates; its pages come with its own issue."""

app_name = "certificates"
urlpatterns: list = []
