"""What each role sees on its home page: the pending work of that role."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cdpf import roles
from cdpf.models import Job
from cdpf.selectors import jobs_for


@dataclass
class Section:
    role: str
    title: str
    items: list = field(default_factory=list)  # (text, url) pairs
    empty: str = ""


def home_sections(user) -> list[Section]:
    """One section per role the user holds, most specific work first."""
    from duties.selectors import regions_with_register
    from duties.services import has_unpublished_changes

    sections = []
    held = [r for r in roles.ALL_ROLES if user.has_role(r)]
    for role in held:
        section = Section(
            role=role,
            title=str(roles.ROLE_LABELS[role]),
            empty=_("Nothing is waiting for you here."),
        )
        if role == roles.ADMIN:
            for region in regions_with_register(user):
                if has_unpublished_changes(region):
                    section.items.append(
                        (
                            _("The duty register of %(region)s has changes that are not published.")
                            % {"region": region.name},
                            reverse("duties:versions") + f"?region={region.code}",
                        )
                    )
        sections.append(section)
    running = (
        jobs_for(user)
        .filter(created_by=user)
        .exclude(status__in=[Job.Status.SUCCEEDED, Job.Status.FAILED])[:10]
    )
    if running:
        sections.insert(
            0,
            Section(
                role="jobs",
                title=str(_("Your running jobs")),
                items=[(job.title, reverse("job_detail", args=[job.pk])) for job in running],
            ),
        )
    return sections
