"""Text the system writes and keeps (a levy's explanation, why an employee was not counted, a
certificate's status reason) is kept as its English message and arguments, and read in the
reader's language (decision 0171). A Line is a dict, so it is stored in a JSON field as it is
({"m": message, "a": {arguments}}); a kept plain string (typed by a person, or stored before
lines were kept this way) reads as it was written.

Arguments are plain values (figures already formatted, names as typed) or Lines themselves
(an employer type, "employee 3"), read in the same language."""

from __future__ import annotations

import json

from django.apps import apps
from django.db import models
from django.utils.translation import get_language, gettext, pgettext


class Line(dict):
    def __init__(self, message="", context: str = "", **args):
        if not isinstance(message, str):  # copied as a dict (dataclasses.asdict, deepcopy)
            super().__init__(message)
            return
        super().__init__(m=message, a=args)
        if context:
            self["c"] = context

    def __str__(self) -> str:
        return render(self)

    def __contains__(self, text) -> bool:  # `"90%" in line` reads the line, as for a string
        return text in render(self)

    def __eq__(self, other) -> bool:  # and `line == "3/5 = 60%"` compares what it reads
        if isinstance(other, str):
            return render(self) == other
        return dict.__eq__(self, other)

    __hash__ = None


def listing(items: list, separator: str = "、") -> dict:
    """Items read one after another: with `separator` in Chinese, ", " in other languages."""
    return Line({"l": list(items), "s": separator})


def choice(model, field_name: str, value) -> dict:
    """A field's choice (a business type, a disability category) read by its label."""
    return Line({"f": f"{model._meta.label_lower}.{field_name}", "v": value})


def _choice_label(value) -> str:
    app_label, model_name, field_name = value["f"].split(".")
    try:
        field = apps.get_model(app_label, model_name)._meta.get_field(field_name)
    except LookupError:
        return str(value["v"])
    return str(dict(field.flatchoices).get(value["v"], value["v"]))


def is_line(value) -> bool:
    return isinstance(value, dict) and any(dict.__contains__(value, k) for k in ("m", "l", "f"))


def _separator() -> str:
    return "；" if (get_language() or "").startswith("zh") else "; "


def render(value) -> str:
    """A kept line in the active language (a plain string as it is)."""
    if isinstance(value, list):
        return _separator().join(render(v) for v in value)
    if not is_line(value):
        return "" if value is None else str(value)
    if dict.__contains__(value, "f"):
        return _choice_label(value)
    if dict.__contains__(value, "l"):
        chinese = _separator() == "；"
        return (value["s"] if chinese else ", ").join(render(v) for v in value["l"])
    message = pgettext(value["c"], value["m"]) if value.get("c") else gettext(value["m"])
    args = {k: render(v) if is_line(v) or isinstance(v, list) else v for k, v in value["a"].items()}
    return message % args if args else message


def dumps(value) -> str:
    """A line (or lines) kept in a text column: JSON, read back by `loads`."""
    return json.dumps(value, ensure_ascii=False)


def loads(text: str):
    """What `dumps` kept, or the text itself when it is not a kept line (typed, or older)."""
    if text.startswith(("{", "[")):
        try:
            value = json.loads(text)
        except ValueError:
            return text
        if is_line(value) or (isinstance(value, list) and all(is_line(v) for v in value)):
            return value
    return text


def render_text(text: str) -> str:
    """A text column that may hold a kept line: read in the active language."""
    return render(loads(text)) if text else ""


def as_lines(value):
    """Kept lines read back from JSON as Lines (so `"40,000.00" in step` and `{{ step }}` read
    them as text); anything else as it is."""
    if isinstance(value, list):
        return [as_lines(v) for v in value]
    if is_line(value) and not isinstance(value, Line):
        return Line(value)
    return value


class LinesField(models.JSONField):
    """A JSON field of kept lines (cdpf.messages), given back as Lines."""

    def from_db_value(self, value, expression, connection):
        return as_lines(super().from_db_value(value, expression, connection))
