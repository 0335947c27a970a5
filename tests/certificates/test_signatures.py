"""A direct assessment counts only when each named signer has signed it with their own
account and password; until then the applicant goes neither on a notice nor to review."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cdpf import roles
from cdpf.models import AuditEntry
from cdpf.params import get_param
from certificates import selectors, services
from certificates.models import AssessmentSignature
from tests.factories import PASSWORD, TODAY, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def direct(flow, office_user, chairman):
    app = flow("received")
    other = make_user("yn_office2", "130408", roles.OFFICE)
    super_ = make_user("yn_super2", "130408", roles.SUPERVISOR)
    services.assessment_record(
        actor=office_user,
        application=app,
        mode="direct",
        parts=[(4, 2)],
        assessed_on=TODAY,
        signers=[other, super_, chairman],
    )
    app.refresh_from_db()
    return app, [other, super_, chairman]


def test_an_unsigned_direct_assessment_blocks_the_notice(direct, office_user):
    app, _signers = direct
    assert not app.assessment.complete
    assert app not in selectors.notice_candidates(office_user)
    with pytest.raises(ValidationError) as raised:
        services.notice_publish(
            actor=office_user,
            region=app.region,
            community=app.person.community,
            applications=[app],
            starts_on=TODAY,
        )
    assert raised.value.code == "unsigned"


def test_each_signer_signs_with_their_own_password(direct, client_for, office_user):
    app, signers = direct
    url = reverse("certificates:assessment_sign", args=[app.pk])
    for signer in signers:
        client = client_for(signer)
        response = client.post(url, {"password": "wrong-password"})
        assert response.status_code == 400
        assert response.context["form"].has_error("password", "password")
        assert not AssessmentSignature.objects.filter(user=signer).exists()
        response = client.post(url, {"password": PASSWORD})
        assert response.status_code == 302
        # a supervisor cannot open the application page: back home instead
        expected = (
            reverse("home")
            if signer.has_role(roles.SUPERVISOR)
            else reverse("certificates:application", args=[app.pk])
        )
        assert response["Location"] == expected
        assert AssessmentSignature.objects.filter(user=signer).count() == 1
        assert client.post(url, {"password": PASSWORD}).status_code == 400  # signed already
    app.assessment.refresh_from_db()
    assert app.assessment.complete
    assert app in selectors.notice_candidates(office_user)


def test_only_named_signers_may_sign_and_other_districts_see_nothing(direct, client_for, chairman):
    app, _signers = direct
    url = reverse("certificates:assessment_sign", args=[app.pk])
    stranger = make_user("yn_office9", "130408", roles.OFFICE)
    assert client_for(stranger).get(url).status_code == 403
    assert client_for(stranger).post(url, {"password": PASSWORD}).status_code == 403
    outsider = make_user("ct_chair", "130403", roles.CHAIRMAN)
    assert client_for(outsider).get(url).status_code == 404
    assert not AssessmentSignature.objects.exists()


def test_the_home_page_asks_each_signer_to_sign(direct, client_for):
    app, signers = direct
    body = client_for(signers[1]).get(reverse("home")).content.decode()
    assert reverse("certificates:assessment_sign", args=[app.pk]) in body


def test_a_hospital_assessment_needs_no_signature(flow):
    app = flow("assessed")
    assert app.assessment.complete


def test_wrong_passwords_at_signing_count_towards_the_lockout(direct, client_for):
    app, signers = direct
    url = reverse("certificates:assessment_sign", args=[app.pk])
    client = client_for(signers[0])
    free = get_param("security.signin_free_failures", on=datetime.date.today(), region=None)
    for _ in range(free):
        assert client.post(url, {"password": "wrong-password"}).status_code == 400
    failures = AuditEntry.objects.filter(
        action=AuditEntry.Action.LOGIN_FAILED, username=signers[0].username, success=False
    )
    assert failures.count() == free
    response = client.post(url, {"password": PASSWORD})  # the right one, now locked
    assert response.status_code == 400
    assert not AssessmentSignature.objects.exists()
