"""The registry import's work follows the file (issue 16 item 3): its queries do not grow
with the number of rows, and the rows it writes in bulk (COPY on PostgreSQL, executemany
elsewhere) are the rows the ORM would have written, found by ID number, certificate number
and name, with their "imported" event and one audit entry."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cdpf import jobs
from cdpf.models import AuditEntry, Job
from certificates import lookups, selectors
from certificates.jobs import IMPORT_KIND
from certificates.models import Certificate, CertificateEvent, NameGram, Person
from tests.factories import ADULT_ID, id_number, register_workbook

pytestmark = pytest.mark.django_db


def rows(count: int, start: int = 0) -> list[list]:
    """`count` good rows of new 永年区 holders, born a day apart from 1990-01-01 + `start`."""
    found = []
    for i in range(start, start + count):
        birth = (datetime.date(1990, 1, 1) + datetime.timedelta(days=i)).strftime("%Y%m%d")
        number = id_number(birth, "041")
        found.append(
            [number, "李堃", "西街村", "西街村2号", number + "13", "2019-01-02", "2029-01-02"]
        )
    return found


def run_import(user, content: bytes, *, dry_run: bool) -> tuple[Job, int]:
    """Run the import job in line; its status and the number of queries it made."""
    job = Job.objects.create(
        kind=IMPORT_KIND,
        title="t",
        params={"dry_run": dry_run},
        input_file=content,
        input_name="r.xlsx",
        created_by=user,
        region=user.region,
    )
    with CaptureQueriesContext(connection) as ctx:
        jobs.run(job.pk)
    job.refresh_from_db()
    assert job.status == "succeeded", (job.message, job.errors[:3])
    return job, len(ctx.captured_queries)


def test_the_checks_queries_do_not_grow_with_the_rows(office_user):
    _, ten = run_import(office_user, register_workbook(rows(10)), dry_run=True)
    _, two_hundred = run_import(office_user, register_workbook(rows(200)), dry_run=True)
    assert ten == two_hundred
    # a dry run saves nothing: no holder, name piece, certificate or event, and no audit row
    # of an import (only the job's own)
    for model in (Person, NameGram, Certificate, CertificateEvent):
        assert not model.objects.exists(), model
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.IMPORT).exists()


def test_the_applys_queries_do_not_grow_with_the_rows(office_user):
    first, ten = run_import(office_user, register_workbook(rows(10)), dry_run=False)
    _, two_hundred = run_import(office_user, register_workbook(rows(200, 10)), dry_run=False)
    assert first.result["new"] == 10
    # executemany on SQLite, COPY on PostgreSQL (which the query log does not see: there the
    # equal counts are of the statements around the COPY)
    assert ten == two_hundred
    assert Person.objects.count() == CertificateEvent.objects.count() == 210


def test_an_applied_row_is_the_holder_the_orm_would_have_written(office_user):
    before = timezone.now()
    other = id_number("19900101", "041")
    content = register_workbook(
        [
            [
                ADULT_ID,
                "王喆",
                "东街村",
                "东街村1号",
                ADULT_ID + "42",
                "2020-05-08",
                "2030-05-08",
                13800000000,
            ],
            [
                other,
                "欧阳娜娜",
                "西街村",
                "西街村2号",
                other + "13B1",
                "2010-01-02",
                "2020-01-02",
                "",
            ],
        ]
    )
    job, _ = run_import(office_user, content, dry_run=False)
    assert job.result == {"dry_run": False, "rows": 2, "new": 2, "update": 0, "skip": 0}
    holder = Person.objects.by_id_number(ADULT_ID).get()
    assert (holder.name, holder.sex, holder.birth_date, holder.region) == (
        "王喆",
        "M",
        datetime.date(1985, 3, 15),
        office_user.region,
    )
    assert (holder.community, holder.address, holder.phone) == (
        "东街村",
        "东街村1号",
        "13800000000",
    )
    assert holder.guardian_name == holder.guardian_id_number == holder.closed_reason == ""
    assert holder.created_at >= before and holder.closed_on is None
    card = Certificate.objects.by_number(ADULT_ID + "42").get()
    assert (card.person, card.category, card.grade, card.parts, card.replacement) == (
        holder,
        4,
        2,
        [[4, 2]],
        0,
    )
    assert (card.status, card.print_status, card.issue_date) == (
        "valid",
        "handed_over",
        datetime.date(2020, 5, 8),
    )
    expired = Certificate.objects.by_number(other + "13B1").get()
    assert (expired.status, expired.replacement, expired.person.phone) == ("expired", 1, "")
    event = CertificateEvent.objects.get(certificate=card)
    assert (event.kind, event.actor, event.note) == ("imported", office_user, "r.xlsx")
    assert event.at >= before
    assert CertificateEvent.objects.count() == 2
    # the name pieces: found by a part of the name, in the importing district
    assert list(selectors.holders_named(office_user, "阳娜")) == [expired.person]
    assert set(NameGram.objects.filter(person=expired.person).values_list("gram", flat=True)) == {
        "欧阳",
        "阳娜",
        "娜娜",
    }
    entry = AuditEntry.objects.get(action="import", object_type="certificates.person")
    assert entry.user == office_user and entry.detail["new"] == 2


def test_a_holder_added_since_the_check_fails_the_whole_apply(
    office_user, person_factory, monkeypatch
):
    registered = (
        person_factory()
    )  # ADULT_ID, registered after the check (which is made not to see them)
    monkeypatch.setattr(lookups, "existing_id_numbers_by_index", lambda by_index: set())
    content = register_workbook(
        rows(3)
        + [[ADULT_ID, "王喆", "东街村", "东街村1号", ADULT_ID + "42", "2020-05-08", "2030-05-08"]]
    )
    job = Job.objects.create(
        kind=IMPORT_KIND,
        title="t",
        params={"dry_run": False},
        input_file=content,
        input_name="r.xlsx",
        created_by=office_user,
        region=office_user.region,
    )
    assert jobs.run(job.pk) == "failed"
    job.refresh_from_db()
    assert job.saved_at is None
    assert Person.objects.count() == 1 and not Certificate.objects.exists()
    assert not CertificateEvent.objects.exists()
    assert not NameGram.objects.exclude(person=registered).exists()
    assert not AuditEntry.objects.filter(action="import").exists()
