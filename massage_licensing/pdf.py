"""Printed documents: the 盲人保健按摩机构资格认定证书, the rejection notice and the 撤销决定书."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from cdpf.documents import appeal_rights, documents_revoke
from cdpf.pdf import render_and_store
from massage_licensing.models import Institution, QualificationCertificate


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
        official_number=certificate.number,
    )


def rejection_notice(*, actor, application):
    """不予认定通知书 with the reasons and the requirements not met."""
    context = {
        "a": application,
        "i": application.institution,
        "failed": [c for c in application.checklist or [] if not c["passed"]],
        "inspection": getattr(application, "inspection", None),
        "printed_on": timezone.localdate(),
        "appeal": appeal_rights(region=application.region, on=application.decided_on),
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
        dated=application.decided_on,
    )


def revocation_decision(*, actor, institution):
    """撤销决定书 of a revoked qualification; the certificates printed for the institution then
    answer /verify/ as revoked."""
    if institution.status != Institution.Status.REVOKED:
        raise ValidationError(_("The qualification of this institution is not revoked."))
    certificates = list(
        institution.certificates.filter(status=QualificationCertificate.Status.REVOKED)
    )
    document = render_and_store(
        "massage_licensing/pdf/revocation.html",
        {
            "i": institution,
            "certificates": certificates,
            "appeal": appeal_rights(region=institution.region, on=institution.revoked_on),
        },
        actor=actor,
        kind="massage_revocation",
        title=f"盲人保健按摩机构资格撤销决定书 {institution.name}",
        region=institution.region,
        obj=institution,
        prefix="MA",
        dated=institution.revoked_on,
    )
    for certificate in certificates:
        documents_revoke(
            obj=certificate,
            kinds=["massage_certificate"],
            on=institution.revoked_on,
            reason=institution.revocation_reason,
            by_document=document,
        )
    return document
