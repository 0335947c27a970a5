"""The per-request reads written as plain SQL (issue 16 item 1) return what the ORM returns."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice

from cdpf import roles
from cdpf.auth import LockoutModelBackend
from cdpf.models import Region
from cdpf.otp_middleware import OTPMiddleware
from cdpf.selectors import _regions_under, scope_regions
from cdpf.session_store import SessionStore
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("prefix", ["13", "1304", "130408", "130102", "9999"])
def test_the_regions_under_a_prefix_are_the_orms(prefix):
    expected = list(Region.objects.filter(code__startswith=prefix))
    found = _regions_under(prefix)
    assert [(r.pk, r.code, r.name, r.level, r.parent_id) for r in found] == [
        (r.pk, r.code, r.name, r.level, r.parent_id) for r in expected
    ]
    assert all(not r._state.adding for r in found)


def test_a_new_district_is_in_the_citys_scope_on_the_next_request():
    user = make_user("scope_city", "130400", roles.SUPERVISOR)
    before = {r.code for r in scope_regions(user)}
    city = Region.objects.get(code="130400")
    district = Region.objects.filter(parent=city).first()
    Region.objects.create(code="130499", name="新区", level=district.level, parent=city)
    assert {r.code for r in scope_regions(user)} == before  # read once per request
    fresh = type(user).objects.get(pk=user.pk)
    assert {r.code for r in scope_regions(fresh)} == before | {"130499"}


def test_role_names_are_the_accounts_groups_in_one_query():
    user = make_user("roles_two", "130408", roles.OFFICE, roles.CERTIFICATE_ROOM)
    user = type(user).objects.get(pk=user.pk)
    with CaptureQueriesContext(connection) as ctx:
        names = user.role_names
        assert user.has_role(roles.OFFICE) and not user.has_role(roles.SUPERVISOR)
    assert len(ctx.captured_queries) == 1
    assert names == set(user.groups.values_list("name", flat=True))
    assert names == {roles.OFFICE, roles.CERTIFICATE_ROOM}
    user.groups.add(Group.objects.get(name=roles.SUPERVISOR))
    assert type(user).objects.get(pk=user.pk).has_role(roles.SUPERVISOR)


def test_an_unsaved_account_has_no_role():
    assert type(make_user("roles_x", "130408")).__call__().role_names == set()


def test_the_signed_in_user_is_read_with_their_region_in_one_query():
    user = make_user("plain_user", "130408", roles.OFFICE)
    with CaptureQueriesContext(connection) as ctx:
        found = LockoutModelBackend().get_user(user.pk)
        assert found.region.code == "130408"
    assert len(ctx.captured_queries) == 1
    expected = type(user).objects.select_related("region").get(pk=user.pk)
    assert [getattr(found, f.attname) for f in type(user)._meta.concrete_fields] == [
        getattr(expected, f.attname) for f in type(user)._meta.concrete_fields
    ]
    assert LockoutModelBackend().get_user(user.pk + 1000) is None
    type(user).objects.filter(pk=user.pk).update(is_active=False)
    assert LockoutModelBackend().get_user(user.pk) is None


def test_an_account_without_a_region_is_read_with_none():
    user = make_user("plain_noregion", None)
    found = LockoutModelBackend().get_user(user.pk)
    assert found.region is None and found.username == "plain_noregion"


def test_a_session_is_read_until_it_expires():
    store = SessionStore()
    store["k"] = "值"
    store.save()
    assert SessionStore(store.session_key).load() == {"k": "值"}
    type(store).get_model_class().objects.filter(session_key=store.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    again = SessionStore(store.session_key)
    assert again.load() == {} and again.session_key is None


def test_the_authenticator_is_read_as_django_otp_reads_it():
    user = make_user("plain_otp", "130408", roles.OFFICE)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    middleware = OTPMiddleware(lambda request: None)
    with CaptureQueriesContext(connection) as ctx:
        found = middleware._device_from_persistent_id(device.persistent_id)
    assert len(ctx.captured_queries) == 1
    assert found == Device.from_persistent_id(device.persistent_id)
    assert (found.user_id, found.confirmed, found.key) == (user.pk, True, device.key)
    for bad in ("otp_totp.totpdevice/999999", "otp_totp.totpdevice/x", "nope.model/1",
                "cdpf.region/1"):  # fmt: skip
        assert middleware._device_from_persistent_id(bad) is None


@pytest.mark.parametrize(
    ("code", "held"),
    [
        ("130000", (roles.SUPERVISOR,)),  # a province: every region under 13
        ("130400", (roles.SUPERVISOR, roles.OFFICE)),  # a city
        ("130408", (roles.OFFICE, roles.CERTIFICATE_ROOM)),  # a district
        ("130408", ()),  # no role at all
        (None, (roles.OFFICE,)),  # no region: no scope
    ],
)
def test_the_signed_in_users_roles_and_scope_are_what_their_own_reads_give(code, held):
    user = make_user(f"scope_{code}_{len(held)}", code, *held)
    with CaptureQueriesContext(connection) as ctx:
        found = LockoutModelBackend().get_user(user.pk)
        names, scope = found.role_names, [r.code for r in scope_regions(found)]
    fresh = type(user).objects.select_related("region").get(pk=user.pk)
    assert names == fresh.role_names == set(held)
    expected = []
    if code:
        expected = list(Region.objects.filter(code__startswith=fresh.region.scope_prefix))
    assert scope == [r.code for r in expected]
    assert [(r.pk, r.name, r.level, r.parent_id) for r in scope_regions(found)] == [
        (r.pk, r.name, r.level, r.parent_id) for r in expected
    ]
    # one query on PostgreSQL (the roles and the scope ride on the user's read); SQLite reads
    # the roles, and the scope of an account with a region, on their own as before
    separate = 1 + (1 + bool(code)) * (connection.vendor != "postgresql")
    assert len(ctx.captured_queries) == separate


def test_the_prefix_lengths_are_the_scope_prefixs():
    for code, level, prefix in [
        ("130000", Region.Level.PROVINCE, "13"),
        ("130400", Region.Level.CITY, "1304"),
        ("130408", Region.Level.DISTRICT, "130408"),
    ]:
        assert Region(code=code, level=level).scope_prefix == prefix
