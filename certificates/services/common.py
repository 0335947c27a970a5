"""Helpers shared by the certificate services: role checks, flow steps, history."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from cdpf import calendar
from cdpf.params import get_param
from certificates import flows
from certificates.models import Application, ApplicationEvent, Certificate, CertificateEvent
from tongban.sides import check_side  # 通办: each federation takes only its own steps

OPEN_STATES = set(flows.STATE_LABELS) - flows.FINAL_STATES


def _require(actor, *role_names: str) -> None:
    if not actor.has_role(*role_names):
        raise PermissionDenied(_("Your role may not take this step."))


def _advance(application: Application, step_name: str, *, actor, note: str = "") -> None:
    step = flows.flow_of(application).check(actor, application, step_name)

    check_side(application, step_name, actor)
    ApplicationEvent.objects.create(
        application=application,
        from_state=application.state,
        to_state=step.target,
        actor=actor,
        note=note[:1000],  # kept lines (cdpf.messages) fit whole
    )
    application.state = step.target
    application.save()


def _event(certificate: Certificate, kind: str, *, actor, note: str = "") -> None:
    CertificateEvent.objects.create(
        certificate=certificate, kind=kind, actor=actor, note=note[:1000]
    )


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _review_due(application: Application, on: datetime.date) -> datetime.date:
    days = get_param("certificate.review_working_days", on=on, region=application.region)
    return calendar.add_working_days(on, days)


def applicant_snapshot(person) -> dict:
    """The applicant as received: what the application's documents print ever after."""
    return {
        "name": person.name,
        "region": person.region.name,
        "region_code": person.region.code,
        "community": person.community,
        "address": person.address,
        "phone": person.phone,
        "guardian_name": person.guardian_name,
        "guardian_relation": person.guardian_relation,
        "guardian_phone": person.guardian_phone,
    }
