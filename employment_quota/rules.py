"""Pure rules of the quota employment audit (按比例安排残疾人就业) and its levy reference
amount (残疾人就业保障金). Plain values in, plain values out; every step is explained."""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext_lazy

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


# GB 32100-2015: 统一社会信用代码
CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_check_character(first17: str) -> str:
    total = sum(CREDIT_CHARS.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS, strict=True))
    return CREDIT_CHARS[(31 - total % 31) % 31]


# GB 32100-2015 附录A: the registration department (first character) and the institution types
# (second character) each department gives.
CREDIT_TYPES = {
    "1": {"1": "机关", "2": "事业单位", "3": "中央编办直接管理机构编制的群众团体", "9": "其他"},
    "2": {"1": "外国常驻新闻机构", "9": "其他"},
    "3": {
        "1": "律师执业机构",
        "2": "公证处",
        "3": "基层法律服务所",
        "4": "司法鉴定机构",
        "5": "仲裁委员会",
        "9": "其他",
    },
    "4": {"1": "外国在华文化中心", "9": "其他"},
    "5": {"1": "社会团体", "2": "民办非企业单位", "3": "基金会", "9": "其他"},
    "6": {"1": "外国旅游部门常驻代表机构", "2": "港澳台地区旅游部门常驻内地代表机构", "9": "其他"},
    "7": {"1": "宗教活动场所", "2": "宗教院校", "9": "其他"},
    "8": {"1": "基层工会", "9": "其他"},
    "9": {"1": "企业", "2": "个体工商户", "3": "农民专业合作社"},
    "A": {"1": "军队事业单位", "9": "其他"},
    "N": {"1": "组级集体经济组织", "2": "村级集体经济组织", "3": "乡镇级集体经济组织", "9": "其他"},
    "Y": {"1": "其他"},
}
CREDIT_DEPARTMENTS = {
    "1": "机构编制",
    "2": "外交",
    "3": "司法行政",
    "4": "文化",
    "5": "民政",
    "6": "旅游",
    "7": "宗教",
    "8": "工会",
    "9": "工商",
    "A": "中央军委改革和编制办公室",
    "N": "农业",
    "Y": "其他",
}


def normalise_credit_code(value: str) -> str:
    """Full-width characters to ASCII, spaces and hyphens dropped, upper case (a code copied
    from a Word file or typed with a Chinese input method)."""
    code = unicodedata.normalize("NFKC", value or "")
    return "".join(c for c in code if not c.isspace() and c != "-").upper()


def validate_credit_code(value: str) -> str:
    """The normalised 18-character code, or a clear error."""
    code = normalise_credit_code(value)
    if len(code) != 18:
        raise ValidationError(
            _("A unified social credit code has 18 characters; this one has %(n)s.")
            % {"n": len(code)},
            code="credit_length",
        )
    bad = sorted({c for c in code if c not in CREDIT_CHARS})
    if bad:
        raise ValidationError(
            _("The code contains characters that are never used: %(c)s.") % {"c": "、".join(bad)},
            code="credit_chars",
        )
    if code[0] not in CREDIT_TYPES:
        raise ValidationError(
            _(
                "The code begins with %(c)s, which is no registration department of GB 32100 "
                "(1–9, A, N or Y)."
            )
            % {"c": code[0]},
            code="credit_department",
        )
    if code[1] not in CREDIT_TYPES[code[0]]:
        raise ValidationError(
            _(
                "The second character %(t)s is no institution type that the registration "
                "department %(d)s (%(name)s) gives; it allows %(allowed)s."
            )
            % {
                "t": code[1],
                "d": code[0],
                "name": CREDIT_DEPARTMENTS[code[0]],
                "allowed": "、".join(sorted(CREDIT_TYPES[code[0]])),
            },
            code="credit_type",
        )
    if not code[2:8].isdigit():
        raise ValidationError(
            _("Characters 3 to 8 are the region code (six digits); here they are %(r)s.")
            % {"r": code[2:8]},
            code="credit_region",
        )
    expected = credit_check_character(code[:17])
    if code[17] != expected:
        raise ValidationError(
            _("The check character of the credit code is wrong (it should be %(c)s).")
            % {"c": expected},
            code="credit_check",
        )
    return code


def audit_window(year: int, *, start: tuple[int, int], end: tuple[int, int]):
    """The audit window of a year from its month-day parameters."""
    return datetime.date(year, *start), datetime.date(year, *end)
