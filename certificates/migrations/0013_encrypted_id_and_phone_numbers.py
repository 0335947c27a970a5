"""ID numbers and phone numbers encrypted, with a blind index for lookups (decision 0160)."""

from django.db import migrations

import cdpf.crypto

PERSON = {
    "id_number": "certificates.person.id_number",
    "phone": "certificates.person.phone",
    "guardian_id_number": "certificates.person.guardian_id_number",
    "guardian_phone": "certificates.person.guardian_phone",
}
HANDOVER = {"receiver_id_number": "certificates.handover.receiver_id_number"}


def encrypt(apps, schema_editor, decrypt=False):
    connection = schema_editor.connection
    cdpf.crypto.encrypt_table(connection, table="certificates_person", columns=PERSON,
                              indexes={"id_number_index": "id_number"}, decrypt=decrypt)
    cdpf.crypto.encrypt_table(connection, table="certificates_handover", columns=HANDOVER,
                              decrypt=decrypt)
    cdpf.crypto.encrypt_json_keys(connection, table="certificates_application",
                                  column="applicant", keys=("phone", "guardian_phone"),
                                  context="certificates.application.applicant", decrypt=decrypt)


def decrypt(apps, schema_editor):
    encrypt(apps, schema_editor, decrypt=True)


class Migration(migrations.Migration):
    dependencies = [("certificates", "0012_renewal_window_parameter")]

    operations = [
        migrations.AddField(
            model_name="person",
            name="id_number_index",
            field=cdpf.crypto.BlindIndexField(default="", source="id_number"),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="person",
            name="id_number",
            field=cdpf.crypto.EncryptedCharField(max_length=18, verbose_name="ID number"),
        ),
        migrations.AlterField(
            model_name="person",
            name="phone",
            field=cdpf.crypto.EncryptedCharField(blank=True, max_length=20, verbose_name="phone"),
        ),
        migrations.AlterField(
            model_name="person",
            name="guardian_id_number",
            field=cdpf.crypto.EncryptedCharField(
                blank=True, max_length=18, verbose_name="guardian's ID number"
            ),
        ),
        migrations.AlterField(
            model_name="person",
            name="guardian_phone",
            field=cdpf.crypto.EncryptedCharField(
                blank=True, max_length=20, verbose_name="guardian's phone"
            ),
        ),
        migrations.AlterField(
            model_name="handover",
            name="receiver_id_number",
            field=cdpf.crypto.EncryptedCharField(
                blank=True, max_length=18, verbose_name="receiver's ID number"
            ),
        ),
        migrations.AlterField(
            model_name="application",
            name="applicant",
            field=cdpf.crypto.PartlyEncryptedJSONField(
                blank=True, default=dict, encrypted_keys=("phone", "guardian_phone"),
                verbose_name="applicant as received",
            ),
        ),
        migrations.RunPython(encrypt, decrypt, elidable=False),
        migrations.AlterField(
            model_name="person",
            name="id_number_index",
            field=cdpf.crypto.BlindIndexField(source="id_number", unique=True),
        ),
    ]
