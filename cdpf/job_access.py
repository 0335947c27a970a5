"""Who may read a background job's page and who may apply a checked import (issue 19 item 17).
Asked of the apply view itself: the roles it declares (`require_roles`) are the roles that may
import, so the job page offers Apply only to them and shows an import's rows only to them."""

from __future__ import annotations

from django.urls import resolve, reverse

from cdpf.document_jobs import readers
from cdpf.jobs import APPLY_URLS
from cdpf.permissions import declared_access


def apply_roles(kind: str) -> tuple[str, ...] | None:
    """The roles the kind's apply view accepts; None for a job with no apply step."""
    name = APPLY_URLS.get(kind)
    if not name:
        return None
    return declared_access(resolve(reverse(name, args=[0])).func) or ()


def may_read(user, job) -> bool:

    documents = readers(job.kind)  # a document laid out in a job: the document's readers
    if documents is not None:
        return user.has_role(*documents)
    allowed = apply_roles(job.kind)
    return allowed is None or user.has_role(*allowed)


def may_apply(user, job) -> bool:
    allowed = apply_roles(job.kind)
    return bool(allowed) and user.has_role(*allowed)
