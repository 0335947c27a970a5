"""The certificate's holder and region keys lose their own indexes (decision 0310): the covering
indexes of 0018 lead with them (cert_person_region; the district-led list orders).

Django's AlterField(db_index=False) drops every plain index on the column, and PostgreSQL
reports the partial unique index one_valid_certificate as one: it would drop the rule that a
holder has one valid certificate. So the state changes here and the database drops only the
two indexes the keys had, by the names Django gave them."""

import django.db.models.deletion
from django.db import migrations, models

KEYS = ("person", "region")


def _index_name(schema_editor, model, field) -> str:
    return schema_editor._create_index_name(model._meta.db_table, [field.column], suffix="")


def drop_key_indexes(apps, schema_editor):
    model = apps.get_model("certificates", "Certificate")
    for key in KEYS:
        name = _index_name(schema_editor, model, model._meta.get_field(key))
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")


def create_key_indexes(apps, schema_editor):
    model = apps.get_model("certificates", "Certificate")
    for key in KEYS:
        field = model._meta.get_field(key)
        schema_editor.execute(
            schema_editor._create_index_sql(
                model, fields=[field], name=_index_name(schema_editor, model, field)
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("cdpf", "0016_recovery_codes_hashed"),
        ("certificates", "0018_covering_list_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="certificate",
                    name="person",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="certificates",
                        to="certificates.person",
                        verbose_name="holder",
                    ),
                ),
                migrations.AlterField(
                    model_name="certificate",
                    name="region",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        to="cdpf.region",
                        verbose_name="region",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunPython(drop_key_indexes, create_key_indexes),
            ],
        ),
    ]
