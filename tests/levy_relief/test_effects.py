"""What a relief changes elsewhere: the employer's audited record of the year, the tax list,
the navigation and the home page."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from cdpf.jobs import run
from cdpf.models import Job
from employment_quota.levies import recompute_levies
from employment_quota.models import AuditYear
from levy_relief.models import ReliefApplication
from tests.factories import LEVY, make_user

pytestmark = pytest.mark.django_db


def test_the_declaration_shows_its_reliefs_and_offers_one(client_for, centre, declaration, receive):
    client = client_for(centre)
    url = reverse("employment_quota:declaration", args=[declaration.pk])
    page = client.get(url).content.decode()
    assert f"{reverse('levy_relief:new')}?declaration={declaration.pk}" in page
    application = receive()
    page = client.get(url).content.decode()
    assert reverse("levy_relief:detail", args=[application.pk]) in page


def test_the_tax_list_shows_the_relief(client_for, centre, declaration, receive, advance):
    client = client_for(centre)
    url = reverse("employment_quota:tax_list", args=[declaration.audit_year_id])

    def row():
        sheet = openpyxl.load_workbook(io.BytesIO(client.get(url).content)).active
        rows = list(sheet.values)
        return dict(zip(rows[0], rows[1], strict=True))

    before = row()
    assert before["减缓免缴"] in ("", None) and Decimal(str(before["减免后应缴（元）"])) == LEVY
    reduction = advance(
        receive(kind="reduction", amount=Decimal("20000"), new_due_date=None), "approved"
    )
    deferral = advance(receive(), "approved")
    after = row()
    assert after["减缓免缴"] == "减缴、缓缴"
    assert Decimal(str(after["减免金额（元）"])) == Decimal("20000")
    assert Decimal(str(after["减免后应缴（元）"])) == Decimal("100000")
    assert after["缓缴至"] == "2026-12-30"
    assert after["减缓免决定文号"] == f"{reduction.decision_number}、{deferral.decision_number}"


def test_the_navigation_and_home_lead_to_relief(client_for, chairman, receive, advance):
    advance(receive(), "checked")
    page = client_for(chairman).get(reverse("home")).content.decode()
    assert reverse("levy_relief:index") in page
    assert "?state=checked" in page


def _recompute_with_wage(declaration, centre, wage):
    AuditYear.objects.filter(pk=declaration.audit_year_id).update(local_average_wage=wage)
    return recompute_levies(year=2025, region=declaration.region, actor=centre)


def test_an_exemption_follows_a_recomputed_levy(client_for, centre, declaration, receive, advance):
    # issue 14: after a recompute raised the levy, the 免缴 still said the old amount and the
    # tax list showed the difference owed after a full exemption
    exemption = advance(receive(kind="exemption", new_due_date=None), "approved")
    # 8,888,889 ÷ 200 = 44,444.45 is capped at 2 × 20,000 = 40,000: 3 × 40,000 × 90%
    result = _recompute_with_wage(declaration, centre, Decimal("20000"))
    assert result["levy_changes"][0]["after"] == "108000.00" and result["reviews"] == []
    exemption.refresh_from_db()
    assert exemption.levy_due == exemption.amount == Decimal("108000.00")
    sheet = openpyxl.load_workbook(
        io.BytesIO(
            client_for(centre)
            .get(reverse("employment_quota:tax_list", args=[declaration.audit_year_id]))
            .content
        )
    ).active
    rows = list(sheet.values)
    row = dict(zip(rows[0], rows[1], strict=True))
    assert Decimal(str(row["减免后应缴（元）"])) == 0
    assert Decimal(str(row["减免金额（元）"])) == Decimal("108000.00")


def test_a_reduction_above_the_new_levy_and_a_changed_deferral_go_to_the_chairman(
    client_for, centre, chairman, declaration, receive, advance
):
    reduction = advance(
        receive(kind="reduction", amount=Decimal("110000"), new_due_date=None), "approved"
    )
    deferral = advance(receive(), "approved")  # defers 120,000 − 110,000 = 10,000
    assert deferral.amount == Decimal("10000.00")

    AuditYear.objects.filter(pk=declaration.audit_year_id).update(
        local_average_wage=Decimal("20000")
    )
    client = client_for(centre)
    client.post(reverse("employment_quota:levies_recompute", args=[declaration.audit_year_id]))
    job = Job.objects.get(kind="employment_quota.recompute_levies")
    run(job.pk)
    job.refresh_from_db()
    reviews = job.result["reviews"]
    assert [r["url"] for r in reviews] == [
        reverse("levy_relief:detail", args=[reduction.pk]),
        reverse("levy_relief:detail", args=[deferral.pk]),
    ]
    reduction.refresh_from_db()
    deferral.refresh_from_db()
    assert "108,000.00" in reduction.levy_change_note and "110,000.00" in reduction.levy_change_note
    assert "10,000.00" in deferral.levy_change_note
    page = client.get(reverse("job_detail", args=[job.pk])).content.decode()
    assert 'id="relief-reviews"' in page and reduction.decision_number in page
    detail = client_for(chairman).get(reverse("levy_relief:detail", args=[reduction.pk]))
    assert "levy-change-note" in detail.content.decode()


def test_a_recompute_that_changes_nothing_says_so(client_for, centre, declaration):
    client = client_for(centre)
    client.post(reverse("employment_quota:levies_recompute", args=[declaration.audit_year_id]))
    job = Job.objects.get(kind="employment_quota.recompute_levies")
    run(job.pk)
    page = client.get(reverse("job_detail", args=[job.pk])).content.decode()
    assert 'id="levy-no-change"' in page


def test_the_chairman_records_his_review_of_a_flagged_decision(
    client_for, centre, chairman, declaration, receive, advance
):
    reduction = advance(
        receive(kind="reduction", amount=Decimal("110000"), new_due_date=None), "approved"
    )
    _recompute_with_wage(declaration, centre, Decimal("20000"))
    url = reverse("levy_relief:levy_review", args=[reduction.pk])
    assert client_for(centre).post(url, {"levy-opinion": "x"}).status_code == 403

    other = make_user("ct_chair", "130403", "chairman")
    assert client_for(other).post(url, {"levy-opinion": "x"}).status_code == 404
    empty = client_for(chairman).post(url, {"levy-opinion": ""})
    assert empty.status_code == 400
    assert ReliefApplication.objects.get(pk=reduction.pk).levy_change_note
    response = client_for(chairman).post(url, {"levy-opinion": "减缴决定维持，免于缴纳。"})
    assert response.status_code == 302
    reduction.refresh_from_db()
    assert reduction.levy_change_note == ""
    page = client_for(chairman).get(reverse("levy_relief:detail", args=[reduction.pk]))
    html = page.content.decode()
    assert "history-levy-review" in html and "减缴决定维持" in html
