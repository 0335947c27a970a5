"""What an operator depends on in docker-compose.yml, the Dockerfile, nginx and .dockerignore
(Docker cannot run in CI, so the files are read and checked)."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
DOCKERFILE = (ROOT / "Dockerfile").read_text()
NGINX = (ROOT / "deploy" / "nginx.conf").read_text()
LONG_RUNNING = ("db", "web", "worker", "backup", "proxy")


def env_example() -> dict:
    pairs = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if "=" in line and not line.lstrip().startswith("#"):
            key, value = line.split("=", 1)
            pairs[key.strip()] = value.strip()
    return pairs


def test_the_services_an_operator_runs():
    assert set(SERVICES) == {"db", "migrate", "web", "worker", "backup", "proxy"}
    assert SERVICES["db"]["image"].startswith("postgres:15")
    assert "gunicorn.conf.py" in SERVICES["web"]["command"]
    assert "db_worker" in SERVICES["worker"]["command"]
    assert SERVICES["migrate"]["command"][-2:] == ["migrate", "--noinput"]


def test_only_the_proxy_publishes_ports_and_it_is_nginx_on_debian():
    published = {name for name, service in SERVICES.items() if service.get("ports")}
    assert published == {"proxy"}
    assert sorted(SERVICES["proxy"]["ports"]) == ["443:443", "80:80"]
    image = SERVICES["proxy"]["image"]
    assert image.startswith("nginx:") and "alpine" not in image and "bookworm" in image
    assert "front" not in SERVICES["db"]["networks"]


def test_long_running_services_restart_and_migrate_runs_once_first():
    for name in LONG_RUNNING:
        assert SERVICES[name]["restart"] == "unless-stopped", name
    assert SERVICES["migrate"]["restart"] == "no"
    assert SERVICES["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"
    for name in ("web", "worker", "backup"):
        condition = SERVICES[name]["depends_on"]["migrate"]["condition"]
        assert condition == "service_completed_successfully", name
        assert "migrate" not in " ".join(SERVICES[name]["command"]), name


def test_web_and_worker_have_healthchecks():
    assert SERVICES["web"]["healthcheck"]["test"][-2:] == ["healthcheck", "web"]
    assert SERVICES["worker"]["healthcheck"]["test"][-2:] == ["healthcheck", "worker"]
    assert "pg_isready" in " ".join(SERVICES["db"]["healthcheck"]["test"])


def test_secrets_come_only_from_dot_env():
    text = (ROOT / "docker-compose.yml").read_text()
    for name in ("migrate", "web", "worker", "backup"):
        assert SERVICES[name]["env_file"] == ".env"
        url = SERVICES[name]["environment"]["DATABASE_URL"]
        assert "${POSTGRES_PASSWORD:?" in url, name
    assert SERVICES["db"]["environment"]["POSTGRES_PASSWORD"].startswith("${POSTGRES_PASSWORD:?")
    for service in SERVICES.values():
        for key, value in service.get("environment", {}).items():
            if "PASSWORD" in key or "SECRET" in key:
                assert str(value).startswith("${"), key
    assert not re.search(r"postgres://\w+:(?!\$)", text)
    for key in ("SECRET_KEY", "POSTGRES_PASSWORD"):
        assert env_example()[key].startswith("change-me"), key


def test_data_lives_in_named_volumes():
    assert set(COMPOSE["volumes"]) == {"pgdata", "private", "backups"}
    assert "pgdata:/var/lib/postgresql/data" in SERVICES["db"]["volumes"]
    for name in ("web", "worker", "backup"):
        assert "private:/var/lib/cdpf" in SERVICES[name]["volumes"], name
    assert "backups:/backups" in SERVICES["backup"]["volumes"]
    assert env_example()["PRIVATE_STORAGE_DIR"].startswith("/var/lib/cdpf/")


def test_trusted_proxies_names_the_proxy_address():
    address = SERVICES["proxy"]["networks"]["front"]["ipv4_address"]
    assert env_example()["TRUSTED_PROXIES"] == address
    subnet = COMPOSE["networks"]["front"]["ipam"]["config"][0]["subnet"]
    assert address.rsplit(".", 1)[0] == subnet.rsplit(".", 1)[0].rsplit("/", 1)[0]
    assert "front" in SERVICES["web"]["networks"]


def test_nginx_terminates_tls_and_tells_the_app():
    assert "listen 443 ssl" in NGINX and "return 301 https://" in NGINX
    assert "ssl_certificate /etc/nginx/certs/fullchain.pem" in NGINX
    assert "ssl_certificate_key /etc/nginx/certs/privkey.pem" in NGINX
    assert "proxy_pass http://web:8000" in NGINX
    for header in ("X-Forwarded-For $remote_addr", "X-Forwarded-Proto https", "Host $host"):
        assert f"proxy_set_header {header};" in NGINX
    mounts = SERVICES["proxy"]["volumes"]
    assert "./deploy/nginx.conf:/etc/nginx/conf.d/default.conf:ro" in mounts
    assert "./deploy/certs:/etc/nginx/certs:ro" in mounts


def test_the_image():
    assert DOCKERFILE.startswith("#") and "FROM python:3.11-slim-bookworm" in DOCKERFILE
    db_major = SERVICES["db"]["image"].split(":")[1].split("-")[0]
    assert f"postgresql-client-{db_major}" in DOCKERFILE
    assert "collectstatic --noinput" in DOCKERFILE and "STATIC_ROOT=/app/staticfiles" in DOCKERFILE
    assert re.search(r"^USER cdpf$", DOCKERFILE, re.M)
    assert 'CMD ["gunicorn", "-c", "gunicorn.conf.py"' in DOCKERFILE
    assert "chmod 0700 /var/lib/cdpf" in DOCKERFILE


def test_dockerignore_keeps_secrets_and_local_state_out():
    ignored = set((ROOT / ".dockerignore").read_text().split())
    assert {".env", ".git", ".venv", "var", "deploy/certs", "node_modules"} <= ignored


@pytest.mark.skipif(not shutil.which("openssl"), reason="needs openssl")
def test_the_self_signed_certificate_for_a_test_box(tmp_path):
    subprocess.run(
        ["sh", str(ROOT / "deploy" / "self-signed-cert.sh"), "cdpf.test.example"],
        env={"CERT_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
        check=True,
        capture_output=True,
    )
    key = tmp_path / "privkey.pem"
    assert key.stat().st_mode & 0o077 == 0
    text = subprocess.run(
        ["openssl", "x509", "-in", str(tmp_path / "fullchain.pem"), "-noout", "-text"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "DNS:cdpf.test.example" in text


def test_two_web_nodes_run_behind_the_proxy():
    assert SERVICES["web"]["deploy"]["replicas"] >= 2
    assert "ports" not in SERVICES["web"]
    assert SERVICES["worker"]["stop_grace_period"] == "60s"
