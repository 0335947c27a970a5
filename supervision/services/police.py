"""Police files: storing an imported file and confirming or rejecting each record."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cdpf import audit
from cdpf.models import AuditEntry, Region
from certificates import services as certificate_services
from certificates.models import Certificate
from supervision import rules
from supervision.models import (
    PoliceFile,
    PoliceRecord,
)
from supervision.services.common import _in_scope, _require

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
