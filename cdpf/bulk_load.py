"""Bulk loading on PostgreSQL: ids drawn from a table's sequence, rows streamed with COPY as
the ORM would have written them, fresh planner statistics afterwards. Shared by the synthetic
data of load tests and benchmarks (certificates' make_synthetic_data, the quota audit's
employment_quota/synthetic.py) and the certificate registry import (certificates/jobs.py,
which writes its own audit entry and events); no model signals, no audit rows."""

from __future__ import annotations

import json
from collections.abc import Iterable

from django.db import connection, models

from cdpf.crypto import BlindIndexField, EncryptedCharField


def next_ids(cursor, model: type[models.Model], count: int) -> list[int]:
    if not count:
        return []
    cursor.execute(
        "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
        [model._meta.db_table, model._meta.pk.column, count],
    )
    return [pk for (pk,) in cursor.fetchall()]


def _columns(model: type[models.Model], rows: list[dict]):
    """The rows as the ORM would write them: (attnames, fields, rows with every column)."""
    # what the ORM does on save (decisions 0160, 0200): blind indexes from their ID and
    # certificate numbers (unless given, computed once already), ID, certificate and phone
    # numbers encrypted (by the callers, as they write)
    for index in model._meta.concrete_fields:
        if isinstance(index, BlindIndexField) and index.attname not in rows[0]:
            rows = [{**row, index.attname: index.index_of(row.get(index.source))} for row in rows]
    keys = list(rows[0])
    fields = [model._meta.get_field(key) for key in keys]
    # columns the loader does not name (added to the model later) get their default, as
    # an INSERT through the ORM would: COPY would write NULL into them
    given = {f.attname for f in fields}
    defaults = {
        f.attname: f.get_default()
        for f in model._meta.concrete_fields
        if f.attname not in given
        and not f.primary_key
        and not f.null
        and f.get_default() is not None
    }
    keys += list(defaults)
    fields += [model._meta.get_field(name) for name in defaults]
    rows = [{**row, **defaults} for row in rows] if defaults else rows
    return keys, fields, rows


def copy_rows(cursor, model: type[models.Model], rows: list[dict]) -> None:
    if not rows:
        return
    keys, fields, rows = _columns(model, rows)
    json_at = [i for i, f in enumerate(fields) if isinstance(f, models.JSONField)]
    encrypted_at = [(i, f) for i, f in enumerate(fields) if isinstance(f, EncryptedCharField)]
    qn = connection.ops.quote_name
    sql = "COPY {} ({}) FROM STDIN".format(
        qn(model._meta.db_table), ", ".join(qn(f.column) for f in fields)
    )
    with cursor.copy(sql) as copy:
        for row in rows:
            values = [row[key] for key in keys]
            for i in json_at:
                values[i] = json.dumps(values[i], ensure_ascii=False)
            for i, field in encrypted_at:
                values[i] = field.encrypt(values[i])
            copy.write_row(values)


def _adapter(field: models.Field):
    """What turns a value of `field` into what the database keeps, for the fields that need
    it (the rest go as they are); what get_db_prep_save does, without its per-value cost."""
    if isinstance(field, EncryptedCharField):
        return field.encrypt
    if isinstance(field, models.JSONField):
        return lambda value: json.dumps(value, ensure_ascii=False)
    if isinstance(field, models.DateTimeField):
        return connection.ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return connection.ops.adapt_datefield_value
    return None


def insert_rows(cursor, model: type[models.Model], rows: list[dict]) -> None:
    """copy_rows on PostgreSQL; elsewhere (SQLite) the same rows in one executemany INSERT
    (bulk_create compiles every value of every row: three times the time)."""
    if connection.vendor == "postgresql":
        copy_rows(cursor, model, rows)
        return
    if not rows:
        return
    keys, fields, rows = _columns(model, rows)
    adapters = [(key, _adapter(field)) for key, field in zip(keys, fields, strict=True)]
    qn = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        qn(model._meta.db_table),
        ", ".join(qn(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    cursor.executemany(
        sql,
        [[adapt(row[key]) if adapt else row[key] for key, adapt in adapters] for row in rows],
    )


def analyze(loaded: Iterable[type[models.Model]], *, vacuum: bool) -> None:
    """Fresh planner statistics after a bulk load (and, outside a transaction, the visibility
    map, as autovacuum would have set it by the time real users search)."""
    qn = connection.ops.quote_name
    verb = "VACUUM (ANALYZE)" if vacuum else "ANALYZE"
    with connection.cursor() as cursor:
        for model in loaded:
            cursor.execute(f"{verb} {qn(model._meta.db_table)}")
