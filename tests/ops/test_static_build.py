"""The production static build: the Dockerfile's collectstatic with the manifest storage
succeeds, and `.env.example` does not move STATIC_ROOT away from the image's built files."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def production_env(**extra) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("CDPF_", "DJANGO_SETTINGS", "DJANGO_ALLOW_ASYNC", "STATIC_ROOT"))
    }
    env.update(
        {"DEBUG": "0", "SECRET_KEY": "build-only", "DJANGO_SETTINGS_MODULE": "cdpf.settings"}
    )
    env.update(extra)
    return env


def test_collectstatic_with_the_manifest_storage_succeeds(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=ROOT,
        env=production_env(STATIC_ROOT=str(tmp_path), CDPF_VAR_DIR=str(tmp_path / "var")),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())
    hashed = manifest["paths"]["vendor/bootstrap/bootstrap.bundle.min.js"]
    assert hashed != "vendor/bootstrap/bootstrap.bundle.min.js"
    assert (tmp_path / hashed).exists()
    assert (tmp_path / manifest["paths"]["vendor/bootstrap/bootstrap.min.css"]).exists()


def test_no_vendored_file_points_at_a_file_that_is_not_there():
    for path in (ROOT / "static").rglob("*"):
        if path.suffix not in {".js", ".css"}:
            continue
        for line in path.read_text(errors="replace").splitlines():
            if "sourceMappingURL=" in line:
                target = line.split("sourceMappingURL=")[1].strip(" */")
                assert (path.parent / target).exists(), f"{path} refers to missing {target}"


def test_env_example_leaves_static_root_to_the_image():
    names = {
        line.split("=", 1)[0].strip()
        for line in (ROOT / ".env.example").read_text().splitlines()
        if "=" in line and not line.lstrip().startswith("#")
    }
    assert "STATIC_ROOT" not in names
