"""Spreadsheets of the quota audit: the employer register (export, import) and the audited list
for the tax bureau."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cdpf.spreadsheets import neutralise
from employment_quota.rules import EMPLOYER_TYPES, validate_credit_code

TAX_COLUMNS = [
    "统一社会信用代码",
    "单位名称",
    "单位类型",
    "在职职工年平均人数",
    "已安排（计入）人数",
    "差额人数",
    "计征平均工资（元）",
    "征收比例",
    "应缴保障金（元）",
    "是否逾期",
    # levy relief (levy_relief): what the approved reliefs change
    "减缓免缴",
    "减免金额（元）",
    "减免后应缴（元）",
    "缓缴至",
    "减缓免决定文号",
]
EMPLOYER_COLUMNS = ["统一社会信用代码", "单位名称", "单位类型", "地址", "联系人", "联系电话"]
TYPE_BY_NAME = {name: key for key, name in EMPLOYER_TYPES.items()}
LIMITS = {"单位名称": 200, "地址": 200, "联系人": 50, "联系电话": 20}


def _save(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def tax_workbook(declarations, reliefs: dict | None = None) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("保障金征收名单")
    sheet.append(TAX_COLUMNS)
    for d in declarations:
        sheet.append(
            [
                neutralise(d.employer.credit_code),
                neutralise(d.employer.name),
                EMPLOYER_TYPES[d.employer.employer_type],
                float(d.staff),
                float(d.counted),
                float(d.shortfall),
                float(d.average_wage),
                float(d.rate),
                float(d.amount_due),
                "是" if d.late else "否",
                *_relief_cells(d, (reliefs or {}).get(d.employer_id)),
            ]
        )
    return _save(book)


def _relief_cells(declaration, relief) -> list:
    if relief is None:
        return ["", 0.0, float(declaration.amount_due), "", ""]
    return [
        "、".join(relief.kinds),
        float(relief.remitted),
        float(relief.payable(declaration.amount_due)),
        relief.deferred_to.isoformat() if relief.deferred_to else "",
        "、".join(relief.numbers),
    ]


def employer_workbook(employers) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("用人单位")
    sheet.append(EMPLOYER_COLUMNS)
    for e in employers:
        sheet.append(
            [
                neutralise(v)
                for v in (
                    e.credit_code,
                    e.name,
                    EMPLOYER_TYPES[e.employer_type],
                    e.address,
                    e.contact_name,
                    e.contact_phone,
                )
            ]
        )
    return _save(book)


@dataclass
class EmployerCheck:
    rows: list[dict] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)


def read_employers(content: bytes, *, existing_codes: set[str]) -> EmployerCheck:
    """Check every row of an employer register; nothing is written here."""
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
        rows = sheet.iter_rows(values_only=True)
        header = [str(h).strip() if h is not None else "" for h in next(rows)]
    except Exception as exc:
        raise ValidationError(_("The file is not a readable .xlsx workbook.")) from exc
    missing = [c for c in EMPLOYER_COLUMNS[:4] if c not in header]
    if missing:
        raise ValidationError(
            _("The workbook lacks the columns: %(columns)s. Download the template.")
            % {"columns": "、".join(missing)}
        )
    index = {name: header.index(name) for name in header if name}
    check, seen = EmployerCheck(), {}
    for line, values in enumerate(rows, start=2):
        if not any(v not in (None, "") for v in values):
            continue

        def cell(name, values=values):
            i = index.get(name)
            value = values[i] if i is not None and i < len(values) else None
            return "" if value is None else str(value).strip()

        messages = []
        try:
            code = validate_credit_code(cell("统一社会信用代码"))
        except ValidationError as exc:
            messages.extend(exc.messages)
            code = None
        if code and code in seen:
            messages.append(_("The same code is already on row %(row)s.") % {"row": seen[code]})
        if code and code in existing_codes:
            messages.append(_("An employer with this code is registered."))
        if code:
            seen.setdefault(code, line)
        kind = TYPE_BY_NAME.get(cell("单位类型"))
        if kind is None:
            messages.append(
                _("单位类型 must be one of: %(types)s.")
                % {"types": "、".join(EMPLOYER_TYPES.values())}
            )
        for required in ("单位名称", "地址"):
            if not cell(required):
                messages.append(_("%(label)s is empty.") % {"label": required})
        for label, limit in LIMITS.items():
            if len(cell(label)) > limit:
                messages.append(
                    _("%(label)s is longer than %(n)s characters.") % {"label": label, "n": limit}
                )
        if messages:
            check.errors.append({"row": line, "messages": messages})
            continue
        check.rows.append(
            {
                "credit_code": code,
                "name": cell("单位名称"),
                "employer_type": kind,
                "address": cell("地址"),
                "contact_name": cell("联系人"),
                "contact_phone": cell("联系电话"),
            }
        )
    return check
