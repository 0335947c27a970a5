"""Every page: success, bad input (error on the page, nothing saved), another district (404),
the wrong role (403); list pages with pinned query counts."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cdpf import roles
from cdpf.models import AuditEntry, GeneratedDocument, PolicyParameter
from employment_quota import services as quota
from levy_relief import services
from levy_relief.models import ReliefApplication, ReliefMaterial
from tests.factories import LEVY, LEVY_MATERIALS, PDF, make_user
from tests.pdf_utils import pdf_text, printed_in_job

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    settings.PRIVATE_STORAGE_DIR = tmp_path


def form_data(employer, **overrides):
    data = {
        "employer": employer.pk,
        "levy_year": "2025",
        "original_due_date": "2026-06-30",
        "kind": "deferral",
        "new_due_date": "2026-12-30",
        "ground": "natural_disaster",
        "event_date": "2026-07-20",
        "loss_amount": "850000",
        "description": "洪水淹没厂房",
        "received_on": "2026-08-10",
    }
    data.update(overrides)
    return data


def test_the_centre_receives_an_application(client_for, centre, declaration):
    client = client_for(centre)
    page = client.get(reverse("levy_relief:new"), {"declaration": declaration.pk})
    assert page.status_code == 200
    assert page.context["form"].initial["levy_year"] == 2025
    response = client.post(reverse("levy_relief:new"), form_data(declaration.employer))
    application = ReliefApplication.objects.get()
    assert response["Location"] == reverse("levy_relief:detail", args=[application.pk])
    assert application.levy_due == LEVY


def test_a_deferral_too_long_is_an_error_on_the_page(client_for, centre, declaration):
    response = client_for(centre).post(
        reverse("levy_relief:new"), form_data(declaration.employer, new_due_date="2026-12-31")
    )
    assert response.status_code == 400
    assert "2026-12-30" in " ".join(response.context["form"].errors["new_due_date"])
    assert not ReliefApplication.objects.exists()


def test_a_reduction_needs_its_amount(client_for, centre, declaration):
    response = client_for(centre).post(
        reverse("levy_relief:new"),
        form_data(declaration.employer, kind="reduction", new_due_date="", amount=""),
    )
    assert response.status_code == 400 and response.context["form"].errors["amount"]
    over = client_for(centre).post(
        reverse("levy_relief:new"),
        form_data(declaration.employer, kind="reduction", new_due_date="", amount="120000.01"),
    )
    assert over.status_code == 400 and "120,000.00" in over.content.decode()
    assert not ReliefApplication.objects.exists()


def test_the_flow_through_the_pages_to_the_printed_decision(
    client_for, centre, chairman, receive, scan_all
):
    application = scan_all(receive())
    centre_client = client_for(centre)
    url = reverse("levy_relief:detail", args=[application.pk])
    assert "check" in centre_client.get(url).context["steps"]
    centre_client.post(
        reverse("levy_relief:step", args=[application.pk, "check"]), {"ticked": LEVY_MATERIALS}
    )
    chair = client_for(chairman)
    bad = chair.post(reverse("levy_relief:step", args=[application.pk, "review"]), {"opinion": ""})
    assert bad.status_code == 400 and bad.context["review_form"].errors["opinion"]
    chair.post(reverse("levy_relief:step", args=[application.pk, "review"]), {"opinion": "属实"})
    chair.post(
        reverse("levy_relief:step", args=[application.pk, "approve"]), {"reason": "洪灾损失重大"}
    )
    application.refresh_from_db()
    assert application.state == "approved" and application.decision_number.endswith("1号")
    response = chair.get(reverse("levy_relief:decision_pdf", args=[application.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(pdf_text(response.content).split())
    assert "残疾人就业保障金缓缴审批决定书" in text
    assert application.decision_number in text and "永年区标准件制造有限公司" in text
    assert "120000.00元缓缴" in text and "延至2026年12月30日" in text
    assert "邯郸市永年区残疾人联合会" in text and "5‰" in text
    assert GeneratedDocument.objects.filter(kind="relief_decision").count() == 1


def test_a_return_lists_what_is_missing(client_for, centre, receive):
    application = receive()
    client = client_for(centre)
    refused = client.post(
        reverse("levy_relief:step", args=[application.pk, "check"]), {"ticked": ["application"]}
    )
    assert refused.status_code == 400 and "损失证明" in refused.content.decode()
    application.refresh_from_db()
    assert application.state == "submitted"
    client.post(
        reverse("levy_relief:step", args=[application.pk, "return"]), {"ticked": ["application"]}
    )
    page = client.get(reverse("levy_relief:detail", args=[application.pk])).content.decode()
    assert "经审计的财务报表" in page and "退回补正" in page


def test_a_rejection_prints_its_reasons(client_for, chairman, receive, advance):
    application = advance(receive(), "checked")
    chair = client_for(chairman)
    missing = chair.post(reverse("levy_relief:step", args=[application.pk, "reject"]), {})
    assert missing.status_code == 400
    chair.post(
        reverse("levy_relief:step", args=[application.pk, "reject"]), {"reason": "损失证明不实"}
    )
    text = "".join(
        pdf_text(
            chair.get(reverse("levy_relief:decision_pdf", args=[application.pk])).content
        ).split()
    )
    assert "不予批准决定书" in text and "损失证明不实" in text


def test_a_step_out_of_order_is_explained(client_for, chairman, receive):
    application = receive()
    response = client_for(chairman).post(
        reverse("levy_relief:step", args=[application.pk, "approve"]), {"reason": "x"}, follow=True
    )
    assert "不能进行" in response.content.decode()
    application.refresh_from_db()
    assert application.state == "submitted"


def test_the_wrong_role_for_a_step_is_403(client_for, centre, receive, advance):
    application = advance(receive(), "checked")
    response = client_for(centre).post(
        reverse("levy_relief:step", args=[application.pk, "review"]), {"opinion": "x"}
    )
    assert response.status_code == 403


def test_materials_are_stored_privately_and_reads_audited(client_for, centre, receive):
    application = receive()
    client = client_for(centre)
    bad = client.post(
        reverse("levy_relief:material_new", args=[application.pk]),
        {"kind": "loss_proof", "file": SimpleUploadedFile("x.pdf", b"MZ not a pdf")},
    )
    assert bad.status_code == 400 and not ReliefMaterial.objects.exists()
    client.post(
        reverse("levy_relief:material_new", args=[application.pk]),
        {"kind": "loss_proof", "file": SimpleUploadedFile("损失.pdf", PDF)},
    )
    material = ReliefMaterial.objects.get()
    response = client.get(reverse("levy_relief:material", args=[material.pk]))
    assert response.content == PDF and response["Cache-Control"] == "private, no-store"
    assert AuditEntry.objects.filter(action="view", object_type="levy_relief.reliefmaterial")


def test_the_publication_lists_approved_reliefs(client_for, chairman, receive, advance):
    application = advance(receive(), "approved")
    client = client_for(chairman)
    page = client.get(reverse("levy_relief:publication"), {"year": "2026"})
    assert [a.pk for a in page.context["rows"]] == [application.pk]
    text = "".join(
        pdf_text(
            printed_in_job(client, reverse("levy_relief:publication_pdf"), {"year": "2026"})
        ).split()
    )
    assert "2026年度残疾人就业保障金减缓免缴审批结果公示" in text
    assert application.decision_number in text and "91350100M000100Y43" in text
    # issue 14: the PDF omitted 保障金年度 (the decision year and the levy year differ)
    assert "保障金年度" in text and "缓缴2025" not in text and "2025缓缴" in text
    sheet = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("levy_relief:publication_xlsx"), {"year": "2026"}).content)
    ).active
    rows = list(sheet.values)
    assert rows[0][1] == "单位名称" and rows[1][2] == "91350100M000100Y43"
    assert rows[1][3] == "缓缴" and rows[1][8] == application.decision_number
    assert client.get(reverse("levy_relief:publication"), {"year": "abc"}).status_code == 404
    assert AuditEntry.objects.filter(action="export", object_type="levy_relief.reliefapplication")


def test_an_overdue_deferral_stands_out_and_payment_is_recorded(
    client_for, centre, receive, advance, django_assert_max_num_queries
):
    application = advance(receive(), "approved")
    client = client_for(centre)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("levy_relief:overdue"))
    assert not response.context["rows"]  # not yet due
    # move the decision into the past so that its new due date has passed
    ReliefApplication.objects.filter(pk=application.pk).update(
        new_due_date=D(2026, 1, 10), original_due_date=D(2025, 12, 31), decided_on=D(2025, 12, 20)
    )
    with django_assert_max_num_queries(12):
        response = client.get(reverse("levy_relief:overdue"))
    rows = response.context["rows"]
    assert [a.pk for a, _ in rows] == [application.pk] and rows[0][1] > 0
    home = client.get(reverse("home")).content.decode()
    assert reverse("levy_relief:overdue") in home
    detail = client.get(reverse("levy_relief:detail", args=[application.pk]))
    assert detail.context["overdue"] and "overdue-alert" in detail.content.decode()
    assert "× 5‰ ×" in detail.context["surcharge_text"]
    payment = reverse("levy_relief:payment", args=[application.pk])
    future = client.post(payment, {"paid_on": "2099-01-01", "paid_amount": "120000.00"})
    assert future.status_code == 400
    # issue 19 item 14: the payment records the amount; a wrong one is refused on its field
    short = client.post(payment, {"paid_on": "2026-01-20", "paid_amount": "100000"})
    assert short.status_code == 400 and short.context["payment_form"].errors["paid_amount"]
    assert "120,000.00" in short.context["payment_form"].errors["paid_amount"][0]
    client.post(payment, {"paid_on": "2026-01-20", "paid_amount": "120000.00"})
    application.refresh_from_db()
    # 10 days after 10 January: 120,000 × 5‰ × 10
    assert application.surcharge == Decimal("6000.00")
    assert application.paid_amount == Decimal("120000.00")
    shown = client.get(reverse("levy_relief:detail", args=[application.pk])).content.decode()
    assert "120000.00" in shown and "6000.00" in shown
    assert not client.get(reverse("levy_relief:overdue")).context["rows"]


def test_the_list_filters_and_pins_its_queries(
    client_for, centre, receive, advance, django_assert_max_num_queries
):
    receive(kind="reduction", amount=Decimal("500"), new_due_date=None)
    advance(receive(), "approved")
    client = client_for(centre)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("levy_relief:index"))
    assert len(response.context["page"]) == 2
    only = client.get(reverse("levy_relief:index"), {"state": "approved", "year": "2025"})
    assert [a.kind for a in only.context["page"]] == ["deferral"]
    with django_assert_max_num_queries(10):
        client.get(reverse("levy_relief:publication"))


def test_another_district_sees_nothing(client_for, centre, receive, advance):
    application = receive()
    client_for(centre).post(
        reverse("levy_relief:material_new", args=[application.pk]),
        {"kind": "loss_proof", "file": SimpleUploadedFile("损失.pdf", PDF)},
    )
    application = advance(application, "approved")
    ReliefApplication.objects.update(new_due_date=D(2026, 1, 10), original_due_date=D(2025, 12, 31))
    other = make_user("ct_labour", "130403", roles.LABOUR_SERVICE, roles.CHAIRMAN)
    client = client_for(other)
    material = ReliefMaterial.objects.get(kind="loss_proof", original_name="损失.pdf")
    assert client.get(reverse("levy_relief:material", args=[material.pk])).status_code == 404
    assert not client.get(reverse("levy_relief:overdue")).context["rows"]
    text = pdf_text(
        printed_in_job(client, reverse("levy_relief:publication_pdf"), {"year": "2026"})
    )
    assert application.employer.name not in text
    sheet = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("levy_relief:publication_xlsx"), {"year": "2026"}).content)
    ).active
    assert len(list(sheet.values)) == 1  # the header only
    for name in ("detail", "decision_pdf", "material_new"):
        assert client.get(reverse(f"levy_relief:{name}", args=[application.pk])).status_code == 404
    for url in (
        reverse("levy_relief:step", args=[application.pk, "check"]),
        reverse("levy_relief:payment", args=[application.pk]),
    ):
        assert client.post(url, {"paid_on": "2026-01-01"}).status_code == 404
    assert not client.get(reverse("levy_relief:index")).context["page"].object_list
    assert not client.get(reverse("levy_relief:publication"), {"year": "2026"}).context["rows"]
    response = client.post(
        reverse("levy_relief:new"), form_data(application.employer, kind="exemption")
    )
    assert response.status_code == 400  # another district's employer is not a choice


def test_a_city_supervisor_reads_the_district(client_for, city_supervisor, receive):
    application = receive()
    client = client_for(city_supervisor)
    assert client.get(reverse("levy_relief:detail", args=[application.pk])).status_code == 200
    assert client.get(reverse("levy_relief:new")).status_code == 403
    assert (
        client.post(reverse("levy_relief:step", args=[application.pk, "check"])).status_code == 403
    )


def test_wrong_roles_are_refused(client_for, office_user, receive):
    application = receive()
    client = client_for(office_user)
    assert client.get(reverse("levy_relief:index")).status_code == 403
    assert client.get(reverse("levy_relief:detail", args=[application.pk])).status_code == 403


def test_an_unknown_step_is_404(client_for, chairman, receive):
    application = receive()
    response = client_for(chairman).post(
        reverse("levy_relief:step", args=[application.pk, "sign"]), {"reason": "x"}
    )
    assert response.status_code == 404


def test_a_broken_number_format_is_explained_and_nothing_approved(
    client_for, chairman, receive, advance
):
    PolicyParameter.objects.filter(name="relief.decision_number_format").update(value="永残就减号")
    application = advance(receive(), "reviewed")
    response = client_for(chairman).post(
        reverse("levy_relief:step", args=[application.pk, "approve"]), {"reason": "洪灾"}
    )
    assert response.status_code == 400 and "{n}" in response.content.decode()
    application.refresh_from_db()
    assert application.state == "reviewed" and application.decision_number is None


@pytest.mark.parametrize("step", ["approve", "reject"])
def test_a_district_without_the_approver_parameters_is_told_not_500(
    client_for, congtai, step, scan_all
):
    """丛台区 has no relief.approver_title nor decision-number format: the chairman's decision is
    refused with an explanation on the page (his reason kept), not a server error."""
    centre = make_user("ct_labour", "130403", roles.LABOUR_SERVICE)
    chair = make_user("ct_chair", "130403", roles.CHAIRMAN)
    employer = quota.employer_register(
        actor=centre,
        region=congtai,
        credit_code="91130408MA00000002",
        name="丛台区测试有限公司",
        employer_type="enterprise",
        address="丛台区中华大街1号",
    )
    application = services.application_receive(
        actor=centre,
        employer=employer,
        levy_year=2025,
        kind="exemption",
        ground="natural_disaster",
        event_date=D(2026, 7, 20),
        loss_amount=Decimal("850000"),
        description="洪水",
        original_due_date=D(2026, 6, 30),
        received_on=D(2026, 8, 10),
        assessed_levy=Decimal("50000"),
        tax_reference="邯税通〔2026〕1号",
    )
    scan_all(application)
    services.materials_check(
        actor=centre, application=application, ticked=LEVY_MATERIALS, on=D(2026, 8, 11)
    )
    services.application_review(
        actor=chair, application=application, opinion="属实", on=D(2026, 8, 12)
    )
    response = client_for(chair).post(
        reverse("levy_relief:step", args=[application.pk, step]), {"reason": "洪灾理由原文"}
    )
    assert response.status_code == 400
    assert "relief.approver_title" in response.content.decode() or (
        "relief.decision_number_format" in response.content.decode()
    )
    assert "洪灾理由原文" in response.content.decode()
    application.refresh_from_db()
    assert application.state == "reviewed" and not application.decision_number


def test_a_nul_character_in_the_search_is_no_server_error(client_for, city_supervisor):
    response = client_for(city_supervisor).get(reverse("levy_relief:index"), {"q": "a\x00b"})
    assert response.status_code == 200


def test_a_receipt_date_in_the_future_is_refused(client_for, centre, declaration):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client_for(centre).post(
        reverse("levy_relief:new"),
        form_data(declaration.employer, received_on=tomorrow.isoformat()),
    )
    assert response.status_code == 400 and response.context["form"].errors["received_on"]
    assert not ReliefApplication.objects.exists()


def test_the_publication_lists_the_numbers_of_a_day_in_order(
    client_for, chairman, receive, advance
):
    """Decisions 9 and 10 of one day: 9 first (as text, “10号” sorts before “9号”)."""
    tenth = advance(receive(), "approved")
    ninth = ReliefApplication.objects.get(pk=tenth.pk)
    ninth.pk, ninth.levy_year, ninth.decision_number = None, 2024, "永残就减〔2026〕9号"
    ninth.save()
    ReliefApplication.objects.filter(pk=tenth.pk).update(decision_number="永残就减〔2026〕10号")
    page = client_for(chairman).get(reverse("levy_relief:publication"), {"year": "2026"})
    assert [a.pk for a in page.context["rows"]] == [ninth.pk, tenth.pk]


def test_the_steps_taken_keep_the_return_its_list_and_the_resubmission(
    client_for, centre, receive, scan_all
):
    # issue 19 item 13: the 办理过程 omitted the return, its missing list and the resubmission
    application = receive()
    client = client_for(centre)
    step = "levy_relief:step"
    client.post(
        reverse(step, args=[application.pk, "return"]),
        {"ticked": ["application"], "note": "财务报表须经审计"},
    )
    client.post(reverse(step, args=[application.pk, "resubmit"]))
    scan_all(application)
    client.post(reverse(step, args=[application.pk, "check"]), {"ticked": LEVY_MATERIALS})
    application.refresh_from_db()
    assert application.state == "checked" and application.missing == []
    page = client.get(reverse("levy_relief:detail", args=[application.pk])).content.decode()
    history = page[page.index('id="history"') :]
    history = history[: history.index("</ul>")]
    assert "history-return" in history and "history-resubmit" in history
    assert "损失证明" in history and "经审计的财务报表" in history and "财务报表须经审计" in history
    assert history.index("history-return") < history.index("history-resubmit")


def test_the_form_shows_the_audited_levy_and_its_caps_before_the_amount(
    client_for, centre, declaration
):
    # issue 14: the form did not show the audited levy (the cap) before the amount was typed
    page = client_for(centre).get(reverse("levy_relief:new"), {"declaration": declaration.pk})
    html = page.content.decode()
    assert 'id="audited-levy"' in html and "120000.00" in html
    assert "2026-06-30" in html and "2026-12-30" in html  # the latest new due date, 6 months
    assert page.context["summary"]["remission_room"] == LEVY
