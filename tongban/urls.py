from django.urls import path

from tongban import views

app_name = "tongban"
urlpatterns = [
    path("", views.cases, name="cases"),
    path("intake/", views.intake, name="intake"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("cases/<int:pk>/assess/", views.case_assess, name="assess"),
    path("cases/<int:pk>/step/<slug:step>/", views.case_step, name="step"),
    path("cases/<int:pk>/missing/", views.case_missing, name="missing"),
    path("cases/<int:pk>/dispatch/", views.case_dispatch, name="dispatch"),
    path("cases/<int:pk>/post/", views.case_post, name="post"),
    path("cases/<int:pk>/handover/", views.case_handover, name="handover"),
    path("cases/<int:pk>/receipt.pdf", views.case_receipt, name="receipt"),
    path("cases/<int:pk>/rate/", views.case_rate, name="rate"),
    path("follow-ups/", views.follow_ups, name="follow_ups"),
    path("follow-ups/<int:pk>/", views.follow_up, name="follow_up"),
    path("ratings/", views.ratings, name="ratings"),
    path("ratings/cases/", views.rating_cases, name="rating_cases"),
]
