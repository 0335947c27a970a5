"""Display helpers for the register: search highlighting and links to the pages that do the work."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from duties.selectors import link_for

register = template.Library()


@register.filter
def highlight(text, query):
    """Escape the text, then mark each occurrence of the query."""
    text = escape(text or "")
    if not query:
        return mark_safe(text)  # noqa: S308 (escaped above)
    needle = escape(query)
    return mark_safe(text.replace(needle, f"<mark>{needle}</mark>"))  # noqa: S308


@register.simple_tag(takes_context=True)
def item_link(context, link_name):
    request = context.get("request")
    if request is None or not link_name:
        return None
    return link_for(link_name, request.user)
