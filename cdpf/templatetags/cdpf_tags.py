"""Template helpers: one accessible form-field renderer and small display filters."""

from django import template
from django.apps import apps

from cdpf.audit_reading import changes, label_colon, object_text
from cdpf.messages import render, render_text

register = template.Library()


@register.inclusion_tag("includes/field.html")
def field(bound_field, **attrs):
    """Label, control, help text and errors, tied together with aria-describedby."""
    widget = bound_field.field.widget
    described = []
    if bound_field.help_text:
        described.append(f"{bound_field.auto_id}_help")
    if bound_field.errors:
        described.append(f"{bound_field.auto_id}_error")
    input_type = getattr(widget, "input_type", "")
    css = (
        "form-check-input"
        if input_type == "checkbox"
        else (
            "form-select"
            if input_type == "select" or widget.__class__.__name__ == "Select"
            else "form-control"
        )
    )
    if bound_field.errors:
        css += " is-invalid"
    extra_described = attrs.pop("aria_describedby", "")
    if extra_described:
        described.append(extra_described)
    if attrs.pop("aria_invalid", ""):
        widget_attrs_invalid = True
    else:
        widget_attrs_invalid = bool(bound_field.errors)
    widget_attrs = {"class": css, **attrs}
    if described:
        widget_attrs["aria-describedby"] = " ".join(described)
    if widget_attrs_invalid:
        widget_attrs["aria-invalid"] = "true"
    if bound_field.field.required:
        widget_attrs["aria-required"] = "true"
    return {
        "field": bound_field,
        "control": bound_field.as_widget(attrs=widget_attrs),
        "is_checkbox": input_type == "checkbox",
    }


@register.filter
def model_name(label: str) -> str:
    """`app.model` as the model's verbose name, for people reading the audit log."""
    try:
        return str(apps.get_model(label)._meta.verbose_name)
    except (LookupError, ValueError):
        return label


@register.filter
def audit_object(entry) -> str:
    """The audited object's name in the reader's language."""
    return object_text(entry)


@register.filter
def audit_changes(entry) -> list:
    """What an audit entry changed: field, before and after, in the reader's language."""
    return changes(entry)


@register.simple_tag
def colon() -> str:
    """The colon after a label: full width in Chinese, ": " in English (issue 19 item 18)."""
    return label_colon()


@register.filter
def kept(value) -> str:
    """Text the system kept as a message (cdpf.messages), read in the reader's language; any
    other value as it is."""
    return render(value)


@register.filter
def kept_text(value) -> str:
    """A text column that may hold a kept message (cdpf.messages.dumps): in the reader's
    language; typed text as it was typed."""
    return render_text(value or "")
