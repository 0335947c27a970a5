"""Police records' ID numbers and complainants' phones encrypted, with a blind index for
lookups, and the police row hash keyed (decision 0160)."""

import hashlib

from django.db import migrations

import cdpf.crypto

RECORD = {"id_number": "supervision.policerecord.id_number"}
COMPLAINT = {"complainant_phone": "supervision.complaint.complainant_phone"}


def _row_hashes(connection, *, keyed: bool) -> dict:
    """{record id: row hash} from each record's plain ID number, event and date."""
    hashes = {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, event, event_date FROM supervision_policerecord")
        events = {pk: (event, str(date)[:10]) for pk, event, date in cursor.fetchall()}

    def row_hash(plain, pk):
        event, date = events[pk]
        text = f"{plain['id_number']}|{event}|{date}"
        value = (cdpf.crypto.keyed_hash(text) if keyed
                 else hashlib.sha256(text.encode()).hexdigest())
        hashes[pk] = value
        return {"row_hash": value}

    return row_hash


def encrypt(apps, schema_editor, decrypt=False):
    connection = schema_editor.connection
    cdpf.crypto.encrypt_table(connection, table="supervision_policerecord", columns=RECORD,
                              indexes={"id_number_index": "id_number"}, decrypt=decrypt,
                              extra=_row_hashes(connection, keyed=not decrypt))
    cdpf.crypto.encrypt_table(connection, table="supervision_complaint", columns=COMPLAINT,
                              decrypt=decrypt)


def decrypt(apps, schema_editor):
    encrypt(apps, schema_editor, decrypt=True)


class Migration(migrations.Migration):
    dependencies = [("supervision", "0004_complaint_respondent_and_escalation")]

    operations = [
        migrations.AddField(
            model_name="policerecord",
            name="id_number_index",
            field=cdpf.crypto.BlindIndexField(default="", source="id_number"),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="complaint",
            name="complainant_phone",
            field=cdpf.crypto.EncryptedCharField(
                blank=True, max_length=20, verbose_name="complainant's phone"
            ),
        ),
        migrations.AlterField(
            model_name="policerecord",
            name="id_number",
            field=cdpf.crypto.EncryptedCharField(max_length=18, verbose_name="ID number"),
        ),
        migrations.RunPython(encrypt, decrypt, elidable=False),
        migrations.AlterField(
            model_name="policerecord",
            name="id_number_index",
            field=cdpf.crypto.BlindIndexField(db_index=True, source="id_number"),
        ),
    ]
