"""Encryption at rest (decisions 0160, 0200): ID numbers, certificate numbers (which contain the
holder's ID number) and phone numbers encrypted in their columns, an HMAC blind index beside
each ID and certificate number for exact lookups, private files encrypted on write.

- AES-256-GCM with a random 96-bit nonce. A stored value reads `<key id>$<base64(nonce+ct)>`;
  the key id says which key of the ring decrypts it, so keys rotate: new writes use the newest
  key, `manage.py rotate_data_keys` re-encrypts what an older key wrote.
- The keys come from the environment (settings.CDPF_DATA_KEYS, CDPF_BLIND_INDEX_KEY), never
  from the database: a copy of the database alone reveals no ID number.
- Each key is stretched (HKDF) into one key for columns and one for files, and each column's
  ciphertext is bound to its column (associated data), so a value copied into another column
  does not decrypt.
- Lookups: an encrypted column refuses every lookup but `isnull` and `=""`; exact lookups go
  through the queryset methods `by_id_number()` / `with_id_numbers()` (IdNumberQuerySet) and,
  for certificate numbers, `by_number()` / `with_numbers()` (CertificateNumberQuerySet), which
  compare HMAC-SHA256 blind indexes (a separate key) in an indexed column. Each kind of value
  has its own index domain (`id`, `cert`), so equal indexes mean equal values of one kind.
- A value that does not decrypt (wrong key, unknown key id, altered bytes) raises
  DecryptionError: never an empty value or the raw ciphertext.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import hashlib
import hmac
import json
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.apps import apps
from django.conf import settings
from django.core import checks
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.db import models, transaction
from django.db.models.lookups import Exact, IsNull

from cdpf.crypto_keys import parse_blind_index_key, parse_key_ring  # noqa: F401

NONCE_BYTES = 12
FILE_MAGIC = b"CDPFENC1"  # an encrypted private file starts with these bytes
INDEX_LENGTH = 32  # hex characters of the blind index (128 bits: no collisions at any size)


class DecryptionError(Exception):
    """A stored value or file that the configured keys cannot decrypt."""


# --- keys ------------------------------------------------------------------------------------


def _ring() -> dict[str, bytes]:
    ring = settings.CDPF_DATA_KEYS
    if not ring:
        raise ImproperlyConfigured(
            "CDPF_DATA_KEYS is not set: personal data cannot be encrypted or read "
            "(docs/deploy.md, Encryption keys)."
        )
    return ring


def current_key_id() -> str:
    return next(iter(_ring()))


@functools.lru_cache(maxsize=64)
def _derive(key: bytes, purpose: bytes) -> AESGCM:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"cdpf:" + purpose)
    return AESGCM(hkdf.derive(key))


def _cipher(kid: str, purpose: bytes) -> AESGCM:
    key = _ring().get(kid)
    if key is None:
        raise DecryptionError(f"no key with id {kid!r} in CDPF_DATA_KEYS")
    return _derive(key, purpose)


def _index_key() -> bytes:
    key = settings.CDPF_BLIND_INDEX_KEY
    if not key:
        raise ImproperlyConfigured("CDPF_BLIND_INDEX_KEY is not set (docs/deploy.md).")
    return key


# --- values ----------------------------------------------------------------------------------


def encrypt_text(plaintext: str, *, context: str) -> str:
    """`<key id>$<base64(nonce + ciphertext + tag)>` under the newest key."""
    kid = current_key_id()
    nonce = os.urandom(NONCE_BYTES)
    sealed = _cipher(kid, b"field").encrypt(nonce, plaintext.encode(), context.encode())
    return f"{kid}${base64.b64encode(nonce + sealed).decode()}"


def decrypt_text(token: str, *, context: str) -> str:
    kid, sep, body = token.partition("$")
    if not sep or not body:
        raise DecryptionError(f"{context}: the stored value is not encrypted")
    try:
        raw = base64.b64decode(body, validate=True)
        cipher = _cipher(kid, b"field")
        plain = cipher.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], context.encode())
    except (InvalidTag, ValueError) as exc:
        raise DecryptionError(
            f"{context}: the stored value does not decrypt with key {kid!r}"
        ) from exc
    return plain.decode()


def key_id_of(token: str) -> str:
    return token.partition("$")[0]


def normalise_id_number(value: str) -> str:
    return (value or "").strip().upper()


# a certificate number (ID number + category + grade + Bn) is normalised the same way
normalise_number = normalise_id_number

ID_DOMAIN = "id"  # blind indexes of ID numbers
CERTIFICATE_DOMAIN = "cert"  # blind indexes of 残疾人证 numbers (decision 0200)


def mask_value(value: str) -> str:
    """An ID number as lists show it (first 6 and last 4); a certificate number with its ID
    part masked that way and its category, grade and replacement kept (130408********001842B1,
    as Certificate.masked_number); a phone number's first 3 and last 4; shorter values
    entirely starred."""
    if len(value) > 18 and value[:17].isdigit():
        return mask_value(value[:18]) + value[18:]
    if len(value) >= 15:
        return value[:6] + "*" * (len(value) - 10) + value[-4:]
    if len(value) >= 8:
        return value[:3] + "*" * (len(value) - 7) + value[-4:]
    return "*" * len(value)


def blind_index(value: str, *, domain: str = ID_DOMAIN) -> str:
    """The HMAC-SHA256 blind index of an ID number (or, with domain="cert", a certificate
    number), normalised, for exact lookups."""
    message = domain.encode() + b":" + normalise_id_number(value).encode()
    return hmac.new(_index_key(), message, hashlib.sha256).hexdigest()[:INDEX_LENGTH]


def certificate_index(number: str) -> str:
    """The blind index of a 残疾人证 number (Certificate.number_index)."""
    return blind_index(number, domain=CERTIFICATE_DOMAIN)


def keyed_hash(text: str) -> str:
    """A full-length HMAC-SHA256 of any text that contains an ID number (replaces a plain
    SHA-256, which anyone can reverse by trying every ID number)."""
    return hmac.new(_index_key(), b"hash:" + text.encode(), hashlib.sha256).hexdigest()


def recovery_code_digest(code: str) -> str:
    """What is stored of a second-factor recovery code: a keyed hash, 16 hex digits (the width
    of django-otp's token column), so a copy of the database gives no code that signs in."""
    return hmac.new(_index_key(), b"recovery:" + code.encode(), hashlib.sha256).hexdigest()[:16]


# --- files -----------------------------------------------------------------------------------


def encrypt_file(data: bytes, *, context: str = "private-file") -> bytes:
    kid = current_key_id().encode()
    nonce = os.urandom(NONCE_BYTES)
    header = FILE_MAGIC + bytes([len(kid)]) + kid
    sealed = _cipher(kid.decode(), b"file").encrypt(nonce, data, header + context.encode())
    return header + nonce + sealed


def is_encrypted_file(data: bytes) -> bool:
    return data.startswith(FILE_MAGIC)


def file_key_id(data: bytes) -> str:
    size = data[len(FILE_MAGIC)]
    return data[len(FILE_MAGIC) + 1 : len(FILE_MAGIC) + 1 + size].decode()


def decrypt_file(data: bytes, *, context: str = "private-file") -> bytes:
    if not is_encrypted_file(data):
        raise DecryptionError("the stored file is not encrypted")
    kid = file_key_id(data)
    start = len(FILE_MAGIC) + 1 + len(kid)
    header, nonce = data[:start], data[start : start + NONCE_BYTES]
    sealed = data[start + NONCE_BYTES :]
    try:
        return _cipher(kid, b"file").decrypt(nonce, sealed, header + context.encode())
    except InvalidTag as exc:
        raise DecryptionError(f"the stored file does not decrypt with key {kid!r}") from exc


# --- model fields ----------------------------------------------------------------------------


class EncryptedExact(Exact):
    """Only `= ""` (is it empty?) compares an encrypted column; anything else is refused."""

    def __init__(self, lhs, rhs):
        if rhs not in ("", None):
            raise FieldError(
                f"{lhs.target.name} is encrypted: look it up through its blind index, "
                "by_id_number() / with_id_numbers() (cdpf.crypto.IdNumberQuerySet) or "
                "by_number() / with_numbers() (cdpf.crypto.CertificateNumberQuerySet)"
            )
        super().__init__(lhs, rhs)


class EncryptedCharField(models.CharField):
    """A short text kept encrypted in a text column; the attribute holds the plaintext.
    `max_length` bounds the plaintext. An empty value is stored empty."""

    def get_internal_type(self):
        return "TextField"

    def contribute_to_class(self, cls, name, *args, **kwargs):
        super().contribute_to_class(cls, name, *args, **kwargs)
        self.context = f"{cls._meta.app_label}.{cls._meta.model_name}.{name}"

    def encrypt(self, value: str) -> str:
        return encrypt_text(value, context=self.context) if value else ""

    def decrypt(self, value: str) -> str:
        return decrypt_text(value, context=self.context) if value else value

    def from_db_value(self, value, expression, connection):
        return self.decrypt(value) if value else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return self.encrypt(value) if value else value

    def get_lookup(self, lookup_name):
        if lookup_name == "isnull":
            return IsNull
        if lookup_name == "exact":
            return EncryptedExact
        raise FieldError(
            f"{self.name} is encrypted: no {lookup_name!r} lookup; exact lookups go through "
            "by_id_number() / with_id_numbers() or by_number() / with_numbers()"
        )


class EncryptedBinaryField(models.BinaryField):
    """Bytes kept encrypted (the private-file format); the attribute holds them plain. For
    what the database keeps like a file: printed documents, uploaded import files."""

    def contribute_to_class(self, cls, name, *args, **kwargs):
        super().contribute_to_class(cls, name, *args, **kwargs)
        self.context = f"{cls._meta.app_label}.{cls._meta.model_name}.{name}"

    def from_db_value(self, value, expression, connection):
        if value is None:
            return value
        return decrypt_file(bytes(value), context=self.context)

    def get_db_prep_value(self, value, connection, prepared=False):
        if value is not None and not prepared:
            value = encrypt_file(bytes(value), context=self.context)
        return super().get_db_prep_value(value, connection, prepared=True)

    def get_lookup(self, lookup_name):
        if lookup_name == "isnull":
            return IsNull
        raise FieldError(f"{self.name} is encrypted: no {lookup_name!r} lookup")


class PartlyEncryptedJSONField(models.JSONField):
    """A JSON object some of whose keys (`encrypted_keys`, e.g. a snapshot's phone numbers)
    are kept encrypted; the attribute holds them plain."""

    def __init__(self, *args, encrypted_keys=(), **kwargs):
        self.encrypted_keys = tuple(encrypted_keys)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["encrypted_keys"] = self.encrypted_keys
        return name, path, args, kwargs

    def contribute_to_class(self, cls, name, *args, **kwargs):
        super().contribute_to_class(cls, name, *args, **kwargs)
        self.context = f"{cls._meta.app_label}.{cls._meta.model_name}.{name}"

    def _each(self, value, change):
        if not isinstance(value, dict):
            return value
        return {
            k: change(v, context=f"{self.context}.{k}")
            if k in self.encrypted_keys and isinstance(v, str) and v else v
            for k, v in value.items()
        }

    def from_db_value(self, value, expression, connection):
        return self._each(super().from_db_value(value, expression, connection), decrypt_text)

    def get_prep_value(self, value):
        return super().get_prep_value(self._each(value, encrypt_text))


class BlindIndexField(models.CharField):
    """The HMAC blind index of an encrypted ID number (`source`), set on every save; with
    domain="cert", of a certificate number."""

    def __init__(self, *args, source: str = "", domain: str = ID_DOMAIN, **kwargs):
        self.source = source
        self.domain = domain
        kwargs.setdefault("max_length", INDEX_LENGTH)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        if self.domain != ID_DOMAIN:
            kwargs["domain"] = self.domain
        for key, default in (("max_length", INDEX_LENGTH), ("editable", False), ("blank", True)):
            if kwargs.get(key, default) == default:
                kwargs.pop(key, None)
        return name, path, args, kwargs

    def index_of(self, value: str) -> str:
        return blind_index(value, domain=self.domain) if value else ""

    def pre_save(self, model_instance, add):
        index = self.index_of(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, index)
        return index


class IdNumberQuerySet(models.QuerySet):
    """The one way to find rows by ID number. `field` names the encrypted ID column, across
    relations too (`person__id_number`); its blind index is `<field>_index`."""

    def by_id_number(self, number: str, *, field: str = "id_number"):
        return self.filter(**{f"{field}_index": blind_index(number)})

    def with_id_numbers(self, numbers, *, field: str = "id_number"):
        return self.filter(**{f"{field}_index__in": [blind_index(n) for n in numbers]})

    def get_or_create_by_id_number(self, number: str, *, defaults: dict):
        """get_or_create(id_number=…), which a plain lookup cannot do on an encrypted column."""
        found = self.by_id_number(number).first()
        if found is not None:
            return found, False
        return self.create(id_number=normalise_id_number(number), **defaults), True

    def existing_id_numbers(self, numbers, *, field: str = "id_number",
                            batch: int = 5000) -> set[str]:
        """Which of `numbers` (normalised) some row has: indexed lookups in batches, nothing
        decrypted (an import checks its own file's ID numbers this way)."""
        numbers = list(dict.fromkeys(normalise_id_number(n) for n in numbers if n))
        found: set[str] = set()
        for start in range(0, len(numbers), batch):
            by_index = index_map(numbers[start : start + batch])
            found.update(
                by_index[index]
                for index in self.filter(**{f"{field}_index__in": list(by_index)})
                .values_list(f"{field}_index", flat=True)
                .distinct()
            )
        return found


class CertificateNumberQuerySet(IdNumberQuerySet):
    """The one way to find certificates by number (decision 0200): `field` names the encrypted
    number column, across relations too (`certificate__number`); its blind index is
    `<field>_index`. A plain `filter(number=...)` raises FieldError."""

    def by_number(self, number: str, *, field: str = "number"):
        return self.filter(**{f"{field}_index": certificate_index(number)})

    def with_numbers(self, numbers, *, field: str = "number"):
        return self.filter(**{f"{field}_index__in": [certificate_index(n) for n in numbers if n]})

    def existing_numbers(self, numbers, *, field: str = "number", batch: int = 5000) -> set[str]:
        """Which of `numbers` (normalised) some row has: indexed lookups in batches, nothing
        decrypted."""
        numbers = list(dict.fromkeys(normalise_number(n) for n in numbers if n))
        found: set[str] = set()
        for start in range(0, len(numbers), batch):
            by_index = number_index_map(numbers[start : start + batch])
            found.update(
                by_index[index]
                for index in self.filter(**{f"{field}_index__in": list(by_index)})
                .values_list(f"{field}_index", flat=True)
                .distinct()
            )
        return found


class BlindIndexSet:
    """`number in this` for a set of blind indexes (a whole column read without decrypting)."""

    def __init__(self, indexes):
        self._indexes = set(indexes)

    def __contains__(self, number) -> bool:
        return bool(number) and blind_index(number) in self._indexes

    def __len__(self) -> int:
        return len(self._indexes)


def index_map(numbers) -> dict[str, str]:
    """{blind index: ID number} for a batch, to map rows found by index back to the number."""
    return {blind_index(n): normalise_id_number(n) for n in numbers}


def number_index_map(numbers) -> dict[str, str]:
    """{blind index: certificate number} for a batch (index_map for certificate numbers)."""
    return {certificate_index(n): normalise_number(n) for n in numbers}


# --- deploy check ----------------------------------------------------------------------------


@checks.register(deploy=True)  # run by check --deploy and at the server's start (cdpf/wsgi.py)
def encryption_keys_present(app_configs=None, **kwargs):
    missing = [
        name
        for name, value in (
            ("CDPF_DATA_KEYS", settings.CDPF_DATA_KEYS),
            ("CDPF_BLIND_INDEX_KEY", settings.CDPF_BLIND_INDEX_KEY),
        )
        if not value
    ]
    if not missing:
        return []
    return [
        checks.Error(
            f"The encryption keys are missing: {', '.join(missing)}.",
            hint="Personal data and private files are encrypted with keys from the environment "
            "(docs/deploy.md, Encryption keys): generate each with `openssl rand -base64 32`; "
            "CDPF_DATA_KEYS reads 1:<key>.",
            id="cdpf.E160",
        )
    ]


# --- migrating existing rows and rotating keys ----------------------------------------------


def _update_rows(connection, cursor, table: str, columns: list[str], rows: list[list],
                 cast: str = "") -> None:
    """UPDATE table SET each column WHERE id = …, for rows of [*values, id]. PostgreSQL: one
    UPDATE … FROM (VALUES …) per call (one round trip for the batch instead of one per row);
    SQLite: executemany in process."""
    qn = connection.ops.quote_name
    if connection.vendor != "postgresql":
        cursor.executemany(
            f"UPDATE {qn(table)} SET {', '.join(f'{qn(c)} = %s' for c in columns)} "
            "WHERE id = %s",
            rows,
        )
        return
    names = [f"v{i}" for i in range(len(columns))]
    placeholders = ", ".join(["(" + ", ".join(["%s"] * (len(columns) + 1)) + ")"] * len(rows))
    cursor.execute(
        f"UPDATE {qn(table)} AS t SET "
        + ", ".join(f"{qn(c)} = v.{n}{cast}" for c, n in zip(columns, names, strict=True))
        + f" FROM (VALUES {placeholders}) AS v({', '.join(names)}, id) "
        "WHERE t.id = v.id::bigint",
        [value for row in rows for value in row],
    )


def encrypt_table(connection, *, table: str, columns: dict[str, str], indexes=None,
                  decrypt: bool = False, batch: int = 2000, extra=None) -> int:
    """Bring `columns` ({column: context}) of every row of `table` to their wanted form: each
    value encrypted under the newest key (or, with `decrypt`, plain again), each of `indexes`
    ({index column: source column}, or {index column: (source column, domain)} for another
    index domain than ID numbers') the blind index of its source under the current index
    key. Batches of `batch` rows by id, in plain SQL, so it runs in a migration on SQLite and
    PostgreSQL whatever the models say. Only rows that change are written, so it runs again
    safely: after a new data key (rotation) or a new index key (re-indexing). `extra(plain,
    pk)` may return more {column: value} to write. Returns the number of rows written."""
    indexes = {
        column: (source, ID_DOMAIN) if isinstance(source, str) else tuple(source)
        for column, source in (indexes or {}).items()
    }
    qn = connection.ops.quote_name
    names = list(columns) + list(indexes)
    current = None if decrypt else current_key_id()
    last, written = 0, 0
    with connection.cursor() as cursor:
        while True:
            cursor.execute(
                f"SELECT id, {', '.join(qn(c) for c in names)} FROM {qn(table)} "
                f"WHERE id > %s ORDER BY id LIMIT {int(batch)}",
                [last],
            )
            rows = cursor.fetchall()
            if not rows:
                return written
            last = rows[-1][0]
            updates = []
            for pk, *stored in rows:
                old = dict(zip(names, stored, strict=True))
                plain, new = {}, {}
                for name, context in columns.items():
                    value = old[name] or ""
                    encrypted = "$" in value
                    plain[name] = decrypt_text(value, context=context) if encrypted else value
                    if not value:
                        new[name] = value
                    elif decrypt:
                        new[name] = plain[name]
                    elif encrypted and key_id_of(value) == current:
                        new[name] = value
                    else:
                        new[name] = encrypt_text(plain[name], context=context)
                for index_column, (source, domain) in indexes.items():
                    new[index_column] = (
                        blind_index(plain[source], domain=domain) if plain[source] else ""
                    )
                if extra is not None:
                    new.update(extra(plain, pk) or {})
                changed = {k: v for k, v in new.items() if old.get(k, object()) != v}
                if changed:
                    updates.append((new, pk))
            if updates:
                targets = list(updates[0][0])
                _update_rows(connection, cursor, table, targets,
                             [[values[c] for c in targets] + [pk] for values, pk in updates])
                written += len(updates)


def encrypt_json_keys(connection, *, table: str, column: str, keys, context: str,
                      decrypt: bool = False, batch: int = 2000) -> int:
    """encrypt_table for the `keys` of a JSON object column (PartlyEncryptedJSONField)."""
    qn = connection.ops.quote_name
    cast = "::jsonb" if connection.vendor == "postgresql" else ""
    current = None if decrypt else current_key_id()
    last, written = 0, 0
    with connection.cursor() as cursor:
        while True:
            cursor.execute(
                f"SELECT id, {qn(column)} FROM {qn(table)} WHERE id > %s ORDER BY id "
                f"LIMIT {int(batch)}",
                [last],
            )
            rows = cursor.fetchall()
            if not rows:
                return written
            last = rows[-1][0]
            updates = []
            for pk, stored in rows:
                value = json.loads(stored) if isinstance(stored, str) else stored
                if not isinstance(value, dict):
                    continue
                new = dict(value)
                for key in keys:
                    item = value.get(key)
                    if not isinstance(item, str) or not item:
                        continue
                    encrypted = "$" in item
                    plain = decrypt_text(item, context=f"{context}.{key}") if encrypted else item
                    if decrypt:
                        new[key] = plain
                    elif not encrypted or key_id_of(item) != current:
                        new[key] = encrypt_text(plain, context=f"{context}.{key}")
                if new != value:
                    updates.append((json.dumps(new, ensure_ascii=False), pk))
            if updates:
                _update_rows(connection, cursor, table, [column], [list(u) for u in updates],
                             cast=cast)
                written += len(updates)


@contextlib.contextmanager
def _immutability_paused(connection, cursor, table: str):
    """Stored documents never change (certificates migration 0010: a trigger refuses any
    UPDATE). Re-encrypting one changes its bytes at rest, not the document (same plaintext,
    same sha256), so the key-maintenance path alone pauses the table's *_immutable triggers
    inside its transaction and puts them back."""
    if connection.vendor == "postgresql":
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal "
            "AND tgname LIKE %s",
            [table, "%immutable%"],
        )
        names = [name for (name,) in cursor.fetchall()]
        qn = connection.ops.quote_name
        # ALTER TABLE refuses while deferred foreign-key checks are pending: run them now
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for name in names:
            cursor.execute(f"ALTER TABLE {qn(table)} DISABLE TRIGGER {qn(name)}")
        try:
            yield
        finally:
            for name in names:
                cursor.execute(f"ALTER TABLE {qn(table)} ENABLE TRIGGER {qn(name)}")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        return
    cursor.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s "
        "AND name LIKE %s",
        [table, "%immutable%"],
    )
    triggers = cursor.fetchall()
    for name, _sql in triggers:
        cursor.execute(f'DROP TRIGGER "{name}"')
    try:
        yield
    finally:
        for _name, sql in triggers:
            cursor.execute(sql)


def encrypt_blobs(connection, *, table: str, column: str, context: str,
                  decrypt: bool = False, batch: int = 10) -> int:
    """encrypt_table for a binary column (EncryptedBinaryField), a few rows at a time."""
    qn = connection.ops.quote_name
    current = None if decrypt else current_key_id()
    last, written = 0, 0
    with connection.cursor() as cursor:
        while True:
            cursor.execute(
                f"SELECT id, {qn(column)} FROM {qn(table)} WHERE id > %s ORDER BY id "
                f"LIMIT {int(batch)}",
                [last],
            )
            rows = cursor.fetchall()
            if not rows:
                return written
            last = rows[-1][0]
            updates = []
            for pk, stored in rows:
                if stored is None:
                    continue
                data = bytes(stored)
                encrypted = is_encrypted_file(data)
                plain = decrypt_file(data, context=context) if encrypted else data
                if decrypt:
                    new = plain
                elif encrypted and file_key_id(data) == current:
                    continue
                else:
                    new = encrypt_file(plain, context=context)
                if new != data:
                    updates.append((connection.Database.Binary(new), pk))
            if updates:
                # one transaction: the triggers are never left paused
                with transaction.atomic(using=connection.alias), \
                        _immutability_paused(connection, cursor, table):
                    _update_rows(connection, cursor, table, [column],
                                 [list(u) for u in updates])
                written += len(updates)


def encrypted_tables():
    """(model, {column: context}, {index column: (source column, domain)}) of every installed
    model with an encrypted column."""
    for model in apps.get_models():
        fields = model._meta.concrete_fields
        columns = {f.column: f.context for f in fields if isinstance(f, EncryptedCharField)}
        if not columns:
            continue
        by_name = {f.name: f for f in fields}
        indexes = {
            f.column: (by_name[f.source].column, f.domain)
            for f in fields
            if isinstance(f, BlindIndexField)
        }
        yield model, columns, indexes


def rotate_columns(connection, *, say=None, batch: int = 2000) -> dict[str, int]:
    """Every encrypted column re-encrypted under the newest key where an older key wrote it,
    and every blind index recomputed under the current index key."""
    done = {}
    for model, columns, indexes in encrypted_tables():
        table = model._meta.db_table
        # a model whose other columns hang on the index key (a keyed row hash) says so
        extra = getattr(model, "rekeyed_columns", None)
        done[table] = encrypt_table(connection, table=table, columns=columns, indexes=indexes,
                                    batch=batch, extra=extra(connection) if extra else None)
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedBinaryField):
                table = f"{model._meta.db_table}.{field.column}"
                done[table] = encrypt_blobs(connection, table=model._meta.db_table,
                                            column=field.column, context=field.context)
            if isinstance(field, PartlyEncryptedJSONField):
                table = f"{model._meta.db_table}.{field.column}"
                done[table] = encrypt_json_keys(
                    connection, table=model._meta.db_table, column=field.column,
                    keys=field.encrypted_keys, context=field.context, batch=batch,
                )
    if say:
        for table, count in done.items():
            say(f"{table}: {count} row(s) rewritten")
    return done


def rotate_files(storage, *, say=None) -> dict[str, int]:
    """Every private file encrypted under the newest key: files stored before encryption and
    files an older key wrote. Returns counts (encrypted, re-encrypted, unchanged)."""
    current = current_key_id()
    counts = {"encrypted": 0, "re-encrypted": 0, "unchanged": 0}

    def walk(folder: str):
        directories, files = storage.listdir(folder)
        for name in files:
            yield f"{folder}/{name}" if folder else name
        for directory in directories:
            yield from walk(f"{folder}/{directory}" if folder else directory)

    for name in walk(""):
        sealed = storage.read_sealed(name)
        if not is_encrypted_file(sealed):
            storage.write_sealed(name, encrypt_file(sealed))
            counts["encrypted"] += 1
        elif file_key_id(sealed) != current:
            storage.write_sealed(name, encrypt_file(decrypt_file(sealed)))
            counts["re-encrypted"] += 1
        else:
            counts["unchanged"] += 1
    if say:
        say(f"private files: {counts}")
    return counts
