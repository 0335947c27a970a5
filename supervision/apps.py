from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from cdpf import roles
from cdpf.navigation import register_link


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("Supervision")

    def ready(self):
        register_link(
            _("Supervision"),
            "supervision:dashboard",
            order=60,
            roles=(
                roles.SUPERVISOR,
                roles.OFFICE,
                roles.CERTIFICATE_ROOM,
                roles.LABOUR_SERVICE,
                roles.CHAIRMAN,
            ),
        )
        # the police-file lists carry cancellations of named holders: rules.POLICE_READERS
        police = (roles.OFFICE, roles.CERTIFICATE_ROOM, roles.SUPERVISOR, roles.CHAIRMAN)
        roles.register_document_readers("supervision_quarterly_list", police)
        roles.register_document_readers("supervision_year_report", police)
        roles.register_document_readers(
            "supervision_",
            (roles.SUPERVISOR, roles.CHAIRMAN, roles.OFFICE, roles.LABOUR_SERVICE,
             roles.CERTIFICATE_ROOM),
        )
        from supervision import home, jobs  # noqa: F401, PLC0415  (Django app loading)
