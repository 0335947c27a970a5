from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

from cdpf import roles
from cdpf.navigation import register_link


class EmploymentQuotaConfig(AppConfig):
    name = "employment_quota"
    verbose_name = _("Quota employment audit")

    def ready(self):
        register_link(
            _("Quota audit"),
            "employment_quota:index",
            order=30,
            roles=(
                roles.LABOUR_SERVICE, roles.SUPERVISOR, roles.CHAIRMAN, roles.EDUCATION_EMPLOYMENT
            ),
        )
        roles.register_document_readers(
            "quota_", (roles.LABOUR_SERVICE, roles.SUPERVISOR, roles.CHAIRMAN)
        )
        from certificates import synthetic as people  # noqa: PLC0415  (Django app loading)
        from employment_quota import home, jobs, synthetic  # noqa: F401, PLC0415  (Django app loading)
        from employment_quota.figures import declaration_changed  # noqa: PLC0415  (Django app loading)
        from employment_quota.models import Declaration  # noqa: PLC0415  (Django app loading)

        post_save.connect(declaration_changed, sender=Declaration, dispatch_uid="quota_figures")
        post_delete.connect(
            declaration_changed, sender=Declaration, dispatch_uid="quota_figures_delete"
        )
        people.register_further("quota", synthetic)  # make_synthetic_data --quota
