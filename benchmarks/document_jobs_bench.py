"""The long documents: how long the web request that asks for one takes, and (where it starts
a job) how long the job takes, for every document that renders in a job (decision 0230).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cdpf_jobs \\
        .venv/bin/python benchmarks/document_jobs_bench.py [--reps 3] [--code DIR] [--only a,b]

A script, not a test; needs the demo data (`manage.py load_demo`), optionally with the
synthetic holders and quota data on top (`manage.py make_synthetic_data --size district
--quota`). Runs in a child process with the code of `--code` (default this checkout), so the
same script times another checkout (the commit before the documents moved to jobs) in the same
sitting. Each request goes through the whole Django stack (test client, signed in as a demo
account of 永年区): on code where the start URL takes a POST that answers with a redirect to
the job page, the request is timed to the redirect and the job is then run with
`cdpf.jobs.run` and timed apart; on older code the same document is a GET whose answer is the
PDF itself (laid out in the request). Every run is rolled back (no document number is used).
The PDF is warmed first (fonts, one small document) as a gunicorn worker is at start.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import io, json, os, sys, time
sys.path.insert(0, sys.argv[1])
import django
import pypdf
django.setup()
from django.conf import settings
settings.ALLOWED_HOSTS = ["*"]
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from cdpf import jobs
from cdpf.models import GeneratedDocument, Job, User

reps = int(sys.argv[2])
only = set(filter(None, sys.argv[3].split(",")))
today = timezone.localdate()


def first(model_path, **filters):
    from django.apps import apps
    model = apps.get_model(model_path)
    return model.objects.filter(**filters).order_by("-pk").values_list("pk", flat=True).first()


def police_quarter():
    from supervision.models import PoliceFile
    found = (PoliceFile.objects.filter(region__code="130408").order_by("-year", "-quarter")
             .values_list("year", "quarter").first())
    return found or (today.year, 1)


year, quarter = police_quarter()
DOCUMENTS = [
    # name, user, url, data
    ("renewal list (365 days)", "yn_office", reverse("certificates:renewals_pdf"), {"days": "365"}),
    ("notice list of a batch", "yn_office",
     reverse("certificates:notice_pdf", args=[first("certificates.NoticeBatch",
                                                    region__code="130408") or 0]), {}),
    ("yearly summary", "yn_office", reverse("certificates:summary_pdf"), {"year": str(today.year)}),
    ("quarterly police list", "yn_office",
     reverse("supervision:quarter_pdf", args=[year, quarter]), {}),
    ("year report (police)", "yn_office", reverse("supervision:year_pdf", args=[year]), {}),
    ("levy relief publication", "yn_labour", reverse("levy_relief:publication_pdf"),
     {"year": str(today.year)}),
    ("duty register", "yn_office", reverse("duties:register_pdf"), {}),
    ("quota dashboard", "yn_labour", reverse("employment_quota:dashboard_pdf"),
     {"year": str(today.year - 1)}),
]


def warm():
    from cdpf import pdf
    if hasattr(pdf, "warm"):  # older code builds the font coverage on the first PDF
        pdf.warm()
    pdf.render_html_to_pdf("<html lang='zh'><title>x</title><p>预热</p></html>")


warm()
results = []
for name, username, url, data in DOCUMENTS:
    if only and not any(o in name for o in only):
        continue
    client = Client()
    client.force_login(User.objects.get(username=username))
    request_ms, job_ms, pages, how = [], [], None, ""
    for _ in range(reps):
        with transaction.atomic():
            start = time.perf_counter()
            response = client.post(url, data)
            if response.status_code == 405:  # the old code: the PDF in the answer of a GET
                response = client.get(url, data)
                request_ms.append((time.perf_counter() - start) * 1000)
                how = "inline GET"
                content = response.content if response.status_code == 200 else b""
            else:
                request_ms.append((time.perf_counter() - start) * 1000)
                how = "POST, redirect to the job"
                assert response.status_code == 302, (name, response.status_code)
                job = Job.objects.latest("pk")
                start = time.perf_counter()
                status = jobs.run(job.pk)
                job_ms.append((time.perf_counter() - start) * 1000)
                job.refresh_from_db()
                assert status == "succeeded", (name, job.message)
                kept = GeneratedDocument.objects.get(number=job.result["document"])
                content = bytes(kept.content)
            assert content[:5] == b"%PDF-", (name, response.status_code, content[:200])
            pages = len(pypdf.PdfReader(io.BytesIO(content)).pages)
            transaction.set_rollback(True)
    results.append({
        "document": name, "how": how, "pages": pages,
        "request_ms": [round(x) for x in request_ms],
        "job_ms": [round(x) for x in job_ms],
        "load": os.getloadavg()[0],
    })
print(json.dumps(results, ensure_ascii=False))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--code", default=str(ROOT), help="the checkout whose code is run")
    parser.add_argument("--only", default="", help="comma-separated parts of document names")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    print(f"database: {urlsplit(url).path.lstrip('/') or 'sqlite'}; code: {args.code}")
    env = {**os.environ, "PYTHONPATH": args.code, "DJANGO_SETTINGS_MODULE": "cdpf.settings"}
    run = subprocess.run(
        [sys.executable, "-c", CHILD, args.code, str(args.reps), args.only],
        cwd=args.code,
        env=env,
        capture_output=True,
        text=True,
    )
    if run.returncode:
        sys.exit(run.stderr)
    out = run.stdout
    rows = json.loads(out.strip().splitlines()[-1])
    print("| document | request | pages | request ms (min / max) | job ms (min / max) | load |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        req = f"{min(r['request_ms'])} / {max(r['request_ms'])}"
        job = f"{min(r['job_ms'])} / {max(r['job_ms'])}" if r["job_ms"] else "—"
        print(f"| {r['document']} | {r['how']} | {r['pages']} | {req} | {job} | {r['load']:.1f} |")


if __name__ == "__main__":
    main()
