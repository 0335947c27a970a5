from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmploymentQuotaConfig(AppConfig):
    name = "employment_quota"
    verbose_name = _("Quota employment audit")

    def ready(self):
        from employment_quota import jobs  # noqa: F401  (registers the import job)
