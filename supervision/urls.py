"""URLs of supervision. The app is installed with its namespace; its pages come with its issue."""

app_name = "supervision"
urlpatterns: list = []
