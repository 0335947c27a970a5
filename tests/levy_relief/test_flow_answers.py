"""Levy relief answers a wrong step as every app does (tests/flow_answers.py)."""

from django.urls import reverse

from tests.flow_answers import assert_unknown_step, assert_wrong_role, assert_wrong_state


def _step(application, name):
    return reverse("levy_relief:step", args=[application.pk, name])


def test_a_step_in_the_wrong_state_returns_to_the_page_with_the_message(
    client_for, chairman, receive
):
    application = receive()  # submitted: the chairman reviews only checked applications
    response = client_for(chairman).post(_step(application, "review"), {"opinion": "属实"})
    message = assert_wrong_state(response, reverse("levy_relief:detail", args=[application.pk]))
    assert "“" in message
    application.refresh_from_db()
    assert application.state == "submitted"


def test_the_state_is_checked_before_the_role(client_for, centre, receive):
    application = receive()  # the centre never approves, and nothing here is reviewed yet
    response = client_for(centre).post(_step(application, "approve"), {"reason": "x"})
    assert_wrong_state(response, reverse("levy_relief:detail", args=[application.pk]))


def test_a_wrong_role_in_the_right_state_is_a_403(client_for, chairman, receive):
    application = receive()
    response = client_for(chairman).post(_step(application, "check"), {"ticked": []})
    assert_wrong_role(response)


def test_an_unknown_step_is_a_404(client_for, centre, receive):
    assert_unknown_step(client_for(centre).post(_step(receive(), "fly")))
