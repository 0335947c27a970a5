"""A working-day deadline shown with its 暂定 mark when its year's calendar is not loaded
(docs/decisions/0081). Use `{{ date|deadline }}` on pages and `{{ date|deadline_text:"Y年n月j日" }}`
in printed documents."""

from django import template
from django.utils.dateformat import format as format_date
from django.utils.html import format_html
from django.utils.translation import gettext as _

from cdpf.calendar import is_provisional

register = template.Library()


def _why(day) -> str:
    return _(
        "provisional: the %(year)s holidays are not loaded yet; it will be recomputed when they are"
    ) % {"year": day.year}


@register.filter
def deadline(day, fmt="Y-m-d"):
    """The date, and a visible 暂定 mark with its reason if it is provisional."""
    if not day:
        return ""
    text = format_date(day, fmt)
    if not is_provisional(day):
        return text
    return format_html(
        '{} <span class="badge text-bg-warning deadline-provisional" title="{}">{}'
        '<span class="visually-hidden">（{}）</span></span>',
        text,
        _why(day),
        _("provisional"),
        _why(day),
    )


@register.filter
def deadline_text(day, fmt="Y-m-d"):
    """The same as plain text, for printed documents: the reason is printed in full."""
    if not day:
        return ""
    text = format_date(day, fmt)
    if not is_provisional(day):
        return text
    return f"{text}（{_why(day)}）"
