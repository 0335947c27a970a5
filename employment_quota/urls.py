"""URLs of employment_quota. The app is installed with its namespace; its pages come with its issue."""

app_name = "employment_quota"
urlpatterns: list = []
