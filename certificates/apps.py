from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from jinja2 import pass_context

from cdpf import roles
from cdpf.navigation import register_link


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Disability certificates")

    def ready(self):
        register_link(
            _("Disability certificates"),
            "certificates:index",
            order=20,
            roles=(roles.OFFICE, roles.CERTIFICATE_ROOM, roles.CHAIRMAN, roles.SUPERVISOR),
        )
        roles.register_document_readers(
            "certificate_", (roles.OFFICE, roles.CERTIFICATE_ROOM, roles.CHAIRMAN)
        )
        # counts, no person: the supervisor who may print it may open it again (decision 0230)
        roles.register_document_readers(
            "certificate_yearly_summary",
            (roles.OFFICE, roles.CERTIFICATE_ROOM, roles.CHAIRMAN, roles.SUPERVISOR),
        )
        from cdpf import jinja  # noqa: PLC0415  (Django app loading)
        from certificates.templatetags import certificate_rows as rows  # noqa: PLC0415  (same)

        # the register's two tables, for its Jinja2 pages (decision 0300)
        jinja.register_globals(
            certificate_rows=pass_context(rows.certificate_rows),
            applicant_rows=pass_context(rows.applicant_rows),
        )
        # home items, jobs, name index, void marks on kept batches
        from certificates import batches, home, jobs, signals  # noqa: F401, PLC0415  (Django app loading)
