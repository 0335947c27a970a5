"""A way out of every state (issue 12, part 3): the office corrects an open application until
it is assessed, and returns or withdraws it in any undecided state with a reason. Each step
is written to the application's history and (by signals) to the audit log."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cdpf import validators
from cdpf.messages import Line, listing
from cdpf.messages import dumps as kept
from certificates import flows, rules
from certificates.models import Application, ApplicationEvent, Person
from certificates.services.common import _advance, _require, applicant_snapshot

PERSON_FIELDS = (
    "name",
    "community",
    "address",
    "phone",
    "guardian_name",
    "guardian_id_number",
    "guardian_relation",
    "guardian_phone",
)
# How each corrected field is named in the application's history (kept as messages, so the
# history reads in the reader's language).
FIELD_WORDS = {
    "name": gettext_noop("applicant's name"),
    "community": gettext_noop("village or community"),
    "address": gettext_noop("address"),
    "phone": gettext_noop("phone"),
    "guardian_name": gettext_noop("guardian's name"),
    "guardian_id_number": gettext_noop("guardian's ID number"),
    "guardian_relation": gettext_noop("guardian relation"),
    "guardian_phone": gettext_noop("guardian's phone"),
    "requested_category": gettext_noop("category applied for"),
}


@transaction.atomic
def application_correct(
    *, actor, application: Application, reason: str, on: datetime.date, **changes
) -> list[str]:
    """Correct the applicant's details, guardian or the category applied for, while the
    application waits for its assessment. Returns the names of the fields changed."""
    _require(actor, "office")
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.state not in flows.CORRECTABLE:
        raise ValidationError(
            _("An application can be corrected only until it is assessed; return it instead."),
            code="not_correctable",
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the application is corrected.")})
    person = Person.objects.select_for_update().get(pk=application.person_id)
    guardian_id = (changes.get("guardian_id_number") or "").strip()
    if guardian_id:
        guardian_id = rules.parse_id_number(guardian_id, today=on).number
        changes["guardian_id_number"] = guardian_id
        validators.validate_guardian(
            guardian_id_number=guardian_id,
            applicant_id_number=person.id_number,
            on=application.received_on,
        )
    if bool((changes.get("guardian_name") or "").strip()) != bool(guardian_id):
        raise ValidationError(_("Enter both the guardian's name and ID number, or neither."))
    changed = []
    for name in PERSON_FIELDS:
        if name not in changes:
            continue
        value = (changes[name] or "").strip()
        if name in ("name", "community", "address") and not value:
            continue  # required details are corrected, never emptied
        if getattr(person, name) != value:
            setattr(person, name, value)
            changed.append(name)
    category = changes.get("requested_category")
    if category and application.kind == Application.Kind.NEW:
        if category != application.requested_category:
            application.requested_category = category
            changed.append("requested_category")
    if not changed:
        raise ValidationError(_("Nothing was changed."), code="unchanged")
    person.full_clean()
    person.save()
    application.applicant = applicant_snapshot(person)
    application.save()
    ApplicationEvent.objects.create(
        application=application,
        from_state=application.state,
        to_state=application.state,
        actor=actor,
        note=kept(
            Line(
                gettext_noop("Corrected: %(fields)s. Reason: %(reason)s"),
                fields=listing([Line(FIELD_WORDS[n]) for n in changed]),
                reason=reason.strip()[:200],
            )
        ),
    )
    return changed


@transaction.atomic
def application_withdraw(
    *, actor, application: Application, reason: str, on: datetime.date
) -> None:
    """撤回 at the applicant's request, in any undecided state, with the reason."""
    if not reason.strip():
        raise ValidationError(_("Give the reason for the withdrawal."), code="reason")
    application = Application.objects.select_for_update().get(pk=application.pk)
    application.reason, application.decided_on = reason.strip()[:300], on
    _advance(application, "withdraw", actor=actor, note=reason)
