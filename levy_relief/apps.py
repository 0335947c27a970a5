from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cdpf import roles
from cdpf.navigation import register_link


class LevyReliefConfig(AppConfig):
    name = "levy_relief"
    verbose_name = _("Levy reduction, exemption and deferral")

    def ready(self):
        register_link(
            _("Levy relief"),
            "levy_relief:index",
            order=40,
            roles=(roles.LABOUR_SERVICE, roles.CHAIRMAN, roles.SUPERVISOR),
        )
        roles.register_document_readers(
            "relief_", (roles.LABOUR_SERVICE, roles.SUPERVISOR, roles.CHAIRMAN)
        )
        from employment_quota.levies import LEVY_CHANGE_HOOKS, TAX_LIST_RELIEF_HOOKS  # noqa: PLC0415  (Django app loading)
        from levy_relief import home, jobs  # noqa: F401, PLC0415  (home-page items, job handlers)
        from levy_relief.selectors import approved_summaries  # noqa: PLC0415  (Django app loading)
        from levy_relief.services import follow_levy_changes  # noqa: PLC0415  (Django app loading)

        if follow_levy_changes not in LEVY_CHANGE_HOOKS:
            LEVY_CHANGE_HOOKS.append(follow_levy_changes)
        if approved_summaries not in TAX_LIST_RELIEF_HOOKS:
            TAX_LIST_RELIEF_HOOKS.append(approved_summaries)  # the tax list's relief columns
