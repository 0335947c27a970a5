"""Following changes of the levy after a decision: the summary, the list of changes and their
review."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cdpf.messages import Line, dumps, loads, render_text
from cdpf.params import get_param
from employment_quota.models import Employer
from levy_relief import flows, rules
from levy_relief.models import ReliefApplication
from levy_relief.services.common import (
    _approved,
    _locked,
    _require,
    audited_declaration,
    levy_due_date,
)


def follow_levy_changes(*, changes, actor) -> list[dict]:
    """A recomputation changed audited levies: approved reliefs resting on them follow. An
    exemption follows the levy (it exempts the whole new levy); a reduction still within the new
    levy stands on it; a reduction larger than the new levy, or a deferral whose deferred
    amount (levy less what is remitted) changes, is flagged for the chairman's review and
    returned to be listed on the job's page. Each change is a save, so it is audited."""
    new_levy = {pk: after for pk, _before, after in changes}
    if not new_levy:
        return []
    reviews = []
    applications = (
        ReliefApplication.objects.select_for_update()
        .filter(declaration_id__in=list(new_levy), state=flows.APPROVED)
        .select_related("employer")
    )
    remitted_now: dict[int, Decimal] = {}
    # the remissions of a levy first: a deferral defers what they leave
    ordered = sorted(applications, key=lambda a: (a.declaration_id, a.kind == rules.DEFERRAL, a.pk))
    for application in ordered:
        levy = Decimal(new_levy[application.declaration_id])
        before = application.levy_due
        note = ""
        if application.kind == rules.EXEMPTION:
            if levy > 0:
                application.levy_due = application.amount = levy
            else:
                note = Line(gettext_noop("the levy is now 0.00 yuan: nothing is left to exempt"))
        elif application.kind == rules.REDUCTION:
            if application.amount > levy:
                note = Line(
                    gettext_noop(
                        "the levy is now %(levy)s yuan, less than the %(amount)s yuan reduced"
                    ),
                    levy=f"{levy:,.2f}",
                    amount=f"{application.amount:,.2f}",
                )
            else:
                application.levy_due = levy
        if application.kind in rules.REMISSIONS and not note:
            remitted_now[application.declaration_id] = (
                remitted_now.get(application.declaration_id, Decimal(0)) + application.amount
            )
        if application.kind == rules.DEFERRAL:
            remitted = remitted_now.get(application.declaration_id, Decimal(0))
            deferred = levy - remitted
            if deferred != application.amount:
                note = Line(
                    gettext_noop(
                        "the deferred amount would now be %(new)s yuan instead of %(old)s yuan"
                    ),
                    new=f"{deferred:,.2f}",
                    old=f"{application.amount:,.2f}",
                )
            elif levy > 0:
                application.levy_due = levy
        if note:
            application.levy_change_note = dumps(
                Line(
                    gettext_noop("Levy recomputed from %(before)s to %(after)s yuan: %(note)s."),
                    before=f"{before:,.2f}",
                    after=f"{levy:,.2f}",
                    note=note,
                )
            )
            reviews.append(
                {
                    "employer": application.employer.name,
                    "text": f"{rules.KIND_WORDS[application.kind]} {application.decision_number}"
                    f"：{render_text(application.levy_change_note)}",
                    "url": reverse("levy_relief:detail", args=[application.pk]),
                }
            )
        application.save()
    return reviews


def levy_summary(employer: Employer, levy_year: int, *, on: datetime.date) -> dict | None:
    """What the receiving form shows before any amount is typed: the audited levy, its due
    date and the caps in force (None where the employer has no audited levy that year)."""
    declaration = audited_declaration(employer, levy_year)
    if declaration is None or not declaration.amount_due:
        return None
    region = employer.region
    years = get_param("relief.max_reduction_exemption_years", on=on, region=region)
    months = get_param("relief.max_deferral_months", on=on, region=region)
    due = levy_due_date(declaration)
    remitted = _approved(employer.pk, levy_year).filter(kind__in=rules.REMISSIONS).aggregate(
        s=Sum("amount")
    )["s"] or Decimal(0)
    cap = min(declaration.amount_due * years, declaration.amount_due)
    return {
        "declaration": declaration,
        "levy": declaration.amount_due,
        "due": due,
        "remission_room": max(cap - remitted, Decimal(0)),
        "remitted": remitted,
        "max_months": months,
        "latest_new_due": rules.add_months(due, months),
    }


@transaction.atomic
def levy_change_review(
    *, actor, application: ReliefApplication, opinion: str, on: datetime.date
) -> ReliefApplication:
    """The chairman has reviewed a decision flagged by a recomputation: his opinion goes into
    the 办理过程 and the flag is cleared (a different relief is a new application)."""
    _require(actor, flows.LEVY_CHANGE_REVIEWERS)
    application = _locked(application)
    if not application.levy_change_note:
        raise ValidationError(_("Nothing about this decision waits for review."))
    if not opinion.strip():
        raise ValidationError({"opinion": _("Write the review opinion.")})
    application.returns = [
        *application.returns,
        {
            "step": "levy_review",
            "on": str(on),
            "by": str(actor),
            # the recomputation's words as kept (read in the reader's language), then the opinion
            "change": loads(application.levy_change_note),
            "note": opinion.strip(),
        },
    ]
    application.levy_change_note = ""
    application.save()
    return application
