"""The English interface (issue 19 item 18): no full-width colon after a label, and the audit
log's object types and changes read in English."""

import datetime

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from cdpf import audit
from cdpf.models import CalendarDay

pytestmark = pytest.mark.django_db


def test_the_label_colon_follows_the_language():
    template = Template("{% load cdpf_tags %}雇主{% colon %}甲")
    with translation.override("zh-hans"):
        assert template.render(Context()) == "雇主：甲"
    with translation.override("en"):
        assert template.render(Context()) == "雇主: 甲"


def test_the_audit_log_in_english_has_no_full_width_colon(client, admin_user, audit_admin):
    with audit.acting_as(admin_user):
        CalendarDay.objects.create(date=datetime.date(2027, 1, 4), kind="holiday", name="元旦")
    client.force_login(audit_admin)  # the audit log is the audit administrator's (三员分立)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("audit_log")).content.decode()
    table = html.split("<tbody>")[1].split("</tbody>")[0]
    assert "Calendar day: " in table or "calendar day: " in table
    assert "：" not in table
