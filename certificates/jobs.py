"""Background jobs of the certificate register: importing an existing registry, printing a
batch of cards, and the documents that grow with the register (decision 0230)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cdpf import audit, bulk_load
from cdpf.document_jobs import document_job
from cdpf.jobs import JobError, job_handler, saving
from cdpf.models import AuditEntry, Job
from cdpf.pdf import MissingGlyphError, render_and_store
from certificates import lookups, names, pdf, selectors, services
from certificates.attachments import latest_photo
from certificates.models import Application, Certificate, CertificateEvent, NameGram, Person
from certificates.spreadsheets import ImportRow, read_registry

IMPORT_KIND = "certificates.import_registry"
BATCH = 2000  # rows written between two progress updates


@job_handler(
    IMPORT_KIND,
    apply_url="certificates:import_apply",
    done_url="certificates:index",
    unsaved=gettext_lazy("no holder or certificate of the file was added."),
)
def import_registry(job: Job, progress) -> dict:
    """Dry run or apply; any bad row (invalid ID, duplicate, bad date) stops the whole import."""
    dry_run = bool(job.params.get("dry_run", True))
    progress(0, 0, _("Checking rows"))
    try:
        check = read_registry(
            bytes(job.input_file or b""),
            today=timezone.localdate(),
            existing_ids=lookups.existing_id_numbers_by_index,
            existing_numbers=lookups.valid_numbers_by_index,
        )
    except ValidationError as exc:
        raise JobError(" ".join(exc.messages)) from exc
    total = len(check.rows) + len(check.errors)
    summary = {"dry_run": dry_run, "rows": total, "new": len(check.rows), "update": 0, "skip": 0}
    if check.errors:
        raise JobError(
            _("%(count)s row(s) have errors; nothing was changed.") % {"count": len(check.errors)},
            errors=check.errors,
            result=summary,
        )
    if dry_run:
        progress(total, total, _("Done"))
        return summary
    actor, region = job.created_by, job.region
    context = {
        "region_id": region.pk,
        "actor_id": actor.pk,
        "note": job.input_name[:300],
        "now": timezone.now(),
        "today": timezone.localdate(),
    }
    with saving(job):
        for start in range(0, len(check.rows), BATCH):
            chunk = check.rows[start : start + BATCH]
            _write_rows(chunk, **context)
            progress(start + len(chunk), total, _("Importing"))
        # no row sends signals: one audit row covers the import, naming every count
        audit.record(
            action=AuditEntry.Action.IMPORT,
            user=actor,
            object_type="certificates.person",
            object_repr=job.input_name,
            detail=summary,
        )
    return summary


def _status(row: ImportRow, today: datetime.date) -> str:
    return Certificate.Status.VALID if row.expiry_date >= today else Certificate.Status.EXPIRED


def _write_rows(rows: list[ImportRow], *, region_id, actor_id, note, now, today) -> None:
    """People, their name pieces, certificates and "imported" events, written with COPY on
    PostgreSQL and one executemany INSERT each elsewhere (cdpf.bulk_load: a third of
    bulk_create's time, which compiles an INSERT of every value). The blind indexes are the
    ones the check computed; the ID, certificate and phone numbers are encrypted on the way.
    A row the database refuses (a holder added by someone else since the check) raises
    Django's IntegrityError, as bulk_create would."""
    postgres = connection.vendor == "postgresql"

    def new_ids(model) -> list:
        # PostgreSQL: drawn from the sequence first; SQLite gives an id to a NULL one
        return bulk_load.next_ids(cursor, model, len(rows)) if postgres else [None] * len(rows)

    with connection.cursor() as cursor, connection.wrap_database_errors:
        person_ids = new_ids(Person)
        people = [
            {
                "id": pk,
                "region_id": region_id,
                "id_number": r.id_number,
                "id_number_index": r.id_index,
                "name": r.name,
                "sex": r.number.id_number.sex,
                "birth_date": r.number.id_number.birth_date,
                "community": r.community,
                "address": r.address,
                "phone": r.phone,
                "created_at": now,
            }
            for pk, r in zip(person_ids, rows, strict=True)
        ]
        bulk_load.insert_rows(cursor, Person, people)
        if not postgres:  # the ids SQLite gave, found by the blind index (unique)
            given = dict(
                Person.objects.filter(id_number_index__in=[r.id_index for r in rows]).values_list(
                    "id_number_index", "pk"
                )
            )
            person_ids = [given[r.id_index] for r in rows]
        # new holders: no old pieces to delete, no certificate in another district yet
        bulk_load.insert_rows(
            cursor,
            NameGram,
            [
                {"person_id": pk, "region_id": region_id, "gram": gram}
                for pk, r in zip(person_ids, rows, strict=True)
                for gram in names.bigrams(r.name)
            ],
        )
        certificate_ids = new_ids(Certificate)
        certificates = [
            {
                "id": pk,
                "person_id": person_id,
                "region_id": region_id,
                "number": str(r.number),
                "number_index": r.number_index,
                "category": r.number.category,
                "grade": r.number.grade,
                "parts": [[r.number.category, r.number.grade]],
                "replacement": r.number.replacement,
                "issue_date": r.issue_date,
                "expiry_date": r.expiry_date,
                "status": _status(r, today),
                "print_status": Certificate.PrintStatus.HANDED_OVER,
            }
            for pk, person_id, r in zip(certificate_ids, person_ids, rows, strict=True)
        ]
        bulk_load.insert_rows(cursor, Certificate, certificates)
        if not postgres:  # one certificate per new holder
            given = dict(
                Certificate.objects.filter(person_id__in=person_ids).values_list("person_id", "pk")
            )
            certificate_ids = [given[pk] for pk in person_ids]
        bulk_load.insert_rows(
            cursor,
            CertificateEvent,
            [
                {
                    "certificate_id": pk,
                    "kind": "imported",
                    "at": now,
                    "actor_id": actor_id,
                    "note": note,
                }
                for pk in certificate_ids
            ],
        )


PRINT_KIND = "certificates.print_batch"


@job_handler(
    PRINT_KIND,
    done_url="certificates:print_queue",
    unsaved=gettext_lazy(
        "no print file was kept, no document number was used and no card was marked printed."
    ),
)
def print_batch(job: Job, progress) -> dict:
    """Render one PDF with the data page of every queued card, then mark each as printed."""
    applications = list(
        Application.objects.filter(
            pk__in=job.params["applications"],
            state="approved",
            region__code__startswith=job.region.scope_prefix,
        )
        .select_related("certificate", "certificate__person", "certificate__region")
        .order_by("id")
    )

    applications = [a for a in applications if latest_photo(a.person) is not None]
    if not applications:
        raise JobError(
            _("No certificate of this batch is still waiting to be printed with a photo.")
        )
    try:
        cards = pdf.card_batch_cards(
            certificates=[a.certificate for a in applications], progress=progress
        )
        # The number is taken in the transaction that keeps the document and marks the cards;
        # the copy is rendered there too, so the paper prints its own number.
        with saving(job):
            document = pdf.card_batch_store(
                actor=job.created_by, region=job.region, cards=cards, count=len(applications)
            )
            for application in applications:
                services.certificate_print(
                    actor=job.created_by, application=application, batch=document.number
                )
    except MissingGlyphError as exc:
        raise JobError(str(exc)) from exc
    progress(len(applications) + 1, len(applications) + 1, _("Done"))
    return {"printed": len(applications), "document": document.number}


RENEWALS_KIND = "certificates.renewal_list"
RENEWALS_MAX_ROWS = 2000


@document_job(
    RENEWALS_KIND,
    document_kind="certificate_renewal_list",
    unsaved=gettext_lazy("no renewal list was kept and no document number was used."),
)
def renewal_list(job: Job, laying_out) -> tuple:
    """The renewal list as a numbered PDF, laid out here rather than in the web request (an
    89-page list took 12–14 s, issue 16 item 4)."""
    days = int(job.params["days"])
    until = timezone.localdate() + datetime.timedelta(days=days)
    rows = list(
        selectors.expiring(job.created_by, until=until).select_related("person")[:RENEWALS_MAX_ROWS]
    )
    laying_out()
    document = render_and_store(
        "pdf/certificates/renewals.html",
        {"rows": rows, "until": until, "region": job.region, "today": timezone.localdate()},
        actor=job.created_by,
        kind="certificate_renewal_list",
        title=_("Renewal list until %(until)s") % {"until": until.isoformat()},
        region=job.region,
        prefix="HL",
        official_number="",
    )
    return document, {"listed": len(rows), "days": days}


NOTICE_LIST_KIND = "certificates.notice_list"


@document_job(NOTICE_LIST_KIND, document_kind="certificate_notice")
def notice_list(job: Job, laying_out):
    """公示名单 of one notice batch: one line per applicant, as long as the batch (no limit)."""

    batch = selectors.notices_for(job.created_by).filter(pk=job.params["batch"]).first()
    if batch is None:
        raise JobError(_("This notice is no longer in your region."))
    laying_out()
    return pdf.notice_list(actor=job.created_by, batch=batch)


YEARLY_SUMMARY_KIND = "certificates.yearly_summary"


@document_job(YEARLY_SUMMARY_KIND, document_kind="certificate_yearly_summary")
def yearly_summary(job: Job, laying_out):
    """The year's issuance summary of the requester's region: counted over the year's
    certificates and applications, which grow with the register."""

    year = int(job.params["year"])
    region = job.region
    rows, totals = selectors.yearly_summary(region, year)
    laying_out()
    return pdf.yearly_summary(
        actor=job.created_by, region=region, year=year, rows=rows, totals=totals
    )
