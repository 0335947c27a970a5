"""Structured logs: one JSON line per request with its context, the 500 page shows the request
id found in the error's log line, and error reports (off by default) carry no personal data."""

import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.urls import include, path

import cdpf.urls
from cdpf import roles
from cdpf.observability import ContextFilter, JsonLineFormatter, scrub_event
from cdpf.permissions import public
from tests.factories import make_user

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def log_lines():
    """What the console handler of settings.LOGGING writes, as parsed JSON lines."""
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.addFilter(ContextFilter())
    handler.setFormatter(JsonLineFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in buffer.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)


@public
def boom(request):
    raise RuntimeError("boom")


handler500 = "cdpf.errors.server_error"
urlpatterns = [path("boom/", boom), path("", include("cdpf.urls"))]


@pytest.mark.django_db
def test_one_json_line_per_request_with_its_context(client, log_lines):
    user = make_user("yn_office", "130408", roles.OFFICE)
    client.force_login(user)
    response = client.get("/duties/?q=130408199001011234")
    assert response.status_code == 200
    lines = [line for line in log_lines() if line["logger"] == "cdpf.request"]
    assert len(lines) == 1
    line = lines[0]
    assert line["message"] == "request" and line["level"] == "INFO"
    assert line["time"][:2] == "20" and "T" in line["time"]
    assert line["request_id"] == response["X-Request-ID"] and len(line["request_id"]) == 32
    assert line["user_id"] == user.pk and line["region"] == "130408"
    assert (line["method"], line["path"], line["status"]) == ("GET", "/duties/", 200)
    assert line["duration_ms"] >= 0
    assert line["client"] == "127.0.0.1" and line["bytes"] == len(response.content)
    assert "199001011234" not in json.dumps(lines)  # the query string is never logged


@pytest.mark.django_db
@override_settings(TRUSTED_PROXIES=["10.0.0.1"])
def test_the_request_line_is_the_access_log(client, log_lines):
    """The client as our proxy gave it (not as anyone else claims), and the body's size."""
    client.get("/login/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    client.get("/login/", REMOTE_ADDR="198.51.100.2", HTTP_X_FORWARDED_FOR="203.0.113.8")
    lines = [line for line in log_lines() if line["logger"] == "cdpf.request"]
    assert [line["client"] for line in lines] == ["203.0.113.7", "198.51.100.2"]
    assert all(line["bytes"] > 0 for line in lines)


@pytest.mark.django_db
def test_anonymous_request_line_has_no_user(client, log_lines):
    response = client.get("/login/")
    line = next(line for line in log_lines() if line["logger"] == "cdpf.request")
    assert line["user_id"] is None and line["region"] is None and line["status"] == 200
    assert line["request_id"] == response["X-Request-ID"]


def test_cdpf_urls_use_the_500_handler():
    assert cdpf.urls.handler500 == "cdpf.errors.server_error"


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_the_500_page_shows_the_request_id_of_the_errors_log_line(log_lines):
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    request_id = response["X-Request-ID"]
    html = response.content.decode()
    assert request_id in html and "参考编号" in html
    error = next(line for line in log_lines() if line["logger"] == "django.request")
    assert error["level"] == "ERROR" and error["request_id"] == request_id
    assert "RuntimeError: boom" in error["exc_info"]
    request_line = next(line for line in log_lines() if line["logger"] == "cdpf.request")
    assert request_line["status"] == 500 and request_line["level"] == "ERROR"
    assert request_line["request_id"] == request_id


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_at_log_level_warning_a_500_still_writes_its_request_line(log_lines):
    """LOG_LEVEL=WARNING drops the request lines of answered pages, never a failed one's."""
    logger = logging.getLogger("cdpf.request")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        client = Client(raise_request_exception=False)
        assert client.get("/boom/").status_code == 500
        assert client.get("/duties/").status_code == 302  # to the sign-in page
    finally:
        logger.setLevel(level)
    request_lines = [line for line in log_lines() if line["logger"] == "cdpf.request"]
    assert [(line["status"], line["level"]) for line in request_lines] == [(500, "ERROR")]


@pytest.mark.django_db
@override_settings(TRUSTED_PROXIES={"10.0.0.5"})
def test_the_proxys_request_id_is_kept_only_from_a_trusted_proxy(client):
    given = "0123456789abcdef0123456789abcdef"
    trusted = client.get("/login/", HTTP_X_REQUEST_ID=given, REMOTE_ADDR="10.0.0.5")
    assert trusted["X-Request-ID"] == given
    other = client.get("/login/", HTTP_X_REQUEST_ID=given, REMOTE_ADDR="10.0.0.9")
    assert other["X-Request-ID"] != given
    forged = client.get("/login/", HTTP_X_REQUEST_ID="a\nb", REMOTE_ADDR="10.0.0.5")
    assert forged["X-Request-ID"] != "a\nb"


def test_error_reports_are_scrubbed_of_personal_data():
    event = {
        "request": {
            "url": "https://cdpf.example.gov.cn/certificates/?q=130408199001011234",
            "query_string": "q=130408199001011234",
            "data": {"name": "张三", "id_number": "130408199001011234"},
            "cookies": {"sessionid": "secret"},
            "headers": {
                "Cookie": "sessionid=secret",
                "User-Agent": "UA",
                "X-Forwarded-For": "1.2.3.4",
            },
            "env": {"REMOTE_ADDR": "1.2.3.4"},
        },
        "user": {"id": 7, "username": "yn_office", "ip_address": "1.2.3.4"},
        "exception": {"values": [{"stacktrace": {"frames": [{"vars": {"person": "张三"}}]}}]},
        "breadcrumbs": {"values": [{"message": "sql", "data": {"params": ["张三"]}}]},
        "extra": {"id_number": "130408199001011234", "job": 3},
    }
    scrubbed = json.dumps(scrub_event(event), ensure_ascii=False)
    for secret in ("张三", "130408199001011234", "secret", "1.2.3.4", "yn_office"):
        assert secret not in scrubbed, secret
    assert event["user"] == {"id": 7} and event["extra"]["job"] == 3
    assert event["request"]["headers"] == {"User-Agent": "UA"}


def sentry_state(dsn: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CDPF_", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="cdpf.settings", DEBUG="1", SENTRY_DSN=dsn, CDPF_VAR_DIR="/tmp"
    )
    code = (
        "import django, sentry_sdk; django.setup(); c = sentry_sdk.get_client(); "
        "print(c.is_active(), c.options.get('send_default_pii'), "
        "c.options.get('before_send').__name__ if c.is_active() else '-')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_sentry_is_off_without_a_dsn_and_scrubs_with_one():
    assert sentry_state("") == "False None -"
    assert sentry_state("http://public@127.0.0.1:9/1") == "True False scrub_event"
