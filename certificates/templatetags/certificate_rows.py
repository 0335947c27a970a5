"""The rows of the register search's two tables, written in Python (issue 16 item 1).

The certificate list and the applicants' table print up to 25 and 50 rows of eight values each;
Django's template loop resolved, localized and escaped each value through its generic
machinery (about 2.5 ms a page, a fifth of the list page). These tags print the same HTML,
byte for byte (tests/certificates/test_certificate_rows.py compares them with the loops they
replace), each value escaped as ``{{ value }}`` escapes it.
"""

import html

from django import template
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from cdpf.templatetags.fast_builtins import date
from cdpf.url_cache import current_app, int_paths

register = template.Library()

CERTIFICATE_ROW = (
    '<tr>\n    <td><a href="{url}">{name}</a></td>\n'
    '    <td>{masked_id}<span class="visually-hidden">（{hidden}）</span></td>'
    "<td>{number}</td>\n"
    "    <td>{category}</td><td>{grade}</td><td>{status}</td><td>{expiry}</td>\n  </tr>"
)
APPLICANT_ROW = (
    '<tr>\n    <td><a href="{url}">{name}</a> '
    '<span class="badge text-bg-info">{applying}</span></td>\n'
    '    <td>{masked_id}<span class="visually-hidden">（{hidden}）</span></td>\n'
    "    <td>{kind}</td><td>{state}</td><td>{received}</td>\n  </tr>"
)


def _text(value) -> str:
    """``{{ value }}``'s text: plain text escaped, safe text (``__html__``) as it is."""
    if type(value) is str:
        return html.escape(value)
    return conditional_escape(str(value) if isinstance(value, Promise) else value)


@register.simple_tag(takes_context=True)
def certificate_rows(context, certificates) -> str:
    """``<tr>`` for each certificate of the list (``certificates/index.html``)."""
    person_path = int_paths("certificates:person", current_app(context.get("request")))
    hidden = _text(gettext("partly hidden"))
    today = timezone.localdate()
    return mark_safe(
        "".join(
            CERTIFICATE_ROW.format(
                url=conditional_escape(person_path(c.person_id)),
                name=_text(c.person.name),
                masked_id=_text(c.person.masked_id),
                hidden=hidden,
                number=_text(c.masked_number),
                category=_text(c.get_category_display()),
                grade=_text(c.get_grade_display()),
                status=_text(c.status_display_on(today)),
                expiry=_text(date(c.expiry_date, "Y-m-d")),
            )
            for c in certificates
        )
    )


@register.simple_tag(takes_context=True)
def applicant_rows(context, applications) -> str:
    """``<tr>`` for each open application of the applicants' table."""
    application_path = int_paths("certificates:application", current_app(context.get("request")))
    hidden = _text(gettext("partly hidden"))
    applying = _text(gettext("Applying (申请中)"))
    return mark_safe(
        "".join(
            APPLICANT_ROW.format(
                url=conditional_escape(application_path(a.pk)),
                name=_text(a.person.name),
                applying=applying,
                masked_id=_text(a.person.masked_id),
                hidden=hidden,
                kind=_text(a.get_kind_display()),
                state=_text(a.state_label),
                received=_text(date(a.received_on, "Y-m-d")),
            )
            for a in applications
        )
    )
