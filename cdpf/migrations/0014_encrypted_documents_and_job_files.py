"""Printed documents and uploaded import files encrypted in the database (decision 0160)."""

from django.db import migrations

import cdpf.crypto


def encrypt(apps, schema_editor, decrypt=False):
    connection = schema_editor.connection
    cdpf.crypto.encrypt_blobs(connection, table="cdpf_generateddocument", column="content",
                              context="cdpf.generateddocument.content", decrypt=decrypt)
    cdpf.crypto.encrypt_blobs(connection, table="cdpf_job", column="input_file",
                              context="cdpf.job.input_file", decrypt=decrypt)


def decrypt(apps, schema_editor):
    encrypt(apps, schema_editor, decrypt=True)


class Migration(migrations.Migration):
    dependencies = [("cdpf", "0013_merge_20261130_0428")]

    operations = [
        migrations.AlterField(
            model_name="generateddocument",
            name="content",
            field=cdpf.crypto.EncryptedBinaryField(editable=False),
        ),
        migrations.AlterField(
            model_name="job",
            name="input_file",
            field=cdpf.crypto.EncryptedBinaryField(
                blank=True, editable=False, null=True, verbose_name="input file"
            ),
        ),
        migrations.RunPython(encrypt, decrypt, elidable=False),
    ]
