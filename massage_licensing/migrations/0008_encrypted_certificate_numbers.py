"""The 残疾人证 numbers an institution keeps (its blind legal representative's, each
practitioner's) encrypted: they contain the ID number (decision 0200). Never looked up
themselves: the certificate register is, through Certificate.objects.with_numbers()."""

from django.db import migrations

import cdpf.crypto

INSTITUTION = {
    "representative_certificate_number":
        "massage_licensing.institution.representative_certificate_number",
}
PRACTITIONER = {
    "disability_certificate_number": "massage_licensing.practitioner.disability_certificate_number",
}


def encrypt(apps, schema_editor, decrypt=False):
    connection = schema_editor.connection
    cdpf.crypto.encrypt_table(connection, table="massage_licensing_institution",
                              columns=INSTITUTION, decrypt=decrypt)
    cdpf.crypto.encrypt_table(connection, table="massage_licensing_practitioner",
                              columns=PRACTITIONER, decrypt=decrypt)


def decrypt(apps, schema_editor):
    encrypt(apps, schema_editor, decrypt=True)


class Migration(migrations.Migration):
    dependencies = [("massage_licensing", "0007_encrypted_id_numbers")]

    operations = [
        migrations.AlterField(
            model_name="institution",
            name="representative_certificate_number",
            field=cdpf.crypto.EncryptedCharField(
                blank=True, max_length=30,
                verbose_name="legal representative's disability certificate number",
            ),
        ),
        migrations.AlterField(
            model_name="practitioner",
            name="disability_certificate_number",
            field=cdpf.crypto.EncryptedCharField(
                blank=True, help_text="残疾人证号; empty for sighted staff.", max_length=30,
                verbose_name="disability certificate number",
            ),
        ),
        migrations.RunPython(encrypt, decrypt, elidable=False),
    ]
