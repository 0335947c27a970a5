"""URLs of levy_relief. The app is installed with its namespace; its pages come with its issue."""

app_name = "levy_relief"
urlpatterns: list = []
