"""What each role sees on its home page: the pending work of that role.

Apps add their own items by registering a provider (in their AppConfig.ready), so the shared
core does not depend on them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cdpf import roles
from cdpf.models import Job
from cdpf.selectors import jobs_for

# A provider yields (role, text, url) for the work waiting for the user.
Provider = Callable[[object], Iterable[tuple[str, str, str]]]
_PROVIDERS: list[Provider] = []


def register_provider(provider: Provider) -> Provider:
    _PROVIDERS.append(provider)
    return provider


@dataclass
class Section:
    role: str
    title: str
    items: list = field(default_factory=list)  # (text, url) pairs
    empty: str = ""


def home_sections(user) -> list[Section]:
    """One section per role the user holds, with what waits for that role."""
    sections = {
        role: Section(
            role=role,
            title=str(roles.ROLE_LABELS[role]),
            empty=_("Nothing is waiting for you here."),
        )
        for role in roles.ALL_ROLES
        if user.has_role(role)
    }
    for provider in _PROVIDERS:
        for role, text, url in provider(user):
            if role in sections:
                sections[role].items.append((text, url))
    result = list(sections.values())
    running = (
        jobs_for(user)
        .filter(created_by=user)
        .exclude(status__in=[Job.Status.SUCCEEDED, Job.Status.FAILED])[:10]
    )
    if running:
        result.insert(
            0,
            Section(
                role="jobs",
                title=str(_("Your running jobs")),
                items=[(job.title, reverse("job_detail", args=[job.pk])) for job in running],
            ),
        )
    return result
