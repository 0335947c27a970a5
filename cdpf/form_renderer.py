"""Django's form renderer, with the commonest widgets (inputs, select, option, textarea)
rendered in Python instead of through their templates.

A search form of five fields rendered about 48 small templates per page (each option is an
include of select_option.html and attrs.html): a third of a lookup page's time. The output
is byte for byte that of Django's templates (tests/cdpf/test_form_renderer.py compares them);
any other template goes to Django's renderer unchanged."""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape


def _text(value) -> str:
    return conditional_escape(f"{value}")


def _attrs(attrs: dict) -> str:
    # django/forms/widgets/attrs.html
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(" " + conditional_escape(name))
        if value is not True:
            parts.append('="' + _text(value) + '"')
    return "".join(parts)


def _input(widget: dict) -> str:
    # django/forms/widgets/input.html (text.html, date.html… include it)
    value = "" if widget["value"] is None else ' value="' + _text(widget["value"]) + '"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"{value}{_attrs(widget["attrs"])}>'
    )


def _option(option: dict) -> str:
    # django/forms/widgets/select_option.html
    return (
        f'<option value="{_text(option["value"])}"{_attrs(option["attrs"])}>'
        f"{conditional_escape(option['label'])}</option>"
    )


OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


class FastWidgetRenderer(DjangoTemplates):
    INPUTS = {
        f"django/forms/widgets/{name}.html"
        for name in (
            "input",
            "text",
            "date",
            "number",
            "email",
            "password",
            "url",
            "tel",
            "hidden",
            "search",
            "time",
            "datetime",
        )
    }

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        if widget is not None:
            if template_name in self.INPUTS:
                return _input(widget)
            if template_name == OPTION_TEMPLATE:
                return _option(widget)
            if template_name == "django/forms/widgets/select.html" and all(
                o["template_name"] == OPTION_TEMPLATE
                for _n, group, _i in widget["optgroups"]
                for o in group
            ):
                return self._select(widget)
            if template_name == "django/forms/widgets/textarea.html":
                body = conditional_escape(widget["value"]) if widget["value"] else ""
                return (
                    f'<textarea name="{conditional_escape(widget["name"])}"'
                    f"{_attrs(widget['attrs'])}>\n{body}</textarea>"
                )
        return super().render(template_name, context, request)

    @staticmethod
    def _select(widget: dict) -> str:
        # django/forms/widgets/select.html
        parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            for option in group_choices:
                parts.append("\n  " + _option(option) + "\n")  # the include keeps its newline
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return "".join(parts)
