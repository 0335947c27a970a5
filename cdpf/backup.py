"""Backup and restore of one installation (decision 62): the database and every private file
in one tar archive with a manifest.

    manifest.json        format, app version, time, database vendor, migrations applied,
                         row count of every table, sha256 and size of every other member
    database.dump        pg_dump -Fc (PostgreSQL)   | database.sqlite3 (SQLite backup API)
    private/<path>       every file under PRIVATE_STORAGE_DIR

The database is dumped before the files are copied: a file is written before the row that
names it, so every row's file is in the archive (a file uploaded meanwhile is an extra).
Restore checks the whole archive first and changes nothing when it is damaged or was written
by another app version; then it replaces the database and the private folder (the previous
folder is kept beside it, renamed) and compares the row counts with the manifest.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connection, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from cdpf.version import app_version

FORMAT = 1
MANIFEST = "manifest.json"
PRIVATE_PREFIX = "private/"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, for the operator."""


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


# What the database holds --------------------------------------------------------------------


def vendor() -> str:
    return connection.vendor


def applied_migrations() -> list[str]:
    return sorted(
        f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations()
    )


def row_counts() -> dict[str, int]:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 - introspected
            counts[table] = cursor.fetchone()[0]
    return counts


def _pg_args() -> tuple[list[str], dict]:
    db = connection.settings_dict
    args = ["--dbname", db["NAME"], "--username", db["USER"] or "postgres"]
    if db["HOST"]:
        args += ["--host", db["HOST"]]
    if db["PORT"]:
        args += ["--port", str(db["PORT"])]
    env = dict(os.environ)
    if db["PASSWORD"]:
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _run(command: list[str], env: dict) -> None:
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True)
    except FileNotFoundError as error:
        raise BackupError(
            f"{command[0]} is not installed: install the PostgreSQL client of the server's "
            "major version (Debian: postgresql-client-15)."
        ) from error
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")


def dump_database(target: Path) -> str:
    """Write the database to `target`; returns the member name it goes under."""
    if connection.in_atomic_block:
        # pg_dump would not see the open transaction's rows; SQLite's backup would wait forever.
        raise BackupError("A backup cannot be taken inside a database transaction.")
    if vendor() == "postgresql":
        args, env = _pg_args()
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                "--file",
                str(target),
                *args,
            ],
            env,
        )
        return "database.dump"
    if vendor() == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
        return "database.sqlite3"
    raise BackupError(f"backups of a {vendor()} database are not supported")


def load_database(source: Path) -> None:
    if vendor() == "postgresql":
        args, env = _pg_args()
        connections.close_all()
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                *args,
                str(source),
            ],
            env,
        )
    else:
        connection.ensure_connection()
        origin = sqlite3.connect(source)
        try:
            origin.backup(connection.connection)
        finally:
            origin.close()
    connections.close_all()


# Backup -------------------------------------------------------------------------------------


@dataclass
class BackupResult:
    path: Path
    manifest: dict


def private_files() -> list[Path]:
    root = Path(settings.PRIVATE_STORAGE_DIR)
    if not root.exists():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith(".healthz-"))


def create_backup(target: Path) -> BackupResult:
    """Write the archive to `target` (0600, written beside it first, then renamed)."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    root = Path(settings.PRIVATE_STORAGE_DIR)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".backup-") as work:
        dump = Path(work) / "database"
        member = dump_database(dump)
        manifest = {
            "format": FORMAT,
            "app_version": app_version(),
            "created_at": timezone.now().isoformat(),
            "database": {"vendor": vendor(), "member": member},
            "migrations": applied_migrations(),
            "rows": row_counts(),
            "files": {member: {"sha256": sha256_file(dump), "size": dump.stat().st_size}},
        }
        files = private_files()
        for path in files:
            name = PRIVATE_PREFIX + path.relative_to(root).as_posix()
            manifest["files"][name] = {"sha256": sha256_file(path), "size": path.stat().st_size}
        partial = Path(work) / "archive.tar"
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle, tarfile.open(fileobj=handle, mode="w") as tar:
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mode, info.mtime = len(data), 0o600, int(timezone.now().timestamp())
            tar.addfile(info, io.BytesIO(data))
            tar.add(dump, arcname=member, recursive=False)
            for path in files:
                tar.add(
                    path,
                    arcname=PRIVATE_PREFIX + path.relative_to(root).as_posix(),
                    recursive=False,
                )
        os.replace(partial, target)
    return BackupResult(target, manifest)


# Restore ------------------------------------------------------------------------------------


def _safe_member(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and name == path.as_posix()


def read_manifest(tar: tarfile.TarFile) -> dict:
    try:
        handle = tar.extractfile(MANIFEST)
    except KeyError:
        handle = None
    if handle is None:
        raise BackupError("This is not a 残联通 backup archive: it has no manifest.json.")
    try:
        manifest = json.loads(handle.read())
    except ValueError as error:
        raise BackupError("The archive's manifest is damaged (not valid JSON).") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown archive format {manifest.get('format')!r} (expected {FORMAT}).")
    return manifest


def check_compatible(manifest: dict) -> None:
    ours = app_version()
    if manifest["app_version"] != ours:
        raise BackupError(
            f"This archive was written by version {manifest['app_version']}; this is version "
            f"{ours}. Restore it with the image of version {manifest['app_version']} (see "
            "docs/deploy.md, Rollback), then upgrade. Nothing was changed."
        )
    if manifest["database"]["vendor"] != vendor():
        raise BackupError(
            f"This archive holds a {manifest['database']['vendor']} database; this installation "
            f"uses {vendor()}. Nothing was changed."
        )
    known = {
        f"{app}.{name}"
        for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    }
    unknown = sorted(set(manifest["migrations"]) - known)
    if unknown:
        raise BackupError(
            "The archive's database has migrations this code does not know ("
            + ", ".join(unknown[:5])
            + "). Nothing was changed."
        )


def verify_and_extract(archive: Path, staging: Path) -> dict:
    """Check every member against the manifest while extracting to `staging`."""
    try:
        tar = tarfile.open(archive, mode="r:")
    except (tarfile.TarError, OSError) as error:
        raise BackupError(
            f"The archive {archive} is damaged or not a backup archive ({error})."
        ) from error
    with tar:
        try:
            manifest = read_manifest(tar)
            check_compatible(manifest)
            expected = dict(manifest["files"])
            for member in tar:
                if member.name == MANIFEST:
                    continue
                if not member.isfile() or not _safe_member(member.name):
                    raise BackupError(f"The archive holds an unexpected entry: {member.name!r}.")
                entry = expected.pop(member.name, None)
                if entry is None:
                    raise BackupError(f"{member.name} is in the archive but not in its manifest.")
                target = staging / member.name
                target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
                digest = hashlib.sha256()
                source = tar.extractfile(member)
                fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "wb") as handle:
                    while block := source.read(CHUNK):
                        digest.update(block)
                        handle.write(block)
                if digest.hexdigest() != entry["sha256"]:
                    raise BackupError(
                        f"The archive is damaged: {member.name} does not match its sha256 in the "
                        "manifest. Nothing was changed."
                    )
        except (tarfile.TarError, OSError, EOFError, KeyError, TypeError) as error:
            raise BackupError(f"The archive is damaged ({error}). Nothing was changed.") from error
        if expected:
            raise BackupError(
                f"The archive is incomplete: {len(expected)} files of the manifest are missing "
                f"(e.g. {next(iter(expected))}). Nothing was changed."
            )
    return manifest


@dataclass
class RestoreResult:
    manifest: dict
    files: int
    previous_private_dir: Path | None


def restore_backup(archive: Path) -> RestoreResult:
    root = Path(settings.PRIVATE_STORAGE_DIR)
    root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=root.parent, prefix=".restore-"))
    os.chmod(staging, 0o700)
    try:
        manifest = verify_and_extract(Path(archive), staging)
        load_database(staging / manifest["database"]["member"])
        counts = row_counts()
        differing = sorted(t for t, n in manifest["rows"].items() if counts.get(t) != n)
        if differing:
            raise BackupError(
                "The restored database does not have the archive's row counts: "
                + ", ".join(differing[:5])
            )
        restored = staging / PRIVATE_PREFIX.rstrip("/")
        restored.mkdir(mode=0o700, exist_ok=True)
        for folder in [restored, *(p for p in restored.rglob("*") if p.is_dir())]:
            os.chmod(folder, 0o700)
        previous = None
        if root.exists():
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            previous = root.with_name(f"{root.name}.before-restore-{stamp}")
            os.replace(root, previous)
        os.replace(restored, root)
        files = sum(1 for name in manifest["files"] if name.startswith(PRIVATE_PREFIX))
        return RestoreResult(manifest, files, previous)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


# Schedule and retention ---------------------------------------------------------------------


def archive_name(now: datetime.datetime) -> str:
    return f"cdpf-{timezone.localtime(now):%Y%m%d-%H%M%S}.tar"


def scheduled_backup(into: Path, now: datetime.datetime, keep_daily: int, keep_weekly: int) -> Path:
    """The daily archive in into/daily; on Sundays also linked into into/weekly; then prune."""
    into = Path(into)
    daily = create_backup(into / "daily" / archive_name(now)).path
    if timezone.localtime(now).isoweekday() == 7:
        weekly = into / "weekly" / daily.name
        weekly.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(daily, weekly)
        except OSError:
            shutil.copy2(daily, weekly)
    prune(into / "daily", keep_daily)
    prune(into / "weekly", keep_weekly)
    return daily


def prune(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` archives (names sort by time)."""
    if not folder.exists():
        return []
    archives = sorted(folder.glob("cdpf-*.tar"))
    removed = archives[: max(0, len(archives) - keep)]
    for path in removed:
        path.unlink()
    return removed


def next_run(now: datetime.datetime, at: datetime.time) -> datetime.datetime:
    local = timezone.localtime(now)
    candidate = local.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)
    if candidate <= local:
        candidate += datetime.timedelta(days=1)
    return candidate
