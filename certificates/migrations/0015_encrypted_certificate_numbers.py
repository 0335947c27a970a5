"""Certificate numbers encrypted, with a blind index for lookups and the one-valid-number rule
(decision 0200): a 残疾人证 number is the holder's ID number + category + grade."""

from django.db import migrations, models

import cdpf.crypto

CERTIFICATE = {"number": "certificates.certificate.number"}
APPLICATION = {"incoming_number": "certificates.application.incoming_number"}


def encrypt(apps, schema_editor, decrypt=False):
    connection = schema_editor.connection
    cdpf.crypto.encrypt_table(
        connection, table="certificates_certificate", columns=CERTIFICATE,
        indexes={"number_index": ("number", cdpf.crypto.CERTIFICATE_DOMAIN)}, decrypt=decrypt,
    )
    cdpf.crypto.encrypt_table(connection, table="certificates_application", columns=APPLICATION,
                              decrypt=decrypt)


def decrypt(apps, schema_editor):
    encrypt(apps, schema_editor, decrypt=True)


class Migration(migrations.Migration):
    dependencies = [("certificates", "0014_merge_20261130_0756")]

    operations = [
        # the rule and the index on the clear number go first: changing the column's type
        # would drop them anyway (PostgreSQL), and they come back on the blind index below
        migrations.RemoveConstraint(model_name="certificate", name="one_valid_number"),
        migrations.RemoveIndex(model_name="certificate", name="cert_number"),
        migrations.AddField(
            model_name="certificate",
            name="number_index",
            field=cdpf.crypto.BlindIndexField(default="", domain="cert", source="number"),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="certificate",
            name="number",
            field=cdpf.crypto.EncryptedCharField(max_length=30, verbose_name="certificate number"),
        ),
        migrations.AlterField(
            model_name="application",
            name="incoming_number",
            field=cdpf.crypto.EncryptedCharField(
                blank=True, max_length=30, verbose_name="certificate number brought in"
            ),
        ),
        migrations.RunPython(encrypt, decrypt, elidable=False),
        migrations.AlterField(
            model_name="certificate",
            name="number_index",
            field=cdpf.crypto.BlindIndexField(domain="cert", source="number"),
        ),
        migrations.AddConstraint(
            model_name="certificate",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "valid")),
                fields=("number_index",),
                name="one_valid_number",
            ),
        ),
        migrations.AddIndex(
            model_name="certificate",
            index=models.Index(fields=["number_index"], name="cert_number_index"),
        ),
    ]
