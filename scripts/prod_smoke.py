#!/usr/bin/env python3
"""Production smoke test (run by `make prod-check`, scripts/prod-check.sh): against a running
gunicorn with DEBUG=0, sign in as one account of each role and open every page of the URL
sweep; no answer may be a server error, and static files must come from the manifest with
far-future cache headers.

It plays the TLS proxy: requests carry X-Forwarded-Proto: https and the production host name,
as nginx sends them (TRUSTED_PROXIES must name the address this script connects from).

    python scripts/prod_smoke.py --base http://127.0.0.1:8101 --host cdpf.example.gov.cn

The accounts are made here with Django code on the same database (never the demo accounts,
which production refuses); everything that signing in needs is in `SmokeAccount` and
`sign_in`: the password, then the second factor for real (decision 0150): a fresh account
enrols an authenticator from the key printed on the enrolment page and confirms a TOTP code;
an enrolled one answers the code asked at sign-in.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import os
import re
import secrets
import sys
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cdpf.settings")

ONE_YEAR = 365 * 24 * 3600
SMOKE_PREFIX = "smoke_"


@dataclass
class SmokeAccount:
    username: str
    password: str
    role: str
    # the authenticator's key (base32) once sign_in() has enrolled it; recovery codes
    extra: dict = field(default_factory=dict)


def make_accounts(region_code: str) -> list[SmokeAccount]:
    """One active account per role in the region, with a fresh random password."""
    from django.contrib.auth.models import Group  # noqa: PLC0415  (after django.setup())
    from django_otp.plugins.otp_static.models import StaticDevice  # noqa: PLC0415  (after django.setup())
    from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: PLC0415  (after django.setup())

    from cdpf import roles  # noqa: PLC0415  (after django.setup())
    from cdpf.models import Region, User  # noqa: PLC0415  (after django.setup())

    region = Region.objects.get(code=region_code)
    accounts = []
    for role in roles.ALL_ROLES:
        password = "Sm0ke-" + secrets.token_urlsafe(18)
        user, _ = User.objects.get_or_create(username=SMOKE_PREFIX + role)
        user.region = region
        user.is_staff = role == roles.ADMIN
        user.is_active = True
        user.set_password(password)
        user.save()
        user.groups.set(Group.objects.filter(name=role))
        TOTPDevice.objects.filter(user=user).delete()  # enrolled again, through the pages
        StaticDevice.objects.filter(user=user).delete()
        accounts.append(SmokeAccount(user.username, password, role))
    return accounts


class Client:
    """A tiny HTTP client that keeps cookies (also Secure ones: we are the TLS proxy)."""

    def __init__(self, base: str, host: str):
        url = urllib.parse.urlsplit(base)
        self.netloc, self.host = url.netloc, host
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: dict | None = None):
        conn = http.client.HTTPConnection(self.netloc, timeout=120)
        headers = {
            "Host": self.host,
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": "203.0.113.7",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://{self.host}"
            headers["Referer"] = f"https://{self.host}{path}"
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        content = response.read()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        conn.close()
        return response, content


def csrf_token(html: bytes) -> str:
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not match:
        raise SystemExit("smoke: no CSRF token on the sign-in page")
    return match.group(1).decode()


def sign_in(client: Client, account: SmokeAccount) -> None:
    """Sign in through the real form, as a person would. The one place for a second factor."""
    response, html = client.request("GET", "/login/")
    if response.status != 200:
        raise SystemExit(f"smoke: the sign-in page answered {response.status}")
    response, html = client.request(
        "POST",
        "/login/",
        {
            "csrfmiddlewaretoken": csrf_token(html),
            "username": account.username,
            "password": account.password,
        },
    )
    if response.status != 302 or response.getheader("Location", "").startswith("/login"):
        raise SystemExit(f"smoke: {account.username} could not sign in ({response.status})")
    second_factor(client, account)


def totp_code(secret: str, steps_ahead: int = 0) -> str:
    from django_otp.oath import TOTP  # noqa: PLC0415  (after django.setup())

    totp = TOTP(base64.b32decode(secret.replace(" ", "")))
    totp.time = totp.time + 30 * steps_ahead
    return f"{totp.token():06d}"


def second_factor(client: Client, account: SmokeAccount) -> None:
    """A staff page after the password leads to enrolment (first sign-in) or to the code."""
    response, _ = client.request("GET", "/")
    where = urllib.parse.urlsplit(response.getheader("Location", "")).path
    if response.status == 200 and not account.extra.get("secret"):
        raise SystemExit(f"smoke: {account.username} opened a page with its password alone")
    if where == "/two-step/enrol/":
        response, html = client.request("GET", where)
        found = re.search(rb'id="second-factor-secret"[^>]*value="([A-Z2-7 ]+)"', html)
        if response.status != 200 or not found:
            raise SystemExit(f"smoke: no key on the enrolment page ({response.status})")
        account.extra["secret"] = found.group(1).decode()
        body = {"csrfmiddlewaretoken": csrf_token(html), "code": totp_code(account.extra["secret"])}
        response, html = client.request("POST", where, body)
        account.extra["recovery_codes"] = re.findall(rb"<li>([a-z0-9]{8})</li>", html)
        if response.status != 200 or len(account.extra["recovery_codes"]) != 10:
            raise SystemExit(f"smoke: {account.username} could not enrol ({response.status})")
    elif where == "/two-step/":
        response, html = client.request("GET", where)
        # the enrolment used this step's code: the app's next one
        body = {
            "csrfmiddlewaretoken": csrf_token(html),
            "code": totp_code(account.extra["secret"], 1),
        }
        response, _ = client.request("POST", where, body)
        if response.status != 302:
            raise SystemExit(f"smoke: {account.username}'s code was refused ({response.status})")
    response, _ = client.request("GET", "/")
    if response.status != 200:
        raise SystemExit(
            f"smoke: {account.username} not through the second factor ({response.status})"
        )


def check_static(client: Client, html: bytes, failures: list[str]) -> int:
    urls = sorted(set(re.findall(rb'(?:href|src)="(/static/[^"]+)"', html)))
    if not urls:
        failures.append("the home page links no static file")
    for url in urls:
        path = url.decode()
        response, _ = client.request("GET", path)
        cache = response.getheader("Cache-Control", "")
        age = re.search(r"max-age=(\d+)", cache)
        if response.status != 200:
            failures.append(f"{path}: {response.status}")
        elif not age or int(age.group(1)) < ONE_YEAR or "immutable" not in cache:
            failures.append(f"{path}: cache headers {cache!r} are not far-future")
        if not re.search(r"\.[0-9a-f]{12}\.", path):
            failures.append(f"{path}: not a hashed name from the manifest")
    return len(urls)


def check_health(client: Client, failures: list[str]) -> dict:
    """/healthz answers without sign-in; everything but the calendar must pass here (the
    calendar check depends on the date: next year's holidays may not be published yet)."""
    response, body = client.request("GET", "/healthz")
    if response.status not in (200, 503):
        failures.append(f"/healthz answered {response.status}")
        return {}
    checks = json.loads(body)["checks"]
    for name, result in checks.items():
        if name != "calendar" and not result["ok"]:
            failures.append(f"/healthz {name}: {result['detail']}")
    return {name: result["ok"] for name, result in checks.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="http://127.0.0.1:8101")
    parser.add_argument("--host", default="cdpf.example.gov.cn")
    parser.add_argument("--region", default="130408")
    args = parser.parse_args()

    import django  # noqa: PLC0415  (after django.setup())

    django.setup()
    from cdpf.url_sweep import routes  # noqa: PLC0415  (after django.setup())

    accounts = make_accounts(args.region)
    pages = [(name, url) for name, url, _ in routes() if name not in {"logout"}]
    failures: list[str] = []
    opened = 0
    statics = 0
    for account in accounts:
        client = Client(args.base, args.host)
        sign_in(client, account)  # enrols the authenticator
        client = Client(args.base, args.host)
        sign_in(client, account)  # and signs in again with a code from it
        response, home = client.request("GET", "/")
        if response.status != 200:
            failures.append(f"{account.role}: home page answered {response.status}")
        if not statics:
            statics = check_static(client, home, failures)
        for name, url in pages:
            response, _ = client.request("GET", url)
            opened += 1
            if response.status >= 500:
                failures.append(f"{account.role} {name} {url}: {response.status}")
    health = check_health(Client(args.base, args.host), failures)
    for failure in failures:
        print("smoke FAILED:", failure)
    print(
        json.dumps(
            {
                "roles": len(accounts),
                "pages": len(pages),
                "requests": opened,
                "static_files": statics,
                "healthz": health,
                "failures": len(failures),
            }
        )
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
