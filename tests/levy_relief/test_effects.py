"""What a relief changes elsewhere: the employer's audited record of the year, the tax list,
the navigation and the home page."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from tests.levy_relief.conftest import LEVY

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
