"""What the applicant sees of their case on the public site, and nothing else: the current
step, the federation handling it, the dates, what is missing and the deadline."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from certificates import flows
from certificates.attachments import latest_photo
from tongban import sides

CARD_KINDS = {"new", "renewal", "loss", "change", "damaged"}


def federation(region) -> str:
    return _("%(r)s Disabled Persons' Federation") % {"r": region.name}


def public_view(case) -> dict:
    app = case.application
    owner = sides.current_owner(case)
    dates = [(_("Received"), app.received_on)]
    for event in app.events.all():
        if event.from_state:
            label = flows.state_label(app.kind, event.to_state)
            dates.append((label, timezone.localdate(event.at)))
    if case.dispatched_on:
        dates.append((_("Sent to the residence office"), case.dispatched_on))
    if case.posted_on:
        dates.append((_("Posted"), case.posted_on))
    missing = [m for m in case.missing.replace("，", "、").replace(",", "、").split("、") if m]
    if app.kind in CARD_KINDS and app.state not in flows.FINAL_STATES:
        if latest_photo(app.person) is None:
            missing.append(_("Two-inch photo"))
    deadline = None
    if app.state == "in_notice" and app.notice_ends_on:
        deadline = (_("Public notice ends"), app.notice_ends_on)
    elif app.state == "review" and app.review_due_on:
        deadline = (_("Review due by"), app.review_due_on)
    return {
        "number": case.number,
        "kind": app.get_kind_display(),
        "step": flows.state_label(app.kind, app.state),
        "handled_by": federation(owner) if owner is not None else "",
        "finished": app.state in flows.FINAL_STATES,
        "dates": dates,
        "missing": missing,
        "deadline": deadline,
    }
