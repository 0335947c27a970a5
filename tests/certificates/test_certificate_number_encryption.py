"""Certificate numbers (the holder's ID number + category + grade) encrypted in the database,
found by their own blind index, valid once, rotated with the keys (decision 0200)."""

import base64
from importlib import import_module

import pytest
from django.core.exceptions import FieldError, ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext

from cdpf import crypto
from cdpf.crypto_keys import parse_key_ring
from cdpf.models import AuditEntry
from certificates import lookups, selectors, services
from certificates.models import Application, Certificate
from employment_quota.models import DeclaredEmployee
from tests.factories import ADULT_ID, TODAY, id_number

pytestmark = pytest.mark.django_db

NEW_KEY = "k2:" + base64.b64encode(b"k" * 32).decode()
OTHER_ID = id_number("19900101", "041")


def raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def rows_holding(table: str, column: str, text: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE {column} LIKE %s", [f"%{text}%"])
        return cursor.fetchone()[0]


@pytest.fixture
def certificate(flow):
    return flow("closed").certificate


def test_the_database_keeps_no_plain_certificate_number(certificate):
    number = certificate.number
    assert number.startswith(ADULT_ID) and len(number) == 20
    stored = raw("certificates_certificate", "number", certificate.pk)
    assert stored.startswith(f"{crypto.current_key_id()}$")
    assert number not in stored and ADULT_ID not in stored and ADULT_ID[6:14] not in stored
    # no row of the register holds it or the ID number inside it, whatever the column
    for text in (number, ADULT_ID, ADULT_ID[6:14]):
        assert rows_holding("certificates_certificate", "number", text) == 0
        assert rows_holding("certificates_certificate", "number_index", text) == 0
    index = raw("certificates_certificate", "number_index", certificate.pk)
    assert len(index) == 32 and index == crypto.certificate_index(number)


def test_reading_gives_the_plain_number_and_the_mask(certificate):
    again = Certificate.objects.get(pk=certificate.pk)
    assert again.number == ADULT_ID + "42"
    assert again.masked_number == "130408********001842" == str(again)
    assert crypto.mask_value(again.number) == again.masked_number
    assert crypto.mask_value(again.number + "B1") == again.masked_number + "B1"


def test_the_index_of_a_certificate_number_is_not_that_of_an_id_number():
    assert crypto.certificate_index(ADULT_ID) != crypto.blind_index(ADULT_ID)


def test_exact_lookup_goes_through_the_blind_index(certificate, office_user):
    number = certificate.number
    assert Certificate.objects.by_number(number.lower() + " ").get() == certificate
    assert list(Certificate.objects.with_numbers([number, OTHER_ID + "11", ""])) == [certificate]
    assert Certificate.objects.existing_numbers([number, OTHER_ID + "11"]) == {number}
    assert lookups.valid_certificate_numbers([number, OTHER_ID + "11"]) == {number}
    assert not Certificate.objects.by_number(ADULT_ID + "43").exists()
    # the certificate list's search box
    found = selectors.search_certificates(office_user, filters={"q": number.lower()})
    assert list(found) == [certificate]


def test_a_lookup_on_the_encrypted_number_is_refused_not_silently_empty(certificate):
    number = certificate.number
    for queryset, lookup in (
        (Certificate.objects, {"number": number}),
        (Certificate.objects, {"number__in": [number]}),
        (Certificate.objects, {"number__startswith": ADULT_ID}),
        (Certificate.objects, {"number__iexact": number}),
        (DeclaredEmployee.objects, {"certificate__number": number}),
        (Application.objects, {"incoming_number": number}),
        (Application.objects, {"certificate__number": number}),
    ):
        with pytest.raises(FieldError):
            list(queryset.filter(**lookup))
    assert not Application.objects.exclude(incoming_number="").exists()  # "is it empty" works


def test_a_second_valid_certificate_with_the_same_number_is_refused(certificate, person_factory):
    other = person_factory(number=OTHER_ID, name="李堃", photo=False)
    fields = {
        "person": other, "region": certificate.region, "number": certificate.number.lower(),
        "category": 4, "grade": 2, "parts": [[4, 2]], "issue_date": TODAY,
        "expiry_date": certificate.expiry_date,
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(**fields)
    # the same number on a certificate that is not valid is history, and allowed
    kept = Certificate.objects.create(**{**fields, "status": Certificate.Status.REPLACED})
    assert Certificate.objects.by_number(certificate.number).count() == 2
    assert kept.number_index == certificate.number_index


def test_the_audit_log_keeps_only_a_masked_certificate_number(certificate):
    entry = AuditEntry.objects.filter(
        object_type="certificates.certificate", object_id=str(certificate.pk)
    ).earliest("id")
    text = str(entry.detail)
    assert certificate.number not in text and ADULT_ID not in text
    assert "130408********001842" in text and "number_index" not in text


def test_a_transfer_in_keeps_the_number_brought_in_encrypted(office_user, person_factory):
    person = person_factory(number=OTHER_ID, name="李堃")
    incoming = OTHER_ID + "13"
    app = services.transfer_in_from_outside(
        actor=office_user, person=person, incoming_number=incoming,
        transfer_place="北京市朝阳区残联", on=TODAY,
    )
    stored = raw("certificates_application", "incoming_number", app.pk)
    assert OTHER_ID not in stored and stored.startswith(f"{crypto.current_key_id()}$")
    assert Application.objects.get(pk=app.pk).incoming_number == incoming


def test_a_number_already_in_the_register_is_refused_at_transfer_in(
    certificate, office_user, person_factory
):

    person = person_factory(number=OTHER_ID, name="李堃")
    # a (not valid) row of the register already carries the number brought in
    Certificate.objects.create(
        person=certificate.person, region=certificate.region, number=OTHER_ID + "13",
        category=1, grade=3, parts=[[1, 3]], issue_date=TODAY,
        expiry_date=certificate.expiry_date, status=Certificate.Status.CANCELLED,
    )
    with pytest.raises(ValidationError) as raised:
        services.transfer_in_from_outside(
            actor=office_user, person=person, incoming_number=(OTHER_ID + "13").lower(),
            transfer_place="北京市朝阳区残联", on=TODAY,
        )
    assert raised.value.message_dict["incoming_number"] == [
        gettext("This certificate number is already in the register.")
    ]


def test_rotation_re_encrypts_the_numbers_and_recomputes_their_index(certificate, settings):
    settings.CDPF_DATA_KEYS = {**parse_key_ring(NEW_KEY), **settings.CDPF_DATA_KEYS}
    assert raw("certificates_certificate", "number", certificate.pk).startswith("dev$")
    call_command("rotate_data_keys", "--skip-files", stdout=open("/dev/null", "w"))
    assert raw("certificates_certificate", "number", certificate.pk).startswith("k2$")
    settings.CDPF_DATA_KEYS = parse_key_ring(NEW_KEY)  # the old key can go now
    assert Certificate.objects.by_number(certificate.number).get().number == certificate.number
    # a new index key: lookups miss until the command recomputes the indexes
    settings.CDPF_BLIND_INDEX_KEY = b"i" * 32
    assert not Certificate.objects.by_number(certificate.number).exists()
    call_command("rotate_data_keys", "--skip-files", stdout=open("/dev/null", "w"))
    assert Certificate.objects.by_number(certificate.number).get() == certificate
    assert raw("certificates_certificate", "number_index", certificate.pk) == (
        crypto.certificate_index(certificate.number)
    )


def test_rows_written_before_encryption_are_encrypted_by_the_migration_step(certificate):
    """What migration 0015 does to a plain row, again (safe to run twice), and back."""

    step = import_module("certificates.migrations.0015_encrypted_certificate_numbers")
    number = certificate.number

    class Editor:
        pass

    editor = Editor()
    editor.connection = connection
    step.decrypt(None, editor)
    assert raw("certificates_certificate", "number", certificate.pk) == number
    with connection.cursor() as cursor:  # as the added column starts (the reverse drops it)
        cursor.execute("UPDATE certificates_certificate SET number_index = ''")
    assert not Certificate.objects.by_number(number).exists()
    for _ in range(2):
        step.encrypt(None, editor)
    assert number not in raw("certificates_certificate", "number", certificate.pk)
    assert Certificate.objects.by_number(number).get().number == number
