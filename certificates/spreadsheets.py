"""The certificate register as a spreadsheet: export of a search, and import of an existing
registry (how a federation moves in from its spreadsheets)."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook

from cdpf.crypto import blind_index, certificate_index
from cdpf.names import normalise_person_name, validate_person_name
from cdpf.spreadsheets import neutralise, sheet_rows
from certificates import rules

COLUMNS = [
    "身份证号",
    "姓名",
    "性别",
    "出生日期",
    "村（社区）",
    "住址",
    "联系电话",
    "残疾人证号",
    "残疾类别",
    "残疾等级",
    "发证日期",
    "有效期至",
    "状态",
]
# The lengths the register keeps (certificates.models.Person).
LIMITS = {"姓名": 50, "村（社区）": 100, "住址": 200, "联系电话": 20}
IMPORT_REQUIRED = ["身份证号", "姓名", "村（社区）", "住址", "残疾人证号", "发证日期", "有效期至"]


def export_workbook(certificates) -> bytes:
    """One row per certificate; text cells that a spreadsheet would run are neutralised."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("残疾人证")
    sheet.append(COLUMNS)
    for c in certificates:
        p = c.person
        sheet.append(
            [
                neutralise(v)
                for v in (
                    p.id_number,
                    p.name,
                    p.get_sex_display(),
                    p.birth_date.isoformat(),
                    p.community,
                    p.address,
                    p.phone,
                    c.number,
                    rules.CATEGORIES[c.category],
                    rules.GRADES[c.grade],
                    c.issue_date.isoformat(),
                    c.expiry_date.isoformat(),
                    c.get_status_display(),
                )
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def template_workbook() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "残疾人证"
    sheet.append(IMPORT_REQUIRED + ["联系电话"])
    sheet.append(
        [
            "130408198503150018",
            "王喆",
            "城关镇东街村",
            "永年区城关镇东街村1号",
            "13040819850315001842",
            "2020-05-08",
            "2030-05-08",
            "13800000000",
        ]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@dataclass(slots=True)
class ImportRow:
    line: int
    id_number: str
    name: str
    community: str
    address: str
    phone: str
    number: rules.CertificateNumber
    issue_date: datetime.date
    expiry_date: datetime.date
    # the blind indexes (cdpf.crypto), computed once: looked up with, then written as they are
    id_index: str = ""
    number_index: str = ""


@dataclass
class ImportCheck:
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)


@dataclass(slots=True)
class _Read:
    """A row checked on its own, before the checks against the file and the register."""

    line: int
    parse_errors: list[str]  # ID and certificate number, reported first
    cell_errors: list[str]  # names, lengths, dates, reported after the duplicates
    ident: rules.IdNumber | None = None
    number: rules.CertificateNumber | None = None
    number_text: str = ""
    id_index: str = ""
    number_index: str = ""
    row: ImportRow | None = None


def _date(value, label: str) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value or "").strip())
    except ValueError as exc:
        raise ValidationError(
            _("%(label)s “%(value)s” is not a date (YYYY-MM-DD).")
            % {"label": label, "value": value}
        ) from exc


def _lookup(existing):
    """A set of values (tests, small callers) or a function finding which of the given
    values ({blind index: value}) exist."""
    if callable(existing):
        return existing
    return lambda by_index: set(by_index.values()) & set(existing)


def _read_row(line: int, row, today: datetime.date) -> _Read:
    """Every check one row needs on its own; each cell is read once."""
    read = _Read(line, [], [])
    try:
        read.ident = rules.parse_id_number(row.text("身份证号"), today=today)
        read.id_index = blind_index(read.ident.number)
    except ValidationError as exc:
        read.parse_errors.extend(exc.messages)
    try:
        read.number = rules.parse_certificate_number(row.text("残疾人证号"), today=today)
        read.number_text = str(read.number)
        read.number_index = certificate_index(read.number_text)
    except ValidationError as exc:
        read.parse_errors.extend(exc.messages)
    if read.ident and read.number and read.number.id_number.number != read.ident.number:
        read.parse_errors.append(_("The certificate number does not belong to this ID number."))
    texts = {label: row.text(label) for label in ("姓名", "村（社区）", "住址", "联系电话")}
    messages = read.cell_errors
    for required in ("姓名", "村（社区）", "住址"):
        if not texts[required]:
            messages.append(_("%(label)s is empty.") % {"label": required})
    name = normalise_person_name(texts["姓名"]) if texts["姓名"] else ""
    if name:
        try:
            validate_person_name(name)
        except ValidationError as exc:
            messages.extend(exc.messages)
    for label, limit in LIMITS.items():
        if len(texts[label]) > limit:
            messages.append(
                _("%(label)s is longer than %(n)s characters.") % {"label": label, "n": limit}
            )
    dates = {}
    for label in ("发证日期", "有效期至"):
        try:
            dates[label] = _date(row.raw(label), label)
        except ValidationError as exc:
            messages.extend(exc.messages)
    if len(dates) == 2 and dates["有效期至"] <= dates["发证日期"]:
        messages.append(_("有效期至 must be after 发证日期."))
    if not (read.parse_errors or messages):
        read.row = ImportRow(
            line=line,
            id_number=read.ident.number,
            name=name,
            community=texts["村（社区）"],
            address=texts["住址"],
            phone=texts["联系电话"],
            number=read.number,
            issue_date=dates["发证日期"],
            expiry_date=dates["有效期至"],
            id_index=read.id_index,
            number_index=read.number_index,
        )
    return read


def read_registry(content: bytes, *, today: datetime.date, existing_ids, existing_numbers):
    """Check every row: valid ID and certificate numbers that belong together, dates, no
    duplicates in the file or against the register. `existing_ids` and `existing_numbers`
    find which of the file's own values are already in the register, given {blind index:
    value} (see `certificates.lookups`; a set also works): only the file's values are looked
    up, in batches, after every row has been read."""
    check = ImportCheck()
    read = [
        _read_row(line, row, today) for line, row in sheet_rows(content, required=IMPORT_REQUIRED)
    ]
    in_register = _lookup(existing_ids)({r.id_index: r.ident.number for r in read if r.ident})
    valid_numbers = _lookup(existing_numbers)(
        {r.number_index: r.number_text for r in read if r.number}
    )
    seen_ids: dict[str, int] = {}
    for r in read:
        messages = r.parse_errors
        if r.ident:
            if r.ident.number in seen_ids:
                messages.append(
                    _("The same ID number is already on row %(row)s.")
                    % {"row": seen_ids[r.ident.number]}
                )
            seen_ids.setdefault(r.ident.number, r.line)
            if r.ident.number in in_register:
                messages.append(_("This ID number is already in the register."))
        if r.number and r.number_text in valid_numbers:
            messages.append(_("This certificate number is already valid in the register."))
        messages.extend(r.cell_errors)
        if messages:
            check.errors.append({"row": r.line, "messages": messages})
        else:
            check.rows.append(r.row)
    return check
