"""Pure rules of the quota employment audit (按比例安排残疾人就业) and its levy reference
amount (残疾人就业保障金). Plain values in, plain values out; every step is explained."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext_lazy

from cdpf.identifiers import (  # noqa: F401  (credit codes: cdpf/identifiers.py)
    CREDIT_CHARS,
    CREDIT_DEPARTMENTS,
    CREDIT_TYPES,
    CREDIT_WEIGHTS,
    credit_check_character,
    normalise_credit_code,
    validate_credit_code,
)
from cdpf.messages import Line

# the names in Chinese documents and spreadsheets (the import template's 单位类型 column)
EMPLOYER_TYPE_NAMES = {
    "state_organ": "国家机关",
    "social_org": "社会团体",
    "enterprise": "企业",
    "institution": "事业单位",
    "private_non_enterprise": "民办非企业单位",
}
# the same in the reader's language (lists, forms, filters, the levy's explanation)
EMPLOYER_TYPE_MESSAGES = {
    "state_organ": gettext_noop("State organ"),
    "social_org": gettext_noop("Social organisation"),
    "enterprise": gettext_noop("Enterprise"),
    "institution": gettext_noop("Public institution"),
    "private_non_enterprise": gettext_noop("Private non-enterprise unit"),
}
EMPLOYER_TYPE_CONTEXT = "employer type"
EMPLOYER_TYPES = {
    code: pgettext_lazy(EMPLOYER_TYPE_CONTEXT, message)
    for code, message in EMPLOYER_TYPE_MESSAGES.items()
}
CENT = Decimal("0.01")
LEVY_SOURCE = "《残疾人就业保障金征收使用管理办法》(财税〔2015〕72号)"
RELIEF_SOURCE = "财政部《关于调整残疾人就业保障金征收政策的公告》(2019年第98号)"
HEBEI_SOURCE = "冀财税〔2016〕40号"
REGULATION = "《残疾人就业条例》(国务院令第488号)"


@dataclass(frozen=True)
class QuotaPolicy:
    """The policy numbers in force for one year and place (from PolicyParameter rows)."""

    required_ratio: Decimal
    average_wage_cap_multiple: Decimal
    graded_threshold_ratio: Decimal | None  # None: no graded reduction that year
    rate_at_or_above_threshold: Decimal
    rate_below_threshold: Decimal
    small_enterprise_exempt_staff: int | None  # None: no small-enterprise exemption


def hebei_defaults(year: int) -> QuotaPolicy:
    """DOMAIN.md's Hebei figures for a year, for callers that pass no policy (tests, sketches).
    The application reads the same numbers from the policy-parameter table."""
    graded = 2020 <= year <= 2027  # 财政部公告2019年第98号, extended to 2027
    return QuotaPolicy(
        required_ratio=Decimal("0.015"),
        average_wage_cap_multiple=Decimal("2"),
        graded_threshold_ratio=Decimal("0.01") if graded else None,
        rate_at_or_above_threshold=Decimal("0.5"),
        rate_below_threshold=Decimal("0.9"),
        small_enterprise_exempt_staff=30 if graded else None,
    )


@dataclass
class LevyResult:
    required: Decimal
    counted: Decimal
    shortfall: Decimal
    average_wage: Decimal
    rate: Decimal
    amount_due: Decimal
    explanation: list[Line] = field(default_factory=list)  # kept as messages (cdpf.messages)


def _decimal(value, name: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except Exception as exc:
        raise ValidationError(_("%(name)s is not a number.") % {"name": name}) from exc
    if not number.is_finite() or number < 0:
        raise ValidationError(_("%(name)s must be zero or more.") % {"name": name})
    return number


def _money(value: Decimal) -> str:
    return f"{value.quantize(CENT, ROUND_HALF_UP):,}"


def _exact(value: Decimal) -> str:
    """A terminating decimal written in full (1.50015, not 1.5002)."""
    return f"{value.normalize():f}"


def counted_employees(employees: Iterable[Mapping], steps: list[Line]) -> Decimal:
    """Disabled employees counted month by month; grade 1–2 count as two persons."""
    total = Decimal(0)
    for index, employee in enumerate(employees, start=1):
        grade, months = employee.get("grade"), employee.get("months")
        if grade not in (1, 2, 3, 4):
            raise ValidationError(_("Employee %(n)s: the grade must be 1 to 4.") % {"n": index})
        if not isinstance(months, int) or not 0 <= months <= 12:
            raise ValidationError(_("Employee %(n)s: months must be 0 to 12.") % {"n": index})
        label = employee.get("name") or Line(gettext_noop("Employee %(n)s"), n=index)
        if not employee.get("qualifies"):
            reason = employee.get("reason") or Line(
                gettext_noop("does not meet the conditions to be counted")
            )
            steps.append(
                Line(
                    gettext_noop("%(who)s: %(reason)s, not counted (%(source)s, article 8)."),
                    who=label,
                    reason=reason,
                    source=REGULATION,
                )
            )
            continue
        weight = 2 if grade in (1, 2) else 1
        share = Decimal(weight) * Decimal(months) / Decimal(12)
        total += share
        steps.append(
            Line(
                gettext_noop(
                    "%(who)s: grade %(grade)s, %(months)s months, grades 1–2 count as two, "
                    "counted %(weight)s×%(months)s/12 = %(share)s (%(source)s)."
                )
                if weight == 2
                else gettext_noop(
                    "%(who)s: grade %(grade)s, %(months)s months, "
                    "counted %(weight)s×%(months)s/12 = %(share)s (%(source)s)."
                ),
                who=label,
                grade=grade,
                months=months,
                weight=weight,
                share=str(share.quantize(Decimal("0.0001"), ROUND_HALF_UP)),
                source=HEBEI_SOURCE,
            )
        )
    return total


def calculate_levy(
    *,
    year: int,
    employer_type: str,
    staff,
    wage_bill,
    local_average_wage,
    employees: Iterable[Mapping],
    filed_on_time: bool = True,
    policy: QuotaPolicy | None = None,
) -> LevyResult:
    """The levy reference amount of one employer for one year, with its explanation."""
    if employer_type not in EMPLOYER_TYPES:
        raise ValidationError(_("Unknown employer type “%(t)s”.") % {"t": employer_type})
    staff = _decimal(staff, _("Annual average staff"))
    wage_bill = _decimal(wage_bill, _("Wage bill"))
    local_average_wage = _decimal(local_average_wage, _("Local average wage"))
    if staff <= 0:
        raise ValidationError(_("The annual average staff must be more than zero."))
    policy = policy or hebei_defaults(year)
    steps: list[Line] = [
        Line(
            gettext_noop("%(year)s, %(type)s, annual average staff %(staff)s."),
            year=year,
            type=Line(EMPLOYER_TYPE_MESSAGES[employer_type], EMPLOYER_TYPE_CONTEXT),
            staff=str(staff),
        )
    ]
    employees = list(employees)
    if filed_on_time:
        counted = counted_employees(employees, steps)
    else:
        counted = Decimal(0)
        steps.append(
            Line(
                gettext_noop(
                    "Not audited within the period: treated as employing no disabled person, "
                    "0 counted (%(source)s)."
                ),
                source=HEBEI_SOURCE,
            )
        )
    required = staff * policy.required_ratio
    steps.append(
        Line(
            gettext_noop("Required = %(staff)s × %(ratio)s%% = %(required)s (%(source)s)."),
            staff=str(staff),
            ratio=f"{policy.required_ratio * 100:.2f}",
            required=f"{required.normalize():f}",
            source=HEBEI_SOURCE,
        )
    )
    shortfall = max(required - counted, Decimal(0))
    steps.append(
        Line(
            gettext_noop("Employed (counted) %(counted)s, shortfall %(shortfall)s."),
            counted=str(counted.quantize(Decimal("0.0001"), ROUND_HALF_UP)),
            shortfall=str(shortfall.quantize(Decimal("0.0001"), ROUND_HALF_UP)),
        )
    )
    average = wage_bill / staff
    cap = local_average_wage * policy.average_wage_cap_multiple
    if average > cap:
        steps.append(
            Line(
                gettext_noop(
                    "The average wage %(average)s yuan is above %(multiple)s times the local "
                    "average wage of %(local)s yuan: %(cap)s yuan is used "
                    "(%(source)s, article 8)."
                ),
                average=_money(average),
                local=_money(local_average_wage),
                multiple=str(policy.average_wage_cap_multiple),
                cap=_money(cap),
                source=LEVY_SOURCE,
            )
        )
        average = cap
    else:
        steps.append(
            Line(
                gettext_noop("Average wage = %(bill)s ÷ %(staff)s = %(average)s yuan."),
                bill=_money(wage_bill),
                staff=str(staff),
                average=_money(average),
            )
        )
    actual_ratio = counted / staff
    exempt_limit = policy.small_enterprise_exempt_staff
    if employer_type == "enterprise" and exempt_limit is not None and staff <= exempt_limit:
        rate = Decimal(0)
        steps.append(
            Line(
                gettext_noop(
                    "Enterprises with %(limit)s staff or fewer are exempt for now (%(source)s)."
                ),
                limit=exempt_limit,
                source=RELIEF_SOURCE,
            )
        )
    elif shortfall == 0:
        rate = Decimal(0)
        steps.append(Line(gettext_noop("The required ratio is met: nothing is due.")))
    elif policy.graded_threshold_ratio is None:
        rate = Decimal(1)
        steps.append(Line(gettext_noop("Levied in full (%(source)s)."), source=LEVY_SOURCE))
    elif actual_ratio >= policy.graded_threshold_ratio:
        rate = policy.rate_at_or_above_threshold
        steps.append(
            Line(
                gettext_noop(
                    "The actual ratio %(actual)s%% reaches %(threshold)s%% but is below the "
                    "required ratio: %(rate)s%% of the amount is levied (%(source)s)."
                ),
                actual=f"{actual_ratio * 100:.2f}",
                threshold=f"{policy.graded_threshold_ratio * 100:.0f}",
                rate=f"{rate * 100:.0f}",
                source=RELIEF_SOURCE,
            )
        )
    else:
        rate = policy.rate_below_threshold
        steps.append(
            Line(
                gettext_noop(
                    "The actual ratio %(actual)s%% is below %(threshold)s%%: %(rate)s%% of the "
                    "amount is levied (%(source)s)."
                ),
                actual=f"{actual_ratio * 100:.2f}",
                threshold=f"{policy.graded_threshold_ratio * 100:.0f}",
                rate=f"{rate * 100:.0f}",
                source=RELIEF_SOURCE,
            )
        )
    amount = (shortfall * average * rate).quantize(CENT, ROUND_HALF_UP)
    # The last step shows the exact figures the amount comes from (people counted by month are
    # twelfths, the average wage a quotient), so that it checks by hand to the fen; the rounded
    # figures of the lines above would not (0.9167 × 41,000.00 × 0.9 ≠ 33,825.00).
    twelfths = (
        sum(
            (2 if e.get("grade") in (1, 2) else 1) * e.get("months", 0)
            for e in employees
            if e.get("qualifies")
        )
        if filed_on_time
        else 0
    )
    if shortfall == 0:
        gap = "0"
    elif twelfths % 12:
        gap = f"({_exact(required)} − {twelfths}/12)"
    else:
        gap = _exact(shortfall)
    if average == cap or average == average.quantize(CENT):
        wage = _money(average)
    else:
        wage = f"{_money(wage_bill)} ÷ {staff}"
    steps.append(
        Line(
            gettext_noop(
                "Levy due = %(gap)s × %(wage)s × %(rate)s = %(amount)s yuan (rounded to the fen)."
            ),
            gap=gap,
            wage=wage,
            rate=str(rate),
            amount=_money(amount),
        )
    )
    return LevyResult(
        required=required,
        counted=counted,
        shortfall=shortfall,
        average_wage=average.quantize(CENT, ROUND_HALF_UP),
        rate=rate,
        amount_due=amount,
        explanation=steps,
    )


def audit_window(year: int, *, start: tuple[int, int], end: tuple[int, int]):
    """The audit window of a year from its month-day parameters."""
    return datetime.date(year, *start), datetime.date(year, *end)
