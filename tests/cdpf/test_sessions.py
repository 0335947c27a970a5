"""The 30-minute idle timeout: a session in use is kept alive, written at most once a minute,
and a session left idle past its age sends the user back to the sign-in page."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cdpf.middleware import IdleTimeoutMiddleware
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def session_writes(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return [
        q["sql"]
        for q in ctx.captured_queries
        if "django_session" in q["sql"] and not q["sql"].lstrip().startswith("SELECT")
    ]


def sign_in(client, user):
    assert client.post(reverse("login"), {"username": user.username, "password": PASSWORD})


def test_a_page_in_use_writes_the_session_at_most_once_a_minute(client, office_user):
    sign_in(client, office_user)
    session_writes(client, reverse("home"))  # the first page after sign-in marks the time
    assert session_writes(client, reverse("home")) == []


def test_a_session_last_written_over_a_minute_ago_is_kept_alive(client, office_user, settings):
    sign_in(client, office_user)
    client.get(reverse("home"))
    session = client.session
    session[IdleTimeoutMiddleware.KEY] -= settings.SESSION_REFRESH_SECONDS
    session.save()
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=timezone.now() + datetime.timedelta(minutes=2)
    )
    assert session_writes(client, reverse("home")), "the session was not written again"
    expiry = Session.objects.get(session_key=session.session_key).expire_date
    assert expiry > timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)


def test_an_idle_session_past_its_age_signs_the_user_out(client, office_user):
    sign_in(client, office_user)
    client.get(reverse("home"))
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
