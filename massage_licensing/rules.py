"""Pure rules of the blind health-massage institution qualification (DOMAIN.md §5).

No database here: the services read the facts and the policy parameters, these functions say
whether each requirement is met and why. 残联发〔2007〕29号 and local rules: every threshold is
a policy parameter, because it differs by place."""

from __future__ import annotations

import calendar
import datetime
import string
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cdpf.messages import Line, listing
from certificates.rules import mask_id_number

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
CHECKLIST = "massage checklist"  # the context of the checklist's messages


def _c(message: str, **args) -> Line:
    """A checklist text kept as its message and read in the reader's language (decision 0171);
    gettext_noop marks each message for makemessages."""
    return Line(message, CHECKLIST, **args)


FACILITIES = [
    ("has_disinfection", gettext_noop("disinfection equipment")),
    ("has_toilet", gettext_noop("toilet")),
    ("has_fire_safety", gettext_noop("fire safety equipment")),
    ("has_lighting", gettext_noop("lighting and ventilation")),
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
    "expired": gettext_noop("expired"),
    "lost": gettext_noop("reported lost, voided"),
    "replaced": gettext_noop("replaced"),
    "transferred": gettext_noop("transferred out"),
    "cancelled": gettext_noop("cancelled"),
}


def masked(number: str) -> str:
    """A certificate number with its ID part masked, for reasons shown in lists."""
    return mask_id_number(number[:18]) + number[18:]


def blindness(certificate: CertificateFacts | None, on: datetime.date) -> tuple[bool, Line]:
    """Whether a certificate makes its holder count as blind on a day, and why (not)."""
    if certificate is None:
        return False, _c("no disability certificate, or its number is not in the register")
    number = masked(certificate.number)
    if certificate.status != "valid":
        state = STATUS_NAMES.get(certificate.status)
        return False, _c(
            "disability certificate %(number)s is no longer valid (%(state)s)",
            number=number,
            state=_c(state) if state else certificate.status,
        )
    if certificate.expiry_date < on:
        return False, _c(
            "disability certificate %(number)s expired on %(date)s",
            number=number,
            date=str(certificate.expiry_date),
        )
    if not is_visual(certificate.category, certificate.parts):
        return False, _c(
            "disability certificate %(number)s is not of the visual category", number=number
        )
    return True, _c("holds valid visual disability certificate %(number)s", number=number)


def required_blind_share(policy: Policy, representative_is_blind: bool) -> Decimal:
    if representative_is_blind:
        return policy.blind_share_blind_representative
    return policy.blind_share_sighted_representative


def _percent(value: Decimal) -> str:
    return f"{(value * 100).quantize(Decimal('0.1')).normalize():f}%"


def staff_documents(staff: StaffFacts, *, blind: bool, on: datetime.date) -> list[Line]:
    """What is missing or expired among one practitioner's documents (empty: all in order)."""
    missing = []
    if not staff.id_number:
        missing.append(_c("resident ID card"))
    if blind and staff.certificate is None:
        missing.append(_c("disability certificate"))
    if not staff.qualification_number.strip():
        missing.append(_c("health massage qualification certificate"))
    if not staff.health_certificate_number.strip() or staff.health_certificate_expiry is None:
        missing.append(_c("health certificate"))
    elif staff.health_certificate_expiry < on:
        missing.append(
            _c("health certificate expired on %(date)s", date=str(staff.health_certificate_expiry))
        )
    if blind and not staff.labour_contract:
        missing.append(_c("labour contract"))
    if blind and not staff.social_insurance:
        missing.append(_c("social insurance"))
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
            requirement=_c("The name contains “%(part)s”", part=REQUIRED_NAME_PART),
            passed=REQUIRED_NAME_PART in institution.name,
            actual=institution.name,
            required=_c("contains “%(part)s”", part=REQUIRED_NAME_PART),
            rule=_c(
                "A blind health massage institution's name must state “%(part)s”",
                part=REQUIRED_NAME_PART,
            ),
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
            why = _c(
                "the holder of disability certificate %(number)s is not the legal "
                "representative %(name)s",
                number=masked(certificate.number),
                name=declared,
            )
        checks.append(
            Check(
                key="representative",
                requirement=_c(
                    "The legal representative is blind (checked against the certificate register)"
                ),
                passed=representative_blind,
                actual=why,
                required=_c("holds a valid visual disability certificate"),
                rule=_c(
                    "A legal representative declared blind must hold a valid disability "
                    "certificate of the visual category (or of a multiple disability including "
                    "the visual)"
                ),
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
    share_rule = (
        gettext_noop(
            "With a blind legal representative, blind practitioners (with a valid visual "
            "disability certificate) make up at least %(share)s"
        )
        if representative_blind
        else gettext_noop(
            "With a sighted legal representative, blind practitioners (with a valid visual "
            "disability certificate) make up at least %(share)s"
        )
    )
    checks.append(
        Check(
            key="blind_share",
            requirement=_c("Share of blind practitioners among the practitioners"),
            passed=total > 0 and share >= share_required,
            actual=f"{blind_count}/{total} = {_percent(share)}"
            if total
            else _c("no practitioner registered"),
            required=f"≥ {_percent(share_required)}",
            rule=_c(share_rule, share=_percent(share_required)),
            source=policy.source(share_name),
        )
    )
    checks.append(
        Check(
            key="area",
            requirement=_c("Business area"),
            passed=institution.area_m2 >= policy.min_area_m2,
            actual=_c("%(n)s m²", n=f"{institution.area_m2.normalize():f}"),
            required=_c("≥ %(n)s m²", n=f"{policy.min_area_m2.normalize():f}"),
            rule=_c("The business premises are at least the area required"),
            source=policy.source("massage.min_area_m2"),
        )
    )
    checks.append(
        Check(
            key="beds",
            requirement=_c("Massage beds"),
            passed=institution.beds >= policy.min_beds,
            actual=_c("%(n)s beds", n=institution.beds),
            required=_c("≥ %(n)s beds", n=policy.min_beds),
            rule=_c("At least the number of massage beds required"),
            source=policy.source("massage.min_beds"),
        )
    )
    checks.append(
        Check(
            key="bed_spacing",
            requirement=_c("Spacing of the massage beds"),
            passed=institution.bed_spacing_m >= policy.min_bed_spacing_m,
            actual=_c("%(n)s m", n=f"{institution.bed_spacing_m.normalize():f}"),
            required=_c("≥ %(n)s m", n=f"{policy.min_bed_spacing_m.normalize():f}"),
            rule=_c("The massage beds are at least the required distance apart"),
            source=policy.source("massage.min_bed_spacing_m"),
        )
    )
    for attribute, label in FACILITIES:
        present = bool(getattr(institution, attribute))
        checks.append(
            Check(
                key=attribute,
                requirement=_c("Facility: %(label)s", label=_c(label)),
                passed=present,
                actual=_c("present") if present else _c("absent"),
                required=_c("present"),
                rule=_c("Must have %(label)s", label=_c(label)),
                source=basis,
            )
        )
    for person in staff:
        blind, why = blindness(person.certificate, on)
        missing = staff_documents(person, blind=blind, on=on)
        checks.append(
            Check(
                key="staff",
                requirement=_c("Practitioner's documents: %(name)s (blind)", name=person.name)
                if blind
                else _c("Practitioner's documents: %(name)s (not blind)", name=person.name),
                passed=not missing,
                actual=_c("complete and valid")
                if not missing
                else _c("missing or invalid: %(items)s", items=listing(missing)),
                required=_c(
                    "ID card, health massage qualification certificate, valid health "
                    "certificate, disability certificate, labour contract, social insurance"
                )
                if blind
                else _c(
                    "ID card, health massage qualification certificate, valid health certificate"
                ),
                rule=_c(
                    "%(rule)s %(why)s",
                    rule=_c(
                        "Practitioners must hold an ID card, a health massage qualification "
                        "certificate and a health certificate; blind practitioners also a visual "
                        "disability certificate, a labour contract and social insurance."
                    ),
                    why=why,
                ),
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
