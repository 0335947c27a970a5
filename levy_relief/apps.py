from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LevyReliefConfig(AppConfig):
    name = "levy_relief"
    verbose_name = _("Levy reduction, exemption and deferral")

    def ready(self):
        from employment_quota.levies import LEVY_CHANGE_HOOKS
        from levy_relief import home, jobs  # noqa: F401  (home-page items, job handlers)
        from levy_relief.services import follow_levy_changes

        if follow_levy_changes not in LEVY_CHANGE_HOOKS:
            LEVY_CHANGE_HOOKS.append(follow_levy_changes)
