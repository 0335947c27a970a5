"""A spider over the staff pages: starting from the home page and every route without
arguments, it follows the links a user can click (GET only, same site) and hands each HTML page
to a checker. Used by the zh-hans wording crawl (tests/cdpf/test_chinese_screens.py), whose
checker of the words a Chinese reader meets (`foreign_words`) lives here too."""

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


# ---- the words a reader meets (the zh-hans and English crawls, the second-factor page) ----

# Words a Chinese reader meets in Chinese software as they are.
ALLOWED_WORDS = {
    "PDF", "xlsx", "CSV", "UTF-8", "GB18030", "JPEG", "PNG", "JPG", "MB", "KB",
    "m", "m²", "cm", "km", "English", "GB/T", "GB", "GBK", "A4", "IP", "csv",
    "X", "x",  # the check character of an ID number (18 位；末位 x 可小写)
    "LDAP",  # the directory protocol, an acronym Chinese software keeps
}  # fmt: skip
ALLOWED_PATTERNS = [
    re.compile(p)
    for p in (
        r"[\d*]{6,17}[\dX*]",  # an ID number, masked or whole
        r"[\d*]{17}[\dX*]\d{2}",  # a 残疾人证 number (ID number, category, grade)
        r"[0-9A-Z]{18}",  # a unified social credit code (checked elsewhere, shown as typed)
        r"[\d*]{6}\*+[\dX]{0,4}",  # a masked number
        r"\d+(\.\d+)?(m²|m|cm|km|MB|KB|px)",  # a figure with its unit
        r"\d{4}-\d{2}-\d{2}T?",  # a date
        r"[0-9a-f]{8,}",  # a verification or file digest
        r"[A-Z]{1,5}-\d{4}-\d{6}",  # a kept document's number (HZ-2026-000001)
        r"[A-Z]{2,4}\d{4,}",  # a certificate number typed as issued (JKZ150113)
    )
]
# Identifiers shown as they are: a site path (an audited refusal's address) and the name of an
# uploaded file in a document format.
SITE_PATH = re.compile(r"/[a-z0-9_\-]+(/[a-z0-9_\-]+)*(/|\.[a-z0-9]{2,4})?")
FILE_NAME = re.compile(r"[A-Za-z0-9_\-]+\.(pdf|PDF|xlsx|xls|csv|jpe?g|JPE?G|png|PNG)")
PLACEHOLDER = re.compile(r"\{[a-z_]+(:[0-9a-z]+)?\}")  # {year} in a number format being edited
TOKEN = re.compile(r"[A-Za-z0-9_.\-*/²]*[A-Za-z][A-Za-z0-9_.\-*/²]*")
SHOWN_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")
HIDDEN_TAGS = {"script", "style", "template"}


class VisibleText(HTMLParser):
    """The text a reader sees or hears: element text, and the labelling attributes."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN_TAGS:
            self._hidden += 1
        values = dict(attrs)
        for name in SHOWN_ATTRIBUTES:
            if values.get(name):
                self.parts.append(values[name])
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self.parts.append(values["value"])

    def handle_endtag(self, tag):
        if tag in HIDDEN_TAGS and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.parts.append(data.strip())


def foreign_words(html: str, *, also_allowed=frozenset()) -> list[tuple[str, str]]:
    """(word, the text it stands in) for each ASCII word a Chinese reader should not meet."""
    parser = VisibleText()
    parser.feed(html)
    found = []
    for text in parser.parts:
        for match in TOKEN.finditer(PLACEHOLDER.sub(" ", text)):
            if SITE_PATH.fullmatch(match.group()) or FILE_NAME.fullmatch(match.group()):
                continue
            word = match.group().strip(".-/*")
            if not word or not re.search(r"[A-Za-z]", word):
                continue
            if word in ALLOWED_WORDS or word in also_allowed:
                continue
            if any(p.fullmatch(word) for p in ALLOWED_PATTERNS):
                continue
            found.append((word, text[:120]))
    return found
