"""The page header's navigation. Each app registers its own link (in its AppConfig.ready), as
it registers its home-page items (cdpf/home.py), so the shared core names no app."""

from __future__ import annotations

from dataclasses import dataclass

from cdpf.url_cache import reverse_fixed


@dataclass(frozen=True)
class Link:
    order: int  # place in the header, left to right
    label: object  # a lazy translation
    url_name: str
    roles: tuple[str, ...] | None  # None: every signed-in user of a region
    staff_only: bool = False


_LINKS: list[Link] = []


def register_link(
    label, url_name: str, *, order: int, roles=None, staff_only: bool = False
) -> Link:
    link = Link(order, label, url_name, tuple(roles) if roles is not None else None, staff_only)
    if all(existing.url_name != url_name for existing in _LINKS):  # ready() may run twice
        _LINKS.append(link)
        _LINKS.sort(key=lambda item: item.order)
    return link


def links_for(user) -> list[tuple[object, str]]:
    """(label, url) of every link the user's roles open, in header order."""
    return [
        (link.label, reverse_fixed(link.url_name))
        for link in _LINKS
        if (link.roles is None or user.has_role(*link.roles))
        and (not link.staff_only or user.is_staff)
    ]
