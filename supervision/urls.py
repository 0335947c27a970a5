"""URLs of supervision; its pages come with its own issue."""

app_name = "supervision"
urlpatterns: list = []
