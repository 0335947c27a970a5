"""Registry imports look up only the file's own ID and certificate numbers (issue 16 item 3):
no check reads the whole register, so a 10-row file costs the same at province size."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cdpf.models import Job
from certificates import lookups
from certificates.models import Person
from tests.factories import ADULT_ID, id_number, register_upload, register_workbook

pytestmark = pytest.mark.django_db


def unfiltered_reads(queries, table: str) -> list[str]:
    """SELECTs reading `table` without any WHERE: a read of the whole register."""
    return [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith("SELECT")
        and re.search(rf'FROM "?{table}"?', q["sql"])
        and " WHERE " not in q["sql"].upper()
    ]


def test_the_dry_run_looks_up_only_the_files_numbers(
    client_for, office_user, flow, person_factory, django_capture_on_commit_callbacks
):
    flow("closed")  # 王喆 holds a valid certificate: already in the register
    person_factory(number=id_number("19700101", "011"), name="李四")  # not in the file
    content = register_workbook(
        [
            [ADULT_ID, "王喆", "东街村", "东街村1号", ADULT_ID + "42", "2020-05-08", "2030-05-08"],
            [
                id_number("19900101", "041"),
                "李堃",
                "西街村",
                "西街村2号",
                id_number("19900101", "041") + "13",
                "2019-01-02",
                "2029-01-02",
            ],
        ]
    )
    with CaptureQueriesContext(connection) as ctx, django_capture_on_commit_callbacks(execute=True):
        register_upload(client_for(office_user), content)
    job = Job.objects.get(kind="certificates.import_registry")
    assert job.status == "failed"
    messages = {e["row"]: " ".join(e["messages"]) for e in job.errors}
    assert set(messages) == {2}  # only the holder already registered
    assert "已在档案中" in messages[2]
    assert unfiltered_reads(ctx.captured_queries, "certificates_person") == []
    assert unfiltered_reads(ctx.captured_queries, "certificates_certificate") == []
    # the certificate numbers are looked up by their blind index, not every valid one read
    numbers = [
        q["sql"]
        for q in ctx.captured_queries
        if '"certificates_certificate"."number_index" IN' in q["sql"]
    ]
    assert numbers, "the file's certificate numbers were not looked up"


def test_people_by_id_number_batches_and_scopes(person_factory, office_user):
    first = person_factory(number=ADULT_ID)
    second = person_factory(number=id_number("19700101", "011"), name="李四")
    asked = [ADULT_ID, id_number("19700101", "011"), id_number("19900101", "041"), ADULT_ID, ""]
    with CaptureQueriesContext(connection) as ctx:
        found = lookups.people_by_id_number(asked, chunk=2)
    assert found == {ADULT_ID: first.pk, second.id_number: second.pk}
    assert len(ctx.captured_queries) == 2  # three distinct numbers in chunks of two
    scoped = lookups.people_by_id_number(asked, queryset=Person.objects.exclude(pk=first.pk))
    assert scoped == {second.id_number: second.pk}
    assert lookups.existing_id_numbers([]) == set()
