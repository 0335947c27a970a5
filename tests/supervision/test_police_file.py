"""The quarterly police-file cancellation: check, match, confirm, idempotent re-import."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from cdpf.jobs import enqueue_job, run
from cdpf.messages import render_text
from cdpf.models import AuditEntry, Job
from certificates.models import Application, Certificate, CertificateEvent
from supervision import rules, services
from supervision.jobs import POLICE_KIND
from supervision.models import PoliceFile, PoliceRecord
from supervision.spreadsheets import police_template
from tests.factories import id_number, police_csv, police_xlsx

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def import_file(actor, content, name="police.csv", year=2026, quarter=3) -> Job:
    job = enqueue_job(
        actor=actor,
        kind=POLICE_KIND,
        title="police",
        params={"year": year, "quarter": quarter},
        input_file=content,
        input_name=name,
    )
    run(job.pk)
    job.refresh_from_db()
    return job


def rows_for(holders, extra=0):
    rows = [
        [holders["a"].person.id_number, "张建国", "死亡", "2026-08-01", "临洺关派出所"],
        [holders["b"].person.id_number, "李秀英", "户籍注销", "2026-07-15", "临洺关派出所"],
        [holders["old"].person.id_number, "刘福林", "死亡", "2026-07-20", ""],
        [holders["ct"].person.id_number, "孙长山", "死亡", "2026-07-21", ""],
    ]
    for n in range(extra):
        rows.append([id_number("19800101", f"{n + 100:03d}"), f"路人{n}", "死亡", "2026-08-02", ""])
    return rows


def test_a_file_is_matched_by_id_number_and_nothing_is_cancelled(office_user, holders):
    job = import_file(office_user, police_csv(rows_for(holders, extra=2)))
    assert job.status == Job.Status.SUCCEEDED, (job.message, job.errors)
    police_file = PoliceFile.objects.get()
    assert (police_file.rows, police_file.new_rows, police_file.matched) == (6, 6, 2)
    matches = dict(PoliceRecord.objects.values_list("name", "match"))
    assert matches == {
        "张建国": "proposed",
        "李秀英": "proposed",
        "刘福林": "no_valid",  # cancelled before
        "孙长山": "none",  # another district's register is not this office's
        "路人0": "none",
        "路人1": "none",
    }
    assert Certificate.objects.filter(status="valid").count() == 5
    assert job.result["matched"] == 2
    assert AuditEntry.objects.filter(action="import", object_type="supervision.policefile").exists()


def test_confirming_a_match_cancels_exactly_that_certificate(office_user, holders):
    import_file(office_user, police_csv(rows_for(holders)))
    before = dict(Certificate.objects.values_list("pk", "status"))
    record = PoliceRecord.objects.get(name="张建国")
    services.police_record_confirm(actor=office_user, record=record, on=datetime.date(2026, 11, 2))
    after = dict(Certificate.objects.values_list("pk", "status"))
    changed = {pk for pk in after if after[pk] != before[pk]}
    assert changed == {holders["a"].pk}
    certificate = Certificate.objects.get(pk=holders["a"].pk)
    assert certificate.status == "cancelled"
    assert certificate.status_changed_on == datetime.date(2026, 8, 1)  # the date of death
    reason = certificate.status_reason
    with translation.override("zh-hans"):
        assert render_text(reason) == "死亡（公安数据，2026-08-01，临洺关派出所）"
    with translation.override("en"):  # kept as a message: read in the reader's language
        assert render_text(reason) == "Death (police data, 2026-08-01, 临洺关派出所)"
    application = Application.objects.get(old_certificate=certificate)
    assert application.cancel_grounds == "death"  # the file closes on the grounds, not words
    assert application.person.closed_on == datetime.date(2026, 8, 1)
    events = list(
        CertificateEvent.objects.filter(certificate=certificate).values_list("kind", flat=True)
    )
    assert events == ["cancelled"]
    assert Application.objects.get(old_certificate=certificate).kind == "cancel"
    record.refresh_from_db()
    assert (record.match, record.decided_by) == ("confirmed", office_user)
    with pytest.raises(ValidationError) as raised:
        services.police_record_confirm(
            actor=office_user, record=record, on=datetime.date(2026, 11, 2)
        )
    assert raised.value.code == "not_proposed"


def test_only_the_office_confirms(cert_room, supervisor, office_user, holders):
    import_file(office_user, police_csv(rows_for(holders)))
    record = PoliceRecord.objects.get(name="张建国")
    for user in (cert_room, supervisor):
        with pytest.raises(PermissionDenied, match="Only Office"):
            services.police_record_confirm(actor=user, record=record, on=datetime.date(2026, 11, 2))
    assert Certificate.objects.get(pk=holders["a"].pk).status == "valid"


def test_a_rejected_match_leaves_the_certificate(office_user, holders):
    import_file(office_user, police_csv(rows_for(holders)))
    record = PoliceRecord.objects.get(name="李秀英")
    with pytest.raises(ValidationError, match="Say why the match is rejected"):
        services.police_record_reject(
            actor=office_user, record=record, note=" ", on=datetime.date(2026, 11, 2)
        )
    services.police_record_reject(
        actor=office_user, record=record, note="同号不同人，已核实", on=datetime.date(2026, 11, 2)
    )
    record.refresh_from_db()
    assert record.match == "rejected"
    assert Certificate.objects.get(pk=holders["b"].pk).status == "valid"


def test_the_same_file_twice_changes_nothing(office_user, holders):
    content = police_csv(rows_for(holders))
    import_file(office_user, content)
    services.police_record_confirm(
        actor=office_user,
        record=PoliceRecord.objects.get(name="张建国"),
        on=datetime.date(2026, 11, 2),
    )
    snapshot = (
        list(PoliceRecord.objects.values_list("pk", "match")),
        list(Certificate.objects.values_list("pk", "status")),
        PoliceFile.objects.count(),
    )
    # a file already in is a finished import that changed nothing, not a failure (issue 14)
    again = import_file(office_user, content)
    assert again.status == Job.Status.SUCCEEDED
    assert "already imported" in again.result["note"] and again.result["new"] == 0
    # the same rows in another format (xlsx) are also already in
    third = import_file(office_user, police_xlsx(rows_for(holders)), name="police.xlsx")
    assert third.status == Job.Status.SUCCEEDED
    assert "already imported" in third.result["note"]
    assert snapshot == (
        list(PoliceRecord.objects.values_list("pk", "match")),
        list(Certificate.objects.values_list("pk", "status")),
        PoliceFile.objects.count(),
    )


def test_a_later_file_only_adds_its_new_rows(office_user, holders):
    import_file(office_user, police_csv(rows_for(holders)[:2]))
    later = import_file(office_user, police_csv(rows_for(holders)), quarter=4)
    assert later.status == Job.Status.SUCCEEDED
    assert (later.result["new"], later.result["skip"]) == (2, 2)
    assert PoliceRecord.objects.count() == 4


def test_a_malformed_file_is_refused_with_per_row_errors(office_user, holders):
    rows = rows_for(holders) + [
        ["130408195001010110", "某甲", "死亡", "2026-08-01", ""],  # bad check character
        [holders["c"].person.id_number, "王伟", "失踪", "2026-13-01", ""],
        [holders["d"].person.id_number, "", "死亡", "2099-01-01", ""],
    ]
    job = import_file(office_user, police_csv(rows))
    assert job.status == Job.Status.FAILED
    by_row = {e["row"]: " ".join(e["messages"]) for e in job.errors}
    assert set(by_row) == {6, 7, 8}
    assert "check character" in by_row[6]
    assert "事件类型" in by_row[7] and "2026-13-01" in by_row[7]
    assert "姓名" in by_row[8] and "future" in by_row[8]
    assert not PoliceFile.objects.exists() and not PoliceRecord.objects.exists()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (police_csv([["x"]], header=["证件号", "名字"]), "p.csv", "lacks the columns"),
        ("身份证号码,姓名\n".encode("utf-16"), "p.csv", "UTF-16"),
        (b"\x81\x30\x81\xff\xfe\x80 not text", "p.csv", "neither UTF-8 nor GB18030"),
        ("身份證號碼,姓名,事件類型,事件日期\n".encode("big5"), "p.csv", "UTF-8 or GB18030"),
        (b"\xd0\xcf\x11\xe0old excel", "p.xls", ".xls"),
        (b"PK\x03\x04broken", "p.xlsx", "not a readable .xlsx"),
        (b"", "p.csv", "empty"),
    ],
)
def test_a_file_of_the_wrong_shape_or_encoding_is_refused(office_user, content, name, message):
    job = import_file(office_user, content, name=name)
    assert job.status == Job.Status.FAILED
    assert message in job.message
    assert not PoliceFile.objects.exists()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_in_utf8_with_or_without_bom_and_gb18030_is_read(office_user, holders, encoding):
    job = import_file(office_user, police_csv(rows_for(holders), encoding=encoding))
    assert job.status == Job.Status.SUCCEEDED, job.message
    assert set(PoliceRecord.objects.values_list("name", flat=True)) >= {"张建国", "李秀英"}


def test_the_xlsx_template_is_read_with_real_dates(office_user, holders):
    rows = rows_for(holders)
    rows[0][3] = datetime.datetime(2026, 8, 1)
    job = import_file(office_user, police_xlsx(rows), name="公安.xlsx")
    assert job.status == Job.Status.SUCCEEDED, job.message
    assert PoliceRecord.objects.get(name="张建国").event_date == datetime.date(2026, 8, 1)


def test_the_published_template_reads_back(office_user):
    # the header only: no example row that would be imported (issue 14)
    with pytest.raises(ValidationError, match="no rows"):
        rules.read_police_file(police_template(), name="t.xlsx", today=datetime.date(2026, 11, 2))


def test_reasons_and_hashes():
    reason = rules.cancellation_reason(
        event="deregistered", event_date=datetime.date(2026, 3, 1), station="某派出所"
    )
    with translation.override("zh-hans"):
        assert reason == "户籍注销（公安数据，2026-03-01，某派出所）"
    with translation.override("en"):
        assert reason == "Household registration cancelled (police data, 2026-03-01, 某派出所)"
    assert rules.row_hash("1", "death", datetime.date(2026, 1, 1)) != rules.row_hash(
        "1", "death", datetime.date(2026, 1, 2)
    )
