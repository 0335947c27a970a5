from django.urls import path

from employment_quota import views

app_name = "employment_quota"
urlpatterns = [
    path("", views.index, name="index"),
    path("years/open/", views.year_open, name="year_open"),
    path("years/<int:pk>/", views.year_detail, name="year"),
    path("years/<int:pk>/tax-list.xlsx", views.tax_list, name="tax_list"),
    path("years/<int:year_pk>/declarations/new/", views.declaration_edit, name="declaration_new"),
    path(
        "years/<int:year_pk>/declarations/<int:pk>/edit/",
        views.declaration_edit,
        name="declaration_edit",
    ),
    path("declarations/<int:pk>/", views.declaration_detail, name="declaration"),
    path("declarations/<int:pk>/step/<slug:step>/", views.declaration_step, name="step"),
    path("declarations/<int:pk>/audit.pdf", views.declaration_pdf, name="declaration_pdf"),
    path("employers/", views.employers, name="employers"),
    path("employers/new/", views.employer_new, name="employer_new"),
    path("employers/<int:pk>/", views.employer_detail, name="employer"),
    path("employers/<int:pk>/edit/", views.employer_edit, name="employer_edit"),
    path("years/<int:pk>/wage/", views.year_wage, name="year_wage"),
    path("employers/export.xlsx", views.employers_export, name="employers_export"),
    path("employers/import/", views.employers_import, name="employers_import"),
    path("employers/import/<int:pk>/apply/", views.import_apply, name="import_apply"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/declarations/", views.dashboard_list, name="dashboard_list"),
    path("dashboard/dashboard.pdf", views.dashboard_pdf, name="dashboard_pdf"),
    path("declarations/template.xlsx", views.declarations_template, name="declarations_template"),
    path("years/<int:pk>/import/", views.declarations_import, name="declarations_import"),
    path(
        "declarations/import/<int:pk>/apply/",
        views.declarations_import_apply,
        name="declarations_import_apply",
    ),
    path("years/<int:pk>/levies/", views.levies_recompute, name="levies_recompute"),
    path("years/<int:pk>/status/<slug:step>/", views.year_status, name="year_status"),
    path("employees/<int:pk>/materials/", views.material_upload, name="material_upload"),
    path("materials/<int:pk>/", views.material_download, name="material_download"),
]
