"""Reads of the duty register: the live register and published versions, as plain snapshots."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

from cdpf.models import Region
from cdpf.permissions import declared_access
from cdpf.selectors import scope_to_user
from duties.models import Duty, PublicService, RegisterVersion, WorkItem


def register_snapshot(region: Region) -> dict:
    """The live register of a region in the form a published version keeps (3 queries)."""
    duties = Duty.objects.filter(region=region).prefetch_related(
        Prefetch("items", queryset=WorkItem.objects.select_related("unit").order_by("order", "id"))
    )
    services = PublicService.objects.filter(region=region).select_related("unit")
    return {
        "region": {"code": region.code, "name": region.name},
        "duties": [
            {
                "number": duty.number,
                "text": duty.text,
                "items": [
                    {
                        "order": item.order,
                        "text": item.text,
                        "unit": item.unit.name,
                        "phone": item.phone,
                        "remarks": item.remarks,
                        "link_name": item.link_name,
                    }
                    for item in duty.items.all()
                ],
            }
            for duty in duties
        ],
        "services": [
            {
                "number": s.number,
                "name": s.name,
                "content": s.content,
                "unit": s.unit.name,
                "phone": s.phone,
                "link_name": s.link_name,
            }
            for s in services
        ],
    }


def _matches(query: str, *texts: str) -> bool:
    return any(query in (text or "") for text in texts)


def search_snapshot(snapshot: dict, query: str) -> dict:
    """The part of a register that mentions the query (in a duty, item, unit, phone, remark)."""
    query = (query or "").strip()
    if not query:
        return snapshot
    duties = []
    for duty in snapshot["duties"]:
        duty_hit = _matches(query, duty["text"])
        items = [
            item
            for item in duty["items"]
            if duty_hit
            or _matches(query, item["text"], item["unit"], item["phone"], item["remarks"])
        ]
        if items:
            duties.append({**duty, "items": items})
    services = [
        s
        for s in snapshot["services"]
        if _matches(query, s["name"], s["content"], s["unit"], s["phone"])
    ]
    return {**snapshot, "duties": duties, "services": services}


def link_for(link_name: str, user) -> str | None:
    """The URL of the page that carries an item out, if it exists and the user may open it."""
    if not link_name:
        return None
    try:
        url = reverse(link_name)
        view = resolve(url).func
    except (NoReverseMatch, Resolver404):
        return None
    roles = declared_access(view) or ()
    if "public" in roles or user.has_role(*roles):
        return url
    return None


def regions_with_register(user) -> QuerySet:
    return scope_to_user(Region.objects.filter(duty__isnull=False), user, field="").distinct()


def versions_for(user) -> QuerySet:
    return scope_to_user(
        RegisterVersion.objects.select_related("region", "published_by").defer("snapshot"), user
    )


def latest_version(region: Region) -> RegisterVersion | None:
    return RegisterVersion.objects.filter(region=region).order_by("-number").first()


def count_items(snapshot: dict) -> int:
    return sum(len(duty["items"]) for duty in snapshot["duties"])
