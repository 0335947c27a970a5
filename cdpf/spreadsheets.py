"""Spreadsheets shared by every app: an exported cell never runs as a formula, and an
uploaded sheet is read by column name with one clear error for a bad file."""

import io

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from cdpf.upload_limits import check_xlsx

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Prefix text that a spreadsheet would run as a formula with an apostrophe (and text that
    starts with an apostrophe, so that `restore` gives back exactly what was stored)."""
    if isinstance(value, str) and value.startswith((*FORMULA_TRIGGERS, "'")):
        return "'" + value
    return value


def restore(value):
    """The inverse of `neutralise`, for every imported cell: an export re-imported unchanged
    stores what was exported and reports no change (issue 19 item 10)."""
    if isinstance(value, str) and value[:1] == "'" and value[1:2] in (*FORMULA_TRIGGERS, "'"):
        return value[1:]
    return value


class SafeExportMixin:
    """For import-export resources: every exported text cell is neutralised."""

    def export_field(self, field, instance, **kwargs):
        return neutralise(super().export_field(field, instance, **kwargs))

    def before_import(self, dataset, **kwargs):
        for i, row in enumerate(dataset):
            dataset[i] = tuple(restore(value) for value in row)
        return super().before_import(dataset, **kwargs)


class SheetRow:
    """One row of an uploaded sheet, read by column name."""

    def __init__(self, index: dict[str, int], values: tuple):
        self._index, self._values = index, values

    def raw(self, name: str):
        i = self._index.get(name)
        return restore(self._values[i]) if i is not None and i < len(self._values) else None

    def text(self, name: str) -> str:
        """The cell as text: a whole number typed as 12.0 reads 12; an empty cell reads ""."""
        value = self.raw(name)
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return "" if value is None else str(value).strip()


def sheet_rows(content: bytes, *, required, sheet: str | None = None):
    """The non-empty rows of an uploaded .xlsx (the named sheet if it has one, else the
    active one) as (line number, SheetRow). An unreadable file, or one without a required
    column, is refused at once with a clear error."""
    check_xlsx(content)  # measured before openpyxl reads it (issue 15 item 7)
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        worksheet = book[sheet] if sheet and sheet in book.sheetnames else book.active
        rows = worksheet.iter_rows(values_only=True)
        header = [str(h).strip() if h is not None else "" for h in next(rows)]
    except Exception as exc:
        raise ValidationError(_("The file is not a readable .xlsx workbook.")) from exc
    missing = [c for c in required if c not in header]
    if missing:
        raise ValidationError(
            _("The workbook lacks the columns: %(columns)s. Download the template.")
            % {"columns": "、".join(missing)}
        )
    index = {name: header.index(name) for name in header if name}
    return (
        (line, SheetRow(index, values))
        for line, values in enumerate(rows, start=2)
        if any(v not in (None, "") for v in values)
    )
