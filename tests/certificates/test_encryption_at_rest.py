"""ID and phone numbers encrypted in the database, found by a blind index; private files
encrypted on disk; keys rotate; a wrong key fails loudly (decision 0160)."""

import base64
import datetime
import hashlib

import pytest
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import DatabaseError, IntegrityError, connection, transaction

from cdpf import crypto, private_files
from cdpf.crypto_keys import env_key, parse_key_ring
from cdpf.models import AuditEntry, GeneratedDocument, Job
from cdpf.startup import refuse_unsafe_start
from certificates import selectors
from certificates.models import Certificate, Person
from supervision.rules import row_hash
from tests.factories import ADULT_ID, id_number

pytestmark = pytest.mark.django_db

PHONE = "13912345678"
NEW_KEY = "k2:" + base64.b64encode(b"k" * 32).decode()
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def with_new_key(settings):
    """The newest key first, the old one kept to read what it wrote."""
    settings.CDPF_DATA_KEYS = {**parse_key_ring(NEW_KEY), **settings.CDPF_DATA_KEYS}


@pytest.fixture
def holder(person_factory):
    return person_factory(phone=PHONE, photo=False)


def test_the_database_keeps_no_plain_id_or_phone_number(holder):
    stored = raw("certificates_person", "id_number", holder.pk)
    assert ADULT_ID not in stored and ADULT_ID[6:14] not in stored
    assert stored.startswith(f"{crypto.current_key_id()}$")
    assert PHONE not in raw("certificates_person", "phone", holder.pk)
    index = raw("certificates_person", "id_number_index", holder.pk)
    assert len(index) == 32 and ADULT_ID not in index


def test_the_same_number_encrypts_differently_each_time(holder):
    field = Person._meta.get_field("id_number")
    assert field.encrypt(ADULT_ID) != field.encrypt(ADULT_ID)


def test_reading_gives_the_plain_number_and_the_mask(holder):
    person = Person.objects.get(pk=holder.pk)
    assert person.id_number == ADULT_ID and person.phone == PHONE
    assert person.masked_id == "130408********0018"


def test_exact_lookup_goes_through_the_blind_index(holder, office_user):
    assert Person.objects.by_id_number(ADULT_ID.lower() + " ").get() == holder
    assert list(Person.objects.with_id_numbers([ADULT_ID, id_number("19900101")])) == [holder]
    assert Person.objects.existing_id_numbers([ADULT_ID, id_number("19900101")]) == {ADULT_ID}
    assert not Person.objects.by_id_number(id_number("19900101")).exists()


def test_a_lookup_on_the_encrypted_column_is_refused_not_silently_empty(holder):
    for lookup in ({"id_number": ADULT_ID}, {"id_number__startswith": "130408"},
                   {"phone__contains": "139"}, {"id_number__in": [ADULT_ID]}):
        with pytest.raises(FieldError):
            list(Person.objects.filter(**lookup))
    assert Person.objects.filter(guardian_id_number="").exists()  # "is it empty" still works


def test_the_search_by_id_number_finds_the_holder(flow, office_user):
    app = flow("approved")
    found = selectors.open_applications_matching(office_user, ADULT_ID) or [
        c.person for c in selectors.search_certificates(office_user, filters={"q": ADULT_ID})
    ]
    assert found
    assert Certificate.objects.by_id_number(ADULT_ID, field="person__id_number").count() == (
        Certificate.objects.filter(person=app.person).count()
    )


def test_one_person_per_id_number_is_enforced_by_the_index(holder, yongnian):
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(
            region=yongnian, id_number=ADULT_ID.lower(), name="重复", sex="M",
            birth_date=holder.birth_date, community="村", address="址",
        )


def test_the_audit_log_keeps_only_a_masked_number(holder):
    entry = AuditEntry.objects.filter(object_type="certificates.person").latest("id")
    text = str(entry.detail)
    assert ADULT_ID not in text and PHONE not in text
    assert "130408********0018" in text and "id_number_index" not in text


def test_a_wrong_key_fails_loudly(holder, settings):
    settings.CDPF_DATA_KEYS = {crypto.current_key_id(): b"w" * 32}
    with pytest.raises(crypto.DecryptionError):
        Person.objects.get(pk=holder.pk)
    settings.CDPF_DATA_KEYS = parse_key_ring(NEW_KEY)  # the key that wrote it is gone
    with pytest.raises(crypto.DecryptionError):
        Person.objects.get(pk=holder.pk)


def test_a_value_moved_to_another_column_does_not_decrypt(holder):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE certificates_person SET phone = id_number WHERE id = %s", [holder.pk]
        )
    with pytest.raises(crypto.DecryptionError):
        Person.objects.get(pk=holder.pk)


def test_rotation_re_encrypts_under_the_newest_key(flow, settings, tmp_path, office_user):
    settings.PRIVATE_STORAGE_DIR = tmp_path
    app = flow("approved")
    app.applicant = {**app.applicant, "phone": PHONE}
    app.save()
    holder = app.person
    holder.phone = PHONE
    holder.save()
    document = GeneratedDocument.objects.create(
        number="T-2", kind="test", title="t", region=holder.region, created_by=office_user,
        content=PDF, sha256="x", size=len(PDF),
    )
    fields = private_files.store(SimpleUploadedFile("a.pdf", PDF), area="attachments")
    with_new_key(settings)
    assert raw("certificates_person", "id_number", holder.pk).startswith("dev$")
    call_command("rotate_data_keys", stdout=open("/dev/null", "w"))
    assert raw("certificates_person", "id_number", holder.pk).startswith("k2$")
    assert '"k2$' in str(raw("certificates_application", "applicant", app.pk)).replace("'", '"')
    assert b"k2" in bytes(raw("cdpf_generateddocument", "content", document.pk))[:12]
    sealed = storages["private"].read_sealed(f"attachments/{fields['path']}")
    assert crypto.file_key_id(sealed) == "k2"
    settings.CDPF_DATA_KEYS = parse_key_ring(NEW_KEY)  # the old key can go now
    assert Person.objects.by_id_number(ADULT_ID).get().phone == PHONE
    assert type(app).objects.get(pk=app.pk).applicant["phone"] == PHONE
    assert bytes(GeneratedDocument.objects.get(pk=document.pk).content) == PDF
    with pytest.raises(DatabaseError), transaction.atomic():  # still never changes otherwise
        with connection.cursor() as cursor:
            cursor.execute("UPDATE cdpf_generateddocument SET size = 1 WHERE id = %s",
                           [document.pk])
    assert private_files.read("attachments", fields["path"]) == PDF
    assert AuditEntry.objects.filter(object_type="cdpf.keys").exists()


def test_a_new_index_key_recomputes_the_indexes(holder, settings):
    settings.CDPF_BLIND_INDEX_KEY = b"i" * 32
    assert not Person.objects.by_id_number(ADULT_ID).exists()
    call_command("rotate_data_keys", "--skip-files", stdout=open("/dev/null", "w"))
    assert Person.objects.by_id_number(ADULT_ID).get() == holder


def test_rows_written_before_encryption_are_encrypted_by_the_migration_step(holder):
    """What migration 0013 does to a plain row, and again (safe to run twice)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE certificates_person SET id_number = %s, phone = %s, id_number_index = '' "
            "WHERE id = %s", [ADULT_ID, PHONE, holder.pk],
        )
    for _ in range(2):
        crypto.encrypt_table(
            connection, table="certificates_person",
            columns={"id_number": "certificates.person.id_number",
                     "phone": "certificates.person.phone"},
            indexes={"id_number_index": "id_number"}, batch=1,
        )
    assert ADULT_ID not in raw("certificates_person", "id_number", holder.pk)
    assert Person.objects.by_id_number(ADULT_ID).get().phone == PHONE


def test_a_private_file_is_not_plain_on_disk_and_reads_back(settings, tmp_path):
    settings.PRIVATE_STORAGE_DIR = tmp_path
    fields = private_files.store(SimpleUploadedFile("a.pdf", PDF), area="attachments")
    on_disk = (tmp_path / "attachments" / fields["path"]).read_bytes()
    assert PDF not in on_disk and b"%PDF" not in on_disk
    assert private_files.read("attachments", fields["path"]) == PDF


def test_a_file_stored_before_encryption_is_encrypted_by_the_command(settings, tmp_path):
    settings.PRIVATE_STORAGE_DIR = tmp_path
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "scan").write_bytes(PDF)
    with pytest.raises(crypto.DecryptionError):
        private_files.read("old", "scan")
    call_command("rotate_data_keys", "--skip-columns", stdout=open("/dev/null", "w"))
    assert (tmp_path / "old" / "scan").read_bytes().startswith(crypto.FILE_MAGIC)
    assert private_files.read("old", "scan") == PDF


def test_an_altered_file_fails_loudly(settings, tmp_path):
    settings.PRIVATE_STORAGE_DIR = tmp_path
    fields = private_files.store(SimpleUploadedFile("a.pdf", PDF), area="attachments")
    path = tmp_path / "attachments" / fields["path"]
    data = bytearray(path.read_bytes())
    data[-1] ^= 1
    path.write_bytes(bytes(data))
    with pytest.raises(crypto.DecryptionError):
        private_files.read("attachments", fields["path"])


def test_production_without_keys_is_refused_by_the_deploy_check(settings):
    settings.CDPF_DATA_KEYS = {}
    settings.CDPF_BLIND_INDEX_KEY = b""
    errors = crypto.encryption_keys_present()
    assert [e.id for e in errors] == ["cdpf.E160"]
    with pytest.raises(ImproperlyConfigured):
        crypto.encrypt_text("x", context="t")


def test_the_env_example_placeholder_counts_as_missing(monkeypatch):
    monkeypatch.setenv("CDPF_DATA_KEYS", "1:change-me-base64-32-bytes")
    assert env_key("CDPF_DATA_KEYS") == ""


def test_keys_are_read_from_the_environment_format():
    ring = parse_key_ring(NEW_KEY + ",1:" + base64.b64encode(b"o" * 32).decode())
    assert list(ring) == ["k2", "1"]
    for bad in ("k2", "k2:" + base64.b64encode(b"short").decode(), "a-b:" + NEW_KEY[3:]):
        with pytest.raises(ImproperlyConfigured):
            parse_key_ring(bad)


def test_the_application_snapshot_keeps_its_phone_encrypted(flow):
    app = flow("approved")
    app.person.phone = PHONE
    app.applicant = {**app.applicant, "phone": PHONE}
    app.save()
    stored = raw("certificates_application", "applicant", app.pk)
    assert PHONE not in str(stored) and "region_code" in str(stored)
    assert type(app).objects.get(pk=app.pk).applicant["phone"] == PHONE
    assert PHONE not in str(AuditEntry.objects.filter(object_type="certificates.application")
                             .latest("id").detail)


def test_printed_documents_and_uploaded_files_are_encrypted_in_the_database(
    office_user, yongnian
):
    document = GeneratedDocument.objects.create(
        number="T-1", kind="test", title="t", region=yongnian, created_by=office_user,
        content=PDF, sha256="x", size=len(PDF),
    )
    job = Job.objects.create(kind="test", created_by=office_user, region=yongnian,
                             input_file=ADULT_ID.encode())
    assert b"%PDF" not in bytes(raw("cdpf_generateddocument", "content", document.pk))
    assert ADULT_ID.encode() not in bytes(raw("cdpf_job", "input_file", job.pk))
    assert bytes(GeneratedDocument.objects.get(pk=document.pk).content) == PDF
    assert bytes(Job.objects.get(pk=job.pk).input_file) == ADULT_ID.encode()


def test_the_server_refuses_to_start_without_keys(settings):
    settings.DEBUG = False
    settings.CDPF_DATA_KEYS = {}
    with pytest.raises(ImproperlyConfigured, match="cdpf.E160"):
        refuse_unsafe_start()


def test_the_police_row_hash_is_keyed(settings):
    day = datetime.date(2026, 7, 14)
    plain = hashlib.sha256(f"{ADULT_ID}|death|{day.isoformat()}".encode()).hexdigest()
    keyed = row_hash(ADULT_ID, "death", day)
    assert keyed != plain and len(keyed) == 64
    settings.CDPF_BLIND_INDEX_KEY = b"i" * 32
    assert row_hash(ADULT_ID, "death", day) != keyed
