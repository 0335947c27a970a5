"""Massage licensing answers a wrong step as every app does (tests/flow_answers.py): the
state is checked before the role (it used to be the other way round here)."""

from django.urls import reverse

from massage_licensing import services
from tests.factories import TODAY
from tests.flow_answers import assert_unknown_step, assert_wrong_role, assert_wrong_state


def _submitted(centre, make_institution):
    return services.application_submit(actor=centre, institution=make_institution(), on=TODAY)


def _step(application, name):
    return reverse("massage_licensing:step", args=[application.pk, name])


def test_a_step_in_the_wrong_state_returns_to_the_page_with_the_message(
    client_for, chairman, centre, make_institution
):
    application = _submitted(centre, make_institution)  # approval needs the inspection first
    response = client_for(chairman).post(_step(application, "approve"))
    assert_wrong_state(response, reverse("massage_licensing:application", args=[application.pk]))
    application.refresh_from_db()
    assert application.state == "submitted"


def test_the_state_is_checked_before_the_role(client_for, centre, make_institution):
    application = _submitted(centre, make_institution)  # the centre never approves
    response = client_for(centre).post(_step(application, "approve"))
    assert_wrong_state(response, reverse("massage_licensing:application", args=[application.pk]))


def test_a_wrong_role_in_the_right_state_is_a_403(client_for, chairman, centre, make_institution):
    application = _submitted(centre, make_institution)
    assert_wrong_role(client_for(chairman).post(_step(application, "check")))


def test_an_unknown_step_is_a_404(client_for, centre, make_institution):
    application = _submitted(centre, make_institution)
    assert_unknown_step(client_for(centre).post(_step(application, "fly")))
