"""Bring everything encrypted at rest under the newest key (decision 0160, docs/security.md):
ID and phone numbers re-encrypted where an older key wrote them, blind indexes recomputed
(after a new CDPF_BLIND_INDEX_KEY), private files encrypted (those stored before encryption)
or re-encrypted. Safe to run again; run it after putting a new key first in CDPF_DATA_KEYS,
and remove the old key only when it reports nothing left to rewrite."""

from django.core.files.storage import storages
from django.core.management.base import BaseCommand
from django.db import connection

from cdpf import audit, crypto
from cdpf.models import AuditEntry


class Command(BaseCommand):
    help = "Re-encrypt data and private files under the newest key; recompute blind indexes."

    def add_arguments(self, parser):
        parser.add_argument("--skip-files", action="store_true", help="columns only")
        parser.add_argument("--skip-columns", action="store_true", help="private files only")
        parser.add_argument("--batch", type=int, default=2000)

    def handle(self, *args, **options):
        say = self.stdout.write
        say(f"Current data key: {crypto.current_key_id()}")
        columns = files = {}
        if not options["skip_columns"]:
            columns = crypto.rotate_columns(connection, say=say, batch=options["batch"])
        if not options["skip_files"]:
            files = crypto.rotate_files(storages["private"], say=say)
        audit.record(
            action=AuditEntry.Action.UPDATE,
            object_type="cdpf.keys",
            object_repr="rotate_data_keys",
            detail={"key": crypto.current_key_id(), "columns": columns, "files": files},
        )
        self.stdout.write(self.style.SUCCESS("Everything is under the current key."))
