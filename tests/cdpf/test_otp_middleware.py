"""cdpf/otp_middleware.py: request.user is the signed-in user itself, resolved once, with
django-otp's fields; an anonymous request's user is unverified."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from cdpf.models import User

pytestmark = pytest.mark.django_db


def _signed_in_with(client_for, user, *, confirmed: bool):
    """A client of `user` whose session names a device of theirs, as django_otp.login()
    leaves it."""
    device = TOTPDevice.objects.create(user=user, name="手机", confirmed=confirmed)
    client = client_for(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client, device


def test_a_signed_in_request_carries_the_user_itself_with_its_device(client_for, office_user):
    client, device = _signed_in_with(client_for, office_user, confirmed=True)
    response = client.get(reverse("certificates:index"))
    user = response.wsgi_request.user
    assert type(user) is User and user.pk == office_user.pk
    assert user.otp_device == device and user.is_verified()


def test_an_unconfirmed_device_is_forgotten_and_the_user_unverified(client_for, office_user):
    client, _device = _signed_in_with(client_for, office_user, confirmed=False)
    response = client.get(reverse("certificates:index"))
    assert response.wsgi_request.user.otp_device is None
    assert not response.wsgi_request.user.is_verified()
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_an_anonymous_request_is_unverified(client):
    response = client.get(reverse("login"))
    user = response.wsgi_request.user
    assert type(user) is AnonymousUser and not user.is_verified()
