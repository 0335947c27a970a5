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


def copy_rows(cursor, model: type[models.Model], rows: list[dict]) -> None:
    if not rows:
        return
    # what the ORM does on save (decisions 0160, 0200): blind indexes from their ID and
    # certificate numbers, ID, certificate and phone numbers encrypted
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


def analyze(loaded: Iterable[type[models.Model]], *, vacuum: bool) -> None:
    """Fresh planner statistics after a bulk load (and, outside a transaction, the visibility
    map, as autovacuum would have set it by the time real users search)."""
    qn = connection.ops.quote_name
    verb = "VACUUM (ANALYZE)" if vacuum else "ANALYZE"
    with connection.cursor() as cursor:
        for model in loaded:
            cursor.execute(f"{verb} {qn(model._meta.db_table)}")
