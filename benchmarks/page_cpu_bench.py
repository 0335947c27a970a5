"""Python CPU per request for the issue-16 load mix, measured in one process (issue 16 item 1).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cdpf_bench \\
        .venv/bin/python benchmarks/page_cpu_bench.py [--requests 150] [--profile]

A script, not a test. Needs synthetic data in a PostgreSQL database whose name contains "bench"
or "province" (manage.py make_synthetic_data --size district|city|province).

What it measures, so that it cannot flatter: the operator's environment (DEBUG=0, no
CDPF_TESTING, the manifest static storage after `collectstatic` into a temporary folder, the
production middleware, a trusted proxy's X-Forwarded-Proto), each URL of the load benchmark's
mix (benchmarks/load_bench.py: ID lookup, certificate number, two-character name, list pages
with every filter, holder page, quota dashboard) requested through Django's request handler as
a signed-in office user or supervisor of 永年区. For each request, `time.process_time()` (CPU
of this process only: Python, the driver, no PostgreSQL) and `time.perf_counter()` (wall);
it prints the median and p95 CPU per kind, the mix's median, the share of the CPU spent
rendering templates and the number of translation lookups per request (`--profile` adds the
25 most expensive functions). Requests are run once each as warm-up first (caches, compiled
templates). The load average is printed beside the figures: the machine may be shared.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load_bench import MIX, NAME_QUERIES, PY, ROOT, production_environment  # noqa: E402

INNER = r"""
import cProfile, itertools, json, os, pstats, random, statistics, sys, time
import django
django.setup()
from urllib.parse import urlencode
from django.template import base as template_base
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import trans_real
from cdpf import roles
from cdpf.audit import acting_as
from cdpf.models import Region, User
from certificates.models import Certificate
from benchmarks.sessions import account, verified

cfg = json.loads(sys.argv[1])
region = Region.objects.get(code="130408")
rng = random.Random(2026)


def client_for(user):
    client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https",
                    REMOTE_ADDR="127.0.0.1")
    with acting_as(None):
        client.force_login(user)
    verified(client, user)
    return client


office = client_for(account("cpu_office", region, roles.OFFICE))
supervisor = client_for(account("cpu_super", region, roles.SUPERVISOR))
sample = list(
    Certificate.objects.filter(region=region, status="valid")
    .select_related("person").order_by("?")[:400]
)
index = reverse("certificates:index")
urls = {
    "id": [f"{index}?{urlencode({'q': c.person.id_number})}" for c in sample],
    "number": [f"{index}?{urlencode({'q': c.number})}" for c in sample],
    "name": [f"{index}?{urlencode({'q': q})}" for q in cfg["names"]],
    "holder": [reverse("certificates:person", args=[c.person_id]) for c in sample],
    "dashboard": [reverse("employment_quota:dashboard")],
}
lists = []
for status, category, grade in itertools.product(["", "valid", "expired", "cancelled"],
                                                 ["", "1", "4", "6"], ["", "1", "3"]):
    params = {k: v for k, v in (("status", status), ("category", category),
                                ("grade", grade)) if v}
    lists.append(f"{index}?{urlencode({**params, 'page': rng.randint(2, 39)})}")
urls["list"] = lists

calls = {"gettext": 0}
_trans = translation._trans


def counting(name):
    real = getattr(trans_real, name)

    def count(*args):
        calls["gettext"] += 1
        return real(*args)

    return count


for _name in ("gettext", "pgettext", "ngettext", "npgettext"):
    setattr(_trans, _name, counting(_name))  # translation._trans caches these on first use

render_time = {"t": 0.0}
depth = {"d": 0}


def timed(real):
    # `real`, a template's render: its CPU added to render_time when no render encloses it

    def render(*args, **kwargs):
        depth["d"] += 1
        start = time.process_time()
        try:
            return real(*args, **kwargs)
        finally:
            depth["d"] -= 1
            if depth["d"] == 0:
                render_time["t"] += time.process_time() - start

    return render


template_base.Template.render = timed(template_base.Template.render)
try:  # the Jinja2 pages (decision 0300); a commit before them has none
    from cdpf import jinja as jinja_backend
except ImportError:
    jinja_backend = None
if jinja_backend is not None:
    jinja_backend.Template.render = timed(jinja_backend.Template.render)


def fetch(kind, url):
    client = supervisor if kind == "dashboard" else office
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url}: {response.status_code}")
    return response


n = cfg["requests"]
results = {}
profile = cProfile.Profile(time.process_time) if cfg["profile"] else None
for kind in cfg["mix"]:
    chosen = [rng.choice(urls[kind]) for _ in range(n)]
    for url in set(chosen[:20]):
        fetch(kind, url)  # warm-up
    cpu, wall, renders, lookups = [], [], [], []
    for url in chosen:
        render_time["t"], calls["gettext"] = 0.0, 0
        c0, w0 = time.process_time(), time.perf_counter()
        if profile:
            profile.enable()
        fetch(kind, url)
        if profile:
            profile.disable()
        cpu.append((time.process_time() - c0) * 1000)
        wall.append((time.perf_counter() - w0) * 1000)
        renders.append(render_time["t"] * 1000)
        lookups.append(calls["gettext"])
    q = statistics.quantiles(cpu, n=20)
    results[kind] = {
        "cpu_p50": statistics.median(cpu), "cpu_p95": q[18],
        "wall_p50": statistics.median(wall), "render_p50": statistics.median(renders),
        "gettext_p50": statistics.median(lookups),
    }
print(json.dumps(results))
if profile:
    stats = pstats.Stats(profile, stream=sys.stderr)
    if cfg.get("dump"):
        stats.dump_stats(cfg["dump"])
    stats.sort_stats(cfg["sort"]).print_stats(40)
"""


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=150, help="requests per kind")
    parser.add_argument("--profile", action="store_true", help="print the hottest functions")
    parser.add_argument("--sort", default="tottime", help="profile order (tottime, cumulative)")
    parser.add_argument("--dump", default="", help="write the profile to this file (pstats)")
    parser.add_argument("--kinds", default=",".join(MIX), help="kinds of the mix to run")
    args = parser.parse_args(argv)
    database_url = os.environ.get("DATABASE_URL", "")
    if not any(word in database_url for word in ("bench", "province")):
        print("Set DATABASE_URL to a PostgreSQL database whose name has bench or province.")
        return 2
    with tempfile.TemporaryDirectory(prefix="cdpf-cpu-") as tmp:
        work = Path(tmp)
        env = production_environment(database_url, work, 0)
        subprocess.run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT,
                       env=env, check=True)  # fmt: skip
        subprocess.run([PY, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        config = {"requests": args.requests, "profile": args.profile, "sort": args.sort,
                  "dump": os.path.abspath(args.dump) if args.dump else "",
                  "names": list(NAME_QUERIES), "mix": args.kinds.split(",")}  # fmt: skip
        load_before = os.getloadavg()
        done = subprocess.run([PY, "-c", INNER, json.dumps(config)], cwd=ROOT, env=env,
                              capture_output=True, text=True)  # fmt: skip
        if done.returncode:
            print(done.stderr[-5000:])
            return 1
        load_after = os.getloadavg()
    if args.profile:
        print(done.stderr[-12000:])
    results = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"load average before {load_before[0]:.2f}, after {load_after[0]:.2f} "
          f"({os.cpu_count()} cores); {args.requests} requests per kind")  # fmt: skip
    print(f"{'kind':<10} {'share':>5} {'CPU p50':>8} {'CPU p95':>8} {'wall p50':>9} "
          f"{'render':>7} {'render%':>7} {'gettext':>7}")  # fmt: skip
    weighted = []
    for kind, share in MIX.items():
        if kind not in results:
            continue
        r = results[kind]
        weighted += [r["cpu_p50"]] * share
        render_share = 100 * r["render_p50"] / r["cpu_p50"]
        print(f"{kind:<10} {share:>4}% {r['cpu_p50']:>7.2f}ms {r['cpu_p95']:>7.2f}ms "
              f"{r['wall_p50']:>8.2f}ms {r['render_p50']:>6.2f}ms "
              f"{render_share:>6.0f}% {r['gettext_p50']:>7.0f}")  # fmt: skip
    weighted.sort()
    print(f"mix median CPU per request (by share): {weighted[len(weighted) // 2]:.2f} ms "
          "(issue 16 target: ≤ 6 ms)")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
