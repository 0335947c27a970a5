"""Pure rules of supervision (seed part 三): checklists, who takes each step, the police file's
format, quarters, masking for published results. No database here."""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from openpyxl import load_workbook

from cdpf import roles
from cdpf.crypto import keyed_hash
from cdpf.messages import Line
from certificates.rules import parse_id_number

QUOTA, CERTIFICATES = "quota", "certificates"
RULES = {
    QUOTA: gettext_lazy("Quota employment audit (按比例安排残疾人就业年审)"),
    CERTIFICATES: gettext_lazy("Disability certificates (《残疾人证》核发)"),
}

# Seed part 三: what each rule checks. Codes stay stable; the text is the seed's own wording.
CHECKLISTS: dict[str, list[tuple[str, str]]] = {
    QUOTA: [
        ("q1", "在岗残疾职工身份证、残疾人证、就业证、工资领取单、养老保险证明复印件齐全"),
        ("q2", "单位与残疾职工签订一年以上劳动（聘用）合同，原件已核验"),
        ("q3", "按比例安排残疾人就业年审报表已填报并与资料一致"),
        ("q4", "认证手续规范（受理、审核、认定各环节有记录）"),
        ("q5", "认证资料档案按用人单位分册建档"),
    ],
    CERTIFICATES: [
        ("c1", "受理阶段：申报材料已审核（身份证、户口簿、照片、申请表）"),
        ("c2", "受理阶段：信息虚假或评定结果不符合残疾标准的已予退回"),
        ("c3", "评定阶段：直接评定的，经包括理事长在内{signers}人联合评定并签字"),
        ("c4", "评定阶段：难以认定的，经区残联指定的区级以上医院或专门医疗机构评定"),
        ("c5", "持证人实际情况与残疾人证记载的类别、等级相符"),
        ("c6", "残疾人证发放、管理台账规范，档案完整"),
    ],
}


def checklist(rule: str, *, signers: int) -> list[tuple[str, str]]:
    """The checklist of a rule; the signer count comes from the policy parameter."""
    return [(code, text.format(signers=signers)) for code, text in CHECKLISTS[rule]]


# Who may be inspected under each rule (seed part 三, 监督检查对象).
SUBJECT_EMPLOYER, SUBJECT_HOLDER, SUBJECT_STAFF, SUBJECT_DOCTOR = (
    "employer",
    "holder",
    "staff",
    "doctor",
)
SUBJECT_KINDS = {
    SUBJECT_EMPLOYER: gettext_lazy("Employer"),
    SUBJECT_HOLDER: gettext_lazy("Certificate holder"),
    SUBJECT_STAFF: gettext_lazy("Certificate staff member"),
    SUBJECT_DOCTOR: gettext_lazy("Assessing doctor"),
}
SUBJECTS_BY_RULE = {
    QUOTA: (SUBJECT_EMPLOYER,),
    CERTIFICATES: (SUBJECT_HOLDER, SUBJECT_STAFF, SUBJECT_DOCTOR),
}

# The roles that may take each step are declared in supervision/flows.py (decisions 0040, 0210).
READERS = (
    roles.SUPERVISOR,
    roles.CHAIRMAN,
    roles.OFFICE,
    roles.LABOUR_SERVICE,
    roles.CERTIFICATE_ROOM,
)
# The police file and its matches carry whole ID numbers: the certificate staff and supervisors.
POLICE_READERS = (roles.OFFICE, roles.CERTIFICATE_ROOM, roles.SUPERVISOR, roles.CHAIRMAN)
# Who answers for a measure of each rule (the unit that keeps those files).
RESPONSIBLE_ROLE = {QUOTA: roles.LABOUR_SERVICE, CERTIFICATES: roles.OFFICE}


# Complaints about the federation's own people (issue 19 item 1). The respondent's unit is the
# role they work in; a person with several roles belongs to the first of this list.
RESPONDENT_UNITS = (
    roles.CHAIRMAN,
    roles.SUPERVISOR,
    roles.OFFICE,
    roles.CERTIFICATE_ROOM,
    roles.LABOUR_SERVICE,
    roles.EDUCATION_EMPLOYMENT,
    roles.ADMIN,
)
# A complaint about the chairman, or about the district's supervisors, also goes to the
# supervisors of the level above (the city): nobody in the district is above them.
ESCALATED_UNITS = (roles.CHAIRMAN, roles.SUPERVISOR)


def unit_of(user_roles: set[str]) -> str:
    """The unit a staff member works in, from their roles ("" for none)."""
    return next((unit for unit in RESPONDENT_UNITS if unit in user_roles), "")


def quarter_of(day: datetime.date) -> int:
    return (day.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    first = datetime.date(year, 3 * quarter - 2, 1)
    last_month = 3 * quarter
    end = (
        datetime.date(year + 1, 1, 1)
        if last_month == 12
        else datetime.date(year, last_month + 1, 1)
    )
    return first, end - datetime.timedelta(days=1)


def is_overdue(*, deadline: datetime.date | None, done: bool, today: datetime.date) -> bool:
    """A deadline passes at the end of its day."""
    return deadline is not None and not done and today > deadline


def mask_name(name: str) -> str:
    """王*: a published result shows the surname only (《个人信息保护法》 Art. 28)."""
    name = (name or "").strip()
    if not name:
        return ""
    if len(name) == 1:
        return "*"
    return name[0] + "*" * (len(name) - 1)


# ---- the police (公安) file of deaths and household deregistrations -----------------------

POLICE_COLUMNS = ["身份证号码", "姓名", "事件类型", "事件日期", "派出所"]
REQUIRED_COLUMNS = POLICE_COLUMNS[:4]
EVENT_DEATH, EVENT_DEREGISTERED = "death", "deregistered"
EVENT_TYPES = {"死亡": EVENT_DEATH, "户籍注销": EVENT_DEREGISTERED}
EVENT_LABELS = {EVENT_DEATH: "死亡", EVENT_DEREGISTERED: "户籍注销"}
XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # Excel 97–2003 (.xls)


@dataclass
class PoliceRow:
    row: int
    id_number: str
    name: str
    event: str
    event_date: datetime.date
    station: str
    row_hash: str


@dataclass
class PoliceCheck:
    rows: list[PoliceRow] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)


def file_hash(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def row_hash(id_number: str, event: str, event_date: datetime.date) -> str:
    """The identity of one police event: the same person, event and date is the same row,
    whatever file or spelling of the name it comes in. Keyed (HMAC, decision 0160): a plain
    hash of an ID number is undone by trying every ID number."""
    return keyed_hash(f"{id_number}|{event}|{event_date.isoformat()}")


def decode_csv(content: bytes) -> str:
    """UTF-8 (with or without BOM) or GB18030; anything else is refused."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in content[:4096]:
        raise ValidationError(
            _(
                "The CSV file is in UTF-16 or another wide encoding. Save it as CSV in UTF-8 "
                "or GB18030 (GBK), or upload the .xlsx template."
            ),
            code="encoding",
        )
    if content.startswith(b"\xef\xbb\xbf"):
        try:
            return content[3:].decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ValidationError(
                _("The file starts as UTF-8 but byte %(pos)s is not UTF-8.") % {"pos": exc.start},
                code="encoding",
            ) from exc
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            _(
                "The file is neither UTF-8 nor GB18030 (GBK) text: byte %(pos)s cannot be "
                "read. Save it as CSV in UTF-8 or GB18030, or upload the .xlsx template."
            )
            % {"pos": exc.start},
            code="encoding",
        ) from exc


def _table(content: bytes, name: str):
    """The rows of the upload as lists of cells (header first)."""
    lowered = (name or "").lower()
    if content.startswith(OLE_MAGIC) or lowered.endswith(".xls"):
        raise ValidationError(
            _("Excel 97–2003 (.xls) files are not accepted; save the file as .xlsx or CSV."),
            code="format",
        )
    if content.startswith(XLSX_MAGIC):
        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
            return list(sheet.iter_rows(values_only=True))
        except Exception as exc:
            raise ValidationError(
                _("The file is not a readable .xlsx workbook."), code="format"
            ) from exc
    if not lowered.endswith((".csv", ".txt")):
        raise ValidationError(
            _("Upload the police file as .xlsx (the template) or as .csv."), code="format"
        )
    text = decode_csv(content)
    try:
        return list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:
        raise ValidationError(
            _("The CSV file cannot be read: %(e)s") % {"e": exc}, code="format"
        ) from exc


def _date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value or "").strip().replace("/", "-").replace(".", "-")
    if len(text) == 8 and text.isdigit():
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    if " " in text:
        text = text.split(" ")[0]
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        parts = text.split("-")
        if len(parts) == 3 and all(p.isdigit() for p in parts):
            try:
                return datetime.date(int(parts[0]), int(parts[1]), int(parts[2]))
            except ValueError:
                return None
        return None


def read_police_file(content: bytes, *, name: str, today: datetime.date) -> PoliceCheck:
    """Check every row of a police file; nothing is written here."""
    table = _table(content, name)
    if not table:
        raise ValidationError(_("The file is empty."), code="empty")
    header = [str(h).strip().lstrip("\ufeff") if h is not None else "" for h in table[0]]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise ValidationError(
            _(
                "The first row lacks the columns: %(columns)s. Use the template's columns "
                "(%(all)s); a CSV file must be UTF-8 or GB18030 (GBK)."
            )
            % {"columns": "、".join(missing), "all": "、".join(POLICE_COLUMNS)},
            code="columns",
        )
    index = {h: i for i, h in enumerate(header) if h}
    check, seen = PoliceCheck(), {}
    for line, values in enumerate(table[1:], start=2):
        if not any(v not in (None, "") and str(v).strip() for v in values):
            continue

        def cell(column, values=values):
            i = index.get(column)
            value = values[i] if i is not None and i < len(values) else None
            return (
                value
                if isinstance(value, (datetime.date, datetime.datetime))
                else ("" if value is None else str(value).strip())
            )

        messages = []
        ident = None
        try:
            ident = parse_id_number(cell("身份证号码"), today=today)
        except ValidationError as exc:
            messages.extend(exc.messages)
        person_name = cell("姓名")
        if not person_name:
            messages.append(_("姓名 is empty."))
        elif len(person_name) > 50:
            messages.append(_("姓名 is longer than 50 characters."))
        event = EVENT_TYPES.get(cell("事件类型"))
        if event is None:
            messages.append(
                _("事件类型 must be one of: %(types)s.") % {"types": "、".join(EVENT_TYPES)}
            )
        raw_date = cell("事件日期")
        event_date = _date(raw_date)
        if event_date is None:
            messages.append(
                _("事件日期 “%(value)s” is not a date (write 2026-03-31).") % {"value": raw_date}
            )
        elif event_date > today:
            messages.append(_("事件日期 %(d)s is in the future.") % {"d": event_date})
        elif ident is not None and event_date < ident.birth_date:
            messages.append(_("事件日期 is before the birth date in the ID number."))
        station = cell("派出所")
        if len(station) > 100:
            messages.append(_("派出所 is longer than 100 characters."))
        if ident is not None:
            if ident.number in seen:
                messages.append(
                    _("The same ID number is already on row %(row)s.") % {"row": seen[ident.number]}
                )
            else:
                seen[ident.number] = line
        if messages:
            check.errors.append({"row": line, "messages": messages})
            continue
        check.rows.append(
            PoliceRow(
                row=line,
                id_number=ident.number,
                name=person_name,
                event=event,
                event_date=event_date,
                station=station,
                row_hash=row_hash(ident.number, event, event_date),
            )
        )
    if not check.rows and not check.errors:
        raise ValidationError(_("The file has no rows below its header."), code="empty")
    return check


def cancellation_reason(*, event: str, event_date: datetime.date, station: str) -> Line:
    """The reason written on the certificate (DOMAIN §2: death, or household moved away),
    kept as a message: the event reads as the cancellation's grounds (the same words), in the
    reader's language. The event is also the grounds themselves (`death`, `deregistered`)."""
    args = {
        "event": Line({"f": "certificates.application.cancel_grounds", "v": event}),
        "date": f"{event_date:%Y-%m-%d}",
    }
    if station:
        return Line(
            gettext_noop("%(event)s (police data, %(date)s, %(station)s)"), station=station, **args
        )
    return Line(gettext_noop("%(event)s (police data, %(date)s)"), **args)


# The official (Chinese) wording printed on documents, whatever the reader's UI language.
PRINTED = {
    "method": {"written": "书面检查", "on_site": "实地考查", "both": "书面检查与实地考查"},
    "result": {"pending": "未检查", "ok": "符合", "issue": "不符合", "na": "不适用"},
    "measure": {
        "rectification": "责令限期整改",
        "training": "专项业务培训",
        "reassessment": "重新评定并按新等级换发",
        "cancellation": "取消残疾人证",
        "referral": "移交有关部门处理",
    },
    "rule": {QUOTA: "按比例安排残疾人就业年审", CERTIFICATES: "《残疾人证》核发"},
}
