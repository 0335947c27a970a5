"""Employers: registration and changes of their entry."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cdpf.messages import Line, dumps
from cdpf.models import Region
from employment_quota import rules
from employment_quota.models import (
    AuditYear,
    Declaration,
    Employer,
)
from employment_quota.services.common import _mark_for_recompute, _require


@transaction.atomic
def employer_register(
    *,
    actor,
    region: Region,
    credit_code: str,
    name: str,
    employer_type: str,
    address: str,
    contact_name: str = "",
    contact_phone: str = "",
) -> Employer:
    _require(actor)
    code = rules.validate_credit_code(credit_code)
    if Employer.objects.filter(credit_code=code).exists():
        raise ValidationError({"credit_code": _("An employer with this code is registered.")})
    employer = Employer(
        region=region,
        credit_code=code,
        name=name.strip(),
        employer_type=employer_type,
        address=address.strip(),
        contact_name=contact_name.strip(),
        contact_phone=contact_phone.strip(),
    )
    employer.full_clean()
    employer.save()
    return employer


@transaction.atomic
def employer_update(
    *,
    actor,
    employer: Employer,
    name: str,
    employer_type: str,
    address: str,
    contact_name: str = "",
    contact_phone: str = "",
    on: datetime.date | None = None,
) -> Employer:
    """Correct an employer's registration (the credit code is its identity and stays). A new
    type changes the levy rules (the small-enterprise exemption is for 企业 only), so the years
    with an approved levy of it are marked for recomputation."""
    _require(actor)
    employer = Employer.objects.select_for_update().get(pk=employer.pk)
    old_type = employer.employer_type
    employer.name, employer.employer_type = name.strip(), employer_type
    employer.address = address.strip()
    employer.contact_name, employer.contact_phone = contact_name.strip(), contact_phone.strip()
    employer.full_clean()
    employer.save()
    if employer_type != old_type:
        note = dumps(
            Line(
                gettext_noop(
                    "%(employer)s's type was changed from %(old)s to %(new)s on %(on)s by %(who)s."
                ),
                employer=employer.name,
                old=_employer_type_line(old_type),
                new=_employer_type_line(employer_type),
                on=str(on or datetime.date.today()),
                who=str(actor),
            )
        )
        years = AuditYear.objects.filter(
            declarations__employer=employer, declarations__state=Declaration.State.APPROVED
        ).distinct()
        for year in years:
            _mark_for_recompute(year, note)
    return employer


def _employer_type_line(code: str):
    message = rules.EMPLOYER_TYPE_MESSAGES.get(code)
    return Line(message, rules.EMPLOYER_TYPE_CONTEXT) if message else code
