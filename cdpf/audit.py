"""The audit trail: who did what, to which record, from where, and whether it worked."""

from __future__ import annotations

import contextvars
import functools
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db import connections, models, router
from django.utils import timezone, translation

from cdpf.crypto import BlindIndexField, EncryptedCharField, PartlyEncryptedJSONField, mask_value
from cdpf.models import AuditEntry
from cdpf.observability import client_ip  # noqa: F401 - audit.client_ip, used across apps


@dataclass(frozen=True)
class Actor:
    user: object | None
    ip: str | None


_current: contextvars.ContextVar[Actor | None] = contextvars.ContextVar("audit_actor", default=None)

# Models whose saves are not themselves audited (the log itself, counters, progress ticks).
UNAUDITED = {
    "cdpf.auditentry",
    "cdpf.passwordhistory",  # hashes only; the change itself is audited on the account
    "cdpf.job",
    "cdpf.documentcounter",
    "sessions.session",
    "certificates.namegram",  # derived from the holder's name: rebuilt on every save
    "django_tasks_db.dbtaskresult",
    "admin.logentry",
    "contenttypes.contenttype",
    "auth.permission",
}
AUDITED_APPS = {
    "cdpf",
    "duties",
    "certificates",
    "employment_quota",
    "levy_relief",
    "massage_licensing",
    "supervision",
    "tongban",
    "auth",
}


@contextmanager
def acting_as(user, ip: str | None = None):
    """Attribute every change made inside the block to `user` (used by jobs and commands)."""
    token = _current.set(Actor(user=user, ip=ip))
    try:
        yield
    finally:
        _current.reset(token)


def current_actor() -> Actor | None:
    return _current.get()


def object_names_in_every_language(obj) -> dict[str, str]:
    """The object's name in each interface language, kept with the entry so each reader sees
    it in theirs (empty when every language gives the same text)."""
    names = {}
    for code, _label in settings.LANGUAGES:
        with translation.override(code):
            names[code] = str(obj)[:200]
    return names if len(set(names.values())) > 1 else {}


def record(
    *,
    action: str,
    obj: models.Model | None = None,
    user=None,
    username: str = "",
    success: bool = True,
    detail: dict | None = None,
    ip: str | None = None,
    object_type: str = "",
    object_repr: str = "",
) -> AuditEntry:
    """Write one audit entry. The actor defaults to whoever the current request or job is."""
    actor = current_actor()
    if user is None and actor is not None:
        user = actor.user
    if ip is None and actor is not None:
        ip = actor.ip
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    region_code = ""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        if not object_repr:
            # stored in the default language, with every language's name for the reader
            names = object_names_in_every_language(obj)
            object_repr = names.get(settings.LANGUAGE_CODE) or str(obj)[:200]
            if names:
                detail = {**(detail or {}), "names": names}
        region = getattr(obj, "region", None)
        region_code = getattr(region, "code", "") or ""
    if not region_code and user is not None and getattr(user, "region", None):
        region_code = user.region.code
    if not region_code and detail and isinstance(detail.get("region"), str):
        region_code = detail["region"]
    return _insert(
        AuditEntry(
            user=user,
            username=username or (user.get_username() if user else ""),
            action=action,
            object_type=object_type,
            object_id=str(getattr(obj, "_audit_pk", None) or obj.pk or "")
            if obj is not None
            else "",
            object_repr=object_repr[:200],
            detail=detail or {},
            success=success,
            ip=ip,
            region_code=region_code,
        )
    )


def _insert(entry: AuditEntry) -> AuditEntry:
    """``entry.save()`` as the one INSERT it is, written out once per database (issue 16 item
    1): an ID search and every holder page write an entry, and the ORM's save machinery cost
    more than the row. Each value is prepared by its own field, as the ORM prepares it; no
    signal is lost, since the audit log is not itself audited (UNAUDITED) and nothing else
    listens to it (tests/cdpf/test_audit.py compares the rows with the ORM's)."""
    connection = connections[router.db_for_write(AuditEntry)]
    entry.at = timezone.now()  # auto_now_add
    fields = _insert_fields()
    returning = connection.features.can_return_columns_from_insert
    params = [f.get_db_prep_save(getattr(entry, f.attname), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(_insert_sql(connection.vendor, returning), params)
        entry.pk = cursor.fetchone()[0] if returning else cursor.lastrowid
    entry._state.adding = False
    entry._state.db = connection.alias
    return entry


@functools.cache
def _insert_fields() -> tuple:
    return tuple(f for f in AuditEntry._meta.concrete_fields if not f.primary_key)


@functools.cache
def _insert_sql(vendor: str, returning: bool) -> str:
    quote = connections[router.db_for_write(AuditEntry)].ops.quote_name
    meta = AuditEntry._meta
    sql = (
        f"INSERT INTO {quote(meta.db_table)} "
        f"({', '.join(quote(f.column) for f in _insert_fields())}) "
        f"VALUES ({', '.join(['%s'] * len(_insert_fields()))})"
    )
    return f"{sql} RETURNING {quote(meta.pk.column)}" if returning else sql


def is_audited(model: type[models.Model]) -> bool:
    label = model._meta.label_lower
    return model._meta.app_label in AUDITED_APPS and label not in UNAUDITED


def field_values(instance: models.Model) -> dict:
    values = {}
    for field in instance._meta.concrete_fields:
        if isinstance(field, (models.BinaryField, BlindIndexField)) or field.name in {"password"}:
            continue
        value = field.value_from_object(instance)
        if isinstance(field, EncryptedCharField):
            # the log keeps no more of an ID or phone number than a masked list shows (0160)
            values[field.name] = mask_value(value or "")
            continue
        if isinstance(field, PartlyEncryptedJSONField) and isinstance(value, dict):
            value = {k: mask_value(v) if k in field.encrypted_keys and isinstance(v, str) else v
                     for k, v in value.items()}
        values[field.name] = value if isinstance(value, (int, bool, type(None))) else str(value)
    return values
