"""URLs of massage_licensing. The app is installed with its namespace; its pages come with its issue."""

app_name = "massage_licensing"
urlpatterns: list = []
