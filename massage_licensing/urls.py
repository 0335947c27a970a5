from django.urls import path

from massage_licensing import views

app_name = "massage_licensing"
urlpatterns = [
    path("", views.index, name="index"),
    path("institutions/new/", views.institution_new, name="institution_new"),
    path("institutions/<int:pk>/", views.institution_detail, name="institution"),
    path("institutions/<int:pk>/edit/", views.institution_edit, name="institution_edit"),
    path("institutions/<int:pk>/apply/", views.application_submit, name="application_submit"),
    path("institutions/<int:pk>/staff/new/", views.practitioner_new, name="practitioner_new"),
    path("institutions/<int:pk>/review/", views.review_new, name="review_new"),
    path("institutions/<int:pk>/revoke/", views.revoke, name="revoke"),
    path(
        "institutions/<int:pk>/revocation.pdf", views.revocation_pdf, name="revocation_pdf"
    ),
    path("practitioners/", views.practitioners, name="practitioners"),
    path("practitioners/<int:pk>/", views.practitioner_detail, name="practitioner"),
    path("practitioners/<int:pk>/edit/", views.practitioner_edit, name="practitioner_edit"),
    path("practitioners/<int:pk>/leave/", views.practitioner_leave, name="practitioner_leave"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/step/<slug:step>/", views.application_step, name="step"),
    path("applications/<int:pk>/inspection/", views.inspection_new, name="inspection_new"),
    path("applications/<int:pk>/certificate.pdf", views.certificate_pdf, name="certificate_pdf"),
    path("applications/<int:pk>/rejection.pdf", views.rejection_pdf, name="rejection_pdf"),
    path("photos/<int:pk>/", views.inspection_photo, name="photo"),
    path("reviews/", views.reviews_due, name="reviews_due"),
    path("reviews/<int:pk>/", views.review_detail, name="review"),
    path("export.xlsx", views.register_export, name="export"),
    path("import/", views.register_import, name="import"),
    path("import/<int:pk>/apply/", views.import_apply, name="import_apply"),
]
