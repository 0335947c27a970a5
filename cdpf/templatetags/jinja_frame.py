"""The Jinja2 frame and fragments inside pages of Django's engine (decision 0300).

templates/base.html is only this::

    {% jinja_frame %}{% block title %}{% endblock %}{% frame_part %}{% block content %}
    {% endblock %}{% frame_part %}{% block scripts %}{% endblock %}{% end_jinja_frame %}

so a page written for Django's engine keeps its ``{% extends "base.html" %}`` and its blocks,
and gets the one frame (templates/jinja2/base.jinja) the Jinja2 pages extend. The blocks are
printed by Django's engine first, then handed to the frame as HTML.
``{% jinja_include "certificates/tabs.jinja" %}`` prints a Jinja2 fragment the same way.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from cdpf.jinja_pages import render_fragment

register = template.Library()


def _frame_context(context) -> dict:
    """What the frame reads, taken from the Django page's context."""
    return {
        "user": context.get("user"),
        "nav_links": context.get("nav_links") or [],
        "messages": context.get("messages") or [],
        # the page's own token (Django's csrf context processor), as {% csrf_token %} prints it
        "csrf_input": _csrf_input(context.get("csrf_token")),
    }


def _csrf_input(token) -> str:
    if not token or token == "NOTPROVIDED":
        return ""
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)


class FrameNode(template.Node):
    child_nodelists = ("title", "content", "scripts")  # {% extends %} finds the blocks in them

    def __init__(self, title, content, scripts):
        self.title, self.content, self.scripts = title, content, scripts

    def render(self, context):
        parts = {
            "title_html": mark_safe(self.title.render(context)),
            "content_html": mark_safe(self.content.render(context)),
            "scripts_html": mark_safe(self.scripts.render(context)),
        }
        return render_fragment(
            "base.jinja", context.get("request"), {**_frame_context(context), **parts}
        )


@register.tag
def jinja_frame(parser, token):
    title = parser.parse(("frame_part",))
    parser.delete_first_token()
    content = parser.parse(("frame_part",))
    parser.delete_first_token()
    scripts = parser.parse(("end_jinja_frame",))
    parser.delete_first_token()
    return FrameNode(title, content, scripts)


@register.simple_tag(takes_context=True)
def jinja_include(context, template_name: str) -> str:
    """A Jinja2 fragment (the register's tabs) with the frame's context."""
    return render_fragment(template_name, context.get("request"), _frame_context(context))
