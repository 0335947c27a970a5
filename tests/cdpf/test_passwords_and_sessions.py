"""Issue 15 item 10: staff change their own password; it expires; the last five cannot come
back; disguised common passwords are refused; one active session per account."""

import datetime

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cdpf import roles
from cdpf.models import AuditEntry, User
from cdpf.passwords import core_word
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("password", ["Passw0rd!!", "P@ssw0rd2026", "Qwerty2026!", "Adm1n@2025"])
def test_disguised_common_passwords_are_refused(password, office_user):
    with pytest.raises(ValidationError) as refused:
        validate_password(password, office_user)
    assert "password_too_common" in [e.code for e in refused.value.error_list]


def test_a_strong_password_passes(office_user):
    validate_password("Lin-qiao7-huayuan", office_user)


def test_the_core_word_undoes_the_disguise():
    assert core_word("P@ssw0rd2026") == "password"
    assert core_word("Passw0rd!!") == "password"


def change(client, old, new):
    return client.post(
        reverse("password_change"),
        {"old_password": old, "new_password1": new, "new_password2": new},
    )


def signed_in_client(username, password=PASSWORD):
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": password})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def test_staff_change_their_own_password(office_user):
    client = signed_in_client("yn_office")
    assert client.get(reverse("password_change")).status_code == 200
    response = change(client, PASSWORD, "Lin-qiao7-huayuan")
    assert response.status_code == 302
    office_user.refresh_from_db()
    assert office_user.check_password("Lin-qiao7-huayuan")
    assert office_user.password_changed_at is not None
    assert client.get(reverse("home")).status_code == 200  # still signed in
    assert AuditEntry.objects.filter(
        object_id=str(office_user.pk), detail__password="changed"
    ).exists()


def test_a_wrong_old_password_changes_nothing(office_user):
    client = signed_in_client("yn_office")
    response = change(client, "wrong", "Lin-qiao7-huayuan")
    assert response.status_code == 400 and response.context["form"].errors["old_password"]
    office_user.refresh_from_db()
    assert office_user.check_password(PASSWORD)


def test_the_last_five_passwords_cannot_come_back(office_user):
    client = signed_in_client("yn_office")
    current = PASSWORD
    for n in range(1, 6):
        new = f"Lin-qiao{n}-huayuan"
        assert change(client, current, new).status_code == 302
        current = new
    response = change(client, current, "Lin-qiao2-huayuan")  # four changes ago
    assert response.status_code == 400
    assert "password_reused" in [
        e.code for e in response.context["form"].errors.as_data()["new_password2"]
    ]
    assert change(client, current, PASSWORD).status_code == 302  # six ago: allowed again


def test_an_expired_password_must_be_changed_first(office_user):
    User.objects.filter(pk=office_user.pk).update(
        password_changed_at=timezone.now() - datetime.timedelta(days=91)
    )
    client = signed_in_client("yn_office")
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse("password_change")
    assert change(client, PASSWORD, "Lin-qiao7-huayuan").status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_a_new_sign_in_ends_the_older_session_and_says_so(office_user):
    first = signed_in_client("yn_office")
    assert first.get(reverse("home")).status_code == 200
    second = Client()
    response = second.post(
        reverse("login"), {"username": "yn_office", "password": PASSWORD}, follow=True
    )
    assert "已结束" in response.content.decode() or "ended" in response.content.decode()
    response = first.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("login"))
    page = response.content.decode()
    assert "另一台" in page or "another computer" in page
    assert second.get(reverse("home")).status_code == 200


def test_the_security_administrator_ends_a_session(office_user, client):

    user_client = signed_in_client("yn_office")
    security_admin = make_user("yn_secadmin", "130408", roles.SECURITY_ADMIN)
    client.force_login(security_admin)
    client.post(
        reverse("admin:cdpf_user_changelist"),
        {"action": "end_sessions", "_selected_action": [office_user.pk]},
    )
    response = user_client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
