"""The yearly review of a certified institution."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cdpf import calendar
from cdpf.messages import Line, listing, render
from cdpf.params import get_param
from massage_licensing import flows, rules
from massage_licensing.models import (
    Institution,
    QualificationCertificate,
    YearlyReview,
)
from massage_licensing.services.requirements import _next_review, _unmet_summary, evaluate


@transaction.atomic
def yearly_review_record(
    *,
    actor,
    institution: Institution,
    year: int,
    on: datetime.date,
    passed: bool,
    findings: str = "",
    exception_reason: str = "",
) -> YearlyReview:
    """Record a yearly review with the checklist as of its date. 合格 needs every requirement
    met, or the reviewer's written reason for the exception; a failed one sets the deadline to
    rectify. Only the years from certification to the review day are reviewed."""
    flows.REGISTER.check(actor, None, "yearly_review")
    institution = Institution.objects.select_for_update().get(pk=institution.pk)
    if institution.status not in (
        Institution.Status.CERTIFIED,
        Institution.Status.RECERTIFICATION,
    ):
        raise ValidationError(_("Only a certified institution is reviewed."))
    first_year = _certified_since(institution).year
    if not first_year <= year <= on.year:
        raise ValidationError(
            {
                "year": _(
                    "Only the years from certification (%(first)s) to this year (%(last)s) "
                    "can be reviewed."
                )
                % {"first": first_year, "last": on.year}
            }
        )
    if institution.reviews.filter(year=year, passed=True).exists():
        raise ValidationError(
            {"year": _("This institution already passed its %(y)s review.") % {"y": year}}
        )
    if not passed and not findings.strip():
        raise ValidationError({"findings": _("Say what must be rectified.")})
    checks = evaluate(institution, on)
    exception_reason = exception_reason.strip() if passed else ""
    if rules.all_met(checks):
        exception_reason = ""
    elif passed and not exception_reason:
        unmet = render(
            listing(
                [
                    Line(
                        gettext_noop("%(requirement)s (%(actual)s)"),
                        requirement=c.requirement,
                        actual=c.actual,
                    )
                    for c in checks
                    if not c.passed
                ],
                "；",
            )
        )
        raise ValidationError(
            {
                "passed": _(
                    "Not every requirement is met on the review day: %(unmet)s. Record the "
                    "review as failed, or write the reason for passing it as an exception."
                )
                % {"unmet": unmet}
            }
        )
    rectify_by = None
    if not passed:
        days = get_param("massage.rectification_working_days", on=on, region=institution.region)
        rectify_by = calendar.add_working_days(on, days)
    review = YearlyReview.objects.create(
        region=institution.region,
        institution=institution,
        year=year,
        reviewed_on=on,
        passed=passed,
        findings=findings.strip(),
        checklist=[c.as_dict() for c in checks],
        exception_reason=exception_reason,
        rectify_by=rectify_by,
        reviewed_by=actor,
    )
    institution.rectify_by = rectify_by
    if passed:
        institution.next_review_due = _next_review(institution.region, on)
    institution.requirements_unmet = _unmet_summary(checks)
    institution.save()
    return review


def _certified_since(institution: Institution) -> datetime.date:
    """The day the qualification in force was granted (its oldest certificate not revoked)."""
    certificates = institution.certificates.exclude(
        status=QualificationCertificate.Status.REVOKED
    ).order_by("issued_on", "id")
    revoked = institution.certificates.filter(status=QualificationCertificate.Status.REVOKED)
    last_revoked = revoked.order_by("-status_changed_on").first()
    if last_revoked is not None and last_revoked.status_changed_on:
        certificates = certificates.filter(issued_on__gte=last_revoked.status_changed_on)
    first = certificates.first()
    return first.issued_on if first else institution.created_at.date()
