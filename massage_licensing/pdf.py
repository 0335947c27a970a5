"""Printed documents: the 盲人保健按摩机构资格认定证书 and the rejection notice."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from cdpf.pdf import render_and_store
from massage_licensing.models import QualificationCertificate


def qualification_certificate(*, actor, application):
    """The certificate of an approved application, while it is valid."""
    certificate = application.certificate
    if certificate.status != QualificationCertificate.Status.VALID:
        raise ValidationError(
            _("Certificate %(n)s is %(status)s; it cannot be printed.")
            % {"n": certificate.number, "status": certificate.get_status_display()}
        )
    institution = application.institution
    checklist = application.checklist or []
    share = next((c for c in checklist if c["key"] == "blind_share"), None)
    context = {
        "c": certificate,
        "i": institution,
        "a": application,
        "share": share,
        "printed_on": timezone.localdate(),
    }
    return render_and_store(
        "massage_licensing/pdf/certificate.html",
        context,
        actor=actor,
        kind="massage_certificate",
        title=f"盲人保健按摩机构资格认定证书 {certificate.number} {certificate.institution_name}",
        region=application.region,
        obj=certificate,
        prefix="MA",
    )


def rejection_notice(*, actor, application):
    """不予认定通知书 with the reasons and the requirements not met."""
    context = {
        "a": application,
        "i": application.institution,
        "failed": [c for c in application.checklist or [] if not c["passed"]],
        "inspection": getattr(application, "inspection", None),
        "printed_on": timezone.localdate(),
    }
    return render_and_store(
        "massage_licensing/pdf/rejection.html",
        context,
        actor=actor,
        kind="massage_rejection",
        title=f"盲人保健按摩机构资格认定不予认定通知书 {application.institution.name}",
        region=application.region,
        obj=application,
        prefix="MA",
    )
