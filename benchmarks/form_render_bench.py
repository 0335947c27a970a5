"""Two form pages rendered the house way ({% field %} and FastWidgetRenderer) and through
django-crispy-forms (a `FormHelper` layout per form, the Bootstrap 5 pack), side by side.

    .venv/bin/python benchmarks/form_render_bench.py [--runs 300]

A script, not a test (issue 18 item 5, decision 0240). No database: the forms' choices come from
empty querysets. Each case renders the form part of the page (the `page` block of the template;
the surrounding base page is the same either way) unbound and bound with errors, `--runs` times
after a warm-up, and prints the median and 95th percentile per render in ms, the ratio, the
output size and the load average. crispy-forms need not be in INSTALLED_APPS: the script adds
it for its own run (pip install django-crispy-forms crispy-bootstrap5 to run it).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cdpf.settings_test")

import django  # noqa: E402
from django.conf import settings  # noqa: E402

for app in ("crispy_forms", "crispy_bootstrap5"):
    if app not in settings.INSTALLED_APPS:
        settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, app]
settings.CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
settings.CRISPY_TEMPLATE_PACK = "bootstrap5"
django.setup()

from crispy_forms.helper import FormHelper  # noqa: E402
from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit  # noqa: E402
from django.template import engines  # noqa: E402
from django.utils import translation  # noqa: E402

from certificates.forms import ApplicantForm  # noqa: E402
from employment_quota.forms import DeclarationForm, EmployeeLineFormSet  # noqa: E402
from employment_quota.models import Employer  # noqa: E402

ENGINE = engines["django"]


def page_block(template: str) -> str:
    """The form part of a page template: its `page` block, with the page's own tag libraries."""
    text = (ROOT / "templates" / template).read_text(encoding="utf-8")
    loads = " ".join(re.findall(r"{% load ([^%]+) %}", text))
    body = text.split("{% block page %}", 1)[1].rsplit("{% endblock %}", 1)[0]
    return "{% load " + loads + " %}" + body


def cols(*pairs):
    return Row(*(Column(name, css_class=f"col-md-{width}") for name, width in pairs))


def applicant_helper() -> FormHelper:
    helper = FormHelper()
    helper.form_method = "post"
    helper.layout = Layout(
        Fieldset(
            "Applicant",
            cols(("id_number", 4), ("name", 4), ("requested_category", 4)),
            cols(("community", 4), ("address", 5), ("phone", 3)),
        ),
        Fieldset(
            "Legal guardian",
            cols(
                ("guardian_name", 3),
                ("guardian_id_number", 3),
                ("guardian_relation", 3),
                ("guardian_phone", 3),
            ),
        ),
        "materials",
        Submit("submit", "Receive the application"),
    )
    return helper


def declaration_helpers() -> tuple[FormHelper, FormHelper]:
    form = FormHelper()
    form.form_tag = False
    form.layout = Layout(cols(("employer", 5), ("staff", 3), ("wage_bill", 4)), "monthly_staff")
    line = FormHelper()
    line.form_tag = False
    line.disable_csrf = True
    line.layout = Layout(
        Fieldset(
            "Disabled employee",
            cols(("certificate_number", 4), ("employment_form", 4), ("monthly_wage", 4)),
            "months",
            cols(("insurance_paid", 4), ("counts_here", 5), ("DELETE", 3)),
            "materials",
        )
    )
    return form, line


CRISPY_APPLICANT = ENGINE.from_string("{% load crispy_forms_tags %}{% crispy form helper %}")
CRISPY_DECLARATION = ENGINE.from_string(
    '{% load crispy_forms_tags %}<form method="post" novalidate>{% csrf_token %}'
    "{% crispy form form_helper %}{% crispy formset line_helper %}"
    '<button type="submit" class="btn btn-primary">Save</button></form>'
)
HOUSE_APPLICANT = ENGINE.from_string(page_block("certificates/applicant_form.html"))
HOUSE_DECLARATION = ENGINE.from_string(page_block("employment_quota/declaration_form.html"))

BAD_APPLICANT = {"id_number": "130408198503150019", "name": "<b>", "requested_category": "9"}
BAD_DECLARATION = {
    "staff": "-1",
    "wage_bill": "x",
    "employees-TOTAL_FORMS": "2",
    "employees-INITIAL_FORMS": "0",
    "employees-MIN_NUM_FORMS": "0",
    "employees-MAX_NUM_FORMS": "200",
    "employees-0-certificate_number": "123",
    "employees-0-months": ["13"],
}


class Year:
    year = 2025


def applicant_context(bound: bool) -> dict:
    form = ApplicantForm(BAD_APPLICANT if bound else None)
    if bound:
        form.is_valid()
    return {"form": form, "helper": applicant_helper()}


def declaration_context(bound: bool) -> dict:
    employers = Employer.objects.none()
    form = DeclarationForm(BAD_DECLARATION if bound else None, employers=employers)
    formset = EmployeeLineFormSet(BAD_DECLARATION if bound else None, prefix="employees")
    if bound:
        form.is_valid()
        formset.is_valid()
    form_helper, line_helper = declaration_helpers()
    return {
        "form": form,
        "formset": formset,
        "year": Year(),
        "form_helper": form_helper,
        "line_helper": line_helper,
    }


def timed(template, make_context, bound: bool, runs: int) -> tuple[float, float, int]:
    """Median and p95 ms per render (a fresh form each time, as a request makes), output size."""
    for _ in range(20):
        template.render(make_context(bound))
    times = []
    size = 0
    for _ in range(runs):
        context = make_context(bound)
        started = time.perf_counter()
        size = len(template.render(context))
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], size


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=300)
    args = parser.parse_args(argv)
    cases = [
        ("certificate application", HOUSE_APPLICANT, CRISPY_APPLICANT, applicant_context),
        ("quota declaration + 2 lines", HOUSE_DECLARATION, CRISPY_DECLARATION, declaration_context),
    ]
    print(f"renders per case: {args.runs}; ms per render (median / p95); output bytes")
    print(
        f"{'form':<30} {'state':<7} {'{% field %} ms':>16} {'crispy ms':>16} "
        f"{'crispy÷field':>12} {'bytes':>13}  load"
    )
    with translation.override("zh-hans"):
        for label, house, crispy, make_context in cases:
            for bound in (False, True):
                h50, h95, hsize = timed(house, make_context, bound, args.runs)
                c50, c95, csize = timed(crispy, make_context, bound, args.runs)
                print(
                    f"{label:<30} {'errors' if bound else 'empty':<7} "
                    f"{h50:7.2f} / {h95:6.2f} {c50:7.2f} / {c95:6.2f} {c50 / h50:12.2f} "
                    f"{hsize:6d}/{csize:6d}  " + " ".join(f"{x:.2f}" for x in os.getloadavg()),
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
