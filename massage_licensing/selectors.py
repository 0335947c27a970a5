"""Reads of the massage institution register, scoped to the user's region."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, QuerySet

from cdpf.selectors import scope_to_user
from certificates.models import Certificate
from massage_licensing import rules
from massage_licensing.models import (
    Institution,
    Practitioner,
    QualificationApplication,
    QualificationCertificate,
)


def institutions_for(user) -> QuerySet:
    return scope_to_user(Institution.objects.select_related("region"), user)


def practitioners_for(user) -> QuerySet:
    return scope_to_user(Practitioner.objects.select_related("institution"), user)


def applications_for(user) -> QuerySet:
    return scope_to_user(
        QualificationApplication.objects.select_related("institution", "region"), user
    )


def certificates_for(user) -> QuerySet:
    return scope_to_user(QualificationCertificate.objects.select_related("institution"), user)


def search_institutions(user, *, query: str = "", status: str = "") -> QuerySet:
    qs = institutions_for(user).annotate(
        staff=Count("practitioners", filter=Q(practitioners__is_current=True))
    )
    query = (query or "").strip()
    if query:
        qs = qs.filter(Q(name__contains=query) | Q(credit_code=query.upper()))
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("name")


def status_counts(user) -> dict[str, int]:
    return dict(institutions_for(user).values_list("status").annotate(n=Count("id")).order_by())


def search_practitioners(user, *, institution_id: int | None = None, current: bool = True):
    qs = practitioners_for(user)
    if institution_id:
        qs = qs.filter(institution_id=institution_id)
    if current:
        qs = qs.filter(is_current=True)
    return qs.order_by("institution__name", "name", "id")


def reviews_due(user, *, until: datetime.date) -> QuerySet:
    """Certified institutions whose yearly review falls due by `until`, or that must rectify."""
    return (
        institutions_for(user)
        .filter(status__in=[Institution.Status.CERTIFIED, Institution.Status.RECERTIFICATION])
        .filter(Q(next_review_due__lte=until) | Q(rectify_by__isnull=False))
        .order_by("next_review_due", "name")
    )


def certificate_facts(numbers: list[str]) -> dict[str, rules.CertificateFacts]:
    """What the certificate register says about each number (the newest row of each: rows
    come newest first, the first of each number is kept)."""
    facts: dict[str, rules.CertificateFacts] = {}
    rows = (
        Certificate.objects.with_numbers(numbers)
        .order_by("-issue_date", "-id")
        .values_list("number", "category", "parts", "status", "expiry_date", "person__name")
    )
    for number, category, parts, status, expiry, holder_name in rows:
        facts.setdefault(
            number,
            rules.CertificateFacts(
                number=number,
                category=category,
                parts=parts,
                status=status,
                expiry_date=expiry,
                holder_name=holder_name,
            ),
        )
    return facts


def institution_facts(institution: Institution):
    """The facts the requirements are checked on: the institution and its current staff."""
    staff_rows = list(institution.practitioners.filter(is_current=True).order_by("name", "id"))
    numbers = [p.disability_certificate_number for p in staff_rows]
    numbers.append(institution.representative_certificate_number)
    found = certificate_facts(numbers)
    facts = rules.InstitutionFacts(
        name=institution.name,
        representative_is_blind=institution.representative_is_blind,
        representative_certificate=found.get(institution.representative_certificate_number),
        area_m2=institution.area_m2,
        beds=institution.beds,
        bed_spacing_m=institution.bed_spacing_m,
        has_disinfection=institution.has_disinfection,
        has_toilet=institution.has_toilet,
        has_fire_safety=institution.has_fire_safety,
        has_lighting=institution.has_lighting,
        legal_representative=institution.legal_representative,
    )
    staff = [
        rules.StaffFacts(
            name=p.name,
            id_number=p.id_number,
            certificate=found.get(p.disability_certificate_number),
            certificate_number=p.disability_certificate_number,
            qualification_number=p.qualification_number,
            health_certificate_number=p.health_certificate_number,
            health_certificate_expiry=p.health_certificate_expiry,
            labour_contract=p.labour_contract,
            social_insurance=p.social_insurance,
        )
        for p in staff_rows
    ]
    return facts, staff


def blind_flags(practitioners, on: datetime.date) -> dict[int, tuple[bool, str]]:
    """Practitioner id → (counts as blind, why), with one query for all their certificates."""
    practitioners = list(practitioners)
    found = certificate_facts([p.disability_certificate_number for p in practitioners])
    return {
        p.pk: rules.blindness(found.get(p.disability_certificate_number), on) for p in practitioners
    }
