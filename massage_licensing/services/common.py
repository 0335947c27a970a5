"""Small helpers the massage licensing services share: certificate numbers, plain values for
change records, step events and locked reads."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from certificates.rules import parse_certificate_number
from massage_licensing.models import (
    Institution,
    QualificationApplication,
    QualificationEvent,
)


def _certificate_number(value: str, *, field: str, today: datetime.date) -> str:
    value = (value or "").strip().upper()
    if not value:
        return ""
    try:
        return str(parse_certificate_number(value, today=today))
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc


def _plain(value):
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return value if isinstance(value, (bool, int, type(None))) else str(value)


def _event(
    application: QualificationApplication, source: str, target: str, *, actor, note: str = ""
):
    QualificationEvent.objects.create(
        application=application, from_state=source, to_state=target, actor=actor, note=note[:300]
    )


def _locked(application: QualificationApplication) -> QualificationApplication:
    return (
        QualificationApplication.objects.select_for_update()
        .select_related("institution")
        .get(pk=application.pk)
    )


def _not_revoked(application: QualificationApplication) -> None:
    """An application left open when the qualification was revoked can only be rejected; one
    made after the revocation goes on."""
    if (
        application.institution.status == Institution.Status.REVOKED
        and application.kind != QualificationApplication.Kind.AFTER_REVOCATION
    ):
        raise ValidationError(
            _("The qualification of this institution is revoked; reject the application instead.")
        )
