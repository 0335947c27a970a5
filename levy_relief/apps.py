from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LevyReliefConfig(AppConfig):
    name = "levy_relief"
    verbose_name = _("Levy reduction, exemption and deferral")

    def ready(self):
        from employment_quota.levies import LEVY_CHANGE_HOOKS, TAX_LIST_RELIEF_HOOKS
        from levy_relief import home  # noqa: F401  (registers the home-page items)
        from levy_relief.selectors import approved_summaries
        from levy_relief.services import follow_levy_changes

        if follow_levy_changes not in LEVY_CHANGE_HOOKS:
            LEVY_CHANGE_HOOKS.append(follow_levy_changes)
        if approved_summaries not in TAX_LIST_RELIEF_HOOKS:
            TAX_LIST_RELIEF_HOOKS.append(approved_summaries)  # the tax list's relief columns
