"""The checks every supervision write starts with: the role table and the actor's districts."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from cdpf.models import Region
from supervision import flows


def _require(actor, action: str) -> None:
    """An action on the register (no record moves): the flow's roles for it."""
    flows.REGISTER.check(actor, None, action)


def _in_scope(actor, region: Region) -> None:
    if actor.region is None or not region.code.startswith(actor.region.scope_prefix):
        raise PermissionDenied(_("This record belongs to another region."))
