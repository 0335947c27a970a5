"""A record's choice label (`get_status_display()`, `get_category_display()`…) read from a
per-language table built once per field, instead of Django's way (issue 16 item 1).

Django builds `dict(make_hashable(field.flatchoices))` on every call, and hashing a lazy
label translates it: one `get_status_display()` on a field of eight choices costs eight
translation lookups. A list page of 25 certificates made 603 lookups, 500 of them here. The
table is keyed by the field and the active language, so a label is read in the reader's
language exactly as before; what is not a choice comes back as Django gives it back."""

from __future__ import annotations

from functools import partialmethod

from django.apps import apps
from django.db.models import Model
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import get_language

_tables: dict[tuple[int, str | None], dict] = {}


def label_table(field) -> dict:
    """{value: label as text} of a field's choices in the active language."""
    key = (id(field), get_language())
    table = _tables.get(key)
    if table is None:
        table = {make_hashable(value): force_str(label) for value, label in field.flatchoices}
        _tables[key] = table
    return table


def _get_FIELD_display(self, field):  # noqa: N802 - Django's name
    value = getattr(self, field.attname)
    try:
        return label_table(field)[make_hashable(value)]
    except KeyError:
        return force_str(value, strings_only=True)


def install() -> None:
    """Point every model's generated `get_<field>_display` at the table (Django binds each to
    `Model._get_FIELD_display` when the class is built; a method a model defines is kept)."""

    original = Model._get_FIELD_display
    Model._get_FIELD_display = _get_FIELD_display
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields():
            name = f"get_{getattr(field, 'name', '')}_display"
            method = model.__dict__.get(name)
            if isinstance(method, partialmethod) and method.func is original:
                setattr(model, name, partialmethod(_get_FIELD_display, field=field))
