"""The search page's rows written in Python (certificates/templatetags/certificate_rows.py)
print exactly what the template loops they replace printed (issue 16 item 1)."""

import datetime

import pytest
from django.template import engines
from django.test import RequestFactory
from django.urls import resolve, reverse
from django.utils import timezone, translation

from certificates.models import Application, Certificate
from tests.factories import make_holder, practitioner_id_number

pytestmark = pytest.mark.django_db

# The loops of templates/certificates/index.html before they became tags.
CERTIFICATE_LOOP = """{% load i18n %}{% translate "partly hidden" as partly_hidden %}\
{% for c in rows %}<tr>
    <td><a href="{% url 'certificates:person' c.person_id %}">{{ c.person.name }}</a></td>
    <td>{{ c.person.masked_id }}<span class="visually-hidden">（{{ partly_hidden }}）</span></td>\
<td>{{ c.masked_number }}</td>
    <td>{{ c.get_category_display }}</td><td>{{ c.get_grade_display }}</td>\
<td>{{ c.current_status_display }}</td><td>{{ c.expiry_date|date:"Y-m-d" }}</td>
  </tr>{% endfor %}"""
APPLICANT_LOOP = """{% load i18n %}{% for a in rows %}<tr>
    <td><a href="{% url 'certificates:application' a.pk %}">{{ a.person.name }}</a> \
<span class="badge text-bg-info">{% translate "Applying (申请中)" %}</span></td>
    <td>{{ a.person.masked_id }}<span class="visually-hidden">（{% translate "partly hidden" %}）\
</span></td>
    <td>{{ a.get_kind_display }}</td><td>{{ a.state_label }}</td>\
<td>{{ a.received_on|date:"Y-m-d" }}</td>
  </tr>{% endfor %}"""


def _render(source: str, rows) -> str:
    request = RequestFactory().get(reverse("certificates:index"))
    request.resolver_match = resolve(request.path)
    return engines["django"].from_string(source).render({"rows": rows}, request)


def _reads_as_the_loop(tag: str, loop: str, rows) -> str:
    """The tag's rows equal the loop's in each language; the last language's rows."""
    for language in ("zh-hans", "en"):
        with translation.override(language):
            ours = _render(f"{{% load certificate_rows %}}{{% {tag} rows %}}", rows)
            assert ours == _render(loop, rows), language
    return ours


def test_certificate_rows_read_as_the_loop_did():
    today = timezone.localdate()
    made = [
        make_holder(practitioner_id_number(901), "张<b>&\"'三", category=1, grade=1),
        make_holder(practitioner_id_number(902), "李四", expiry=today - datetime.timedelta(1)),
        make_holder(practitioner_id_number(903), "王五", category=6, grade=4),
    ]
    made[2].status = Certificate.Status.CANCELLED
    made[2].save()  # and 李四's is stored valid but past its date: expired
    rows = list(Certificate.objects.select_related("person").order_by("id"))
    assert len(rows) == 3
    ours = _reads_as_the_loop("certificate_rows", CERTIFICATE_LOOP, rows)
    assert "张&lt;b&gt;&amp;&quot;&#x27;三" in ours and "<b>" not in ours


def test_applicant_rows_read_as_the_loop_did(flow, person_factory):
    flow("received", person_factory(number=practitioner_id_number(911), name="赵<i>六"))
    flow("assessed", person_factory(number=practitioner_id_number(912), name="钱七"))
    rows = list(Application.objects.select_related("person").order_by("id"))
    assert len(rows) == 2
    ours = _reads_as_the_loop("applicant_rows", APPLICANT_LOOP, rows)
    assert "赵&lt;i&gt;六" in ours


def test_no_rows_print_nothing():
    assert _render("{% load certificate_rows %}{% certificate_rows rows %}", []) == ""
