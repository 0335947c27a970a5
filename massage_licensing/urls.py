"""URLs of massage_licensing; its pages come with its own issue."""

app_name = "massage_licensing"
urlpatterns: list = []
