"""The certificate register answers a wrong step as every app does (tests/flow_answers.py):
an unknown step is a 404 (it was a message on the page)."""

from django.urls import reverse

from tests.flow_answers import assert_unknown_step, assert_wrong_role, assert_wrong_state


def _step(app, name):
    return reverse("certificates:step", args=[app.pk, name])


def test_a_step_in_the_wrong_state_returns_to_the_page_with_the_message(client_for, flow, chairman):
    app = flow("assessed")  # approval waits for the review
    response = client_for(chairman).post(_step(app, "approve"))
    assert_wrong_state(response, reverse("certificates:application", args=[app.pk]))
    app.refresh_from_db()
    assert app.state == "assessed"


def test_a_return_in_the_wrong_state_is_refused_before_its_form(client_for, flow, office_user):
    app = flow("approved")  # decided: no way back, whatever the form says
    response = client_for(office_user).post(_step(app, "return"), {"reason": ""})
    assert_wrong_state(response, reverse("certificates:application", args=[app.pk]))


def test_the_state_is_checked_before_the_role(client_for, flow, cert_room):
    app = flow("review")  # the certificate room prints, and nothing here is approved yet
    response = client_for(cert_room).post(_step(app, "print"))
    assert_wrong_state(response, reverse("certificates:application", args=[app.pk]))


def test_a_wrong_role_in_the_right_state_is_a_403(client_for, flow, office_user):
    assert_wrong_role(client_for(office_user).post(_step(flow("review"), "approve")))


def test_an_unknown_step_is_a_404(client_for, flow, office_user):
    app = flow("received")
    client = client_for(office_user)
    assert_unknown_step(client.post(_step(app, "fly")))
    assert_unknown_step(client.post(_step(app, "assess")))  # a step with a page of its own
