"""The signed-in sessions the benchmarks use (imported after django.setup()): an account of one
role in one region, and the second factor passed as the sign-in records it (DEBUG=0 requires
it, decision 0150)."""

from django.contrib.auth.models import Group
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from cdpf.models import User


def account(username: str, region, role: str) -> User:
    user, _ = User.objects.get_or_create(username=username, defaults={"region": region})
    user.region, user.display_name = region, username
    user.set_unusable_password()
    user.save()
    user.groups.set(Group.objects.filter(name=role))
    return user


def verified(client, user) -> None:
    """A confirmed authenticator and its id in the session, as django_otp.login() writes it."""
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="bench", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
