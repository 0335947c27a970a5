"""The quota audit answers a wrong step as every app does (tests/flow_answers.py): its
declaration and its audit year now have declared flows (they had bare state sets)."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from employment_quota import services
from tests.factories import make_user
from tests.flow_answers import assert_unknown_step, assert_wrong_role, assert_wrong_state


@pytest.fixture
def draft(centre, audit_year, employer):
    return services.declaration_save(
        actor=centre, audit_year=audit_year, employer=employer,
        staff=Decimal("100"), wage_bill=Decimal("6000000"), employees=[],
    )  # fmt: skip


def _step(declaration, name):
    return reverse("employment_quota:step", args=[declaration.pk, name])


def test_a_step_in_the_wrong_state_returns_to_the_page_with_the_message(client_for, centre, draft):
    response = client_for(centre).post(_step(draft, "approve"))
    assert_wrong_state(response, reverse("employment_quota:declaration", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.state == "draft"


def test_a_year_step_in_the_wrong_state_returns_to_the_page_with_the_message(
    client_for, centre, audit_year
):
    url = reverse("employment_quota:year_status", args=[audit_year.pk, "reopen"])
    response = client_for(centre).post(url)
    assert_wrong_state(response, reverse("employment_quota:year", args=[audit_year.pk]))


def test_the_state_is_checked_before_the_role(db, draft):
    chairman = make_user("yn_chair_q", "130408", "chairman")
    with pytest.raises(ValidationError) as raised:
        services.declaration_approve(
            actor=chairman, declaration=draft, on=draft.audit_year.opens_on
        )
    assert raised.value.code == "state"
    with pytest.raises(PermissionDenied, match="可以办理此步骤"):
        services.declaration_submit(actor=chairman, declaration=draft, on=draft.audit_year.opens_on)


def test_a_wrong_role_is_a_403(client_for, supervisor, draft):
    assert_wrong_role(client_for(supervisor).post(_step(draft, "submit")))


def test_an_unknown_step_is_a_404(client_for, centre, draft, audit_year):
    client = client_for(centre)
    assert_unknown_step(client.post(_step(draft, "fly")))
    assert_unknown_step(
        client.post(reverse("employment_quota:year_status", args=[audit_year.pk, "fly"]))
    )
