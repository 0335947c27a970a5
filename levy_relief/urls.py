"""URLs of levy_relief; its pages come with its own issue."""

app_name = "levy_relief"
urlpatterns: list = []
