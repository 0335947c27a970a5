"""URLs of employment_quota; its pages come with its own issue."""

app_name = "employment_quota"
urlpatterns: list = []
