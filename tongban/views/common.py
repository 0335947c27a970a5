"""What the 通办 staff pages share: role sets, the districts and the case page's context."""

from cdpf import roles
from cdpf.models import Region
from certificates import flows
from certificates.forms import ReturnForm
from tongban import flows as case_flows
from tongban import progress, selectors, sides
from tongban.forms import MissingForm

WORKERS = (roles.OFFICE, roles.CERTIFICATE_ROOM, roles.CHAIRMAN)


DASHBOARD = (roles.SUPERVISOR, roles.CHAIRMAN)


def _districts():
    return Region.objects.filter(level=Region.Level.DISTRICT).order_by("code")


def _case_context(request, case, **forms):
    app = case.application
    side = selectors.side_of_user(request.user, case)
    can = case_flows.CASE.can(request.user, case)
    steps = [
        s.name
        for s in flows.flow_of(app).available(request.user, app)
        if request.user.region.contains(sides.owner_region(case, s.name, app.state))
    ]
    return {
        "case": case,
        "app": app,
        "side": side,
        "steps": steps,
        "owner": sides.current_owner(case),
        "view": progress.public_view(case),
        "events": app.events.select_related("actor"),
        "return_form": forms.get("return_form") or ReturnForm(),
        "missing_form": forms.get("missing_form") or MissingForm(initial={"missing": case.missing}),
        "can": can,
        "can_dispatch": can["dispatch"] and side != sides.RESIDENCE,
        "can_post": can["post"] and side != sides.RESIDENCE,
        "can_hand_over_here": can["hand_over_here"] and side != sides.HOUSEHOLD,
        "rating": getattr(case, "rating", None) if hasattr(case, "rating") else None,
        "can_rate": can["rate"],
    }  # fmt: skip
