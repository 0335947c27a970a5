"""The deployment files: docker-compose parses and names its services; production settings pass
`check --deploy`; `.ci/run` and the README keep their promises."""

import base64
import os
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_docker_compose_names_database_web_and_worker():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert {"db", "web", "worker"} <= set(services)
    assert services["db"]["image"].startswith("postgres")
    assert "gunicorn" in services["web"]["command"]
    assert "db_worker" in services["worker"]["command"]
    for name in ("web", "worker"):
        assert services[name]["environment"]["DATABASE_URL"].startswith("postgres://")


def test_the_image_installs_fonts_and_weasyprint_libraries():
    dockerfile = (ROOT / "Dockerfile").read_text()
    for package in ("fonts-noto-cjk", "libpango-1.0-0", "libpangoft2-1.0-0"):
        assert package in dockerfile


def test_production_settings_pass_check_deploy(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("CDPF_", "DJANGO_SETTINGS", "DJANGO_ALLOW_ASYNC"))
    }
    env.update(
        {
            "DEBUG": "0",
            "SECRET_KEY": "x7$" + "k" * 40 + "Qz9!mP2@wL5#vB8&",
            "ALLOWED_HOSTS": "cdpf.example.gov.cn",
            "DJANGO_SETTINGS_MODULE": "cdpf.settings",
            # an empty database: the developer's own may hold the demo accounts (cdpf.E002)
            "DATABASE_URL": f"sqlite:///{tmp_path}/empty.sqlite3",
            # the federation's signing key and certificate, as an operator installs them (E130)
            "DOCUMENT_SIGNING_KEY_FILE": str(tmp_path / "key.pem"),
            "DOCUMENT_SIGNING_CERT_FILE": str(tmp_path / "cert.pem"),
            # the encryption keys, from the environment as docs/deploy.md says (E160)
            "CDPF_DATA_KEYS": "1:" + base64.b64encode(b"d" * 32).decode(),
            "CDPF_BLIND_INDEX_KEY": base64.b64encode(b"i" * 32).decode(),
        }
    )
    subprocess.run(
        [sys.executable, "manage.py", "make_signing_certificate"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CDPF_", "SECRET_KEY"))}
    env.update({"DEBUG": "0", "DJANGO_SETTINGS_MODULE": "cdpf.settings"})
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_ci_runs_the_readme_test_command_on_both_databases():
    ci = (ROOT / ".ci" / "run").read_text()
    readme = (ROOT / "README.md").read_text()
    assert "make run" in readme and "make test" in readme
    assert ci.count("make test") == 2 and "postgres://" in ci


def test_make_run_points_document_addresses_at_the_demo_it_serves():
    """A document's QR code and verify address point at CDPF_PUBLIC_URL; `make run PORT=8123`
    laid documents out pointing at port 8000, where nothing answered. Unless the operator
    names the address, the demo's worker (which lays documents out) and server get their own."""
    env = {k: v for k, v in os.environ.items() if k != "CDPF_PUBLIC_URL"}
    dry_run = subprocess.run(
        ["make", "-n", "run", "PORT=8123", "HOST=127.0.0.1"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    export = next(line for line in dry_run.stdout.splitlines() if "CDPF_PUBLIC_URL=" in line)
    assert dry_run.stdout.index(export) < dry_run.stdout.index("manage.py worker")
    said = export.rstrip("\\ ") + ' printf %s "$CDPF_PUBLIC_URL"'
    assert subprocess.run(["sh", "-c", said], env=env, capture_output=True, text=True).stdout == (
        "http://127.0.0.1:8123"
    )
    named = {**env, "CDPF_PUBLIC_URL": "https://cdpf.example.gov.cn"}
    assert subprocess.run(["sh", "-c", said], env=named, capture_output=True, text=True).stdout == (
        "https://cdpf.example.gov.cn"
    )
