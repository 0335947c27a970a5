"""The late-payment surcharge of a deferred levy and the record of its payment."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cdpf.params import MissingParameter, get_param, get_param_row, parse_value
from levy_relief import flows, rules
from levy_relief.models import ReliefApplication
from levy_relief.services.common import _locked, _require


def surcharge_rate(region, on: datetime.date) -> Decimal:
    return get_param("quota.late_surcharge_daily_rate", on=on, region=region)


def surcharge_cap(region, on: datetime.date) -> tuple[Decimal | None, str]:
    """The cap of the surcharge as a multiple of the amount owed, with its source
    (relief.surcharge_cap_multiple: 《行政强制法》第四十五条); (None, "") where none is in force."""
    try:
        row = get_param_row("relief.surcharge_cap_multiple", on=on, region=region)
    except MissingParameter:
        return None, ""
    return parse_value(row.value, row.value_type), row.source.split("：")[0]


def surcharge_for(
    application: ReliefApplication,
    on: datetime.date,
    *,
    rate: Decimal | None = None,
    amount: Decimal | None = None,
    due: datetime.date | None = None,
    cap: Decimal | None | str = "read",
) -> Decimal:
    """The late surcharge of an approved deferral's amount if paid on `on` (the rate in force
    that day, 第二十条; never more than the cap). `amount` and `due` default to the deferral's;
    a rejected application passes its levy and original due date."""
    due = due or application.new_due_date
    if due is None:
        return Decimal("0.00")
    if rate is None:
        rate = surcharge_rate(application.region, on)
    if cap == "read":  # a list passes the cap it read once per region
        cap = surcharge_cap(application.region, on)[0]
    return rules.late_surcharge(
        amount=application.amount if amount is None else amount,
        due=due,
        on=on,
        daily_rate=rate,
        cap_multiple=cap,
    )


def surcharge_text(
    application: ReliefApplication,
    on: datetime.date,
    *,
    amount: Decimal | None = None,
    due: datetime.date | None = None,
) -> str:
    cap, source = surcharge_cap(application.region, on)
    return rules.surcharge_explanation(
        amount=application.amount if amount is None else amount,
        due=due or application.new_due_date,
        on=on,
        daily_rate=surcharge_rate(application.region, on),
        cap_multiple=cap,
        cap_source=source,
    )


@transaction.atomic
def deferral_payment_record(
    *,
    actor,
    application: ReliefApplication,
    paid_on: datetime.date,
    paid_amount: Decimal,
    today: datetime.date,
) -> ReliefApplication:
    """The deferred amount was paid: keep the date, the amount and the surcharge owed for
    lateness. The deferred amount is paid whole (a part payment leaves the rest overdue, so it
    is refused here and recorded when the rest is paid)."""
    _require(actor, flows.RECEIVERS)
    application = _locked(application)
    if application.kind != rules.DEFERRAL or application.state != flows.APPROVED:
        raise ValidationError(_("Only an approved deferral has a deferred amount to pay."))
    if application.paid_on is not None:
        raise ValidationError(_("The payment is already recorded."))
    if paid_on > today:
        raise ValidationError({"paid_on": _("The payment date cannot be in the future.")})
    if paid_on < application.decided_on:
        raise ValidationError({"paid_on": _("The payment date is before the decision.")})
    if paid_amount != application.amount:
        raise ValidationError(
            {
                "paid_amount": _(
                    "The deferred amount is %(due)s yuan; %(paid)s yuan was entered. Record the "
                    "payment when the whole deferred amount is paid."
                )
                % {"due": f"{application.amount:,.2f}", "paid": f"{paid_amount:,.2f}"}
            }
        )
    application.paid_on, application.paid_amount = paid_on, paid_amount
    application.surcharge = surcharge_for(application, paid_on)
    application.payment_recorded_by = actor
    application.save()
    return application
