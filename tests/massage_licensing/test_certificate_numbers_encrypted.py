"""The 残疾人证 numbers an institution keeps (its blind legal representative's, each
practitioner's) are encrypted at rest and still found in the register (decision 0200)."""

import datetime

import pytest
from django.core.exceptions import FieldError
from django.db import connection

from cdpf import crypto
from massage_licensing import selectors
from massage_licensing.models import Institution, Practitioner

pytestmark = pytest.mark.django_db


def column(table: str, name: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {name} FROM {table} WHERE {name} <> '' ORDER BY id")
        return [value for (value,) in cursor.fetchall()]


def test_the_numbers_are_ciphertext_in_the_database(blind_rep_institution):
    institution = Institution.objects.get(pk=blind_rep_institution.pk)
    numbers = [institution.representative_certificate_number] + [
        p.disability_certificate_number for p in institution.practitioners.order_by("id")
        if p.disability_certificate_number
    ]
    assert len(numbers) == 5 and all(len(n) == 20 for n in numbers)
    stored = column("massage_licensing_institution", "representative_certificate_number")
    stored += column("massage_licensing_practitioner", "disability_certificate_number")
    assert len(stored) == 5
    for value in stored:
        assert value.startswith(f"{crypto.current_key_id()}$")
        assert not any(n[:18] in value for n in numbers)


def test_the_register_is_still_found_from_them(blind_rep_institution):
    facts, staff = selectors.institution_facts(blind_rep_institution)
    assert facts.representative_certificate is not None
    assert facts.representative_certificate.number == (
        blind_rep_institution.representative_certificate_number
    )
    assert [s.certificate is not None for s in staff].count(True) == 4
    flags = selectors.blind_flags(blind_rep_institution.practitioners.all(),
                                  datetime.date(2026, 11, 2))
    assert sum(1 for blind, _why in flags.values() if blind) == 4


def test_a_lookup_on_the_encrypted_number_is_refused(blind_rep_institution):
    number = blind_rep_institution.representative_certificate_number
    with pytest.raises(FieldError):
        list(Institution.objects.filter(representative_certificate_number=number))
    with pytest.raises(FieldError):
        list(Practitioner.objects.filter(disability_certificate_number__startswith=number[:6]))
