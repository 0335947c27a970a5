"""The register as a spreadsheet: institutions and practitioners, exported and imported.

The import runs every row through the same services as the forms, inside one transaction: a
dry run (or any bad row) rolls the whole transaction back, so what the dry run reports is
exactly what applying would do, and nothing is ever half-imported."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from cdpf.spreadsheets import neutralise, restore
from massage_licensing import services
from massage_licensing.models import Institution

INSTITUTION_SHEET = "机构"
PRACTITIONER_SHEET = "从业人员"
INSTITUTION_COLUMNS = [
    "统一社会信用代码",
    "机构名称",
    "经营场所地址",
    "法定代表人",
    "法定代表人是否盲人",
    "法定代表人残疾人证号",
    "负责人",
    "联系电话",
    "营业面积（平方米）",
    "按摩间数",
    "按摩床数",
    "床间距（米）",
    "消毒设施",
    "卫生间",
    "消防器材",
    "照明通风",
]
# 证书编号 and 认定日期 are read back by the import (a certificate issued before this system);
# 状态 and 下次年审 are for reading only.
CERTIFICATE_COLUMNS = ["证书编号", "认定日期"]
EXPORT_ONLY = ["状态", "下次年审"]
PRACTITIONER_COLUMNS = [
    "机构统一社会信用代码",
    "姓名",
    "身份证号",
    "残疾人证号",
    "保健按摩资格证书号",
    "健康证号",
    "健康证有效期至",
    "劳动合同",
    "社会保险",
    "入职日期",
    "违规记录",
]
REQUIRED_INSTITUTION = INSTITUTION_COLUMNS[:4] + ["负责人", "营业面积（平方米）", "按摩床数"]
REQUIRED_PRACTITIONER = ["机构统一社会信用代码", "姓名", "身份证号", "入职日期"]
YES, NO = "是", "否"


def _yes(value: bool) -> str:
    return YES if value else NO


def register_workbook(institutions, practitioners) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(INSTITUTION_SHEET)
    sheet.append(INSTITUTION_COLUMNS + CERTIFICATE_COLUMNS + EXPORT_ONLY)
    for i in institutions:
        certificate = i.current_certificate
        sheet.append(
            [
                neutralise(v)
                for v in (
                    i.credit_code,
                    i.name,
                    i.address,
                    i.legal_representative,
                    _yes(i.representative_is_blind),
                    i.representative_certificate_number,
                    i.person_in_charge,
                    i.phone,
                    float(i.area_m2),
                    i.rooms,
                    i.beds,
                    float(i.bed_spacing_m),
                    _yes(i.has_disinfection),
                    _yes(i.has_toilet),
                    _yes(i.has_fire_safety),
                    _yes(i.has_lighting),
                    certificate.number if certificate else "",
                    certificate.issued_on.isoformat() if certificate else "",
                    str(i.get_status_display()),
                    i.next_review_due.isoformat() if i.next_review_due else "",
                )
            ]
        )
    sheet = book.create_sheet(PRACTITIONER_SHEET)
    sheet.append(PRACTITIONER_COLUMNS)
    for p in practitioners:
        sheet.append(
            [
                neutralise(v)
                for v in (
                    p.institution.credit_code,
                    p.name,
                    p.id_number,
                    p.disability_certificate_number,
                    p.qualification_number,
                    p.health_certificate_number,
                    p.health_certificate_expiry.isoformat() if p.health_certificate_expiry else "",
                    _yes(p.labour_contract),
                    _yes(p.social_insurance),
                    p.joined_on.isoformat(),
                    p.violations,
                )
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@dataclass
class ImportResult:
    institutions: int = 0
    practitioners: int = 0
    errors: list[dict] = field(default_factory=list)


class _Rollback(Exception):
    pass


def _rows(book, name: str, columns: list[str], required: list[str]):
    if name not in book.sheetnames:
        raise ValidationError(
            _("The workbook has no sheet named %(name)s. Download the template.") % {"name": name}
        )
    rows = book[name].iter_rows(values_only=True)
    try:
        header = [str(h).strip() if h is not None else "" for h in next(rows)]
    except StopIteration:
        return
    missing = [c for c in required if c not in header]
    if missing:
        raise ValidationError(
            _("Sheet %(sheet)s lacks the columns: %(columns)s. Download the template.")
            % {"sheet": name, "columns": "、".join(missing)}
        )
    index = {h: n for n, h in enumerate(header) if h}
    for line, values in enumerate(rows, start=2):
        if not any(v not in (None, "") for v in values):
            continue
        yield (
            line,
            {
                c: values[index[c]] if c in index and index[c] < len(values) else None
                for c in columns
            },
        )


def _text(value) -> str:
    value = restore(value)  # an exported cell comes back as it was stored
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _flag(value, label: str) -> bool:
    text = _text(value)
    if text in (YES, "1", "true", "True", "TRUE"):
        return True
    if text in (NO, "", "0", "false", "False", "FALSE"):
        return False
    raise ValidationError(_("%(label)s must be 是 or 否.") % {"label": label})


def _number(value, label: str, *, whole: bool = False):
    try:
        number = Decimal(_text(value))
    except InvalidOperation as exc:
        raise ValidationError(_("%(label)s is not a number.") % {"label": label}) from exc
    if whole:
        if number != number.to_integral_value() or number < 0:
            raise ValidationError(_("%(label)s must be a whole number.") % {"label": label})
        return int(number)
    return number


def _date(value, label: str, *, required: bool):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    if not text:
        if required:
            raise ValidationError(_("%(label)s is empty.") % {"label": label})
        return None
    try:
        return datetime.date.fromisoformat(text.replace("/", "-"))
    except ValueError as exc:
        raise ValidationError(
            _("%(label)s must be a date written YYYY-MM-DD.") % {"label": label}
        ) from exc


def _messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [m for errors in exc.message_dict.values() for m in errors]
    return list(exc.messages)


def _institution_fields(row: dict) -> dict:
    for label in REQUIRED_INSTITUTION:
        if not _text(row[label]):
            raise ValidationError(_("%(label)s is empty.") % {"label": label})
    return {
        "credit_code": _text(row["统一社会信用代码"]),
        "name": _text(row["机构名称"]),
        "address": _text(row["经营场所地址"]),
        "legal_representative": _text(row["法定代表人"]),
        "representative_is_blind": _flag(row["法定代表人是否盲人"], "法定代表人是否盲人"),
        "representative_certificate_number": _text(row["法定代表人残疾人证号"]),
        "person_in_charge": _text(row["负责人"]),
        "phone": _text(row["联系电话"]),
        "area_m2": _number(row["营业面积（平方米）"], "营业面积"),
        "rooms": _number(row["按摩间数"] or 0, "按摩间数", whole=True),
        "beds": _number(row["按摩床数"], "按摩床数", whole=True),
        "bed_spacing_m": _number(row["床间距（米）"] or 0, "床间距"),
        "has_disinfection": _flag(row["消毒设施"], "消毒设施"),
        "has_toilet": _flag(row["卫生间"], "卫生间"),
        "has_fire_safety": _flag(row["消防器材"], "消防器材"),
        "has_lighting": _flag(row["照明通风"], "照明通风"),
    }


def _certificate_fields(row: dict) -> dict | None:
    """A certificate issued before this system: both its number and date, or neither."""
    number = _text(row.get("证书编号"))
    issued = _date(row.get("认定日期"), "认定日期", required=bool(number))
    if issued and not number:
        raise ValidationError(_("%(label)s is empty.") % {"label": "证书编号"})
    return {"number": number, "issued_on": issued} if number else None


def _practitioner_fields(row: dict) -> dict:
    for label in REQUIRED_PRACTITIONER:
        if not _text(row[label]):
            raise ValidationError(_("%(label)s is empty.") % {"label": label})
    return {
        "name": _text(row["姓名"]),
        "id_number": _text(row["身份证号"]),
        "disability_certificate_number": _text(row["残疾人证号"]),
        "qualification_number": _text(row["保健按摩资格证书号"]),
        "health_certificate_number": _text(row["健康证号"]),
        "health_certificate_expiry": _date(row["健康证有效期至"], "健康证有效期至", required=False),
        "labour_contract": _flag(row["劳动合同"], "劳动合同"),
        "social_insurance": _flag(row["社会保险"], "社会保险"),
        "joined_on": _date(row["入职日期"], "入职日期", required=True),
        "violations": _text(row["违规记录"]),
    }


def import_register(
    content: bytes, *, actor, region, today: datetime.date, dry_run: bool, progress=None
) -> ImportResult:
    """Check (dry run) or apply an institution and practitioner register."""
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:
        raise ValidationError(_("The file is not a readable .xlsx workbook.")) from exc
    institution_rows = list(
        _rows(
            book,
            INSTITUTION_SHEET,
            INSTITUTION_COLUMNS + CERTIFICATE_COLUMNS,
            REQUIRED_INSTITUTION,
        )
    )
    practitioner_rows = list(
        _rows(book, PRACTITIONER_SHEET, PRACTITIONER_COLUMNS, REQUIRED_PRACTITIONER)
    )
    result = ImportResult()
    total = len(institution_rows) + len(practitioner_rows)
    try:
        with transaction.atomic():
            for line, row in institution_rows:
                try:
                    with transaction.atomic():
                        institution = services.institution_register(
                            actor=actor, region=region, today=today, **_institution_fields(row)
                        )
                        certificate = _certificate_fields(row)
                        if certificate:
                            services.certificate_import(
                                actor=actor, institution=institution, today=today, **certificate
                            )
                    result.institutions += 1
                except ValidationError as exc:
                    result.errors.append(
                        {"row": f"{INSTITUTION_SHEET} {line}", "messages": _messages(exc)}
                    )
            for done, (line, row) in enumerate(practitioner_rows, start=1):
                try:
                    with transaction.atomic():
                        fields = _practitioner_fields(row)
                        code = _text(row["机构统一社会信用代码"]).upper()
                        institution = Institution.objects.filter(
                            credit_code=code, region__code__startswith=region.scope_prefix
                        ).first()
                        if institution is None:
                            raise ValidationError(
                                _("No institution with credit code %(code)s in your region.")
                                % {"code": code}
                            )
                        services.practitioner_register(
                            actor=actor, institution=institution, **fields
                        )
                    result.practitioners += 1
                except ValidationError as exc:
                    result.errors.append(
                        {"row": f"{PRACTITIONER_SHEET} {line}", "messages": _messages(exc)}
                    )
                if progress and done % 100 == 0:
                    progress(len(institution_rows) + done, total, _("Checking"))
            if dry_run or result.errors:
                raise _Rollback
    except _Rollback:
        pass
    return result
