"""The audit log as people read it: object types by their names, each change as field, before
and after in the reader's language, the object's name in the reader's language, and the xlsx
export of a filtered log. The entries themselves stay language-neutral (decision 0111)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from functools import lru_cache

import openpyxl
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import JSONField
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cdpf import audit
from cdpf.audit import object_names_in_every_language  # noqa: F401  (importable here too)
from cdpf.roles import ROLE_LABELS
from cdpf.spreadsheets import neutralise

EXPORT_MAX_ROWS = 100_000
UNNAMED = re.compile(r"\w+ object \(\w+\)")  # Django's name for a model without __str__


def object_type_choices() -> list[tuple[str, str]]:
    """Every audited kind of record, by its name in the reader's language."""
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


TECHNICAL = {"id", "sha256", "path", "content", "object_type", "object_id", "password"}
CODE = re.compile(r"[a-z][a-z0-9_]*")


def _field(model, name):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


@lru_cache(maxsize=1)
def _code_labels() -> dict[str, str]:
    """Every state, kind and role code of the project with its label (for fields that keep a
    code without declaring choices, such as the steps of a flow)."""
    labels = {code: label for code, label in ROLE_LABELS.items()}
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            for value, label in getattr(field, "flatchoices", None) or ():
                if isinstance(value, str):
                    labels.setdefault(value, label)
    return labels


def _value(field, value, codes) -> str | None:
    """The value as a reader understands it; None when it is an internal code or structure."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if field is not None and getattr(field, "flatchoices", None):
        labels = {str(k): v for k, v in field.flatchoices}
        if str(value) in labels:
            return str(labels[str(value)])
    text = str(value)
    if CODE.fullmatch(text):
        return str(codes[text]) if text in codes else None
    return text


def _label(field) -> str | None:
    """The field's name in the reader's language; None for an internal or untranslated one."""
    if field is None or field.name in TECHNICAL or field.is_relation:
        return None
    label = str(field.verbose_name)
    if not translation.get_language().startswith("en") and label.isascii():
        return None
    return label


def _is_structure(field, *values) -> bool:
    return isinstance(field, JSONField) or any(isinstance(v, list | dict) for v in values)


def changes(entry) -> list[Change]:
    """What the entry changed, field by field, in the reader's language. Internal fields,
    links by number and untranslatable codes are left out; a changed structure (a checklist)
    is named as changed."""
    detail = entry.detail or {}
    try:
        model = apps.get_model(entry.object_type) if entry.object_type else None
    except (LookupError, ValueError):
        model = None
    codes = _code_labels()
    out = []
    for name, pair in (detail.get("changes") or {}).items():
        if not (isinstance(pair, list | tuple) and len(pair) == 2):
            continue
        field = _field(model, name)
        label = _label(field)
        if label is None:
            continue
        if _is_structure(field, *pair):
            out.append(Change(label, _("changed"), None))
            continue
        before, after = _value(field, pair[0], codes), _value(field, pair[1], codes)
        if before is not None and after is not None:
            out.append(Change(label, before, after))
    for name, value in (detail.get("values") or {}).items():
        field = _field(model, name)
        label = _label(field)
        if label is None or _is_structure(field, value):
            continue
        shown = _value(field, value, codes)
        if shown is not None and shown != "—":
            out.append(Change(label, shown, None))
    roles_changed = detail.get("roles") or {}
    if roles_changed:
        verbs = {"add": _("Role granted"), "remove": _("Role removed"), "clear": _("Roles cleared")}
        for verb, names in roles_changed.items():
            shown = "、".join(str(ROLE_LABELS.get(n, n)) for n in names) or "—"
            out.append(Change(str(verbs.get(verb, verb)), shown, None))
    return out


def label_colon() -> str:
    return "：" if translation.get_language().startswith("zh") else ": "


def changes_text(entry) -> str:
    colon = label_colon()
    separator = "；" if colon == "：" else "; "
    return separator.join(
        f"{c.field}{colon}{c.before}" + (f" → {c.after}" if c.after is not None else "")
        for c in changes(entry)
    )


def export_workbook(entries) -> tuple[bytes, int]:
    """The entries as an xlsx sheet in the reader's language; text cells never run as formulas."""
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
