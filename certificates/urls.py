from django.urls import path

from certificates import views

app_name = "certificates"
urlpatterns = [
    path("", views.index, name="index"),
    path("queue/", views.queue, name="queue"),
    path("apply/", views.applicant_new, name="applicant_new"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("people/<int:pk>/attachments/new/", views.upload, name="attachment_new"),
    path("attachments/<int:pk>/", views.download, name="attachment"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/assessment/", views.assessment_new, name="assessment_new"),
    path("applications/<int:pk>/sign/", views.assessment_sign, name="assessment_sign"),
    path("applications/<int:pk>/handover/", views.handover, name="handover"),
    path("applications/<int:pk>/correct/", views.application_correct, name="correct"),
    path("applications/<int:pk>/step/<slug:step>/", views.application_step, name="step"),
    path("applications/<int:pk>/form.pdf", views.application_pdf, name="application_pdf"),
    path("applications/<int:pk>/assessment.pdf", views.assessment_pdf, name="assessment_pdf"),
    path("applications/<int:pk>/decision.pdf", views.decision_pdf, name="decision_pdf"),
    path("summary.pdf", views.summary_pdf, name="summary_pdf"),
    path("print-queue/", views.print_queue, name="print_queue"),
    path("print-batches/", views.print_batches, name="print_batches"),
    path("print-batches/<str:number>/", views.print_batch, name="print_batch"),
    path("renewals/", views.renewals, name="renewals"),
    path("renewals.pdf", views.renewals_pdf, name="renewals_pdf"),
    path("export.xlsx", views.export, name="export"),
    path("import/", views.import_registry, name="import"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("import/<int:pk>/apply/", views.import_apply, name="import_apply"),
    path("notices/new/", views.notice_new, name="notice_new"),
    path("notices/<int:pk>/", views.notice_detail, name="notice"),
    path("notices/<int:pk>/notice.pdf", views.notice_pdf, name="notice_pdf"),
    path("certificates/<int:pk>/apply/", views.certificate_application, name="apply"),
    path("transfer-in/", views.transfer_in_new, name="transfer_in"),
    path("transfer-in/outside/", views.transfer_in_outside, name="transfer_in_outside"),
    path("certificates/<int:pk>/card.pdf", views.card_pdf, name="card_pdf"),
]
