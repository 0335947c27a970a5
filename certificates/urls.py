"""URLs of certificates. The app is installed with its namespace; its pages come with its issue."""

app_name = "certificates"
urlpatterns: list = []
