"""gunicorn.conf.py as production runs it (decision 0310): the app's request line is the access
log, gunicorn's own only when asked; a worker's loaded app is kept out of the collector's way."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_conf(code: str, **environ) -> str:
    env = {k: v for k, v in os.environ.items() if k != "GUNICORN_ACCESS_LOG"}
    env.update(environ)
    prelude = "import gc, runpy; conf = runpy.run_path('gunicorn.conf.py'); "
    return subprocess.run(
        [sys.executable, "-c", prelude + code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


@pytest.mark.parametrize(("setting", "accesslog"), [(None, None), ("0", None), ("1", "-")])
def test_gunicorns_access_log_only_when_asked(setting, accesslog):
    environ = {} if setting is None else {"GUNICORN_ACCESS_LOG": setting}
    assert run_conf("print(repr(conf['accesslog']))", **environ) == repr(accesslog)


def test_a_worker_freezes_what_it_loaded():
    printed = run_conf(
        "before = gc.get_freeze_count(); conf['post_worker_init'](None); "
        "print(before, gc.get_freeze_count() > 1000)"
    )
    assert printed == "0 True"
