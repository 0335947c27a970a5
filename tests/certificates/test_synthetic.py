"""make_synthetic_data at a tiny size: valid ID and certificate numbers, the register's
constraints kept, a plausible category mix, and the DEBUG / --replace guards."""

from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from certificates import rules, synthetic
from certificates.models import Application, Certificate, CertificateEvent, Person

COUNT = 300


def make(size: str = "district", count: int = COUNT, **options) -> None:
    call_command(
        "make_synthetic_data",
        size=size,
        count=count,
        seed=7,
        force=True,
        verbosity=0,
        **options,
    )


@pytest.fixture
def loaded(db):
    make()
    return Person.objects.filter(address__startswith=synthetic.marker("district"))


def test_every_id_number_is_valid_and_matches_the_person(loaded):
    today = timezone.localdate()
    people = list(loaded.select_related("region"))
    assert len(people) == COUNT
    for person in people:
        ident = rules.parse_id_number(person.id_number, today=today)
        assert ident.sex == person.sex
        assert ident.birth_date == person.birth_date
        assert 1930 <= person.birth_date.year <= 2024
        assert person.region.code == "130408"
        assert ident.region_code in {"130408", "130429"}  # 永年区, or the old 永年县 code
        assert person.name and person.community
        if person.guardian_id_number:
            rules.parse_id_number(person.guardian_id_number, today=today)
    assert len({p.id_number for p in people}) == COUNT
    assert {p.id_number[:6] for p in people} == {"130408", "130429"}


def test_certificates_follow_the_rules_and_the_constraints(loaded):
    certificates = list(Certificate.objects.filter(person__in=loaded).select_related("person"))
    for certificate in certificates:
        assert certificate.number == rules.certificate_number(
            certificate.person.id_number,
            certificate.category,
            certificate.grade,
            certificate.replacement,
        )
        parsed = rules.parse_certificate_number(certificate.number)
        assert parsed.id_number.number == certificate.person.id_number
        category, grade = rules.combined_grade([tuple(part) for part in certificate.parts])
        assert (category, grade) == (certificate.category, certificate.grade)
        assert certificate.expiry_date > certificate.issue_date > certificate.person.birth_date

    # everyone holds a certificate, at most one of them valid; a lost card has a valid B1
    assert len({c.person_id for c in certificates}) == COUNT
    valid = Counter(c.person_id for c in certificates if c.status == "valid")
    assert max(valid.values()) == 1
    numbers = {(c.number, c.status) for c in certificates}
    for certificate in certificates:
        if certificate.status == "lost":
            assert (certificate.number + "B1", "valid") in numbers
    statuses = Counter(c.status for c in certificates)
    assert statuses["valid"] > 0.75 * COUNT
    assert set(statuses) <= {"valid", "expired", "cancelled", "lost"}

    # the category mix of first issues is plausible: physical ~ 50 %, visual ~ 12 %, speech ~ 2 %
    categories = Counter(c.category for c in certificates if c.replacement == 0)
    share = {c: categories[c] / COUNT for c in rules.CATEGORIES}
    assert 0.40 <= share[4] <= 0.60
    assert 0.06 <= share[1] <= 0.18
    assert share[3] <= 0.06
    assert all(categories[c] > 0 for c in (1, 2, 4, 5, 6, 7))
    grades = Counter(c.grade for c in certificates)
    assert grades[3] + grades[4] > grades[1] + grades[2]


def test_applications_and_events_use_the_system_user(loaded):
    applications = Application.objects.filter(person__in=loaded)
    assert 0 < applications.count() < COUNT
    assert set(applications.values_list("kind", "state").distinct()) == {("new", "closed")}
    assert set(applications.values_list("received_by__username", flat=True)) == {"synthetic"}
    issued = CertificateEvent.objects.filter(certificate__person__in=loaded, kind="issued")
    assert issued.count() == Certificate.objects.filter(person__in=loaded).count()


def test_refuses_twice_without_replace_and_replaces_with_it(loaded):
    with pytest.raises(CommandError, match="already exists"):
        make()
    make(count=50, replace=True)
    assert loaded.count() == 50
    assert not Certificate.objects.exclude(person__in=loaded).exists()


def test_refuses_with_debug_off_unless_forced(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("make_synthetic_data", size="district", count=5, verbosity=0)
    assert not Person.objects.exists()
