"""Spreadsheets shared by every app: an exported cell never runs as a formula, and an
uploaded sheet is read by column name with one clear error for a bad file."""

import io
import itertools
import zipfile
import zlib
from xml.parsers import expat

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.xml.constants import SHEET_MAIN_NS

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


# Element names as expat gives them with namespace processing ("<uri> <local name>").
SHEET_DATA, ROW, CELL, VALUE, TEXT, PHONETIC = (
    f"{SHEET_MAIN_NS} {name}" for name in ("sheetData", "row", "c", "v", "t", "rPh")
)
# what a broken part raises while its rows are read (bad XML, a bad number, a shared string
# that is not there, a damaged or truncated zip member)
UNREADABLE = (
    expat.ExpatError,
    ValueError,
    KeyError,
    IndexError,
    OverflowError,
    OSError,
    EOFError,
    zipfile.BadZipFile,
    zlib.error,
)


class _SheetReader:
    """The cell values of one worksheet, row by row, from its XML in the workbook's archive.

    openpyxl's own read-only rows build a dict per cell and an object per inline string
    (the way openpyxl itself writes text): 0.075 ms a row of eight cells, about half of a
    registry import's check (issue 16 item 3). This reads the same values in a third of the
    time with expat, fed in chunks so memory stays that of a chunk: openpyxl still opens the
    workbook (sheets, shared strings, which styles are dates) and turns numbers into dates;
    tests/cdpf/test_spreadsheets_reading.py holds the two readers to the same values."""

    CHUNK = 1 << 16

    def __init__(self, worksheet):
        book = worksheet.parent
        self.source = worksheet._get_source  # the sheet's part, opened from the archive
        self.shared = worksheet._shared_strings
        self.date_styles = book._date_formats
        self.timedelta_styles = book._timedelta_formats
        self.epoch = book.epoch
        self.done: list[tuple[int, tuple]] = []
        self.row_number = 0
        self.values: list = []
        self.column = 0
        self.type = "n"
        self.style = 0
        self.text: list[str] | None = None  # the text of the cell being read, if any
        self.collecting = False
        self.phonetic = 0  # inside <rPh>: a reading aid, not the cell's text
        self.in_data = False
        self.column_of: dict[str, int] = {}
        self.rows_read = 0
        self.max_rows = settings.SPREADSHEET_MAX_ROWS

    def rows(self):
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.StartDoctypeDeclHandler = self._doctype
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._characters
        parser.buffer_text = True
        with self.source() as source:
            while chunk := source.read(self.CHUNK):
                parser.Parse(chunk, False)
                yield from self.done
                self.done.clear()
            parser.Parse(b"", True)
        yield from self.done
        self.done.clear()

    @staticmethod
    def _doctype(*args):
        raise ValueError("a worksheet part never declares a DOCTYPE")

    def _start(self, name, attrs):
        if not self.in_data:
            self.in_data = name == SHEET_DATA
            return
        if name == CELL:
            reference = attrs.get("r")
            if reference:
                letters = reference.rstrip("0123456789")
                column = self.column_of.get(letters)
                if column is None:
                    column = self.column_of[letters] = column_index_from_string(letters)
                self.column = column
            else:
                self.column += 1
            self.type = attrs.get("t", "n")
            self.style = attrs.get("s")
            self.text = None
        elif name == VALUE or (name == TEXT and not self.phonetic):
            if self.text is None:
                self.text = []
            self.collecting = True
        elif name == PHONETIC:
            self.phonetic += 1
        elif name == ROW:
            number = attrs.get("r")
            self.row_number = int(number) if number else self.row_number + 1
            self.values = []
            self.column = 0

    def _characters(self, data):
        if self.collecting:
            self.text.append(data)

    def _end(self, name):
        if name == VALUE or name == TEXT:
            self.collecting = False
        elif name == CELL:
            value = self._value()
            if value is not None:
                missing = self.column - 1 - len(self.values)
                if missing > 0:
                    self.values.extend([None] * missing)
                if self.column > len(self.values):
                    self.values.append(value)
                else:
                    self.values[self.column - 1] = value
        elif name == ROW:
            self.rows_read += 1
            if self.rows_read > self.max_rows:
                # however the rows are written (a prefixed <x:row>, another part name), the
                # reader stops at the limit the upload check counts (cdpf/upload_limits.py)
                raise ValidationError(
                    _("The workbook has more than %(limit)s rows; at most %(limit)s are "
                      "accepted in one file.") % {"limit": self.max_rows},
                    code="xlsx_too_many_rows",
                )
            self.done.append((self.row_number, tuple(self.values)))
        elif name == PHONETIC:
            self.phonetic -= 1
        elif name == SHEET_DATA:
            self.in_data = False

    def _value(self):
        """The cell's value as openpyxl gives it with data_only=True (the cached result of a
        formula, never the formula)."""
        if self.text is None:
            return None
        text = "".join(self.text)
        kind = self.type
        if kind == "inlineStr":
            return text
        if not text:
            return None
        if kind == "n":
            number = float(text) if "." in text or "E" in text or "e" in text else int(text)
            style = int(self.style) if self.style else 0
            if style in self.date_styles:
                try:
                    return from_excel(number, self.epoch, timedelta=style in self.timedelta_styles)
                except (OverflowError, ValueError):
                    return "#VALUE!"
            return number
        if kind == "s":
            return self.shared[int(text)]
        if kind == "b":
            return bool(int(text))
        if kind == "d":
            return from_ISO8601(text)
        return text  # "str" (a formula's text), "e" (an error such as #N/A)


def sheet_rows(content: bytes, *, required, sheet: str | None = None):
    """The non-empty rows of an uploaded .xlsx (the named sheet if it has one, else the
    active one) as (line number, SheetRow). An unreadable file, or one without a required
    column, is refused at once with a clear error (a file that turns out broken further
    down is refused with the same error when that row is reached)."""
    check_xlsx(content)  # measured before openpyxl reads it (issue 15 item 7)
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        worksheet = book[sheet] if sheet and sheet in book.sheetnames else book.active
        rows = _SheetReader(worksheet).rows()
        first = next(rows, None)
    except ValidationError:
        raise  # the reader's own refusal (too many rows) says why
    except Exception as exc:
        raise ValidationError(_("The file is not a readable .xlsx workbook.")) from exc
    if first is not None and first[0] == 1:
        values = first[1]
    else:  # the first row is empty: no header
        values = ()
        rows = itertools.chain([first] if first else [], rows)
    header = [str(h).strip() if h is not None else "" for h in values]
    missing = [c for c in required if c not in header]
    if missing:
        raise ValidationError(
            _("The workbook lacks the columns: %(columns)s. Download the template.")
            % {"columns": "、".join(missing)}
        )
    index = {name: header.index(name) for name in header if name}
    return _filled_rows(rows, index)


def _filled_rows(rows, index: dict[str, int]):
    try:
        for line, values in rows:
            if any(v is not None and v != "" for v in values):
                yield line, SheetRow(index, values)
    except UNREADABLE as exc:
        raise ValidationError(_("The file is not a readable .xlsx workbook.")) from exc
