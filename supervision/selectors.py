"""Reads of supervision, scoped to the user's region; the police-file match against the register."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, QuerySet

from cdpf import roles
from cdpf.models import User
from cdpf.selectors import scope_to_user
from certificates.lookups import people_by_id_number
from certificates.models import Certificate, Person
from supervision import flows, rules
from supervision.models import (
    Complaint,
    Inspection,
    InspectionPlan,
    Measure,
    PoliceFile,
    PoliceRecord,
)

DONE_STATES = [Inspection.State.CHECKED, Inspection.State.PUBLISHED]
MATCH_CHUNK = 5000


def match_id_numbers(id_numbers: list[str], *, region_prefix: str, progress=None) -> dict:
    """ID number → (person id, valid certificate id or None), for the people of the register
    in the region. Indexed lookups in chunks through `certificates.lookups` (the one place
    that matches ID numbers), never one per row."""
    region_people = Person.objects.filter(region__code__startswith=region_prefix)
    found: dict[str, tuple[int, int | None]] = {}
    total = len(id_numbers)
    for start in range(0, total, MATCH_CHUNK):
        chunk = id_numbers[start : start + MATCH_CHUNK]
        people = people_by_id_number(chunk, queryset=region_people, chunk=MATCH_CHUNK)
        by_person = {person_id: number for number, person_id in people.items()}
        for number, person_id in people.items():
            found[number] = (person_id, None)
        if by_person:
            valid = Certificate.objects.filter(
                person_id__in=list(by_person),
                status=Certificate.Status.VALID,
                region__code__startswith=region_prefix,
            ).values_list("person_id", "id")
            for person_id, certificate_id in valid:
                found[by_person[person_id]] = (person_id, certificate_id)
        if progress:
            progress(min(start + MATCH_CHUNK, total), total, "")
    return found


def plans_for(user) -> QuerySet:
    return scope_to_user(InspectionPlan.objects.select_related("region"), user)


def plans_with_progress(user, year: int | None = None) -> QuerySet:
    """Plans with their inspections done and written checks done; `flagged` has none written."""
    qs = plans_for(user)
    if year is not None:
        qs = qs.filter(year=year)
    return qs.annotate(
        done=Count("inspections", filter=Q(inspections__state__in=DONE_STATES)),
        written_done=Count(
            "inspections",
            filter=Q(
                inspections__state__in=DONE_STATES,
                inspections__method__in=[Inspection.Method.WRITTEN, Inspection.Method.BOTH],
            ),
        ),
        total=Count("inspections"),
    ).order_by("-year", "rule")


def years_without_written_check(user, years: list[int]) -> list[tuple[int, str]]:
    """(year, rule) pairs of the user's region with no written check done: the seed asks for
    at least one a year under each rule."""
    done = set(
        inspections_for(user)
        .filter(
            year__in=years,
            state__in=DONE_STATES,
            method__in=[Inspection.Method.WRITTEN, Inspection.Method.BOTH],
        )
        .values_list("year", "rule")
        .distinct()
    )
    return [(y, r) for y in years for r in rules.RULES if (y, r) not in done]


def inspections_for(user) -> QuerySet:
    return scope_to_user(
        Inspection.objects.select_related(
            "region", "plan", "employer", "person", "staff", "doctor__hospital"
        ),
        user,
    )


def measures_for(user) -> QuerySet:
    return scope_to_user(
        Measure.objects.select_related(
            "finding__inspection__employer",
            "finding__inspection__person",
            "finding__inspection__staff",
            "finding__inspection__doctor__hospital",
            "certificate",
        ),
        user,
    )


def overdue_measures(user, today: datetime.date) -> QuerySet:
    return measures_for(user).filter(state=Measure.State.OPEN, deadline__lt=today)


def complaints_for(user) -> QuerySet:
    """Complaints of the user's regions, except those about the user or about the unit the
    user works in (a district's unit; the city's supervisors are not that unit)."""
    qs = scope_to_user(
        Complaint.objects.select_related("assignee", "region", "respondent_user"), user
    )
    if getattr(user, "region", None) is None:
        return qs
    qs = qs.exclude(respondent_user=user)
    return qs.exclude(region=user.region, respondent_unit__in=sorted(user.role_names))


def sees_complainant(user, complaint) -> bool:
    """The complainant's name and phone: only intake (the office) and the assigned supervisor
    (PIPL minimum necessary; issue 15 item 4)."""
    return complaint.assignee_id == user.pk or flows.REGISTER.may(user, None, "complaint_intake")


def overdue_complaints(user, today: datetime.date) -> QuerySet:
    return complaints_for(user).filter(
        Q(state=Complaint.State.RECEIVED, assign_due_on__lt=today)
        | Q(
            state__in=[
                Complaint.State.RECEIVED,
                Complaint.State.ASSIGNED,
                Complaint.State.VERIFYING,
            ],
            reply_due_on__lt=today,
        )
    )


def police_files_for(user) -> QuerySet:
    return scope_to_user(PoliceFile.objects.select_related("imported_by"), user)


def police_records_for(user) -> QuerySet:
    return scope_to_user(
        PoliceRecord.objects.select_related("certificate", "police_file", "decided_by"), user
    )


def confirmed_in_quarter(region, year: int, quarter: int) -> QuerySet:
    """The cancellations confirmed from the police files of one quarter."""
    return (
        PoliceRecord.objects.filter(
            region__code__startswith=region.scope_prefix,
            police_file__year=year,
            police_file__quarter=quarter,
            match=PoliceRecord.Match.CONFIRMED,
        )
        .select_related("certificate", "decided_by")
        .order_by("event_date", "id")
    )


def quarter_figures(region, year: int) -> list[dict]:
    """Per quarter: files, rows, matches proposed, confirmed, rejected, still waiting."""
    rows = (
        PoliceRecord.objects.filter(
            region__code__startswith=region.scope_prefix, police_file__year=year
        )
        .values_list("police_file__quarter", "match")
        .annotate(n=Count("id"))
        .order_by()
    )
    files = dict(
        PoliceFile.objects.filter(region__code__startswith=region.scope_prefix, year=year)
        .values_list("quarter")
        .annotate(n=Count("id"))
        .order_by()
    )
    table = {
        q: {"quarter": q, "files": files.get(q, 0), "rows": 0, "proposed": 0, "confirmed": 0,
            "rejected": 0, "none": 0, "no_valid": 0}
        for q in range(1, 5)
    }  # fmt: skip
    for quarter, match, n in rows:
        table[quarter]["rows"] += n
        table[quarter][match] = n
    return list(table.values())


def dashboard(user, year: int, today: datetime.date) -> dict:
    """The supervisor's figures of one year, each a link to the records behind it."""
    plans = list(plans_with_progress(user, year))
    inspections = inspections_for(user).filter(year=year)
    measures = measures_for(user)
    complaints = complaints_for(user)
    by_state = dict(
        complaints.filter(received_on__year=year)
        .values_list("state")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {
        "year": year,
        "plans": plans,
        "planned": sum(p.planned_checks for p in plans),
        # done against planned counts the plans' own inspections, as the plan rows do; checks
        # outside a plan (a complaint's verification) are a figure of their own
        "done": sum(p.done for p in plans),
        "other_checks": inspections.filter(state__in=DONE_STATES, plan__isnull=True).count(),
        "unflagged": years_without_written_check(user, [year]),
        "open_measures": measures.filter(state=Measure.State.OPEN).count(),
        "overdue_measures": measures.filter(state=Measure.State.OPEN, deadline__lt=today).count(),
        "quarters": quarter_figures(user.region, year),
        "complaints": [
            (value, label, by_state.get(value, 0)) for value, label in Complaint.State.choices
        ],
        "overdue_complaints": overdue_complaints(user, today).count(),
    }


def assignable_supervisors_for(complaint):
    """Supervisors who may take a complaint: never the respondent, and for a complaint about
    the district's supervisors only those of the level above."""
    qs = assignable_supervisors(complaint.region)
    if complaint.respondent_user_id:
        qs = qs.exclude(pk=complaint.respondent_user_id)
    if complaint.respondent_unit == roles.SUPERVISOR:
        qs = qs.exclude(region=complaint.region)
    return qs


def assignable_supervisors(region):
    codes = [r.code for r in region.ancestors()]
    return (
        User.objects.filter(groups__name=roles.SUPERVISOR, is_active=True, region__code__in=codes)
        .distinct()
        .order_by("username")
    )
