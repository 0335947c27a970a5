from django.urls import path

from levy_relief import views

app_name = "levy_relief"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.application_new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/step/<slug:name>/", views.step, name="step"),
    path("<int:pk>/materials/new/", views.material_new, name="material_new"),
    path("materials/<int:pk>/", views.material, name="material"),
    path("<int:pk>/decision.pdf", views.decision_pdf, name="decision_pdf"),
    path("<int:pk>/payment/", views.payment, name="payment"),
    path("<int:pk>/levy-review/", views.levy_review, name="levy_review"),
    path("publication/", views.publication, name="publication"),
    path("publication.pdf", views.publication_pdf, name="publication_pdf"),
    path("publication.xlsx", views.publication_xlsx, name="publication_xlsx"),
    path("overdue/", views.overdue, name="overdue"),
]
