from django.apps import AppConfig


class EmploymentQuotaConfig(AppConfig):
    name = "employment_quota"
