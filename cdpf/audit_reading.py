"""The audit log as people read it: object types by their names, each change as field, before
and after in the reader's language, the object's name in the reader's language, and the xlsx
export of a filtered log. The entries themselves stay language-neutral (decision 0111)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cdpf.spreadsheets import neutralise

EXPORT_MAX_ROWS = 100_000
UNNAMED = re.compile(r"\w+ object \(\w+\)")  # Django's name for a model without __str__


def object_names_in_every_language(obj) -> dict[str, str]:
    """The object's name in each interface language, kept with the entry so each reader sees
    it in theirs (empty when every language gives the same text)."""
    names = {}
    for code, _label in settings.LANGUAGES:
        with translation.override(code):
            names[code] = str(obj)[:200]
    return names if len(set(names.values())) > 1 else {}


def object_type_choices() -> list[tuple[str, str]]:
    """Every audited kind of record, by its name in the reader's language."""
    from cdpf import audit

    models = [m for m in apps.get_models() if audit.is_audited(m)]
    choices = [(m._meta.label_lower, str(m._meta.verbose_name)) for m in models]
    return sorted(choices, key=lambda c: c[1])


def type_name(label: str) -> str:
    try:
        return str(apps.get_model(label)._meta.verbose_name)
    except (LookupError, ValueError):
        return label


def object_text(entry) -> str:
    names = (entry.detail or {}).get("names") or {}
    text = names.get(translation.get_language()) or entry.object_repr
    if UNNAMED.fullmatch(text or ""):
        # written by a data migration, whose models have no names: the type and the number
        return f"{type_name(entry.object_type)} #{entry.object_id}"
    return text


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str | None  # None for the values of a created or deleted record


def _field(model, name):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _value(field, value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if field is not None and getattr(field, "flatchoices", None):
        labels = {str(k): v for k, v in field.flatchoices}
        if str(value) in labels:
            return str(labels[str(value)])
    return str(value)


def _label(field, name: str) -> str:
    return str(field.verbose_name) if field is not None else name


def changes(entry) -> list[Change]:
    """What the entry changed, field by field, in the reader's language."""
    detail = entry.detail or {}
    try:
        model = apps.get_model(entry.object_type) if entry.object_type else None
    except (LookupError, ValueError):
        model = None
    out = []
    for name, pair in (detail.get("changes") or {}).items():
        if isinstance(pair, list | tuple) and len(pair) == 2:
            field = _field(model, name)
            out.append(Change(_label(field, name), _value(field, pair[0]), _value(field, pair[1])))
    for name, value in (detail.get("values") or {}).items():
        field = _field(model, name)
        if field is not None and field.name != "id":
            out.append(Change(_label(field, name), _value(field, value), None))
    roles_changed = detail.get("roles") or {}
    if roles_changed:
        from cdpf.roles import ROLE_LABELS

        verbs = {"add": _("Role granted"), "remove": _("Role removed"), "clear": _("Roles cleared")}
        for verb, names in roles_changed.items():
            shown = "、".join(str(ROLE_LABELS.get(n, n)) for n in names) or "—"
            out.append(Change(str(verbs.get(verb, verb)), shown, None))
    return out


def changes_text(entry) -> str:
    return "；".join(
        f"{c.field}：{c.before}" + (f" → {c.after}" if c.after is not None else "")
        for c in changes(entry)
    )


def export_workbook(entries) -> tuple[bytes, int]:
    """The entries as an xlsx sheet in the reader's language; text cells never run as formulas."""
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(_("Audit log"))
    sheet.append(
        [_("Time"), _("User"), _("Action"), _("Object type"), _("Object"), _("Changes"),
         _("Outcome"), _("IP address")]
    )  # fmt: skip
    count = 0
    for entry in entries[:EXPORT_MAX_ROWS]:
        sheet.append(
            [
                timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M:%S"),
                neutralise(entry.username or _("System")),
                str(entry.get_action_display()),
                type_name(entry.object_type) if entry.object_type else "",
                neutralise(object_text(entry)),
                neutralise(changes_text(entry)),
                _("Succeeded") if entry.success else _("Failed"),
                entry.ip or "",
            ]
        )
        count += 1
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), count
