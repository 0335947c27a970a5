"""Every page of supervision: success, bad input (error shown, nothing saved), another district
(404), wrong role (403), query counts of the lists."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cdpf import roles as r
from cdpf.jobs import enqueue_job, run
from cdpf.models import GeneratedDocument, Job
from certificates.models import Certificate
from supervision import services
from supervision.jobs import POLICE_KIND
from supervision.models import (
    Complaint,
    Evidence,
    Finding,
    Inspection,
    InspectionPlan,
    Measure,
    PoliceFile,
    PoliceRecord,
)
from supervision.rules import POLICE_READERS, READERS
from tests.factories import id_number, police_csv
from tests.pdf_utils import pdf_text, printed_in_job

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


@pytest.fixture
def order(supervisor, checked):
    finding = services.finding_add(actor=supervisor, inspection=checked, text="认证资料未分册建档")
    return services.measure_order(
        actor=supervisor, finding=finding, kind="rectification", description="分册建档",
        on=TODAY - datetime.timedelta(days=30), deadline=TODAY - datetime.timedelta(days=1),
    )  # fmt: skip


@pytest.fixture
def complaint(office_user, yongnian):
    return services.complaint_receive(
        actor=office_user, region=yongnian, received_on=TODAY, channel="letter", rule="quota",
        subject="某单位虚报", content="内容", anonymous=True,
        respondent_kind="outside", respondent_name="某单位",
    )  # fmt: skip


# ---- dashboard and plans ------------------------------------------------------------------


def test_the_dashboard_shows_overdue_orders_and_drills_down(
    client_for, supervisor, order, complaint
):
    response = client_for(supervisor).get(reverse("supervision:dashboard"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="overdue-measures"' in page and "⚠ 1" in page
    assert reverse("supervision:measures") + "?overdue=1" in page
    listing = client_for(supervisor).get(reverse("supervision:measures") + "?overdue=1")
    assert "认证资料未分册建档" not in listing.content.decode()  # the list shows the subject
    assert "永年区示范企业有限公司" in listing.content.decode()


def test_the_dashboard_flags_a_year_without_a_written_check(client_for, supervisor, plan):
    page = client_for(supervisor).get(reverse("supervision:dashboard")).content.decode()
    assert 'id="no-written-check"' in page


def test_a_plan_is_created_and_bad_input_saves_nothing(client_for, supervisor):
    client = client_for(supervisor)
    bad = client.post(
        reverse("supervision:plan_create"), {"year": "1999", "rule": "quota", "planned_checks": "0"}
    )
    assert bad.status_code == 400 and not InspectionPlan.objects.exists()
    assert 'id="id_year_error"' in bad.content.decode()
    good = client.post(
        reverse("supervision:plan_create"),
        {"year": TODAY.year, "rule": "quota", "planned_checks": 2},
    )
    plan = InspectionPlan.objects.get()
    assert good.status_code == 302 and good["Location"] == reverse(
        "supervision:plan", args=[plan.pk]
    )
    again = client.post(
        reverse("supervision:plan_create"),
        {"year": TODAY.year, "rule": "quota", "planned_checks": 2},
    )
    assert again.status_code == 400 and InspectionPlan.objects.count() == 1


def test_an_inspection_is_scheduled_from_the_plan(
    client_for, supervisor, plan, employer, ct_employer
):
    client = client_for(supervisor)
    url = reverse("supervision:inspection_create", args=[plan.pk])
    data = {
        "method": "written",
        "subject_kind": "employer",
        "employer": ct_employer.pk,
        "scheduled_on": TODAY,
    }
    bad = client.post(url, data)  # another district's employer is not offered
    assert bad.status_code == 400 and not Inspection.objects.exists()
    bad = client.post(url, {**data, "employer": employer.pk, "subject_kind": "holder"})
    assert bad.status_code == 400 and not Inspection.objects.exists()
    good = client.post(url, {**data, "employer": employer.pk})
    assert good.status_code == 302 and Inspection.objects.get().employer == employer


def test_the_procedure_through_the_pages(client_for, supervisor, inspection):
    client = client_for(supervisor)
    assert client.get(reverse("supervision:notice_pdf", args=[inspection.pk])).status_code == 404
    client.post(reverse("supervision:inspection_notify", args=[inspection.pk]))
    notice = client.get(reverse("supervision:notice_pdf", args=[inspection.pk]))
    assert notice["Content-Type"] == "application/pdf"
    assert "永年区示范企业有限公司" in pdf_text(notice.content)
    url = reverse("supervision:inspection_check", args=[inspection.pk])
    form = client.get(url)
    assert form.status_code == 200 and "分册建档" in form.content.decode()
    bad = client.post(url, {"checked_on": TODAY, "conclusion": ""})
    assert bad.status_code == 400
    inspection.refresh_from_db()
    assert inspection.state == "notified"
    data = {f"result_{i.code}": "ok" for i in inspection.items.all()}
    data["result_q5"] = "issue"
    bad = client.post(url, {**data, "checked_on": TODAY, "conclusion": "基本规范"})
    assert bad.status_code == 400 and "分册建档" in bad.content.decode()
    good = client.post(
        url, {**data, "note_q5": "未分册", "checked_on": TODAY, "conclusion": "基本规范"}
    )
    assert good.status_code == 302
    inspection.refresh_from_db()
    assert inspection.state == "checked" and inspection.items.get(code="q5").result == "issue"
    assert (
        client.post(
            reverse("supervision:finding_add", args=[inspection.pk]), {"text": ""}
        ).status_code
        == 400
    )
    client.post(reverse("supervision:finding_add", args=[inspection.pk]), {"text": "档案未分册"})
    finding = Finding.objects.get()
    url = reverse("supervision:measure_order", args=[finding.pk])
    bad = client.post(url, {"kind": "rectification", "description": "补齐"})
    assert (
        bad.status_code == 400
        and "deadline" in bad.content.decode().lower()
        or "期限" in bad.content.decode()
    )
    assert not Measure.objects.exists()
    good = client.post(
        url,
        {
            "kind": "rectification",
            "description": "补齐",
            "deadline": TODAY + datetime.timedelta(days=20),
        },
    )
    assert good.status_code == 302 and Measure.objects.get().deadline
    client.post(reverse("supervision:inspection_publish", args=[inspection.pk]))
    result = client.get(reverse("supervision:result_pdf", args=[inspection.pk]))
    text = pdf_text(result.content)
    assert "监督检查结果公告" in text and "责令限期整改" in text and "书面检查" in text


def test_evidence_upload_and_read(client_for, supervisor, inspection, settings, tmp_path):
    settings.PRIVATE_STORAGE_DIR = tmp_path
    client = client_for(supervisor)
    url = reverse("supervision:evidence_add", args=[inspection.pk])
    bad = client.post(url, {"description": "照片", "file": SimpleUploadedFile("a.png", b"nope")})
    assert bad.status_code == 400 and not Evidence.objects.exists()
    assert 'id="id_file_error"' in bad.content.decode()
    client.post(
        url, {"description": "档案照片", "file": SimpleUploadedFile("a.pdf", b"%PDF-1.4 x")}
    )
    evidence = Evidence.objects.get()
    response = client.get(reverse("supervision:evidence", args=[evidence.pk]))
    assert response.content == b"%PDF-1.4 x"


def test_measures_follow_up_and_close(client_for, supervisor, centre, office_user, order):
    page = client_for(centre).get(reverse("supervision:measure", args=[order.pk])).content.decode()
    assert "⚠" in page
    url = reverse("supervision:measure_follow_up", args=[order.pk])
    assert client_for(centre).post(url, {"note": ""}).status_code == 400
    assert client_for(centre).post(url, {"note": "已补齐"}).status_code == 302
    # the office does not answer for a quota order
    assert client_for(office_user).post(url, {"note": "x"}).status_code == 403
    close = reverse("supervision:measure_close", args=[order.pk])
    assert client_for(centre).post(close, {"note": "x"}).status_code == 403
    assert client_for(supervisor).post(close, {"note": ""}).status_code == 400
    assert client_for(supervisor).post(close, {"note": "复查合格"}).status_code == 302
    order.refresh_from_db()
    assert order.state == "closed" and order.follow_ups.count() == 1
    pdf = client_for(centre).get(reverse("supervision:order_pdf", args=[order.pk]))
    assert "责令限期整改通知书" in pdf_text(pdf.content)


def test_the_home_page_of_the_responsible_unit_shows_the_overdue_order(client_for, centre, order):
    page = client_for(centre).get(reverse("home")).content.decode()
    assert "已逾期" in page or "overdue" in page
    assert reverse("supervision:measures") + "?overdue=1&amp;role=labour_service" in page


# ---- complaints ----------------------------------------------------------------------------


def test_a_complaint_is_registered_and_bad_input_saves_nothing(client_for, office_user):
    client = client_for(office_user)
    url = reverse("supervision:complaint_new")
    assert client.get(url).status_code == 200
    data = {
        "received_on": TODAY,
        "channel": "phone",
        "rule": "quota",
        "subject": "某单位",
        "content": "内容",
        "respondent_kind": "outside",
        "respondent_name": "某单位",
    }
    bad = client.post(url, data)  # neither named nor anonymous
    assert bad.status_code == 400 and not Complaint.objects.exists()
    assert 'id="id_complainant_name_error"' in bad.content.decode()
    future = client.post(
        url, {**data, "anonymous": "on", "received_on": TODAY + datetime.timedelta(days=3)}
    )
    assert future.status_code == 400 and not Complaint.objects.exists()
    good = client.post(url, {**data, "anonymous": "on"})
    assert good.status_code == 302 and Complaint.objects.get().anonymous


def test_complaint_steps_through_the_pages(
    client_for, office_user, supervisor, complaint, employer
):
    url = reverse("supervision:complaint_assign", args=[complaint.pk])
    assert client_for(office_user).post(url, {"assignee": office_user.pk}).status_code == 400
    assert client_for(office_user).post(url, {"assignee": supervisor.pk}).status_code == 302
    verify = reverse("supervision:complaint_verify", args=[complaint.pk])
    bad = client_for(supervisor).post(
        verify, {"method": "both", "subject_kind": "employer", "scheduled_on": TODAY}
    )
    assert bad.status_code == 400 and not Inspection.objects.exists()
    ok = client_for(supervisor).post(
        verify,
        {
            "method": "both",
            "subject_kind": "employer",
            "employer": employer.pk,
            "scheduled_on": TODAY,
        },
    )
    assert ok.status_code == 302
    answer = reverse("supervision:complaint_answer", args=[complaint.pk])
    early = client_for(supervisor).post(answer, {"outcome": "unfounded", "reply": "不属实"})
    assert early.status_code == 400
    complaint.refresh_from_db()
    assert complaint.state == "verifying"


# ---- police file ---------------------------------------------------------------------------


def test_the_police_import_page_refuses_a_wrong_file(client_for, office_user):
    client = client_for(office_user)
    url = reverse("supervision:police_import")
    assert client.get(url).status_code == 200
    bad = client.post(
        url, {"year": 2026, "quarter": 1, "file": SimpleUploadedFile("a.pdf", b"%PDF")}
    )
    assert bad.status_code == 400 and not Job.objects.exists()
    assert 'id="id_file_error"' in bad.content.decode()


def test_the_police_import_runs_as_a_job(
    client_for, office_user, holders, django_capture_on_commit_callbacks
):
    rows = [[holders["a"].person.id_number, "张建国", "死亡", "2026-08-01", ""]]
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(office_user).post(
            reverse("supervision:police_import"),
            {"year": 2026, "quarter": 3, "file": SimpleUploadedFile("q3.csv", police_csv(rows))},
        )
    job = Job.objects.get()
    assert response["Location"] == reverse("job_detail", args=[job.pk])
    job.refresh_from_db()
    assert job.status == "succeeded" and PoliceRecord.objects.get().match == "proposed"


def test_the_template_downloads(client_for, cert_room):
    response = client_for(cert_room).get(reverse("supervision:police_template"))
    assert response.status_code == 200 and response.content.startswith(b"PK")


def test_confirming_on_the_page_cancels_that_certificate(
    client_for, office_user, cert_room, police_file, holders
):
    page = client_for(cert_room).get(reverse("supervision:police_file", args=[police_file.pk]))
    assert page.status_code == 200 and "张建国" in page.content.decode()
    record = PoliceRecord.objects.get(name="张建国")
    url = reverse("supervision:police_confirm", args=[record.pk])
    assert client_for(cert_room).post(url).status_code == 403
    assert client_for(office_user).post(url, {"checked": "on"}).status_code == 302
    statuses = dict(Certificate.objects.values_list("pk", "status"))
    assert statuses[holders["a"].pk] == "cancelled"
    assert [pk for pk, s in statuses.items() if s == "cancelled"] == sorted(
        [holders["a"].pk, holders["old"].pk]
    ) or (
        sorted(pk for pk, s in statuses.items() if s == "cancelled")
        == sorted([holders["a"].pk, holders["old"].pk])
    )
    reject = reverse("supervision:police_reject", args=[PoliceRecord.objects.get(name="李秀英").pk])
    client_for(office_user).post(reject, {"note": ""})
    assert PoliceRecord.objects.get(name="李秀英").match == "proposed"
    client_for(office_user).post(reject, {"note": "同号不同人"})
    assert PoliceRecord.objects.get(name="李秀英").match == "rejected"


def test_the_quarterly_list_and_year_report_print(client_for, office_user, police_file, holders):
    record = PoliceRecord.objects.get(name="张建国")
    services.police_record_confirm(actor=office_user, record=record, on=TODAY)
    client = client_for(office_user)
    listing = pdf_text(printed_in_job(client, reverse("supervision:quarter_pdf", args=[2026, 3])))
    assert "2026年第3季度" in listing and "张建国" in listing and "合计核销 1 本" in listing
    assert holders["a"].person.id_number not in listing
    report = pdf_text(printed_in_job(client, reverse("supervision:year_pdf", args=[2026])))
    assert "2026年度残疾人证动态管理核销情况报告" in report and "确认核销 1 本" in report
    assert GeneratedDocument.objects.filter(kind__startswith="supervision_").count() == 2
    assert client.post(reverse("supervision:quarter_pdf", args=[2026, 5])).status_code == 404


# ---- isolation, roles, query counts --------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["plan", "inspection", "measure", "complaint", "police_file", "notice_pdf", "order_pdf"],
)
def test_another_districts_records_are_404(
    client_for, ct_super, ct_office, order, complaint, police_file, name
):
    objects = {
        "plan": order.finding.inspection.plan,
        "inspection": order.finding.inspection,
        "measure": order,
        "complaint": complaint,
        "police_file": police_file,
        "notice_pdf": order.finding.inspection,
        "order_pdf": order,
    }
    user = ct_office if name == "police_file" else ct_super
    assert (
        client_for(user).get(reverse(f"supervision:{name}", args=[objects[name].pk])).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("inspection_notify", "inspection"),
        ("finding_add", "inspection"),
        ("measure_close", "measure"),
        ("complaint_assign", "complaint"),
        ("police_confirm", "record"),
    ],
)
def test_another_districts_actions_are_404(
    client_for, ct_super, ct_office, order, complaint, police_file, name, kind
):
    objects = {
        "inspection": order.finding.inspection,
        "measure": order,
        "complaint": complaint,
        "record": PoliceRecord.objects.first(),
    }
    user = ct_office if name in ("complaint_assign", "police_confirm") else ct_super
    assert (
        client_for(user).post(reverse(f"supervision:{name}", args=[objects[kind].pk])).status_code
        == 404
    )


def test_the_other_districts_lists_are_empty(client_for, ct_super, order, complaint):
    client = client_for(ct_super)
    assert "永年区示范企业" not in client.get(reverse("supervision:measures")).content.decode()
    assert "某单位虚报" not in client.get(reverse("supervision:complaints")).content.decode()


def test_wrong_roles_are_refused(client_for, centre, supervisor, inspection, complaint):
    assert (
        client_for(centre)
        .post(reverse("supervision:inspection_notify", args=[inspection.pk]))
        .status_code
        == 403
    )
    assert client_for(supervisor).get(reverse("supervision:complaint_new")).status_code == 403
    assert client_for(centre).get(reverse("supervision:police")).status_code == 403


def make_many(supervisor, office_user, yongnian, employer, n=3):
    for k in range(n):
        plan = services.plan_create(actor=supervisor, region=yongnian, year=2000 + k, rule="quota")
        inspection = services.inspection_create(
            actor=supervisor, plan=plan, rule="quota", year=2000 + k, method="written",
            subject_kind="employer", subject=employer, scheduled_on=TODAY,
        )  # fmt: skip
        services.inspection_notify(actor=supervisor, inspection=inspection, on=TODAY)
        services.inspection_record_check(
            actor=supervisor, inspection=inspection, conclusion="x", on=TODAY,
            results={i.code: ("ok", "") for i in inspection.items.all()},
        )  # fmt: skip
        finding = services.finding_add(actor=supervisor, inspection=inspection, text="f")
        services.measure_order(
            actor=supervisor, finding=finding, kind="rectification", description="d",
            on=TODAY, deadline=TODAY + datetime.timedelta(days=3),
        )  # fmt: skip
        services.complaint_receive(
            actor=office_user, region=yongnian, received_on=TODAY, channel="letter", rule="quota",
            subject=f"s{k}", content="c", anonymous=True,
            respondent_kind="outside", respondent_name="某单位",
        )  # fmt: skip


@pytest.mark.parametrize("n", [1, 4])
def test_list_pages_have_pinned_query_counts(
    client_for, supervisor, office_user, yongnian, employer, page_queries, n
):
    make_many(supervisor, office_user, yongnian, employer, n)
    client = client_for(supervisor)
    client.get(reverse("home"))  # the first page after sign-in writes the session
    for name, queries in (("measures", 6), ("complaints", 6), ("plans", 5), ("dashboard", 13)):
        with page_queries(queries):
            assert client.get(reverse(f"supervision:{name}")).status_code == 200


def test_a_complaint_is_answered_and_closed_on_the_pages(
    client_for, office_user, supervisor, complaint, employer
):
    services.complaint_assign(actor=office_user, complaint=complaint, assignee=supervisor, on=TODAY)
    inspection = services.complaint_verify(
        actor=supervisor, complaint=complaint, method="written", subject_kind="employer",
        subject=employer, scheduled_on=TODAY,
    )  # fmt: skip
    services.inspection_notify(actor=supervisor, inspection=inspection, on=TODAY)
    services.inspection_record_check(
        actor=supervisor,
        inspection=inspection,
        conclusion="不属实",
        on=TODAY,
        results={i.code: ("ok", "") for i in inspection.items.all()},
    )
    answer = reverse("supervision:complaint_answer", args=[complaint.pk])
    assert (
        client_for(supervisor).post(answer, {"outcome": "unfounded", "reply": ""}).status_code
        == 400
    )
    assert (
        client_for(office_user).post(answer, {"outcome": "unfounded", "reply": "x"}).status_code
        == 403
    )
    assert (
        client_for(supervisor).post(answer, {"outcome": "unfounded", "reply": "不属实"}).status_code
        == 302
    )
    close = reverse("supervision:complaint_close", args=[complaint.pk])
    assert client_for(office_user).post(close, {"note": ""}).status_code == 400
    assert client_for(office_user).post(close, {"note": "电话答复"}).status_code == 302
    complaint.refresh_from_db()
    assert complaint.state == "closed" and complaint.close_note == "电话答复"
    page = client_for(supervisor).get(reverse("supervision:complaint", args=[complaint.pk]))
    assert "电话答复" in page.content.decode()


@pytest.mark.parametrize("name", ["complaint_verify", "complaint_answer", "complaint_close"])
def test_another_districts_complaint_steps_are_404(
    client_for, ct_super, ct_office, complaint, name
):
    user = ct_office if name == "complaint_close" else ct_super
    response = client_for(user).post(reverse(f"supervision:{name}", args=[complaint.pk]), {})
    assert response.status_code == 404


def test_the_office_cancels_a_certificate_named_by_a_measure(
    client_for, supervisor, office_user, yongnian, holders
):
    inspection = services.inspection_create(
        actor=supervisor, region=yongnian, rule="certificates", year=TODAY.year, method="both",
        subject_kind="holder", subject=holders["c"].person, scheduled_on=TODAY,
    )  # fmt: skip
    services.inspection_notify(actor=supervisor, inspection=inspection, on=TODAY)
    services.inspection_record_check(
        actor=supervisor,
        inspection=inspection,
        conclusion="证残不符",
        on=TODAY,
        results={i.code: ("ok", "") for i in inspection.items.all()},
    )
    finding = services.finding_add(actor=supervisor, inspection=inspection, text="证残不符")
    url = reverse("supervision:measure_order", args=[finding.pk])
    bad = client_for(supervisor).post(
        url, {"kind": "cancellation", "description": "取消", "certificate_number": "NOPE"}
    )
    assert bad.status_code == 400 and not Measure.objects.exists()
    client_for(supervisor).post(
        url,
        {"kind": "cancellation", "description": "取消", "certificate_number": holders["c"].number},
    )
    measure = Measure.objects.get()
    action = reverse("supervision:measure_certificate", args=[measure.pk])
    assert client_for(supervisor).post(action).status_code == 403
    assert client_for(office_user).post(action).status_code == 302
    assert Certificate.objects.get(pk=holders["c"].pk).status == "cancelled"
    assert Certificate.objects.filter(status="cancelled").count() == 2  # with the old one


def test_evidence_of_another_district_is_404(
    client_for, ct_super, supervisor, inspection, settings, tmp_path
):
    settings.PRIVATE_STORAGE_DIR = tmp_path
    evidence = services.evidence_add(
        actor=supervisor, inspection=inspection, description="照片",
        upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4 x"),
    )  # fmt: skip
    assert (
        client_for(ct_super).get(reverse("supervision:evidence", args=[evidence.pk])).status_code
        == 404
    )


def test_the_police_pages_list_files_and_rows(client_for, cert_room, police_file):
    page = client_for(cert_room).get(reverse("supervision:police") + "?year=2026")
    assert "q3.csv" in page.content.decode()
    rows = client_for(cert_room).get(
        reverse("supervision:police_file", args=[police_file.pk]) + "?match=proposed"
    )
    assert rows.status_code == 200 and "张建国" in rows.content.decode()
    assert "/confirm/" not in rows.content.decode()  # the certificate room reads, not decides
    assert client_for(cert_room).get(reverse("supervision:police") + "?year=x").status_code == 404


def test_the_plan_pages(client_for, centre, supervisor, plan):
    assert client_for(centre).get(reverse("supervision:plans")).status_code == 200
    page = client_for(centre).get(reverse("supervision:plan", args=[plan.pk])).content.decode()
    assert 'id="plan-flag"' in page and "安排检查" not in page  # only supervisors schedule
    assert (
        "安排检查"
        in client_for(supervisor).get(reverse("supervision:plan", args=[plan.pk])).content.decode()
    )


@pytest.mark.parametrize("n", [2, 8])
def test_police_pages_have_pinned_query_counts(
    client_for, office_user, holders, page_queries, n
):

    rows = [[holders[k].person.id_number, "某", "死亡", "2026-08-01", ""] for k in "abcd"][: n // 2]
    rows += [
        [id_number("19800101", f"{k + 100:03d}"), "某", "死亡", "2026-08-01", ""] for k in range(n)
    ]
    job = enqueue_job(
        actor=office_user, kind=POLICE_KIND, title="p", params={"year": 2026, "quarter": 3},
        input_file=police_csv(rows), input_name="a.csv",
    )  # fmt: skip
    run(job.pk)
    police_file = PoliceFile.objects.get()
    client = client_for(office_user)
    client.get(reverse("home"))  # the first page after sign-in writes the session
    pages = (
        (reverse("supervision:police") + "?year=2026", 7),
        (reverse("supervision:police_file", args=[police_file.pk]), 10),
        (reverse("supervision:police_file", args=[police_file.pk]) + "?match=none", 10),
    )
    for url, queries in pages:
        with page_queries(queries):
            assert client.get(url).status_code == 200


@pytest.mark.parametrize("reader", ["cert_room", "supervisor", "chairman"])
def test_the_police_rows_mask_id_numbers_for_those_who_do_not_decide(
    request, client_for, office_user, police_file, holders, reader
):
    """DOMAIN.md §7: ID numbers are masked in lists; the office, which confirms the
    cancellations, sees them whole."""
    holder = holders["a"]
    url = reverse("supervision:police_file", args=[police_file.pk])
    page = client_for(request.getfixturevalue(reader)).get(url).content.decode()
    assert "张建国" in page and holder.masked_number in page
    assert holder.person.id_number not in page
    assert holder.person.id_number in client_for(office_user).get(url).content.decode()


@pytest.mark.parametrize("year", ["0", "-5", "99999", "99999999999999999999"])
def test_an_impossible_year_is_404_not_an_error(client_for, supervisor, year):
    client = client_for(supervisor)
    assert client.get(reverse("supervision:dashboard") + f"?year={year}").status_code == 404
    plans = client.get(reverse("supervision:plans") + f"?year={year}")
    assert plans.status_code in (200, 404)


def test_stored_police_lists_reopen_only_for_the_police_file_readers():
    for kind in ("supervision_quarterly_list", "supervision_year_report"):
        assert set(r.document_readers(kind)) == set(POLICE_READERS)
    for kind in ("supervision_notice", "supervision_result", "supervision_order"):
        assert set(r.document_readers(kind)) == set(READERS)
