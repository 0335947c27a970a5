"""Pure rules of the blind health-massage institution qualification (DOMAIN.md §5).

No database here: the services read the facts and the policy parameters, these functions say
whether each requirement is met and why. 残联发〔2007〕29号 and local rules: every threshold is
a policy parameter, because it differs by place."""

from __future__ import annotations

import datetime
import string
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

REQUIRED_NAME_PART = "盲人保健按摩"
VISUAL, MULTIPLE = 1, 7
# Changes of these require re-certification (DOMAIN.md §5); `premises` covers the address and
# the premises figures that the certificate was granted on.
RECERTIFICATION_FIELDS = {
    "name": "name",
    "address": "premises",
    "area_m2": "premises",
    "rooms": "premises",
    "beds": "premises",
    "bed_spacing_m": "premises",
    "person_in_charge": "person_in_charge",
}
FACILITIES = [
    ("has_disinfection", "消毒设施"),
    ("has_toilet", "卫生间"),
    ("has_fire_safety", "消防器材"),
    ("has_lighting", "照明通风"),
]


@dataclass(frozen=True)
class Policy:
    """The thresholds in force for one region on one day, each with its source."""

    blind_share_blind_representative: Decimal
    blind_share_sighted_representative: Decimal
    min_area_m2: Decimal
    min_beds: int
    min_bed_spacing_m: Decimal
    sources: dict = field(default_factory=dict)

    def source(self, name: str) -> str:
        return self.sources.get(name, "")


@dataclass(frozen=True)
class CertificateFacts:
    """What the certificate register says about one 残疾人证 number."""

    number: str
    category: int
    parts: list
    status: str  # Certificate.Status value
    expiry_date: datetime.date
    holder_name: str = ""  # the holder's name in the register ("" when not looked up)


@dataclass(frozen=True)
class StaffFacts:
    name: str
    id_number: str
    certificate: CertificateFacts | None  # None: no number given, or not in the register
    certificate_number: str
    qualification_number: str
    health_certificate_number: str
    health_certificate_expiry: datetime.date | None
    labour_contract: bool
    social_insurance: bool


@dataclass(frozen=True)
class InstitutionFacts:
    name: str
    representative_is_blind: bool
    representative_certificate: CertificateFacts | None
    area_m2: Decimal
    beds: int
    bed_spacing_m: Decimal
    has_disinfection: bool
    has_toilet: bool
    has_fire_safety: bool
    has_lighting: bool
    legal_representative: str = ""


@dataclass(frozen=True)
class Check:
    """One line of the checklist: the requirement, pass or fail, actual vs required, why."""

    key: str
    requirement: str
    passed: bool
    actual: str
    required: str
    rule: str
    source: str

    def as_dict(self) -> dict:
        return asdict(self)


def is_visual(category: int, parts: list) -> bool:
    """Visual category, or a multiple disability one of whose assessed parts is visual."""
    if category == VISUAL:
        return True
    return category == MULTIPLE and any(int(part[0]) == VISUAL for part in parts or [])


STATUS_NAMES = {
    "expired": "已过期",
    "lost": "挂失作废",
    "replaced": "已换发",
    "transferred": "已迁出",
    "cancelled": "已注销",
}


def masked(number: str) -> str:
    """A certificate number with its ID part masked, for reasons shown in lists."""
    from certificates.rules import mask_id_number

    return mask_id_number(number[:18]) + number[18:]


def blindness(certificate: CertificateFacts | None, on: datetime.date) -> tuple[bool, str]:
    """Whether a certificate makes its holder count as blind on a day, and why (not)."""
    if certificate is None:
        return False, "无残疾人证或证号不在残疾人证库中"
    number = masked(certificate.number)
    if certificate.status != "valid":
        state = STATUS_NAMES.get(certificate.status, certificate.status)
        return False, f"残疾人证 {number} 已失效（{state}）"
    if certificate.expiry_date < on:
        return False, f"残疾人证 {number} 已于 {certificate.expiry_date} 过期"
    if not is_visual(certificate.category, certificate.parts):
        return False, f"残疾人证 {number} 不是视力残疾类别"
    return True, f"持有效视力残疾人证 {number}"


def required_blind_share(policy: Policy, representative_is_blind: bool) -> Decimal:
    if representative_is_blind:
        return policy.blind_share_blind_representative
    return policy.blind_share_sighted_representative


def _percent(value: Decimal) -> str:
    return f"{(value * 100).quantize(Decimal('0.1')).normalize():f}%"


def staff_documents(staff: StaffFacts, *, blind: bool, on: datetime.date) -> list[str]:
    """What is missing or expired among one practitioner's documents (empty: all in order)."""
    missing = []
    if not staff.id_number:
        missing.append("居民身份证")
    if blind and staff.certificate is None:
        missing.append("残疾人证")
    if not staff.qualification_number.strip():
        missing.append("保健按摩资格证书")
    if not staff.health_certificate_number.strip() or staff.health_certificate_expiry is None:
        missing.append("健康证")
    elif staff.health_certificate_expiry < on:
        missing.append(f"健康证已于 {staff.health_certificate_expiry} 过期")
    if blind and not staff.labour_contract:
        missing.append("劳动合同")
    if blind and not staff.social_insurance:
        missing.append("社会保险")
    return missing


def evaluate(
    institution: InstitutionFacts, staff: list[StaffFacts], *, policy: Policy, on: datetime.date
) -> list[Check]:
    """Every requirement of the qualification, checked on one day: the checklist."""
    checks: list[Check] = []
    basis = "残联发〔2007〕29号"

    checks.append(
        Check(
            key="name",
            requirement="机构名称含“盲人保健按摩”字样",
            passed=REQUIRED_NAME_PART in institution.name,
            actual=institution.name,
            required=f"含“{REQUIRED_NAME_PART}”",
            rule="盲人保健按摩机构的名称应当标明“盲人保健按摩”",
            source=basis,
        )
    )

    representative_blind, why = (False, "")
    if institution.representative_is_blind:
        representative_blind, why = blindness(institution.representative_certificate, on)
        certificate = institution.representative_certificate
        declared = institution.legal_representative.strip()
        if (
            representative_blind
            and certificate.holder_name
            and declared
            and certificate.holder_name.strip() != declared
        ):
            # another person's certificate (a staff member's, say) proves nothing about them
            representative_blind = False
            why = f"残疾人证 {masked(certificate.number)} 的持证人不是法定代表人{declared}"
        checks.append(
            Check(
                key="representative",
                requirement="法定代表人为盲人（核对残疾人证库）",
                passed=representative_blind,
                actual=why,
                required="持有效视力残疾人证",
                rule="申报法定代表人为盲人的，须本人持有效的视力残疾（或含视力的多重残疾）残疾人证",
                source="《中华人民共和国残疾人证管理办法》",
            )
        )

    total = len(staff)
    blind_count = sum(1 for s in staff if blindness(s.certificate, on)[0])
    share_required = required_blind_share(policy, representative_blind)
    share_name = (
        "massage.blind_share_blind_representative"
        if representative_blind
        else "massage.blind_share_sighted_representative"
    )
    share = Decimal(blind_count) / Decimal(total) if total else Decimal(0)
    who = "盲人" if representative_blind else "健全人"
    checks.append(
        Check(
            key="blind_share",
            requirement="盲人按摩人员占按摩人员比例",
            passed=total > 0 and share >= share_required,
            actual=f"{blind_count}/{total} = {_percent(share)}" if total else "未登记按摩人员",
            required=f"≥ {_percent(share_required)}",
            rule=f"法定代表人为{who}的，盲人按摩人员（持有效视力残疾人证）占比不低于"
            f"{_percent(share_required)}",
            source=policy.source(share_name),
        )
    )
    checks.append(
        Check(
            key="area",
            requirement="营业面积",
            passed=institution.area_m2 >= policy.min_area_m2,
            actual=f"{institution.area_m2.normalize():f} 平方米",
            required=f"≥ {policy.min_area_m2.normalize():f} 平方米",
            rule="营业用房面积不小于规定下限",
            source=policy.source("massage.min_area_m2"),
        )
    )
    checks.append(
        Check(
            key="beds",
            requirement="按摩床数量",
            passed=institution.beds >= policy.min_beds,
            actual=f"{institution.beds} 张",
            required=f"≥ {policy.min_beds} 张",
            rule="按摩床不少于规定张数",
            source=policy.source("massage.min_beds"),
        )
    )
    checks.append(
        Check(
            key="bed_spacing",
            requirement="按摩床间距",
            passed=institution.bed_spacing_m >= policy.min_bed_spacing_m,
            actual=f"{institution.bed_spacing_m.normalize():f} 米",
            required=f"≥ {policy.min_bed_spacing_m.normalize():f} 米",
            rule="按摩床之间的距离不小于规定间距",
            source=policy.source("massage.min_bed_spacing_m"),
        )
    )
    for attribute, label in FACILITIES:
        present = bool(getattr(institution, attribute))
        checks.append(
            Check(
                key=attribute,
                requirement=f"设施：{label}",
                passed=present,
                actual="有" if present else "无",
                required="有",
                rule=f"应具备{label}",
                source=basis,
            )
        )
    for person in staff:
        blind, why = blindness(person.certificate, on)
        missing = staff_documents(person, blind=blind, on=on)
        checks.append(
            Check(
                key="staff",
                requirement=f"从业人员证件：{person.name}（{'盲人' if blind else '非盲人'}）",
                passed=not missing,
                actual="齐全有效" if not missing else "缺少或失效：" + "、".join(missing),
                required="身份证、保健按摩资格证书、有效健康证"
                + ("、残疾人证、劳动合同、社会保险" if blind else ""),
                rule="按摩人员须持身份证、保健按摩资格证书和健康证；盲人按摩人员还须持视力"
                "残疾人证并签订劳动合同、参加社会保险。" + why,
                source=basis,
            )
        )
    return checks


def all_met(checks: list[Check] | list[dict]) -> bool:
    return bool(checks) and all((c["passed"] if isinstance(c, dict) else c.passed) for c in checks)


def recertification_kinds(before: dict, after: dict) -> list[str]:
    """Which re-certification grounds (name, premises, person in charge) a change touches."""
    kinds = []
    for field_name, kind in RECERTIFICATION_FIELDS.items():
        if field_name in after and str(before.get(field_name)) != str(after[field_name]):
            if kind not in kinds:
                kinds.append(kind)
    return kinds


def format_fields(template: str) -> set[str]:
    try:
        return {f for _, f, _, _ in string.Formatter().parse(template) if f}
    except ValueError:  # unbalanced braces
        return set()


def format_certificate_number(template: str, *, year: int, seq: int) -> str:
    """The certificate number from the local format, e.g. 永残盲按〔{year}〕{seq:04d}号."""
    names = format_fields(template)
    if "seq" not in names or not names <= {"year", "seq"}:
        raise ValidationError(
            _(
                "The certificate number format must contain {seq} and may contain {year}; "
                "correct the policy parameter massage.certificate_number_format."
            )
        )
    return template.format(year=year, seq=seq)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (the last day of the month where it does not exist)."""
    import calendar

    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def review_state(
    next_review_due: datetime.date | None, on: datetime.date, *, warn_days: int = 30
) -> str:
    """`overdue`, `due` (within warn_days) or `ok` for a certified institution's review."""
    if next_review_due is None:
        return "ok"
    if next_review_due < on:
        return "overdue"
    if (next_review_due - on).days <= warn_days:
        return "due"
    return "ok"
