"""A stored document never changes (issue 12, part 2): the database refuses any UPDATE of a
kept printed document's number, content or checksum, on SQLite and on PostgreSQL alike, so
no path (a queryset .update(), a raw query, the admin) can rewrite what was printed."""

from django.db import migrations

SQLITE_UP = """
CREATE TRIGGER IF NOT EXISTS generated_document_immutable
BEFORE UPDATE OF number, content, sha256, size, kind, object_type, object_id
ON cdpf_generateddocument
BEGIN
    SELECT RAISE(ABORT, 'a stored document never changes');
END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS generated_document_immutable;"
POSTGRES_UP = """
CREATE OR REPLACE FUNCTION generated_document_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'a stored document never changes';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS generated_document_immutable ON cdpf_generateddocument;
CREATE TRIGGER generated_document_immutable
BEFORE UPDATE OF number, content, sha256, size, kind, object_type, object_id
ON cdpf_generateddocument
FOR EACH ROW EXECUTE FUNCTION generated_document_immutable();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS generated_document_immutable ON cdpf_generateddocument;
DROP FUNCTION IF EXISTS generated_document_immutable();
"""


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_UP)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_UP)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_DOWN)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_DOWN)


class Migration(migrations.Migration):
    dependencies = [
        ("cdpf", "0005_create_roles"),
        ("certificates", "0009_transfers_as_one_register"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
