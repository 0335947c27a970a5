"""The look-through (decision 0140): axe found the inputs of the admin's editable lists and
tabular inlines (a work item's phone, a unit's order, a doctor's name) with no label at all: they
sit in table cells under a column heading, which a screen reader does not announce. Each input
carries its field's name."""

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.urls import reverse

from certificates.models import Hospital
from duties.models import Duty

pytestmark = pytest.mark.django_db


class _Inputs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.labelled_ids: set[str] = set()
        self.inputs: list[dict] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "label" and values.get("for"):
            self.labelled_ids.add(values["for"])
        if tag in ("input", "select", "textarea") and values.get("type") not in (
            "hidden", "submit", "button", "search"
        ):  # fmt: skip
            self.inputs.append(values)


def unlabelled(html: str, prefix: str) -> list[str]:
    parser = _Inputs()
    parser.feed(html)
    return [
        i.get("name", "?")
        for i in parser.inputs
        if (i.get("name") or "").startswith(prefix)
        and not i.get("aria-label")
        and i.get("id") not in parser.labelled_ids
    ]


@pytest.mark.parametrize(
    ("url", "prefix"),
    [
        (lambda: reverse("admin:duties_workitem_changelist"), "form-"),
        (lambda: reverse("admin:duties_unit_changelist"), "form-"),
        (
            lambda: reverse("admin:duties_duty_change", args=[Duty.objects.get(number=1).pk]),
            "items-",
        ),
        (lambda: reverse("admin:certificates_hospital_add"), "doctors-"),
    ],
)
def test_every_input_in_an_admin_table_has_a_name(client_for, admin_user, url, prefix):
    Hospital.objects.get_or_create(name="永年区第一医院", region=admin_user.region)
    response = client_for(admin_user).get(url())
    assert response.status_code == 200
    html = response.content.decode()
    assert f'name="{prefix}' in html
    assert unlabelled(html, prefix) == []


def test_admin_breadcrumb_links_are_underlined(client_for, admin_user):
    """axe (link-in-text-block) on every admin page: the breadcrumb links differed from the
    text beside them by colour alone. The admin's pages load the site's admin stylesheet."""
    html = client_for(admin_user).get(reverse("admin:index")).content.decode()
    assert "/static/css/admin.css" in html
    css = (settings.BASE_DIR / "static" / "css" / "admin.css").read_text()
    assert re.search(r"\.breadcrumbs a[^{]*\{[^}]*text-decoration:\s*underline", css)
