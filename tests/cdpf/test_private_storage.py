"""Private files go through Django's STORAGES (issue 13): a local folder by default, S3-compatible
object storage when PRIVATE_STORAGE_S3_BUCKET is set. .ci/run runs this file and the
attachment, materials and evidence tests a second time against moto's S3 server."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile

from cdpf import private_files
from tests.private_storage import is_object_storage

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def test_a_stored_file_reads_back_from_its_area(tmp_path, settings):
    settings.PRIVATE_STORAGE_DIR = tmp_path
    # a PDF is kept byte for byte (pictures are re-encoded at upload: test_upload_limits)
    fields = private_files.store(SimpleUploadedFile("扫描件.pdf", PDF), area="attachments")
    assert fields["content_type"] == "application/pdf" and fields["original_name"] == "扫描件.pdf"
    assert private_files.read("attachments", fields["path"]) == PDF
    assert storages["private"].exists(f"attachments/{fields['path']}")
    local = list(tmp_path.rglob("*"))
    if is_object_storage():  # a web node keeps nothing on its own disk
        assert not [p for p in local if p.is_file()]
    else:  # encrypted on disk (decision 0160): neither the content nor the signature shows
        on_disk = (tmp_path / "attachments" / fields["path"]).read_bytes()
        assert on_disk != PDF and b"%PDF" not in on_disk and on_disk.startswith(b"CDPFENC1")
    sealed = storages["private"].read_sealed(f"attachments/{fields['path']}")
    assert PDF not in sealed and sealed.startswith(b"CDPFENC1")


@pytest.mark.parametrize("path", ["../x", "/etc/passwd", "2026/11/../../../etc/passwd", ""])
def test_a_path_leaving_its_area_is_refused(path):
    with pytest.raises(ValidationError, match="bad stored file path"):
        private_files.read("attachments", path)


def test_private_files_have_no_url():
    if is_object_storage():
        pytest.skip("object storage: objects are private (ACL), served through views")
    with pytest.raises(ValueError):
        storages["private"].url("attachments/x")


def test_setting_a_bucket_selects_object_storage():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cdpf.settings",
        "CDPF_ALLOW_INSECURE_KEY": "1",
        "PRIVATE_STORAGE_S3_BUCKET": "cdpf-files",
        "PRIVATE_STORAGE_S3_ENDPOINT": "http://127.0.0.1:9000",
    }
    code = (
        "import django; django.setup(); from django.core.files.storage import storages; "
        "s = storages['private']; print(type(s).__name__, s.bucket_name, s.default_acl)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True
    )
    assert out.stdout.split() == ["EncryptedS3Storage", "cdpf-files", "private"], out.stderr
