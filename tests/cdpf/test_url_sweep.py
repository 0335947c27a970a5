"""Walks every URL in the URLconf: anonymous users go to login, wrong roles get 403, a view
that declares nothing is refused, and a method a view does not take answers 405 (a GET on a
POST-only step never changes anything)."""

import pytest
from django.http import HttpResponse
from django.test import override_settings
from django.urls import include, path, reverse

from cdpf import roles
from cdpf.permissions import declared_access
from cdpf.url_sweep import routes
from tests.factories import make_user

ROUTES = routes()  # the same list the production smoke test opens (scripts/prod_smoke.py)
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


def allowed_methods(view) -> set[str] | None:
    """The HTTP methods a view takes: a class-based view's `http_method_names`, or the list
    given to `require_http_methods` (`require_POST`, `require_GET`) anywhere in its decorators;
    None for a view that takes any method."""
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return {method.upper() for method in view_class.http_method_names}
    while view is not None:
        code = getattr(view, "__code__", None)
        if code is not None and "request_method_list" in code.co_freevars:
            cell = view.__closure__[code.co_freevars.index("request_method_list")]
            return set(cell.cell_contents)
        view = getattr(view, "__wrapped__", None)
    return None


METHODS = [(name, url, view, allowed_methods(view)) for name, url, view in ROUTES]
POST_ONLY = [(name, url, view) for name, url, view, methods in METHODS if methods == {"POST"}]
# the sign-in page is Django's LoginView wrapped by the second-factor check: GET and POST
ANY_METHOD = {"login"}


def test_every_view_says_which_methods_it_takes():
    assert [name for name, _, _, methods in METHODS if methods is None] == sorted(ANY_METHOD)


def test_the_step_urls_of_every_app_are_post_only():
    """Every app's step URL is among the POST-only routes (the sweep below asks them a GET)."""
    names = {name for name, _, _ in POST_ONLY}
    steps = {
        "certificates:step",
        "employment_quota:step",
        "levy_relief:step",
        "massage_licensing:step",
        "tongban:step",
        "supervision:complaint_close",
        "supervision:inspection_publish",
        "duties:publish",
        "job_retry",
    }
    assert steps <= names, steps - names
    assert len(POST_ONLY) >= 40


def _member(view):
    """A user of 永年区 holding a role the view admits (an administrator role alone, 三员分立)."""
    allowed = [r for r in declared_access(view) if r != "public"]
    if not allowed:
        return None
    role = allowed[0]
    return make_user(f"allowed-{role}", "130408", role)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "url", "view", "methods"),
    [m for m in METHODS if m[3] is not None],
    ids=[m[0] for m in METHODS if m[3] is not None],
)
def test_a_method_the_view_does_not_take_answers_405(client, name, url, view, methods):
    """As a user the view admits: a GET on a POST-only step and a POST on a page that only
    shows answer 405 Method Not Allowed, whatever the object (the sample arguments name none)."""
    user = _member(view)
    if user is not None:
        client.force_login(user)
    for method in {"GET", "POST"} - methods:
        response = getattr(client, method.lower())(url)
        assert response.status_code == 405, (name, method, response.status_code)
        assert set(response["Allow"].split(", ")) == methods, name
