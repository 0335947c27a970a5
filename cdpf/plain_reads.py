"""Reads that run on every request, written as one plain query each (issue 16 item 1).

Compiling a queryset costs the ORM about 0.2 ms of Python, more than the query itself; the
session, the signed-in user with their region, the user's roles and the regions in their scope
are read on every page with the same shape. ``rows()`` builds model instances exactly as a
queryset does (``Model.from_db``: saved state, deferred nothing), from a SELECT of the model's
own columns, on the database the router reads that model from. Tests compare each read with
its ORM form (tests/cdpf/test_plain_reads.py).
"""

from __future__ import annotations

from django.db import connections, router
from django.utils import timezone

from cdpf.paginator import remembered_count


def _columns(model) -> tuple[list[str], list[str]]:
    fields = model._meta.concrete_fields
    return [f.column for f in fields], [f.attname for f in fields]


_CONVERTERS: dict[tuple, list] = {}


def _converters(model, connection) -> list[tuple[int, list, object]]:
    """What the ORM applies to each value read (the backend's and the field's own
    ``from_db_value``: aware date-times on SQLite, booleans, JSON, decryption), once per model
    and database."""
    key = (model, connection.alias, connection.vendor)
    if key in _CONVERTERS:
        return _CONVERTERS[key]
    found = _CONVERTERS[key] = []
    for index, field in enumerate(model._meta.concrete_fields):
        column = field.get_col(model._meta.db_table)
        convert = connection.ops.get_db_converters(column) + field.get_db_converters(connection)
        if convert:
            found.append((index, convert, column))
    return found


def _convert(row, converters, connection) -> list:
    values = list(row)
    for index, convert, column in converters:
        value = values[index]
        for converter in convert:
            value = converter(value, column, connection)
        values[index] = value
    return values


def _fetch(connection, sql: str, params: list, prepared: bool) -> list[tuple]:
    """The rows of `sql`: on PostgreSQL, `prepared`, bound by the server and prepared once run
    often (decision 0290) through the connection's kept cursor (decision 0310); else through
    Django's own cursor."""
    fetch = getattr(connection, "fetch_prepared", None) if prepared else None
    if fetch is not None:
        return fetch(sql, params)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def model_columns(model) -> list[str]:
    """The model's own columns, in the order ``instances`` takes their values."""
    return _columns(model)[0]


def instances(model, values: list) -> list:
    """Instances of `model` from lists of its columns' values (``model_columns`` order), read
    by another query (e.g. as JSON), converted as the ORM converts them."""
    alias = router.db_for_read(model)
    connection = connections[alias]
    names = _columns(model)[1]
    converters = _converters(model, connection)
    return [model.from_db(alias, names, _convert(v, converters, connection)) for v in values]


def one_of(column: str, values) -> str:
    """`column IN (%s, …)` with a placeholder for each of `values` (the caller passes them)."""
    return f"{column} IN ({', '.join(['%s'] * len(values))})"


def adapt_now(model):
    """The current time as the database that `model` is read from takes it as a parameter."""
    return connections[router.db_for_read(model)].ops.adapt_datetimefield_value(timezone.now())


def rows(model, where: str, params: list, **options) -> list:
    """Instances of `model` whose row matches `where` (SQL over the table's own columns, with
    %s placeholders). Options as ``rows_with``'s: `order_by`, `limit` and `related`, a foreign
    key whose object is read by a join and cached on each instance, as ``select_related`` does
    (one level; a null key caches None)."""
    return [instance for instance, _ in rows_with(model, where, params, **options)]


def rows_with(
    model,
    where: str,
    params: list,
    *,
    order_by: str = "",
    related: str | None = None,
    values: tuple[str, ...] = (),
    limit: int | None = None,
    prepared: bool = True,
    keys: str = "",
) -> list[tuple]:
    """``rows()`` with more `values` read in the same query: SQL expressions over the row
    (``t.`` its table, ``r.`` the related one, ``k.`` the keys' query), given back beside
    each instance as a tuple; at most `limit` rows; `prepared=False`: never prepared on
    PostgreSQL (a list's filters). `keys`: a query of the rows' primary keys (and more values),
    joined as ``k``: the rows are picked first, then read (its placeholders' values come first
    in `params`)."""
    meta = model._meta
    columns, names = _columns(model)
    select = [f"t.{c}" for c in columns]
    join = ""
    if related:
        fk = meta.get_field(related)
        other = fk.related_model
        other_columns, other_names = _columns(other)
        select += [f"r.{c}" for c in other_columns]
        kind = "LEFT JOIN" if fk.null else "JOIN"
        join = f" {kind} {other._meta.db_table} r ON r.{fk.target_field.column} = t.{fk.column}"
    if keys:
        join = f" JOIN ({keys}) k ON k.{meta.pk.column} = t.{meta.pk.column}{join}"
    select += values
    sql = f"SELECT {', '.join(select)} FROM {meta.db_table} t{join} WHERE {where}"
    if order_by:
        sql += f" ORDER BY {order_by}"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    alias = router.db_for_read(model)
    connection = connections[alias]
    fetched = _fetch(connection, sql, params, prepared)
    found = []
    width = len(columns)
    converters = _converters(model, connection)
    for row in fetched:
        instance = model.from_db(alias, names, _convert(row[:width], converters, connection))
        if related:
            key = getattr(instance, fk.attname)
            value = None
            if key is not None:
                own = row[width : width + len(other_names)]
                converted = _convert(own, _converters(other, connection), connection)
                value = other.from_db(alias, other_names, converted)
            fk.set_cached_value(instance, value)
        found.append((instance, tuple(row[len(row) - len(values) :])))
    return found


class Listing:
    """A filtered list of `model` for ``cdpf.paginator.BoundedPaginator``, read in plain
    queries (issue 16 item 1): ``len()`` counts at most `count_limit + 1` rows (a list found
    past it is remembered, as the paginator remembers the ORM's), a slice reads its rows with
    `related` joined, a later page picking its keys first, as the paginator does for a
    queryset. `where(alias)` is the SQL condition over the table as `alias`; `order`, its
    columns with their direction (``("issue_date DESC", "id DESC")``).

    These reads are not prepared: a list's filters are what made PostgreSQL's generic plans
    slow (decision 0290)."""

    def __init__(self, model, where, params: list, *, order: tuple[str, ...],
                 related: str | None, count_limit: int):  # fmt: skip
        self.model, self.where, self.params = model, where, params
        self.order, self.related, self.count_limit = order, related, count_limit
        self._length: int | None = None

    def _order_by(self, alias: str) -> str:
        return ", ".join(f"{alias}.{column}" for column in self.order)

    def _connection(self):
        return connections[router.db_for_read(self.model)]

    def __len__(self) -> int:
        if self._length is None:
            connection = self._connection()
            table = self.model._meta.db_table
            sql = (
                f"SELECT COUNT(*) FROM (SELECT 1 FROM {table} t WHERE {self.where('t')} "
                f"LIMIT {int(self.count_limit) + 1}) bounded"
            )

            def count() -> int:
                with connection.cursor() as cursor:
                    cursor.execute(sql, self.params)
                    return cursor.fetchone()[0]

            key = (connection.alias, sql, tuple(map(repr, self.params)))
            self._length = remembered_count(key, count, self.count_limit)
        return self._length

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("a listing is read a page at a time")
        start, stop = index.start or 0, index.stop
        if stop is None or start < 0 or stop < start:
            raise ValueError("a page needs a start and an end")
        if start == 0:  # the first page: the rows themselves
            return rows(self.model, self.where("t"), self.params, order_by=self._order_by("t"),
                        related=self.related, limit=stop, prepared=False)  # fmt: skip
        table, pk = self.model._meta.db_table, self.model._meta.pk.column
        keys = (
            f"t.{pk} IN (SELECT k.{pk} FROM {table} k WHERE {self.where('k')} "
            f"ORDER BY {self._order_by('k')} LIMIT {int(stop - start)} OFFSET {int(start)})"
        )
        return rows(self.model, keys, self.params, order_by=self._order_by("t"),
                    related=self.related, prepared=False)  # fmt: skip
