"""Make a self-signed signing key and certificate for a demo or test deployment (0133)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cdpf.signing import generate_self_signed


class Command(BaseCommand):
    help = "Write a self-signed document signing key and certificate (never for production)."
    requires_system_checks = []  # it makes the files whose absence the checks report (E130)

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Replace existing files.")

    def handle(self, *args, force=False, **options):
        key = Path(settings.DOCUMENT_SIGNING_KEY_FILE)
        cert = Path(settings.DOCUMENT_SIGNING_CERT_FILE)
        if (key.exists() or cert.exists()) and not force:
            raise CommandError(f"{key} or {cert} exists; use --force to replace them.")
        generate_self_signed(
            key_file=key, cert_file=cert, common_name=settings.DOCUMENT_SIGNER_NAME
        )
        self.stdout.write(f"Wrote {key} and {cert} ({settings.DOCUMENT_SIGNER_NAME}).")
