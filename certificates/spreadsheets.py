"""The certificate register as a spreadsheet: export of a search, and import of an existing
registry (how a federation moves in from its spreadsheets)."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook

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


@dataclass
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


@dataclass
class ImportCheck:
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)


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
    """A set (tests, small callers) or a function finding which of the given values exist."""
    if callable(existing):
        return existing
    return lambda values: set(values) & set(existing)


def read_registry(content: bytes, *, today: datetime.date, existing_ids, existing_numbers):
    """Check every row: valid ID and certificate numbers that belong together, dates, no
    duplicates in the file or against the register. `existing_ids` and `existing_numbers`
    find which of the file's own values are already in the register (see
    `certificates.lookups`; a set also works): only the file's values are looked up."""
    check = ImportCheck()
    seen_ids: dict[str, int] = {}
    parsed = []
    for line, row in sheet_rows(content, required=IMPORT_REQUIRED):
        messages = []
        try:
            ident = rules.parse_id_number(row.text("身份证号"), today=today)
        except ValidationError as exc:
            messages.extend(exc.messages)
            ident = None
        try:
            number = rules.parse_certificate_number(row.text("残疾人证号"), today=today)
        except ValidationError as exc:
            messages.extend(exc.messages)
            number = None
        parsed.append((line, row, ident, number, messages))
    in_register = _lookup(existing_ids)([p[2].number for p in parsed if p[2]])
    valid_numbers = _lookup(existing_numbers)([str(p[3]) for p in parsed if p[3]])
    for line, row, ident, number, messages in parsed:

        def cell(name, row=row, raw=False):
            return row.raw(name) if raw else row.text(name)

        if ident and number and number.id_number.number != ident.number:
            messages.append(_("The certificate number does not belong to this ID number."))
        if ident:
            if ident.number in seen_ids:
                messages.append(
                    _("The same ID number is already on row %(row)s.")
                    % {"row": seen_ids[ident.number]}
                )
            seen_ids.setdefault(ident.number, line)
            if ident.number in in_register:
                messages.append(_("This ID number is already in the register."))
        if number and str(number) in valid_numbers:
            messages.append(_("This certificate number is already valid in the register."))
        for required in ("姓名", "村（社区）", "住址"):
            if not cell(required):
                messages.append(_("%(label)s is empty.") % {"label": required})
        if cell("姓名"):
            try:
                validate_person_name(normalise_person_name(cell("姓名")))
            except ValidationError as exc:
                messages.extend(exc.messages)
        for label, limit in LIMITS.items():
            if len(cell(label)) > limit:
                messages.append(
                    _("%(label)s is longer than %(n)s characters.") % {"label": label, "n": limit}
                )
        dates = {}
        for label in ("发证日期", "有效期至"):
            try:
                dates[label] = _date(cell(label, raw=True), label)
            except ValidationError as exc:
                messages.extend(exc.messages)
        if len(dates) == 2 and dates["有效期至"] <= dates["发证日期"]:
            messages.append(_("有效期至 must be after 发证日期."))
        if messages:
            check.errors.append({"row": line, "messages": messages})
            continue
        check.rows.append(
            ImportRow(
                line=line,
                id_number=ident.number,
                name=normalise_person_name(cell("姓名")),
                community=cell("村（社区）"),
                address=cell("住址"),
                phone=cell("联系电话"),
                number=number,
                issue_date=dates["发证日期"],
                expiry_date=dates["有效期至"],
            )
        )
    return check
