"""Pure rules of levy relief (残疾人就业保障金减、缓、免缴): the caps, overlapping reliefs, the
decision number and the late surcharge. Plain values in, plain values out."""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CENT = Decimal("0.01")
# 《残疾人就业保障金征收使用管理办法》(财税〔2015〕72号) 第二十一条: 减免最高不超过1年的应缴额,
# 缓缴最长不超过6个月; 第二十条 (and 《征收管理法》): 滞纳金每日5‰.
LEVY_SOURCE = "《残疾人就业保障金征收使用管理办法》(财税〔2015〕72号)"

REDUCTION, EXEMPTION, DEFERRAL = "reduction", "exemption", "deferral"
REMISSIONS = {REDUCTION, EXEMPTION}  # 减免: they lower the amount due
# The official words, for printed documents and spreadsheets whatever the interface language.
KIND_WORDS = {REDUCTION: "减缴", EXEMPTION: "免缴", DEFERRAL: "缓缴"}


def money(value) -> Decimal:
    return Decimal(value).quantize(CENT, ROUND_HALF_UP)


def check_remission_cap(
    *, levy_due: Decimal, cap_years: int, already_remitted: Decimal, requested: Decimal
) -> Decimal:
    """The requested reduction or exemption if, with what is already remitted for the year, it
    stays within `cap_years` years' levy due (第二十一条); a clear error otherwise."""
    if levy_due <= 0:
        raise ValidationError(_("There is no levy due for this year: nothing to reduce."))
    if requested <= 0:
        raise ValidationError({"amount": _("Enter an amount of more than zero.")})
    if money(requested) != requested:
        raise ValidationError({"amount": _("Enter the amount in yuan with at most two decimals.")})
    cap = min(levy_due * cap_years, levy_due)
    room = cap - already_remitted
    if requested > room:
        raise ValidationError(
            {
                "amount": _(
                    "Reduction and exemption together may not exceed %(cap)s yuan (%(years)s "
                    "year(s) of levy due); %(already)s yuan is already remitted, so at most "
                    "%(room)s yuan remains."
                )
                % {
                    "cap": f"{cap:,.2f}",
                    "years": cap_years,
                    "already": f"{already_remitted:,.2f}",
                    "room": f"{max(room, Decimal(0)):,.2f}",
                }
            }
        )
    return requested


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later; the month's last day where it is shorter (31 Aug + 6 → 28
    or 29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def check_deferral(
    *, original_due: datetime.date, new_due: datetime.date, max_months: int
) -> datetime.date:
    """The new due date if it is after the original and at most `max_months` months later."""
    if new_due <= original_due:
        raise ValidationError(
            {"new_due_date": _("The new due date must be after the original due date.")}
        )
    latest = add_months(original_due, max_months)
    if new_due > latest:
        raise ValidationError(
            {
                "new_due_date": _(
                    "A deferral may last at most %(months)s months: from %(due)s the latest "
                    "new due date is %(latest)s."
                )
                % {"months": max_months, "due": original_due, "latest": latest}
            }
        )
    return new_due


def overlaps(kind: str, approved_kinds: Iterable[str]) -> bool:
    """Whether a relief of `kind` overlaps reliefs already approved for the same employer and
    levy year. Any two act on the same amount, except a deferral of what is left after an
    approved reduction."""
    approved = list(approved_kinds)
    if not approved:
        return False
    if kind == DEFERRAL:
        return any(k != REDUCTION for k in approved)
    return True  # a reduction or exemption after any approved relief changes its amount


def decision_number(template: str, *, year: int, n: int) -> str:
    """The decision number from its configured format, e.g. 永残就减〔{year}〕{n}号. Only the two
    placeholders are replaced (never str.format on configurable text)."""
    if "{n}" not in template:
        raise ValidationError(
            _("The decision-number format “%(f)s” has no {n} placeholder.") % {"f": template}
        )
    return template.replace("{year}", str(year)).replace("{n}", str(n))


def days_late(due: datetime.date, on: datetime.date) -> int:
    """Days after the due date up to `on` (the due date itself is not late)."""
    return max((on - due).days, 0)


def late_surcharge(
    *,
    amount: Decimal,
    due: datetime.date,
    on: datetime.date,
    daily_rate: Decimal,
    cap_multiple: Decimal | None = None,
) -> Decimal:
    """滞纳金: the unpaid amount × the daily rate × the days late, to the fen; never more than
    `cap_multiple` × the amount where a cap is in force (《行政强制法》第四十五条: 1×)."""
    if amount <= 0:
        return Decimal("0.00")
    total = money(amount * daily_rate * days_late(due, on))
    if cap_multiple is not None:
        total = min(total, money(amount * Decimal(cap_multiple)))
    return total


def surcharge_explanation(
    *,
    amount: Decimal,
    due: datetime.date,
    on: datetime.date,
    daily_rate: Decimal,
    cap_multiple: Decimal | None = None,
    cap_source: str = "",
) -> str:
    """How the surcharge was computed, to be shown and checked by hand."""
    days = days_late(due, on)
    if days == 0:
        return _("Paid on %(on)s, within the due date %(due)s: no late surcharge") % {
            "on": f"{on:%Y-%m-%d}",
            "due": f"{due:%Y-%m-%d}",
        }
    raw = late_surcharge(amount=amount, due=due, on=on, daily_rate=daily_rate)
    total = late_surcharge(
        amount=amount, due=due, on=on, daily_rate=daily_rate, cap_multiple=cap_multiple
    )
    permille = f"{(daily_rate * 1000).normalize():f}‰"
    text = _(
        "%(amount)s yuan × %(permille)s × %(days)s days (after %(due)s to %(on)s) = "
        "%(raw)s yuan (%(source)s, article 20)"
    ) % {
        "amount": f"{money(amount):,}",
        "permille": permille,
        "days": days,
        "due": f"{due:%Y-%m-%d}",
        "on": f"{on:%Y-%m-%d}",
        "raw": f"{raw:,}",
        "source": LEVY_SOURCE,
    }
    if cap_multiple is None:
        return text
    cap = money(amount * Decimal(cap_multiple))
    multiple = f"{Decimal(cap_multiple).normalize():f}"
    limit = (
        _("%(multiple)s times the unpaid amount") % {"multiple": multiple}
        if multiple != "1"
        else _("the unpaid amount")
    )
    reached = _("the cap is reached") if raw > cap else _("the cap is not reached")
    return _(
        "%(text)s; the surcharge may not exceed %(limit)s, %(cap)s yuan (%(source)s): "
        "%(reached)s, surcharge due %(total)s yuan"
    ) % {
        "text": text,
        "limit": limit,
        "cap": f"{cap:,}",
        "source": cap_source,
        "reached": reached,
        "total": f"{total:,}",
    }
