"""Every write of supervision. Each is atomic, checks the role table of supervision.rules, and is
audited (model saves by signals; imports and cancellations by explicit entries)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cdpf import audit, calendar, private_files, roles
from cdpf.messages import Line, dumps
from cdpf.models import AuditEntry, Region
from cdpf.params import get_param
from certificates import services as certificate_services
from certificates.models import Application, Certificate
from supervision import flows, rules, selectors
from supervision.models import (
    ChecklistItem,
    Complaint,
    Evidence,
    Finding,
    FollowUp,
    Inspection,
    InspectionPlan,
    Measure,
    PoliceFile,
    PoliceRecord,
)


def _require(actor, action: str) -> None:
    """An action on the register (no record moves): the flow's roles for it."""
    flows.REGISTER.check(actor, None, action)


def _in_scope(actor, region: Region) -> None:
    if actor.region is None or not region.code.startswith(actor.region.scope_prefix):
        raise PermissionDenied(_("This record belongs to another region."))


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


CERTIFICATE_MEASURES = flows.CERTIFICATE_MEASURES


@transaction.atomic
def measure_order(
    *,
    actor,
    finding: Finding,
    kind: str,
    description: str,
    on: datetime.date,
    deadline: datetime.date | None = None,
    certificate: Certificate | None = None,
) -> Measure:
    """A measure for a finding: a rectification order needs a deadline; a certificate
    measure names the certificate, which the office then re-assesses or cancels."""
    inspection = Inspection.objects.get(pk=finding.inspection_id)
    flows.INSPECTION.check(actor, inspection, "measure_order")
    if kind not in Measure.Kind.values:
        raise ValidationError({"kind": _("Choose the measure.")})
    if not description.strip():
        raise ValidationError({"description": _("Say what must be done.")})
    if kind == Measure.Kind.RECTIFICATION:
        if deadline is None:
            raise ValidationError({"deadline": _("A rectification order needs a deadline.")})
        if deadline <= on:
            raise ValidationError({"deadline": _("The deadline must be after the order date.")})
    if kind in CERTIFICATE_MEASURES:
        if inspection.rule != rules.CERTIFICATES:
            raise ValidationError({"kind": _("Only a certificate check can lead to this.")})
        if certificate is None or certificate.status != Certificate.Status.VALID:
            raise ValidationError({"certificate": _("Name a valid certificate.")})
        _in_scope(actor, certificate.region)
        if inspection.person_id and certificate.person_id != inspection.person_id:
            raise ValidationError(
                {"certificate": _("The certificate is not the inspected holder's.")}
            )
    if kind == Measure.Kind.REFERRAL and inspection.subject_kind not in ("staff", "doctor"):
        raise ValidationError({"kind": _("Only staff members and doctors are referred.")})
    return Measure.objects.create(
        region=inspection.region,
        finding=finding,
        kind=kind,
        description=description.strip(),
        responsible_role=(
            roles.OFFICE
            if kind in CERTIFICATE_MEASURES
            else rules.RESPONSIBLE_ROLE[inspection.rule]
        ),
        ordered_on=on,
        deadline=deadline,
        certificate=certificate if kind in CERTIFICATE_MEASURES else None,
        created_by=actor,
    )


@transaction.atomic
def measure_follow_up(*, actor, measure: Measure, note: str, on: datetime.date) -> FollowUp:
    flows.MEASURE.check(actor, measure, "follow_up")
    if not actor.has_role(roles.SUPERVISOR, measure.responsible_role):
        raise PermissionDenied(_("Only the responsible unit or a supervisor may add progress."))
    if not note.strip():
        raise ValidationError({"note": _("Write the progress.")})
    return FollowUp.objects.create(measure=measure, on=on, note=note.strip()[:300], actor=actor)


@transaction.atomic
def measure_close(
    *, actor, measure: Measure, note: str, on: datetime.date, attendees: str = ""
) -> Measure:
    """The supervisor closes a measure once it is done (and the follow-up shows it)."""
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    flows.MEASURE.check(actor, measure, "close")
    if not note.strip():
        raise ValidationError({"note": _("Say how the measure was carried out.")})
    if measure.kind == Measure.Kind.TRAINING:
        if not attendees.strip():
            raise ValidationError({"attendees": _("List who attended the training.")})
        measure.attendees = attendees.strip()
    if measure.kind == Measure.Kind.CANCELLATION:
        measure.certificate.refresh_from_db()
        if measure.certificate.status == Certificate.Status.VALID:
            raise ValidationError(_("The certificate is still valid: the office cancels it first."))
    if measure.kind == Measure.Kind.REASSESSMENT and not _certificate_step_taken(
        measure, measure.certificate
    ):
        raise ValidationError(_("Start the re-assessment first (the office does it)."))
    measure.state, measure.closed_on, measure.closed_by = Measure.State.CLOSED, on, actor
    measure.close_note = note.strip()[:300]
    measure.save()
    return measure


def _certificate_step_taken(measure: Measure, certificate: Certificate) -> bool:
    """Cancelled, or a category/grade change application received since the order."""
    if measure.kind == Measure.Kind.CANCELLATION:
        return certificate.status != Certificate.Status.VALID
    return Application.objects.filter(
        old_certificate=certificate,
        kind=Application.Kind.CHANGE,
        received_on__gte=measure.ordered_on,
    ).exists()


@transaction.atomic
def measure_certificate_action(*, actor, measure: Measure, on: datetime.date) -> Measure:
    """The office carries out a certificate measure through the certificate services:
    cancellation (注销) or a category/grade change application (re-assessment, re-issue)."""
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    flows.MEASURE.check(actor, measure, "certificate")
    certificate = Certificate.objects.get(pk=measure.certificate_id)
    if _certificate_step_taken(measure, certificate):
        raise ValidationError(_("The certificate step was already taken."))
    reason = Line(gettext_noop("Supervision finding: %(text)s"), text=measure.finding.text[:300])
    if measure.kind == Measure.Kind.CANCELLATION:
        certificate_services.certificate_cancel(
            actor=actor, certificate=certificate, grounds="supervision", reason=reason, on=on
        )
        note = Line(gettext_noop("[certificate] Cancelled %(n)s"), n=certificate.masked_number)
    else:
        application = certificate_services.certificate_application_new(
            actor=actor, certificate=certificate, kind="change", on=on, reason=reason
        )
        note = Line(
            gettext_noop("[certificate] Re-assessment application %(id)s received"),
            id=application.pk,
        )
    FollowUp.objects.create(measure=measure, on=on, note=dumps(note), actor=actor)
    return measure


@transaction.atomic
def inspection_publish(*, actor, inspection: Inspection, on: datetime.date) -> Inspection:
    """将检查结果发文公布: the result notice is printed next (pdf.result_notice)."""
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    _move(actor, inspection, "publish")
    inspection.published_on = on
    inspection.save()
    audit.record(action=AuditEntry.Action.PUBLISH, obj=inspection, user=actor)
    return inspection


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


# ---- the quarterly police file -----------------------------------------------------------


def police_file_store(
    *,
    actor,
    region: Region,
    year: int,
    quarter: int,
    file_name: str,
    content: bytes,
    check: rules.PoliceCheck,
    matches: dict[str, tuple[int, int | None]],
    job=None,
    progress=None,
) -> PoliceFile:
    """Keep a checked police file and its rows with their proposed matches (no cancellation).
    The same file, or a file whose every row is already in, changes nothing."""
    _require(actor, "police_import")
    digest = rules.file_hash(content)
    earlier = PoliceFile.objects.filter(region=region, sha256=digest).first()
    if earlier is not None:
        raise ValidationError(
            _("This file was already imported on %(day)s (%(year)s Q%(q)s); nothing was changed.")
            % {
                "day": f"{timezone.localtime(earlier.imported_at):%Y-%m-%d}",
                "year": earlier.year,
                "q": earlier.quarter,
            },
            code="same_file",
        )
    hashes = [r.row_hash for r in check.rows]
    known = set()
    for start in range(0, len(hashes), 5000):
        known.update(
            PoliceRecord.objects.filter(
                region=region, row_hash__in=hashes[start : start + 5000]
            ).values_list("row_hash", flat=True)
        )
    fresh = [r for r in check.rows if r.row_hash not in known]
    if not fresh:
        raise ValidationError(
            _("Every row of this file was already imported; nothing was changed."),
            code="same_rows",
        )
    records = []
    matched = 0
    for r in fresh:
        person_cert = matches.get(r.id_number)
        if person_cert is None:
            state, certificate_id = PoliceRecord.Match.NO_MATCH, None
        elif person_cert[1] is None:
            state, certificate_id = PoliceRecord.Match.NO_VALID, None
        else:
            state, certificate_id = PoliceRecord.Match.PROPOSED, person_cert[1]
            matched += 1
        records.append(
            PoliceRecord(
                region=region,
                row=r.row,
                row_hash=r.row_hash,
                id_number=r.id_number,
                name=r.name,
                event=r.event,
                event_date=r.event_date,
                station=r.station,
                match=state,
                certificate_id=certificate_id,
            )
        )
    try:
        police_file = _store_rows(
            actor=actor, region=region, year=year, quarter=quarter, file_name=file_name,
            digest=digest, check=check, fresh=fresh, known=known, records=records,
            matched=matched, job=job, progress=progress,
        )  # fmt: skip
    except IntegrityError as exc:  # the same file or rows stored by a job running alongside
        raise ValidationError(
            _("Every row of this file was already imported; nothing was changed."),
            code="same_rows",
        ) from exc
    return police_file


def _store_rows(
    *, actor, region, year, quarter, file_name, digest, check, fresh, known, records, matched,
    job, progress,
) -> PoliceFile:  # fmt: skip
    with transaction.atomic():
        police_file = PoliceFile.objects.create(
            region=region,
            year=year,
            quarter=quarter,
            file_name=file_name[:200],
            sha256=digest,
            rows=len(check.rows),
            new_rows=len(fresh),
            matched=matched,
            job=job,
            imported_by=actor,
        )
        for start in range(0, len(records), 2000):
            chunk = records[start : start + 2000]
            for record in chunk:
                record.police_file = police_file
            PoliceRecord.objects.bulk_create(chunk)
            if progress:
                progress(start + len(chunk), len(records), _("Saving rows"))
        audit.record(
            action=AuditEntry.Action.IMPORT,
            obj=police_file,
            user=actor,
            detail={
                "rows": len(check.rows),
                "new": len(fresh),
                "already_imported": len(known),
                "matched": matched,
                "sha256": digest,
            },
        )
    return police_file


@transaction.atomic
def police_record_confirm(*, actor, record: PoliceRecord, on: datetime.date) -> Certificate:
    """Staff confirm a match: exactly that certificate is cancelled, through the certificate
    services, with the police event as reason and the event date as the date."""
    _require(actor, "police_confirm")
    record = PoliceRecord.objects.select_for_update().get(pk=record.pk)
    if record.match != PoliceRecord.Match.PROPOSED:
        raise ValidationError(
            _("This row is “%(state)s”; only a proposed match can be confirmed.")
            % {"state": record.get_match_display()},
            code="not_proposed",
        )
    certificate = record.certificate
    _in_scope(actor, certificate.region)
    if certificate.person.id_number != record.id_number:  # pragma: no cover - matched by id
        raise ValidationError(_("The certificate does not belong to this ID number."))
    # the legal date is the police event; a certificate issued after it ends on its issue day
    day = max(record.event_date, certificate.issue_date)
    reason = rules.cancellation_reason(
        event=record.event, event_date=record.event_date, station=record.station
    )
    cancelled = certificate_services.certificate_cancel(
        actor=actor, certificate=certificate, grounds=record.event, reason=reason, on=day
    )
    record.match, record.decided_by, record.decided_on = PoliceRecord.Match.CONFIRMED, actor, on
    record.save()
    return cancelled


@transaction.atomic
def police_record_reject(*, actor, record: PoliceRecord, note: str, on: datetime.date) -> None:
    """Not the same person (or already handled): the certificate stays as it is."""
    _require(actor, "police_confirm")
    record = PoliceRecord.objects.select_for_update().get(pk=record.pk)
    if record.match != PoliceRecord.Match.PROPOSED:
        raise ValidationError(_("Only a proposed match can be rejected."), code="not_proposed")
    if not note.strip():
        raise ValidationError({"note": _("Say why the match is rejected.")})
    record.match, record.decided_by, record.decided_on = PoliceRecord.Match.REJECTED, actor, on
    record.note = note.strip()[:300]
    record.save()
