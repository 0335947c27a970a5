"""Spreadsheets of the quota audit: the employer register (export, import) and the audited list
for the tax bureau."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from cdpf.spreadsheets import neutralise, sheet_rows
from employment_quota.rules import EMPLOYER_TYPE_NAMES as EMPLOYER_TYPES  # Chinese in files
from employment_quota.rules import validate_credit_code

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


def _found(existing, values: list[str]) -> set[str]:
    """Which of `values` exist: `existing` is a set or a function looking them up."""
    return set(existing(values)) if callable(existing) else set(values) & set(existing)


def read_employers(content: bytes, *, existing_codes, own_codes=None) -> EmployerCheck:
    """Check every row of an employer register; nothing is written here. A code registered
    in the importer's own region (`own_codes`) is a row to compare and update (the export is
    the template); a code registered elsewhere is an error."""
    rows = list(sheet_rows(content, required=EMPLOYER_COLUMNS[:4]))
    codes = []
    for _line, row in rows:
        try:
            codes.append(validate_credit_code(row.text("统一社会信用代码")))
        except ValidationError:
            pass
    # only the file's own codes are looked up (certificates.lookups, decision 0190)
    registered = _found(existing_codes, codes)
    own_codes = _found(own_codes or set(), codes)
    check, seen = EmployerCheck(), {}
    for line, row in rows:
        cell = row.text

        messages = []
        try:
            code = validate_credit_code(cell("统一社会信用代码"))
        except ValidationError as exc:
            messages.extend(exc.messages)
            code = None
        if code and code in seen:
            messages.append(_("The same code is already on row %(row)s.") % {"row": seen[code]})
        if code and code in registered and code not in own_codes:
            messages.append(_("An employer with this code is registered in another region."))
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


# --- Declarations: the import template and its reader ------------------------------------------

DECLARATION_COLUMNS = [
    "统一社会信用代码",
    "单位名称",
    "在职职工年平均人数",
    "职工年工资总额（元）",
    "残疾人证号",
    "就业形式",
    "劳务派遣计入本单位",
    "就业月份",
    "月工资（元）",
    "已缴纳养老保险",
    "已收材料",
]
DECLARATION_REQUIRED = DECLARATION_COLUMNS[:4]
FORMS_BY_NAME = {"编制": "established", "劳动合同": "contract", "劳务派遣": "dispatched"}
YES, NO = ("是", "y", "yes", "true", "1"), ("否", "n", "no", "false", "0", "")
MATERIAL_NAMES = (
    "身份证",
    "残疾人证",
    "就业证",
    "工资领取单",
    "养老保险证明",
    "劳动合同（一年以上）",
)
DECLARATION_HELP = [
    ["填写说明"],
    [
        "每名在岗残疾职工一行；同一单位的各行填写相同的统一社会信用代码、在职职工年平均人数和工资总额。"
    ],
    ["没有残疾职工的单位只填一行，残疾人证号及其后各列留空。"],
    ["单位须已在用人单位名册中登记，且本年度尚无申报。"],
    ["就业形式：编制、劳动合同（一年以上）填“劳动合同”、劳务派遣。"],
    ["劳务派遣计入本单位：是/否（派遣单位与用工单位协商，只能在一方计入；不填为“是”）。"],
    ["就业月份：如 1-12、1-6 或 1,3,5（本年度在岗的月份）。"],
    ["已缴纳养老保险：是/否。已收材料：用顿号分隔，如 身份证、残疾人证、劳动合同（一年以上）。"],
    ["先检查全部行，有任何错误则不导入任何内容；检查无误后再确认导入，申报以草稿状态建立。"],
    [],
    ["示例（请在“申报”工作表填写，不要填在这里）"],
    DECLARATION_COLUMNS,
    [
        "91350100M000100Y43",
        "永年区示范企业有限公司",
        100,
        6000000,
        "13040819850315001842",
        "劳动合同",
        "是",
        "1-12",
        2600,
        "是",
        "身份证、残疾人证",
    ],
]


TEXT_COLUMNS = ("统一社会信用代码", "残疾人证号", "就业月份")


def declaration_template() -> bytes:
    """The workbook to fill: the sheet 申报 with the columns, and the instructions."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("申报")
    # text columns, so that what is typed stays as typed: Excel otherwise turns a 20-digit
    # certificate number into 1.30408E+19 (its last digits lost) and “1-12” into a date
    for name in TEXT_COLUMNS:
        sheet.column_dimensions[
            get_column_letter(DECLARATION_COLUMNS.index(name) + 1)
        ].number_format = "@"
    sheet.append(DECLARATION_COLUMNS)
    notes = book.create_sheet("填写说明")
    for row in DECLARATION_HELP:
        notes.append(row)
    return _save(book)


def parse_months(text: str) -> list[int]:
    """'1-12', '1-6,9', '1、3、5' → the months; ValueError when unreadable or out of 1–12."""
    months: set[int] = set()
    cleaned = text.replace("，", ",").replace("、", ",").replace("－", "-").replace("—", "-")
    cleaned = cleaned.replace("月", "").replace("至", "-").replace("~", "-").replace(" ", "")
    if not cleaned:
        raise ValueError("empty")
    for part in cleaned.split(","):
        if not part:
            continue
        if "-" in part:
            first, last = (int(p) for p in part.split("-", 1))
            if first > last:
                raise ValueError(part)
            months.update(range(first, last + 1))
        else:
            months.add(int(part))
    if not months or min(months) < 1 or max(months) > 12:
        raise ValueError(text)
    return sorted(months)


def _number(text: str):
    try:
        value = Decimal(text.replace(",", ""))
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


@dataclass
class DeclarationCheck:
    """Employers in file order: code → {"rows", "name", "staff", "wage_bill", "lines"}."""

    employers: dict[str, dict] = field(default_factory=dict)
    errors: list[dict] = field(default_factory=list)

    @property
    def line_count(self) -> int:
        return sum(len(e["lines"]) for e in self.employers.values())


def _formula_cells(content: bytes) -> dict[int, dict[str, str]]:
    """The cells of the sheet 申报 that hold a formula, by line and column: a formula's value is
    not what was typed (and a file saved by a program other than Excel keeps none)."""
    book = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    sheet = book["申报"] if "申报" in book.sheetnames else book.active
    rows = sheet.iter_rows(values_only=True)
    header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
    found: dict[int, dict[str, str]] = {}
    for line, values in enumerate(rows, start=2):
        for name, value in zip(header, values, strict=False):
            if name and isinstance(value, str) and value.startswith("="):
                found.setdefault(line, {})[name] = value[:40]
    return found


def read_declarations(content: bytes) -> DeclarationCheck:
    """Check the form of every row and group the rows by employer; nothing is written here and
    the register is not read (the job checks employers and certificates)."""
    check = DeclarationCheck()
    rows = sheet_rows(content, required=DECLARATION_REQUIRED, sheet="申报")
    formulas = _formula_cells(content)
    for line, row in rows:

        def cell(name, row=row):
            value = row.raw(name)
            if name == "就业月份" and isinstance(value, datetime.date):
                # Excel and WPS turn “1-12” typed in a cell into 12 January: the months back
                return f"{value.month}-{value.day}"
            return row.text(name)

        messages = []
        try:
            code = validate_credit_code(cell("统一社会信用代码"))
        except ValidationError as exc:
            messages.extend(exc.messages)
            code = None
        staff = _number(cell("在职职工年平均人数"))
        if staff is None or staff <= 0:
            messages.append(_("在职职工年平均人数 must be a number above zero."))
        wage_bill = _number(cell("职工年工资总额（元）"))
        if wage_bill is None or wage_bill < 0:
            messages.append(_("职工年工资总额 must be a number, zero or more."))
        employer = check.employers.get(code) if code else None
        if employer is not None and not messages:
            if staff != employer["staff"] or wage_bill != employer["wage_bill"]:
                messages.append(
                    _("Staff or wage bill differ from row %(row)s of the same employer.")
                    % {"row": employer["rows"][0]}
                )
        number = cell("残疾人证号").upper()
        employee = None
        if isinstance(row.raw("残疾人证号"), int | float):
            # Excel keeps 15 significant digits: a 20-digit number stored as a number has
            # already lost its last digits, whatever it shows
            messages.append(
                _(
                    "残疾人证号 %(n)s is stored as a number, which loses its last digits: "
                    "format the column as text (the template does) and type the number again."
                )
                % {"n": number}
            )
            number = ""
        if number:
            employee, line_errors = _read_employee_line(cell, number)
            messages.extend(line_errors)
        elif employer is not None:
            messages.append(_("残疾人证号 is empty."))
        in_formula = formulas.get(line, {})
        if in_formula:  # say so, instead of "must be a number" about a value nobody typed
            messages = [m for m in messages if not any(m.startswith(c) for c in in_formula)]
            messages[:0] = [
                _("%(column)s holds a formula (%(f)s): enter the value itself.")
                % {"column": column, "f": formula}
                for column, formula in in_formula.items()
            ]
        if messages:
            check.errors.append({"row": line, "messages": messages})
            continue
        if employer is None:
            employer = check.employers[code] = {
                "rows": [],
                "name": cell("单位名称"),
                "staff": staff,
                "wage_bill": wage_bill,
                "lines": [],
            }
        employer["rows"].append(line)
        if employee is not None:
            employee["row"] = line
            employer["lines"].append(employee)
    return check


def _read_employee_line(cell, number: str) -> tuple[dict | None, list[str]]:
    messages = []
    form = FORMS_BY_NAME.get(cell("就业形式"))
    if form is None:
        messages.append(
            _("就业形式 must be one of: %(forms)s.") % {"forms": "、".join(FORMS_BY_NAME)}
        )
    counts = cell("劳务派遣计入本单位").lower() or "是"
    insurance = cell("已缴纳养老保险").lower()
    for label, value in (("劳务派遣计入本单位", counts), ("已缴纳养老保险", insurance)):
        if value not in YES + NO:
            messages.append(_("%(label)s must be 是 or 否.") % {"label": label})
    try:
        months = parse_months(cell("就业月份"))
    except ValueError:
        months = None
        messages.append(_("就业月份 must be months 1–12, like 1-12 or 1,3,5."))
    wage = _number(cell("月工资（元）"))
    if wage is None or wage < 0:
        messages.append(_("月工资 must be a number, zero or more."))
    materials = [
        m.strip() for m in cell("已收材料").replace(",", "、").replace("，", "、").split("、")
    ]
    materials = [m for m in materials if m]
    unknown = [m for m in materials if m not in MATERIAL_NAMES]
    if unknown:
        messages.append(
            _("已收材料 must be among: %(names)s.") % {"names": "、".join(MATERIAL_NAMES)}
        )
    if len(number) > 30:
        messages.append(_("残疾人证号 is longer than 30 characters."))
    if messages:
        return None, messages
    return {
        "certificate_number": number,
        "employment_form": form,
        "counts_here": counts in YES,
        "months": months,
        "monthly_wage": wage,
        "insurance_paid": insurance in YES,
        "materials": materials,
    }, []
