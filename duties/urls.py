from django.urls import path

from duties import views

app_name = "duties"
urlpatterns = [
    path("", views.register, name="register"),
    path("register.pdf", views.register_pdf, name="register_pdf"),
    path("versions/", views.versions, name="versions"),
    path("versions/publish/", views.publish, name="publish"),
    path("versions/<int:pk>/", views.version_detail, name="version_detail"),
    path("versions/<int:pk>/register.pdf", views.version_pdf, name="version_pdf"),
    path("import/", views.import_items, name="import"),
    path("import/<int:pk>/apply/", views.import_apply, name="import_apply"),
    path("export.xlsx", views.export_items, name="export"),
]
