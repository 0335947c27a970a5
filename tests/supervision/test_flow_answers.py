"""Supervision answers a wrong step as every app does (tests/flow_answers.py): the state is
checked before the role (it used to be the other way round here)."""

import datetime

import pytest
from django.urls import reverse

from supervision import services
from tests.flow_answers import assert_wrong_role, assert_wrong_state

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


@pytest.fixture
def inspection(supervisor, yongnian, employer):
    plan = services.plan_create(actor=supervisor, region=yongnian, year=TODAY.year, rule="quota")
    return services.inspection_create(
        actor=supervisor, plan=plan, rule="quota", year=TODAY.year, method="written",
        subject_kind="employer", subject=employer, scheduled_on=TODAY,
    )  # fmt: skip


@pytest.fixture
def complaint(office_user, yongnian):
    return services.complaint_receive(
        actor=office_user, region=yongnian, received_on=TODAY, channel="letter", rule="quota",
        subject="某单位虚报", content="内容", anonymous=True,
        respondent_kind="outside", respondent_name="某单位",
    )  # fmt: skip


def test_an_inspection_step_in_the_wrong_state_returns_with_the_message(
    client_for, supervisor, inspection
):
    page = reverse("supervision:inspection", args=[inspection.pk])
    client = client_for(supervisor)
    assert_wrong_state(
        client.post(reverse("supervision:inspection_publish", args=[inspection.pk])), page
    )
    assert_wrong_state(
        client.get(reverse("supervision:inspection_check", args=[inspection.pk])), page
    )
    assert_wrong_state(
        client.post(reverse("supervision:finding_add", args=[inspection.pk]), {"text": "x"}), page
    )
    inspection.refresh_from_db()
    assert inspection.state == "planned"


def test_a_complaint_step_in_the_wrong_state_returns_with_the_message(
    client_for, office_user, complaint
):
    url = reverse("supervision:complaint_close", args=[complaint.pk])
    response = client_for(office_user).post(url, {"note": "已电话答复"})
    assert_wrong_state(response, reverse("supervision:complaint", args=[complaint.pk]))


def test_the_state_is_checked_before_the_role(client_for, supervisor, complaint):
    # closing is the office's step, and the complaint is not answered: the state answers
    url = reverse("supervision:complaint_close", args=[complaint.pk])
    response = client_for(supervisor).post(url, {"note": "x"})
    assert_wrong_state(response, reverse("supervision:complaint", args=[complaint.pk]))


def test_a_wrong_role_in_the_right_state_is_a_403(client_for, supervisor, complaint):
    url = reverse("supervision:complaint_assign", args=[complaint.pk])
    assert_wrong_role(client_for(supervisor).post(url, {"assignee": supervisor.pk}))
