"""The employer's contact phone encrypted (decision 0160)."""

from django.db import migrations

import cdpf.crypto

COLUMNS = {"contact_phone": "employment_quota.employer.contact_phone"}


def encrypt(apps, schema_editor, decrypt=False):
    cdpf.crypto.encrypt_table(schema_editor.connection, table="employment_quota_employer",
                              columns=COLUMNS, decrypt=decrypt)


def decrypt(apps, schema_editor):
    encrypt(apps, schema_editor, decrypt=True)


class Migration(migrations.Migration):
    dependencies = [("employment_quota", "0005_audit_year_recompute_needed")]

    operations = [
        migrations.AlterField(
            model_name="employer",
            name="contact_phone",
            field=cdpf.crypto.EncryptedCharField(
                blank=True, max_length=20, verbose_name="contact phone"
            ),
        ),
        migrations.RunPython(encrypt, decrypt, elidable=False),
    ]
