"""Practitioners' ID numbers encrypted, with a blind index for lookups (decision 0160)."""

from django.db import migrations, models

import cdpf.crypto

COLUMNS = {"id_number": "massage_licensing.practitioner.id_number"}


def encrypt(apps, schema_editor, decrypt=False):
    cdpf.crypto.encrypt_table(schema_editor.connection, table="massage_licensing_practitioner",
                              columns=COLUMNS, indexes={"id_number_index": "id_number"},
                              decrypt=decrypt)


def decrypt(apps, schema_editor):
    encrypt(apps, schema_editor, decrypt=True)


class Migration(migrations.Migration):
    dependencies = [("massage_licensing", "0006_checklist_sources_without_parameter_keys")]

    operations = [
        migrations.RemoveConstraint(
            model_name="practitioner",
            name="massage_one_current_employment",
        ),
        migrations.AddField(
            model_name="practitioner",
            name="id_number_index",
            field=cdpf.crypto.BlindIndexField(default="", source="id_number"),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="practitioner",
            name="id_number",
            field=cdpf.crypto.EncryptedCharField(max_length=18, verbose_name="ID number"),
        ),
        migrations.RunPython(encrypt, decrypt, elidable=False),
        migrations.AlterField(
            model_name="practitioner",
            name="id_number_index",
            field=cdpf.crypto.BlindIndexField(db_index=True, source="id_number"),
        ),
        migrations.AddConstraint(
            model_name="practitioner",
            constraint=models.UniqueConstraint(
                condition=models.Q(("is_current", True)),
                fields=("id_number_index",),
                name="massage_one_current_employment",
            ),
        ),
    ]
