"""Walks every URL in the URLconf: anonymous users go to login, wrong roles get 403, and a
view that declares nothing is refused."""

import pytest
from django.http import HttpResponse
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, include, path, reverse

from cdpf import roles
from cdpf.permissions import declared_access
from tests.conftest import make_user

SAMPLE = {"int": 999999, "string": "NO-SUCH", "slug": "no-such", "path": "no/such"}


def walk(patterns, namespace="", prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            ns = f"{namespace}:{entry.namespace}" if entry.namespace else namespace
            yield from walk(entry.url_patterns, ns.strip(":"), prefix)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            converters = entry.pattern.converters
            kwargs = {
                key: SAMPLE[type(conv).__name__.replace("Converter", "").lower()]
                for key, conv in converters.items()
            }
            yield name, reverse(name, kwargs=kwargs), entry.callback


ROUTES = list(walk(get_resolver().url_patterns))
# verify answers anonymously only with DOCUMENT_VERIFY_PUBLIC (tests/cdpf/test_verify_and_signing)
PUBLIC = {"login", "logout", "set_language", "verify", "verify_form"}


def test_the_sweep_found_the_routes():
    names = {name for name, _, _ in ROUTES}
    assert {"home", "audit_log", "duties:register", "duties:publish", "duties:import"} <= names


@pytest.mark.parametrize(("name", "url", "view"), ROUTES, ids=[r[0] for r in ROUTES])
def test_every_view_declares_who_may_use_it(name, url, view):
    access = declared_access(view)
    assert access, f"{name} declares no access"
    assert name in PUBLIC or "public" not in access


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "url", "view"), ROUTES, ids=[r[0] for r in ROUTES])
def test_anonymous_users_are_sent_to_login(client, name, url, view):
    if name in PUBLIC:
        return
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        assert response.status_code == 302, (name, method)
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "url", "view"), ROUTES, ids=[r[0] for r in ROUTES])
def test_a_wrong_role_gets_403(client, name, url, view):
    if name in PUBLIC:
        return
    allowed = set(declared_access(view))
    wrong = [r for r in roles.ALL_ROLES if r not in allowed]
    users = [make_user("no-role", "130408")]
    # an administrator role is held alone (三员分立): one account per wrong administrator role
    wrong_business = [r for r in wrong if r not in roles.ADMIN_ROLES]
    if wrong_business:
        users.append(make_user("wrong-role", "130408", *wrong_business))
    for role in set(wrong) & set(roles.ADMIN_ROLES):
        users.append(make_user(f"wrong-{role}", "130408", role))
    for user in users:
        client.force_login(user)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code == 403, (name, user.username, method)


@pytest.mark.django_db
def test_an_account_without_region_gets_403(client):
    user = make_user("no-region", None, roles.ADMIN)
    client.force_login(user)
    assert client.get(reverse("duties:register")).status_code == 403


def undeclared(request):
    return HttpResponse("secret")


urlpatterns = [path("undeclared/", undeclared), path("", include("cdpf.urls"))]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_a_view_without_a_declaration_is_refused(client, admin_user):
    client.force_login(admin_user)
    response = client.get("/undeclared/")
    assert response.status_code == 403
    assert b"secret" not in response.content
