"""System check: a deployment that cannot sign its documents says so at start-up (0133)."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, register


@register(deploy=True)  # run by check --deploy and at the server's start (cdpf/wsgi.py)
def signing_key_present(app_configs=None, **kwargs):
    if settings.DOCUMENT_SIGNING_AUTOGENERATE:
        return []
    missing = [
        str(path)
        for path in (settings.DOCUMENT_SIGNING_KEY_FILE, settings.DOCUMENT_SIGNING_CERT_FILE)
        if not Path(path).is_file()
    ]
    if not missing:
        return []
    return [
        Error(
            f"The document signing files are missing: {', '.join(missing)}.",
            hint="Set DOCUMENT_SIGNING_KEY_FILE and DOCUMENT_SIGNING_CERT_FILE to the "
            "federation's key and certificate (PEM); `manage.py make_signing_certificate` "
            "makes a self-signed pair for a demo.",
            id="cdpf.E130",
        )
    ]
