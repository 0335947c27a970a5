from django.urls import path

from certificates import pdf_views, views

app_name = "certificates"
urlpatterns = [
    path("", views.index, name="index"),
    path("queue/", views.queue, name="queue"),
    path("apply/", views.applicant_new, name="applicant_new"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/assessment/", views.assessment_new, name="assessment_new"),
    path("applications/<int:pk>/handover/", views.handover, name="handover"),
    path("applications/<int:pk>/step/<slug:step>/", views.application_step, name="step"),
    path("applications/<int:pk>/form.pdf", pdf_views.application_pdf, name="application_pdf"),
    path("notices/new/", views.notice_new, name="notice_new"),
    path("notices/<int:pk>/", views.notice_detail, name="notice"),
    path("notices/<int:pk>/notice.pdf", pdf_views.notice_pdf, name="notice_pdf"),
    path("certificates/<int:pk>/loss/", views.loss_new, name="loss_new"),
    path("certificates/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("certificates/<int:pk>/card.pdf", pdf_views.card_pdf, name="card_pdf"),
]
