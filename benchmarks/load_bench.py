"""The issue-16 load mix against gunicorn with the production settings, driven by wrk.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cdpf_province \\
        .venv/bin/python benchmarks/load_bench.py [--users 1,8,20,50] [--duration 20]
        [--workers 4] [--port 8106] [--sessions 100]

A script, not a test. Needs the province data (manage.py make_synthetic_data --size province,
and --quota-only for the quota dashboard) in a PostgreSQL database whose name contains
"bench" or "province"; `wrk` on the PATH (apt-get install wrk).

What it does, so that nothing flatters the figures:

* the environment is an operator's: DEBUG=0, no CDPF_TESTING (the manifest static storage,
  so `collectstatic` runs first into a temporary STATIC_ROOT), a random SECRET_KEY, a signing
  certificate made for the run, `check --deploy`; gunicorn with gunicorn.conf.py and
  --workers N (4 by default, as in the issue) on 127.0.0.1:PORT. wrk plays the TLS proxy
  (X-Forwarded-Proto: https from a trusted proxy address), as nginx would.
* `--sessions` signed-in sessions (one account each: one session per account, decision 0125):
  office users of 永年区 for the register pages, supervisors of 永年区 for the quota dashboard.
* the mix (issue 16): ID lookup 25 %, certificate number 5 %, two-character name search 20 %,
  list pages 20 % (every filter of the page, pages 2–39), holder page 20 %, quota dashboard
  10 %; each request a random URL of its kind and a random session of its role.
* for each number of concurrent users (wrk connections, one thread per core), a warm-up of
  5 s then `--duration` seconds measured: req/s, p50/p95/p99 (wrk's own latency record, every
  request), non-2xx responses and socket errors, the CPU seconds of the gunicorn processes and
  of this database's PostgreSQL backends per request, and the load average beside them (the
  machine is shared: read the figures with it).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
DISTRICT = "130408"  # 永年区
MIX = {  # kind → share of requests (issue 16)
    "id": 25,
    "number": 5,
    "name": 20,
    "list": 20,
    "holder": 20,
    "dashboard": 10,
}
NAME_QUERIES = ("王秀", "秀英", "建国", "浩然", "王喆", "张伟", "李娜", "欧阳", "志强", "桂英")
LIST_FILTERS = {
    "status": ["", "valid", "expired", "cancelled"],
    "category": ["", "1", "4", "6"],
    "grade": ["", "1", "3"],
}
HOST = "127.0.0.1"

LUA = r"""
-- issue 16 load mix: a random URL of a kind chosen by weight, with a session of its role
local lists, cookies, kinds = {}, {}, {}
local function lines(path)
  local t = {}
  for l in io.lines(path) do if #l > 0 then t[#t + 1] = l end end
  return t
end
init = function(args)
  local dir = args[1]
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000)
  for _, k in ipairs({"id", "number", "name", "list", "holder", "dashboard"}) do
    lists[k] = lines(dir .. "/" .. k .. ".txt")
  end
  cookies.office = lines(dir .. "/office.cookies")
  cookies.dashboard = lines(dir .. "/dashboard.cookies")
  for l in io.lines(dir .. "/mix.txt") do kinds[#kinds + 1] = l end
end
request = function()
  local kind = kinds[math.random(#kinds)]
  local urls = lists[kind]
  local jar = kind == "dashboard" and cookies.dashboard or cookies.office
  return wrk.format("GET", urls[math.random(#urls)], {
    ["Cookie"] = jar[math.random(#jar)],
    ["X-Forwarded-Proto"] = "https",
    ["X-Forwarded-For"] = "10.0.0.9",
  })
end
done = function(summary, latency, requests)
  local out = io.open(os.getenv("LOAD_BENCH_RESULT"), "w")
  out:write(string.format(
    '{"requests": %d, "duration_us": %d, "p50": %d, "p95": %d, "p99": %d, "max": %d, ' ..
    '"non2xx": %d, "connect": %d, "read": %d, "write": %d, "timeout": %d}',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, summary.errors.status, summary.errors.connect,
    summary.errors.read, summary.errors.write, summary.errors.timeout))
  out:close()
end
"""


def production_environment(database_url: str, work: Path, port: int) -> dict:
    """An operator's environment (.env.example), secrets and places replaced for this run."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "CDPF_TESTING",
            "CDPF_ALLOW_INSECURE_KEY",
            "CDPF_HTTPS",
            "DJANGO_SETTINGS_MODULE",
            "STATIC_ROOT",
            "PRIVATE_STORAGE_DIR",
            "CDPF_VAR_DIR",
            "DEBUG",
        }
    }
    example = ROOT / ".env.example"
    if example.exists():
        for line in example.read_text().splitlines():
            if line and not line.startswith("#") and "=" in line:
                key, value = line.split("=", 1)
                env.setdefault(key, value)
    # The data keys the synthetic data was written with: the operator's from the environment,
    # else the development keys make_synthetic_data used under DEBUG=1 (cdpf/settings.py).
    dev = dict(re.findall(r'^_DEV_(DATA_KEYS|BLIND_INDEX_KEY) = "([^"]+)"',
                          (ROOT / "cdpf" / "settings.py").read_text(), re.M))  # fmt: skip
    for name in ("DATA_KEYS", "BLIND_INDEX_KEY"):
        key = f"CDPF_{name}"
        if "change-me" in env.get(key, "change-me"):
            env[key] = os.environ.get(key) or dev[name]
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=database_url,
        CDPF_VAR_DIR=str(work / "var"),
        STATIC_ROOT=str(work / "static"),
        PRIVATE_STORAGE_DIR=str(work / "private"),
        TRUSTED_PROXIES="127.0.0.1",
        ALLOWED_HOSTS=HOST,
        DJANGO_SETTINGS_MODULE="cdpf.settings",
        GUNICORN_BIND=f"{HOST}:{port}",
        LOG_LEVEL="WARNING",
        CONN_MAX_AGE="600",
    )
    return env


def manage(env: dict, *args: str) -> None:
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True)


SETUP = r"""
import json, random, sys
import django
django.setup()
from urllib.parse import urlencode
from django.conf import settings
from django.test import Client
from django.urls import reverse
from cdpf import roles
from cdpf.audit import acting_as
from cdpf.models import Region, User
from certificates.models import Certificate
from benchmarks.sessions import account, verified

out, sessions, district = sys.argv[1], int(sys.argv[2]), sys.argv[3]
cfg = json.loads(sys.argv[4])
region = Region.objects.get(code=district)
rng = random.Random(2026)

def cookie(user):
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)  # one session per account: each its own account
    verified(client, user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"

with acting_as(None):
    dashboard_n = max(1, sessions // 10)
    office = [
        cookie(account(f"load_office_{i:03d}", region, roles.OFFICE))
        for i in range(sessions - dashboard_n)
    ]
    supervisors = [
        cookie(account(f"load_super_{i:03d}", region, roles.SUPERVISOR)) for i in range(dashboard_n)
    ]
sample = list(
    Certificate.objects.filter(region=region, status="valid")
    .select_related("person").order_by("?")[:2000]
)
index = reverse("certificates:index")
lists = {
    "id": [f"{index}?{urlencode({'q': c.person.id_number})}" for c in sample],
    "number": [f"{index}?{urlencode({'q': c.number})}" for c in sample],
    "name": [f"{index}?{urlencode({'q': q})}" for q in cfg["names"]],
    "holder": [reverse("certificates:person", args=[c.person_id]) for c in sample],
    "dashboard": [reverse("employment_quota:dashboard")],
}
urls = []
import itertools
for status, category, grade in itertools.product(*cfg["filters"].values()):
    params = {k: v for k, v in (("status", status), ("category", category), ("grade", grade)) if v}
    for page in range(2, 40):
        urls.append(f"{index}?{urlencode({**params, 'page': page})}")
lists["list"] = urls
for kind, values in lists.items():
    with open(f"{out}/{kind}.txt", "w") as fh:
        fh.write("\n".join(values) + "\n")
with open(f"{out}/office.cookies", "w") as fh:
    fh.write("\n".join(office) + "\n")
with open(f"{out}/dashboard.cookies", "w") as fh:
    fh.write("\n".join(supervisors) + "\n")
print(json.dumps({k: len(v) for k, v in lists.items()}))
"""


def proc_cpu(pids) -> dict[int, float]:
    """User + system CPU seconds of each of these processes so far."""
    tick = os.sysconf("SC_CLK_TCK")
    seconds = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            seconds[pid] = (int(fields[11]) + int(fields[12])) / tick
        except (OSError, IndexError, ValueError):
            pass
    return seconds


def cpu_spent(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds spent between two readings by the processes alive at both (a database
    backend that ended in between is left out rather than counted negative)."""
    return sum(after[pid] - before[pid] for pid in before.keys() & after.keys())


def gunicorn_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    try:
        return [master, *map(int, children.read_text().split())]
    except OSError:
        return [master]


def backend_pids(database_url: str) -> list[int]:
    import psycopg  # noqa: PLC0415  (after django.setup())

    name = urlsplit(database_url).path.lstrip("/")
    with psycopg.connect(database_url, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        ).fetchall()
    return [pid for (pid,) in rows]


def machine_cpu() -> tuple[float, float]:
    """(busy, total) jiffies of the whole machine."""
    values = list(map(int, Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]))
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


def wait_until_up(port: int, cookie: str, path: str, timeout: float = 180) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            request = urllib.request.Request(
                f"http://{HOST}:{port}{path}",
                headers={"Cookie": cookie, "X-Forwarded-Proto": "https"},
            )
            with urllib.request.urlopen(request, timeout=10) as response:
                if response.status == 200:
                    return
        except Exception:  # noqa: BLE001 - not up yet
            pass
        time.sleep(1)
    raise SystemExit("gunicorn did not answer 200 in time (see its log)")


def check_pages(port: int, work: Path) -> None:
    """Every URL kind answers 200 signed in (not a sign-in page) before anything is timed."""
    office = (work / "office.cookies").read_text().split()[0]
    boss = (work / "dashboard.cookies").read_text().split()[0]
    for kind in MIX:
        url = (work / f"{kind}.txt").read_text().split()[0]
        request = urllib.request.Request(
            f"http://{HOST}:{port}{url}",
            headers={
                "Cookie": boss if kind == "dashboard" else office,
                "X-Forwarded-Proto": "https",
            },
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            body = response.read()
            if response.status != 200 or b'name="password"' in body:
                raise SystemExit(f"{kind}: {url} did not answer a signed-in 200")


def run_wrk(port: int, users: int, seconds: int, work: Path, script: Path) -> dict:
    """wrk's figures, with the CPU seconds wrk itself spent (`wrk_s`): the load tool runs on
    the same cores as the server, so its share is printed, not hidden in "machine busy"."""
    result = work / "result.json"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    env = {**os.environ, "LOAD_BENCH_RESULT": str(result)}
    threads = max(1, min(users, os.cpu_count() or 1))
    subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{users}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            f"http://{HOST}:{port}",
            "--",
            str(work),
        ],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    figures = json.loads(result.read_text())
    figures["wrk_s"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return figures


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", default="1,8,20,50")
    parser.add_argument("--duration", type=int, default=20, help="measured seconds per step")
    parser.add_argument("--warm-up", type=int, default=5)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8106)
    parser.add_argument("--sessions", type=int, default=100)
    parser.add_argument(
        "--only", default="", help="kinds of the mix to send (e.g. list,name), at their shares"
    )
    args = parser.parse_args(argv)
    database_url = os.environ.get("DATABASE_URL", "")
    name = urlsplit(database_url).path.lstrip("/")
    if not database_url.startswith("postgres") or not ("bench" in name or "province" in name):
        sys.exit("DATABASE_URL must name a PostgreSQL database whose name has bench/province.")
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed: apt-get install wrk")
    work = Path(tempfile.mkdtemp(prefix="cdpf-load-"))
    env = production_environment(database_url, work, args.port)
    print(f"Production build in {work}: collectstatic, signing certificate, check --deploy…")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    manage(env, "make_signing_certificate")
    manage(env, "check", "--deploy", "--fail-level", "ERROR")
    mix = {k: v for k, v in MIX.items() if not args.only or k in args.only.split(",")}
    weights = "\n".join(k for k, share in mix.items() for _ in range(share))
    (work / "mix.txt").write_text(weights + "\n")
    config = {"names": NAME_QUERIES, "filters": LIST_FILTERS}
    sizes = subprocess.run(
        [PY, "-c", SETUP, str(work), str(args.sessions), DISTRICT, json.dumps(config)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    print(f"URLs per kind: {sizes}; {args.sessions} sessions")
    script = work / "mix.lua"
    script.write_text(LUA)
    log = open(work / "gunicorn.log", "w")  # noqa: SIM115 - closed at the end
    server = subprocess.Popen(
        [
            str(Path(PY).with_name("gunicorn")),
            "-c",
            "gunicorn.conf.py",
            "--workers",
            str(args.workers),
            "cdpf.wsgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        first = (work / "office.cookies").read_text().split()[0]
        wait_until_up(args.port, first, "/")
        check_pages(args.port, work)
        print(
            f"\ngunicorn {args.workers} workers, DEBUG=0, manifest static; wrk, mix "
            + ", ".join(f"{k} {v} %" for k, v in mix.items())
            + f"; {args.duration} s per step after {args.warm_up} s warm-up\n"
        )
        head = (
            f"{'users':>5} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6} {'max':>6} "
            f"{'errors':>6} {'py ms/req':>9} {'pg ms/req':>9} {'wrk ms/req':>10} "
            f"{'other ms/req':>12} {'machine busy':>12}  load average"
        )
        print(head)
        print("-" * len(head))
        for users in [int(u) for u in args.users.split(",")]:
            run_wrk(args.port, users, args.warm_up, work, script)
            workers = gunicorn_pids(server.pid)
            backends = backend_pids(database_url)
            py0, pg0, (busy0, all0) = proc_cpu(workers), proc_cpu(backends), machine_cpu()
            figures = run_wrk(args.port, users, args.duration, work, script)
            py1, pg1, (busy1, all1) = proc_cpu(workers), proc_cpu(backends), machine_cpu()
            python_s, postgres_s = cpu_spent(py0, py1), cpu_spent(pg0, pg1)
            busy_s = (busy1 - busy0) / os.sysconf("SC_CLK_TCK")
            other_s = busy_s - python_s - postgres_s - figures["wrk_s"]
            load = os.getloadavg()
            n = max(1, figures["requests"])
            errors = sum(figures[k] for k in ("non2xx", "connect", "read", "write", "timeout"))
            print(
                f"{users:5d} {n / (figures['duration_us'] / 1e6):7.1f} "
                f"{figures['p50'] / 1000:6.0f} {figures['p95'] / 1000:6.0f} "
                f"{figures['p99'] / 1000:6.0f} {figures['max'] / 1000:6.0f} {errors:6d} "
                f"{python_s * 1000 / n:9.2f} {postgres_s * 1000 / n:9.2f} "
                f"{figures['wrk_s'] * 1000 / n:10.2f} {other_s * 1000 / n:12.2f} "
                f"{100 * (busy1 - busy0) / max(1, all1 - all0):11.0f}%  "
                + " ".join(f"{x:.2f}" for x in load),
                flush=True,
            )
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
    print(
        "\nms; py = CPU of the gunicorn processes, pg = CPU of this database's backends, wrk = "
        "CPU of the load tool, other = the rest of the machine's busy time (the kernel's "
        "network work, other processes), per request; errors = non-2xx + socket errors."
    )
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
