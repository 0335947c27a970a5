"""Every write to the duty register. Admin, views, jobs and commands call these."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cdpf import audit
from cdpf.models import AuditEntry, Region
from duties.models import RegisterVersion, WorkItem
from duties.selectors import latest_version, register_snapshot


@transaction.atomic
def register_publish(
    *, actor, region: Region, published_on: datetime.date, note: str = ""
) -> RegisterVersion:
    """Freeze the region's current register as a new numbered, dated version."""
    snapshot = register_snapshot(region)
    if not snapshot["duties"]:
        raise ValidationError(_("This region has no duty register to publish."))
    previous = (
        RegisterVersion.objects.select_for_update()
        .filter(region=region)
        .order_by("-number")
        .first()
    )
    if previous is not None:
        if previous.snapshot == snapshot:
            raise ValidationError(
                _("Nothing has changed since version %(number)s; there is nothing to publish.")
                % {"number": previous.number}
            )
        if published_on < previous.published_on:
            raise ValidationError(
                _("The date cannot be before the date of version %(number)s (%(date)s).")
                % {"number": previous.number, "date": previous.published_on}
            )
    version = RegisterVersion(
        region=region,
        number=(previous.number + 1) if previous else 1,
        published_on=published_on,
        published_by=actor,
        note=note,
        snapshot=snapshot,
    )
    version.full_clean()
    version.save()
    audit.record(action=AuditEntry.Action.PUBLISH, obj=version, user=actor)
    return version


def has_unpublished_changes(region: Region) -> bool:
    latest = latest_version(region)
    return latest is None or latest.snapshot != register_snapshot(region)


@transaction.atomic
def work_item_save(*, actor, item: WorkItem) -> WorkItem:
    """Validate and save a work item (used by admin); the audit row comes from the save."""
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def work_items_save(*, actor, items: list[WorkItem]) -> None:
    """Save several items of a duty at once, so that they can swap their order numbers: moved
    items first step aside to free numbers, then take their places."""
    moved = [i for i in items if i.pk is not None]
    if moved:
        top = WorkItem.objects.filter(duty_id=moved[0].duty_id).order_by("-order").first()
        spare = (top.order if top else 0) + 1000
        originals = WorkItem.objects.in_bulk([i.pk for i in moved])
        for offset, item in enumerate(moved):
            # the audit row should show the real old order, not the temporary one
            item._audit_old = audit.field_values(originals[item.pk])
            item._audit_keep_old = True
            WorkItem.objects.filter(pk=item.pk).update(order=spare + offset)
    for item in items:
        work_item_save(actor=actor, item=item)
