"""A spider over the staff pages: starting from the home page and every route without
arguments, it follows the links a user can click (GET only, same site) and hands each HTML page
to a checker. Used by the zh-hans wording crawl (tests/cdpf/test_chinese_screens.py)."""

import re
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urldefrag, urlencode, urlsplit

from django.urls import URLPattern, URLResolver, get_resolver, reverse

# Links never followed: they change state, switch language, or leave the pages we check.
SKIP_PREFIXES = ("/logout/", "/i18n/", "/static/", "/media/", "/admin/logout/", "/admin/jsi18n/")
SKIP_PARTS = ("/delete/",)
PER_SHAPE = 2  # pages of one shape (digits and query values ignored) checked per role
MAX_PAGES = 600


def start_urls() -> list[str]:
    """The home page and every named route that takes no argument."""
    urls = []

    def walk(patterns, namespace=""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if entry.namespace == "admin":
                    continue
                ns = f"{namespace}:{entry.namespace}" if entry.namespace else namespace
                walk(entry.url_patterns, ns.strip(":"))
            elif isinstance(entry, URLPattern) and entry.name and not entry.pattern.converters:
                name = f"{namespace}:{entry.name}" if namespace else entry.name
                urls.append(reverse(name))

    walk(get_resolver().url_patterns)
    return ["/"] + [u for u in urls if not u.startswith(SKIP_PREFIXES)]


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def links_in(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.hrefs


def shape(url: str) -> str:
    """Pages of one shape are the same template with other records: /x/12/?page=2 → /x/#/?page.
    In Django admin the filters and orderings of a list are one shape."""
    parts = urlsplit(url)
    if parts.path.startswith("/admin/"):
        return re.sub(r"\d+", "#", parts.path)
    path = re.sub(r"\d+", "#", parts.path)
    keys = sorted({k for k, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return path + ("?" + "&".join(keys) if keys else "")


def normalise(href: str, base: str) -> str | None:
    href, _ = urldefrag(href)
    if not href or href.startswith(("mailto:", "tel:", "javascript:")):
        return None
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    if not parts.path.startswith("/"):
        base_dir = base.split("?")[0].rsplit("/", 1)[0]
        path = f"{base_dir}/{parts.path}" if parts.path else base.split("?")[0]
    else:
        path = parts.path
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    return path + ("?" + query if query else "")


def crawl(client, *, extra_starts=(), include_admin=False):
    """Yield (url, response) for every HTML page reached; also the failures (status >= 500)."""
    queue = deque(start_urls() + list(extra_starts))
    seen: set[str] = set()
    shapes: Counter = Counter()
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        if url in seen or url.startswith(SKIP_PREFIXES) or any(p in url for p in SKIP_PARTS):
            continue
        if url.startswith("/admin/") and not include_admin:
            continue
        key = shape(url)
        if shapes[key] >= PER_SHAPE:
            continue
        seen.add(url)
        shapes[key] += 1
        response = client.get(url)
        yield url, response
        if response.status_code != 200:
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        for href in links_in(response.content.decode()):
            target = normalise(href, url)
            if target and target not in seen:
                queue.append(target)
