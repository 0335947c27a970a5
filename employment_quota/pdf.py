"""审核认定表: the audit decision with the levy explanation a supervisor can check by hand."""

from django.utils import timezone, translation

from cdpf.pdf import render_and_store
from employment_quota.rules import EMPLOYER_TYPE_NAMES


def audit_certificate(*, actor, declaration):
    with translation.override("zh-hans"):  # an official document: Chinese whatever the reader
        return _audit_certificate(actor=actor, declaration=declaration)


def _audit_certificate(*, actor, declaration):
    context = {
        "d": declaration,
        "employer_type": EMPLOYER_TYPE_NAMES[declaration.employer.employer_type],
        "employees": declaration.employees.select_related("certificate__person"),
        "printed_on": timezone.localdate(),
    }
    return render_and_store(
        "pdf/employment_quota/audit_certificate.html",
        context,
        actor=actor,
        kind="quota_audit_certificate",
        title=(
            f"按比例安排残疾人就业审核认定表 {declaration.employer.name} "
            f"{declaration.audit_year.year}"
        ),
        region=declaration.region,
        obj=declaration,
        prefix="NS",
    )
