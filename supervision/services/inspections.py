"""Inspection plans and inspections: creation, notice, the record of the check, evidence,
findings and publication."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cdpf import audit, private_files
from cdpf.models import AuditEntry, Region
from cdpf.params import get_param
from supervision import flows, rules
from supervision.models import (
    ChecklistItem,
    Complaint,
    Evidence,
    Finding,
    Inspection,
    InspectionPlan,
)
from supervision.services.common import _in_scope, _require

# ---- plans and inspections ---------------------------------------------------------------


@transaction.atomic
def plan_create(
    *, actor, region: Region, year: int, rule: str, planned_checks: int = 1, notes: str = ""
) -> InspectionPlan:
    """The year's plan of checks under one rule."""
    _require(actor, "plan_create")
    _in_scope(actor, region)
    if rule not in rules.RULES:
        raise ValidationError({"rule": _("Choose the rule.")})
    if InspectionPlan.objects.filter(region=region, year=year, rule=rule).exists():
        raise ValidationError(
            {"year": _("A plan of %(year)s for this rule already exists.") % {"year": year}}
        )
    plan = InspectionPlan(
        region=region,
        year=year,
        rule=rule,
        planned_checks=planned_checks,
        notes=notes.strip(),
        created_by=actor,
    )
    plan.full_clean()
    plan.save()
    return plan


SUBJECT_FIELDS = {"employer": "employer", "holder": "person", "staff": "staff", "doctor": "doctor"}


@transaction.atomic
def inspection_create(
    *,
    actor,
    rule: str,
    year: int,
    method: str,
    subject_kind: str,
    subject,
    scheduled_on: datetime.date,
    plan: InspectionPlan | None = None,
    complaint: Complaint | None = None,
    region: Region | None = None,
) -> Inspection:
    """A check of one subject, with the checklist of its rule."""
    if complaint is None:
        _require(actor, "inspection_create")
    else:  # the verification of a complaint: its state is checked by complaint_verify
        flows.REGISTER.check(actor, None, "inspection_create")
    region = plan.region if plan else complaint.region if complaint else region
    _in_scope(actor, region)
    if plan is not None and (plan.rule != rule or plan.year != year):
        raise ValidationError(_("The inspection must follow its plan's rule and year."))
    if subject_kind not in rules.SUBJECTS_BY_RULE.get(rule, ()):
        raise ValidationError(
            {"subject_kind": _("This subject cannot be inspected under this rule.")}
        )
    if subject is None:
        raise ValidationError({"subject_kind": _("Choose the subject.")})
    subject_region = getattr(subject, "region", None)
    if subject_region is not None:
        _in_scope(actor, subject_region)
    inspection = Inspection(
        region=region,
        plan=plan,
        complaint=complaint,
        year=year,
        rule=rule,
        method=method,
        subject_kind=subject_kind,
        scheduled_on=scheduled_on,
        created_by=actor,
        **{SUBJECT_FIELDS[subject_kind]: subject},
    )
    inspection.full_clean()
    inspection.save()
    signers = get_param("certificate.direct_assessment_signers", on=scheduled_on, region=region)
    for code, text in rules.checklist(rule, signers=signers):
        ChecklistItem.objects.create(inspection=inspection, code=code, text=text)
    return inspection


def _move(actor, inspection: Inspection, step: str) -> None:
    flows.INSPECTION.advance(actor, inspection, step)


@transaction.atomic
def inspection_notify(*, actor, inspection: Inspection, on: datetime.date) -> Inspection:
    """通知被检查单位或个人: the notice is printed next (pdf.inspection_notice)."""
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    _move(actor, inspection, "notify")
    inspection.notified_on = on
    inspection.save()
    return inspection


@transaction.atomic
def inspection_record_check(
    *, actor, inspection: Inspection, results: dict, conclusion: str, on: datetime.date
) -> Inspection:
    """书面和实地核查: every checklist item answered, and a conclusion."""
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    _move(actor, inspection, "check")
    if on > timezone.localdate():
        raise ValidationError(
            {
                "checked_on": ValidationError(
                    _("A check cannot be dated in the future."), code="future"
                )
            }
        )
    items = list(inspection.items.all())
    missing = [
        item.text
        for item in items
        if results.get(item.code, ("", ""))[0] not in dict(ChecklistItem.Result.choices)
        or results.get(item.code, ("", ""))[0] == ChecklistItem.Result.PENDING
    ]
    if missing:
        raise ValidationError(
            _("Answer every checklist item; not answered: %(items)s")
            % {"items": "；".join(missing)},
            code="checklist",
        )
    for item in items:
        result, note = results[item.code]
        if result == ChecklistItem.Result.ISSUE and not (note or "").strip():
            raise ValidationError(
                _("Say what does not meet the rule for: %(item)s") % {"item": item.text},
                code="note",
            )
        item.result, item.note = result, (note or "").strip()[:300]
        item.save()
    if not conclusion.strip():
        raise ValidationError({"conclusion": _("Write the conclusion of the check.")})
    if on < inspection.notified_on:
        raise ValidationError({"checked_on": _("The check cannot be before the notice.")})
    inspection.conclusion, inspection.checked_on = conclusion.strip(), on
    inspection.save()
    return inspection


AREA = "supervision"  # under PRIVATE_STORAGE_DIR


@transaction.atomic
def evidence_add(*, actor, inspection: Inspection, upload, description: str) -> Evidence:
    """Keep a scan or photo (PDF, JPEG, PNG by content) under the private storage directory."""
    inspection = Inspection.objects.get(pk=inspection.pk)
    flows.INSPECTION.check(actor, inspection, "evidence")
    if not description.strip():
        raise ValidationError({"description": _("Describe the evidence.")})
    return Evidence.objects.create(
        inspection=inspection,
        description=description.strip()[:200],
        **private_files.store(upload, area=AREA),
        uploaded_by=actor,
    )


def evidence_read(evidence: Evidence) -> bytes:
    return private_files.read(AREA, evidence.path)


@transaction.atomic
def finding_add(*, actor, inspection: Inspection, text: str) -> Finding:
    inspection = Inspection.objects.get(pk=inspection.pk)
    flows.INSPECTION.check(actor, inspection, "finding")
    if not text.strip():
        raise ValidationError({"text": _("Write the finding.")})
    return Finding.objects.create(inspection=inspection, text=text.strip(), created_by=actor)


@transaction.atomic
def inspection_publish(*, actor, inspection: Inspection, on: datetime.date) -> Inspection:
    """将检查结果发文公布: the result notice is printed next (pdf.result_notice)."""
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    _move(actor, inspection, "publish")
    inspection.published_on = on
    inspection.save()
    audit.record(action=AuditEntry.Action.PUBLISH, obj=inspection, user=actor)
    return inspection
