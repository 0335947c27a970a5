"""Backup and restore, and the restore drill (run on PostgreSQL and on SQLite by .ci/run):
records with attachments, back up, wipe, restore, compare row counts and file hashes, open a
restored attachment through the app. A damaged archive or one of another version is refused
with a clear message and nothing changes. Private files are 0600 in 0700 folders."""

import base64
import datetime
import hashlib
import os
import shutil
import stat
import tarfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from cdpf import backup, private_files, roles
from cdpf.models import Region
from certificates import services
from certificates.models import Attachment, Person
from certificates.rules import check_character
from tests.factories import make_user

DRILL = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAA"
    "AABJRU5ErkJggg=="
)
PDF = b"%PDF-1.4\n% a scanned page\n%%EOF\n"


@pytest.fixture
def private_dir(settings, tmp_path):
    settings.PRIVATE_STORAGE_DIR = tmp_path / "var" / "private"
    return settings.PRIVATE_STORAGE_DIR


@pytest.fixture
def records(client, private_dir):
    """An office user, two people and three uploaded scans (through the upload page)."""
    office = make_user("yn_office", "130408", roles.OFFICE)
    region = Region.objects.get(code="130408")
    client.force_login(office)
    for number, name in (("130408198503150018", "王喆"), (id_number("19900101"), "李华")):
        person = services.person_register(
            actor=office,
            region=region,
            id_number=number,
            name=name,
            community="城关镇东街村",
            address="永年区城关镇东街村1号",
            today=datetime.date(2026, 11, 2),
        )
        for content, filename, kind in ((PNG, "photo.png", "photo"), (PDF, "id.pdf", "other")):
            if kind == "other" and name == "李华":
                continue
            response = client.post(
                reverse("certificates:attachment_new", args=[person.pk]),
                {"kind": kind, "file": SimpleUploadedFile(filename, content)},
            )
            assert response.status_code == 302, response.content[:500]
    assert Attachment.objects.count() == 3
    return office


def id_number(birth: str) -> str:
    first17 = f"130408{birth}001"
    return first17 + check_character(first17)


def file_hashes(root: Path) -> dict:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def wipe(private_dir: Path):
    call_command("flush", "--noinput")
    shutil.rmtree(private_dir)
    assert not Person.objects.exists()


@DRILL
def test_restore_drill(client, records, private_dir, tmp_path):
    archive = tmp_path / "backups" / "drill.tar"
    rows, hashes = backup.row_counts(), file_hashes(private_dir)
    call_command("backup", "--output", str(archive))
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    manifest = backup.verify_and_extract(archive, tmp_path / "check")
    assert manifest["database"]["vendor"] == connection.vendor
    assert "cdpf.0001_initial" in manifest["migrations"]
    assert manifest["rows"]["certificates_attachment"] == 3
    assert len([n for n in manifest["files"] if n.startswith("private/")]) == 3

    wipe(private_dir)
    call_command("restore", str(archive), "--yes")

    assert backup.row_counts() == rows
    assert file_hashes(private_dir) == hashes
    for path in [private_dir, *private_dir.rglob("*")]:
        expected = 0o700 if path.is_dir() else 0o600
        assert stat.S_IMODE(path.stat().st_mode) == expected, path
    attachment = Attachment.objects.get(content_type="image/png", person__name="王喆")
    client.force_login(type(records).objects.get(username="yn_office"))
    response = client.get(reverse("certificates:attachment", args=[attachment.pk]))
    # the picture as stored (re-encoded without metadata at upload), byte for byte
    sealed = (private_dir / "attachments" / attachment.path).read_bytes()
    stored = private_files.read("attachments", attachment.path)  # decrypted (decision 0160)
    assert sealed != stored
    assert response.status_code == 200 and response.content == stored
    assert hashlib.sha256(stored).hexdigest() == attachment.sha256


def damage(archive: Path, member_prefix: str) -> None:
    """Flip one byte inside the data of the first member whose name starts with the prefix."""
    with tarfile.open(archive) as tar:
        member = next(m for m in tar if m.name.startswith(member_prefix))
        offset = member.offset_data
    with open(archive, "r+b") as handle:
        handle.seek(offset)
        byte = handle.read(1)
        handle.seek(offset)
        handle.write(bytes([byte[0] ^ 0xFF]))


@DRILL
def test_a_damaged_or_foreign_archive_is_refused_and_nothing_changes(
    records, private_dir, tmp_path, monkeypatch
):
    archive = tmp_path / "a.tar"
    backup.create_backup(archive)
    Person.objects.filter(name="李华").update(name="李华华")  # a change made after the backup
    hashes = file_hashes(private_dir)

    damaged = tmp_path / "damaged.tar"
    shutil.copy(archive, damaged)
    damage(damaged, "private/")
    with pytest.raises(CommandError, match=r"damaged: private/.* does not match its sha256"):
        call_command("restore", str(damaged), "--yes")

    truncated = tmp_path / "truncated.tar"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    with pytest.raises(CommandError, match="damaged|incomplete"):
        call_command("restore", str(truncated), "--yes")

    not_a_backup = tmp_path / "other.tar"
    not_a_backup.write_bytes(b"hello")
    with pytest.raises(CommandError, match="damaged or not a backup archive"):
        call_command("restore", str(not_a_backup), "--yes")

    monkeypatch.setenv("CDPF_VERSION", "9.9.9")
    with pytest.raises(CommandError, match=r"written by version .*; this is version 9\.9\.9"):
        call_command("restore", str(archive), "--yes")

    assert Person.objects.filter(name="李华华").exists()
    assert file_hashes(private_dir) == hashes


@DRILL
def test_restore_asks_before_replacing(records, tmp_path, monkeypatch):
    archive = tmp_path / "a.tar"
    backup.create_backup(archive)
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="Nothing was changed"):
        call_command("restore", str(archive))


@pytest.mark.django_db
def test_uploads_are_0600_in_0700_folders(records, private_dir):
    for path in [private_dir, *private_dir.rglob("*")]:
        expected = 0o700 if path.is_dir() else 0o600
        assert stat.S_IMODE(path.stat().st_mode) == expected, path


def test_retention_keeps_seven_daily_and_five_weekly(tmp_path):
    daily = tmp_path / "daily"
    daily.mkdir()
    for day in range(1, 11):
        (daily / f"cdpf-202611{day:02d}-023000.tar").write_bytes(b"x")
    removed = backup.prune(daily, 7)
    assert [p.name for p in removed] == [f"cdpf-202611{d:02d}-023000.tar" for d in (1, 2, 3)]
    assert len(list(daily.iterdir())) == 7


@DRILL
def test_the_sunday_backup_is_also_kept_as_a_weekly_one(tmp_path, private_dir):
    sunday = timezone.make_aware(datetime.datetime(2026, 11, 29, 2, 30))
    monday = sunday + datetime.timedelta(days=1)
    weekly = tmp_path / "b" / "weekly"
    weekly.mkdir(parents=True)
    for week in range(1, 6):
        (weekly / f"cdpf-202610{week:02d}-023000.tar").write_bytes(b"old")
    path = backup.scheduled_backup(tmp_path / "b", sunday, keep_daily=7, keep_weekly=5)
    assert path.parent.name == "daily"
    assert (weekly / path.name).exists() and len(list(weekly.iterdir())) == 5
    backup.scheduled_backup(tmp_path / "b", monday, keep_daily=7, keep_weekly=5)
    assert len(list((tmp_path / "b" / "daily").iterdir())) == 2
    assert len(list(weekly.iterdir())) == 5


def test_the_next_run_is_today_or_tomorrow_at_the_set_time():
    at = datetime.time(2, 30)
    before = timezone.make_aware(datetime.datetime(2026, 11, 29, 1, 0))
    after = timezone.make_aware(datetime.datetime(2026, 11, 29, 3, 0))
    assert backup.next_run(before, at).strftime("%d %H:%M") == "29 02:30"
    assert backup.next_run(after, at).strftime("%d %H:%M") == "30 02:30"


@pytest.mark.django_db
def test_a_backup_inside_a_transaction_is_refused(tmp_path):
    with pytest.raises(backup.BackupError, match="inside a database transaction"):
        backup.create_backup(tmp_path / "a.tar")


def test_a_missing_pg_dump_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(backup.BackupError, match="postgresql-client-15"):
        backup._run(["pg_dump", "--version"], dict(os.environ))
