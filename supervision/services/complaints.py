"""Complaints: receipt, assignment, verification, answer and closing."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cdpf import calendar, roles
from cdpf.models import Region
from cdpf.params import get_param
from supervision import flows, rules, selectors
from supervision.models import (
    Complaint,
    Inspection,
)
from supervision.services.common import _in_scope, _require
from supervision.services.inspections import inspection_create

# ---- complaints --------------------------------------------------------------------------


@transaction.atomic
def complaint_receive(
    *,
    actor,
    region: Region,
    received_on: datetime.date,
    channel: str,
    rule: str,
    subject: str,
    content: str,
    anonymous: bool = False,
    complainant_name: str = "",
    complainant_phone: str = "",
    respondent_kind: str = "",
    respondent_user=None,
    respondent_unit: str = "",
    respondent_name: str = "",
) -> Complaint:
    """投诉举报 intake, with the deadlines to assign and to reply in working days, and who it
    is about: a complaint about the chairman or the supervisors goes to the city as well."""
    _require(actor, "complaint_intake")
    _in_scope(actor, region)
    if not anonymous and not complainant_name.strip():
        raise ValidationError(
            {"complainant_name": _("Give the complainant's name, or tick anonymous.")}
        )
    respondent = _respondent(
        region=region,
        kind=respondent_kind,
        user=respondent_user,
        unit=respondent_unit,
        name=respondent_name,
    )
    assign_days = get_param(
        "supervision.complaint_assign_working_days", on=received_on, region=region
    )
    reply_days = get_param(
        "supervision.complaint_reply_working_days", on=received_on, region=region
    )
    complaint = Complaint(
        region=region,
        received_on=received_on,
        channel=channel,
        anonymous=anonymous,
        complainant_name="" if anonymous else complainant_name.strip(),
        complainant_phone="" if anonymous else complainant_phone.strip(),
        rule=rule,
        subject=subject.strip(),
        content=content.strip(),
        **respondent,
        assign_due_on=calendar.add_working_days(received_on, assign_days),
        reply_due_on=calendar.add_working_days(received_on, reply_days),
        received_by=actor,
    )
    complaint.full_clean()
    complaint.save()
    return complaint


def _respondent(*, region: Region, kind: str, user, unit: str, name: str) -> dict:
    """The respondent's fields, checked: a staff account of the district, one of its units,
    or a named outside party."""
    kinds = Complaint.RespondentKind
    if kind not in kinds.values:
        raise ValidationError({"respondent_kind": _("Say who the complaint is about.")})
    fields = {"respondent_kind": kind, "respondent_user": None, "respondent_unit": ""}
    fields["respondent_name"] = ""
    if kind == kinds.STAFF:
        if user is None:
            raise ValidationError(
                {"respondent_user": _("Choose the staff member complained about.")}
            )
        if user.region_id != region.pk:
            raise ValidationError({"respondent_user": _("Choose a staff member of this district.")})
        fields["respondent_user"] = user
        fields["respondent_unit"] = rules.unit_of(user.role_names)
    elif kind == kinds.UNIT:
        if unit not in rules.RESPONDENT_UNITS:
            raise ValidationError({"respondent_unit": _("Choose the unit complained about.")})
        fields["respondent_unit"] = unit
    else:
        if not (name or "").strip():
            raise ValidationError(
                {"respondent_name": _("Name the party complained about (unit or person).")}
            )
        fields["respondent_name"] = name.strip()[:100]
    escalate = fields["respondent_unit"] in rules.ESCALATED_UNITS
    fields["escalated_to"] = region.parent if escalate else None
    return fields


def _require_assignee(actor, complaint: Complaint) -> None:
    """Verification and reply are the assigned supervisor's (decision 0040)."""
    if complaint.assignee_id != actor.pk:
        raise PermissionDenied(
            _("Only the supervisor the complaint is assigned to may take this step.")
        )


def _complaint_move(actor, complaint: Complaint, step: str) -> None:
    flows.COMPLAINT.advance(actor, complaint, step)


@transaction.atomic
def complaint_assign(*, actor, complaint: Complaint, assignee, on: datetime.date) -> Complaint:
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    _complaint_move(actor, complaint, "assign")
    if assignee is None or not assignee.has_role(roles.SUPERVISOR) or assignee.region is None:
        raise ValidationError({"assignee": _("Assign the complaint to a supervisor.")})
    if not complaint.region.code.startswith(assignee.region.scope_prefix):
        raise ValidationError({"assignee": _("That supervisor does not cover this region.")})
    if not selectors.assignable_supervisors_for(complaint).filter(pk=assignee.pk).exists():
        raise ValidationError(
            {"assignee": _("The complaint concerns that supervisor or their unit.")}
        )
    complaint.assignee, complaint.assigned_on = assignee, on
    complaint.save()
    return complaint


@transaction.atomic
def complaint_verify(
    *,
    actor,
    complaint: Complaint,
    method: str,
    subject_kind: str,
    subject,
    scheduled_on: datetime.date,
) -> Inspection:
    """根据投诉举报开展核查: a verification inspection of the subject complained about."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    _complaint_move(actor, complaint, "verify")
    _require_assignee(actor, complaint)
    inspection = inspection_create(
        actor=actor,
        rule=complaint.rule,
        year=scheduled_on.year,
        method=method,
        subject_kind=subject_kind,
        subject=subject,
        scheduled_on=scheduled_on,
        complaint=complaint,
    )
    complaint.save()
    return inspection


@transaction.atomic
def complaint_answer(
    *, actor, complaint: Complaint, outcome: str, reply: str, on: datetime.date
) -> Complaint:
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    _complaint_move(actor, complaint, "answer")
    _require_assignee(actor, complaint)
    if not complaint.inspections.filter(
        state__in=[Inspection.State.CHECKED, Inspection.State.PUBLISHED]
    ).exists():
        raise ValidationError(_("Record the verification check before answering."))
    if outcome not in Complaint.Outcome.values:
        raise ValidationError({"outcome": _("Choose the outcome.")})
    if not reply.strip():
        raise ValidationError({"reply": _("Write the reply.")})
    complaint.outcome, complaint.reply, complaint.answered_on = outcome, reply.strip(), on
    complaint.save()
    return complaint


@transaction.atomic
def complaint_close(*, actor, complaint: Complaint, note: str, on: datetime.date) -> Complaint:
    """The office closes a complaint once the reply is given (or cannot be: anonymous)."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    _complaint_move(actor, complaint, "close")
    if not note.strip():
        raise ValidationError({"note": _("Say how the reply was given.")})
    complaint.close_note, complaint.closed_on = note.strip()[:300], on
    complaint.save()
    return complaint
