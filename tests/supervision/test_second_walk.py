"""Supervision defects of issue 14, each reproduced here before its fix: the dashboard's done /
planned, the year report's width, the police template's example row, the one-click
cancellation, the re-import message's date and status, reports for impossible years."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from cdpf.jobs import enqueue_job, run
from cdpf.models import GeneratedDocument, Job
from certificates.models import Certificate
from supervision import services
from supervision.jobs import POLICE_KIND
from supervision.models import PoliceFile, PoliceRecord
from supervision.spreadsheets import police_template
from tests.factories import police_csv
from tests.pdf_utils import printed_in_job

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def import_file(actor, content, name="q3.csv", quarter=3, year=2026):
    job = enqueue_job(
        actor=actor,
        kind=POLICE_KIND,
        title="p",
        params={"year": year, "quarter": quarter},
        input_file=content,
        input_name=name,
    )
    run(job.pk)
    job.refresh_from_db()
    return job


@pytest.fixture
def police_file(office_user, holders):
    rows = [
        [holders[k].person.id_number, holders[k].person.name, "死亡", "2026-08-01", "临洺关派出所"]
        for k in "ab"
    ]
    import_file(office_user, police_csv(rows))
    return PoliceFile.objects.get()


def test_done_and_planned_count_the_same_inspections_as_the_plan_rows(
    client_for,
    supervisor,
    office_user,
    yongnian,
    plan,  # noqa: F811
    checked,  # noqa: F811
    employer,
):
    plan.planned_checks = 2
    plan.save()
    # a complaint's verification is done too, but it is no inspection of the plan
    complaint = services.complaint_receive(
        actor=office_user, region=yongnian, received_on=TODAY, channel="letter", rule="quota",
        subject="某单位", content="内容", anonymous=True, respondent_kind="outside",
        respondent_name="某单位",
    )  # fmt: skip
    services.complaint_assign(actor=office_user, complaint=complaint, assignee=supervisor, on=TODAY)
    verification = services.complaint_verify(
        actor=supervisor, complaint=complaint, method="both", subject_kind="employer",
        subject=employer, scheduled_on=TODAY,
    )  # fmt: skip
    services.inspection_notify(actor=supervisor, inspection=verification, on=TODAY)
    services.inspection_record_check(
        actor=supervisor, inspection=verification, conclusion="属实", on=TODAY,
        results={i.code: ("ok", "") for i in verification.items.all()},
    )  # fmt: skip
    body = client_for(supervisor).get(reverse("supervision:dashboard")).content.decode()
    figure = body.split('id="done-planned"')[1].split("</a>")[0]
    assert figure.endswith("1 / 2"), figure
    assert 'id="other-checks"' in body
    assert body.split('id="other-checks"')[1].split("</")[0].strip(">").strip().startswith("1")


def text_positions(content: bytes):
    reader = PdfReader(io.BytesIO(content))
    for page in reader.pages:
        width = float(page.mediabox.width)
        found = []

        def visit(text, cm, tm, font_dict, font_size, found=found):
            if text.strip():
                found.append((cm[4] + tm[4] * cm[0], text))

        page.extract_text(visitor_text=visit)
        yield width, found


def test_the_year_report_stays_inside_the_page(client_for, office_user, police_file):
    for record in PoliceRecord.objects.filter(match="proposed"):
        services.police_record_confirm(actor=office_user, record=record, on=TODAY)
    content = printed_in_job(client_for(office_user), reverse("supervision:year_pdf", args=[2026]))
    right_margin = 18 / 25.4 * 72  # 18 mm
    for width, found in text_positions(content):
        for x, text in found:
            assert x < width - right_margin, (x, text)


def test_the_police_template_proposes_nobody(client_for, office_user, holders):
    content = police_template()

    sheet = load_workbook(io.BytesIO(content))["公安数据"]
    assert sheet.max_row == 1  # the header only: an example row would be imported
    # even if a real holder carries the example number, importing the template proposes nothing
    job = import_file(office_user, content, name="template.xlsx")
    assert not PoliceRecord.objects.filter(match="proposed").exists()
    assert job.status == Job.Status.FAILED


def test_confirming_shows_the_holder_and_needs_a_second_step(
    client_for, office_user, police_file, holders
):
    record = PoliceRecord.objects.get(name="张建国")
    url = reverse("supervision:police_confirm", args=[record.pk])
    client = client_for(office_user)
    page = client.get(url)
    body = page.content.decode()
    assert page.status_code == 200
    holder = holders["a"]
    assert holder.person.name in body and holder.number in body and "临洺关派出所" in body
    client.post(url)  # no tick: nothing is cancelled
    assert Certificate.objects.get(pk=holder.pk).status == "valid"
    refused = client.post(url)
    assert refused.status_code == 400 and "请勾选" in refused.content.decode()
    client.post(url, {"checked": "on"})
    assert Certificate.objects.get(pk=holder.pk).status == "cancelled"


def test_a_repeated_import_finishes_with_nothing_changed_and_a_local_date(
    office_user, holders, police_file, settings
):
    rows = [
        [holders[k].person.id_number, holders[k].person.name, "死亡", "2026-08-01", "临洺关派出所"]
        for k in "ab"
    ]
    # imported at 01:30 Beijing time, which is the day before in UTC
    moment = timezone.make_aware(datetime.datetime(2026, 10, 9, 1, 30))
    PoliceFile.objects.update(imported_at=moment)
    job = import_file(office_user, police_csv(rows))
    assert job.status == Job.Status.SUCCEEDED, job.errors
    assert job.result["new"] == 0 and job.result["skip"] == 2
    assert "2026-10-09" in job.result["note"] and "2026-10-08" not in job.result["note"]
    assert PoliceFile.objects.count() == 1


@pytest.mark.parametrize("year", [99999, TODAY.year + 1, 1999])
def test_reports_for_impossible_years_are_refused_without_a_number(client_for, office_user, year):
    client = client_for(office_user)
    assert client.post(reverse("supervision:year_pdf", args=[year])).status_code == 404
    assert client.post(reverse("supervision:quarter_pdf", args=[year, 1])).status_code == 404
    assert not GeneratedDocument.objects.exists() and not Job.objects.exists()


def test_a_quarter_not_yet_begun_is_refused(client_for, office_user):
    quarter = (TODAY.month - 1) // 3 + 1
    if quarter == 4:
        pytest.skip("the next quarter is next year's")
    url = reverse("supervision:quarter_pdf", args=[TODAY.year, quarter + 1])
    assert client_for(office_user).post(url).status_code == 404
