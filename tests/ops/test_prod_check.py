"""`make prod-check` is wired into CI before the tests, and the smoke test opens the same pages
as the URL sweep test."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_ci_runs_prod_check_before_the_tests():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make prod-check" in ci
    assert ci.index("make prod-check") < ci.index("make test")
    makefile = (ROOT / "Makefile").read_text()
    assert "prod-check:" in makefile and "scripts/prod-check.sh" in makefile
    assert "make prod-check" in (ROOT / "README.md").read_text()


def test_the_smoke_test_opens_the_pages_of_the_url_sweep():
    """Both walk cdpf.url_sweep.routes(): the smoke test and the URL sweep test."""
    assert "from cdpf.url_sweep import routes" in (ROOT / "scripts" / "prod_smoke.py").read_text()
    sweep = (ROOT / "tests" / "cdpf" / "test_url_sweep.py").read_text()
    assert "from cdpf.url_sweep import routes" in sweep and "ROUTES = routes()" in sweep


def test_prod_check_uses_env_example_without_the_testing_switches():
    script = (ROOT / "scripts" / "prod-check.sh").read_text()
    assert "done < .env.example" in script
    assert "unset CDPF_TESTING CDPF_ALLOW_INSECURE_KEY" in script
    for step in ("collectstatic", "check --deploy --fail-level WARNING", "migrate", "gunicorn"):
        assert step in script
