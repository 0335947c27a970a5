"""The one PDF renderer: template + context → A4 PDF with embedded Noto CJK fonts."""

from __future__ import annotations

import hashlib
import html
import logging
import os
import re
import string
import unicodedata
from array import array
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cdpf import audit, documents, signing
from cdpf.documents import next_number  # noqa: F401  (the numbering is in cdpf/documents.py)
from cdpf.models import AuditEntry, GeneratedDocument

log = logging.getLogger(__name__)
STYLESHEET = settings.BASE_DIR / "static" / "pdf" / "document.css"
_TAG = re.compile(r"<[^>]+>")
_STYLE_OR_SCRIPT = re.compile(r"<(style|script)\b.*?</\1>", re.S | re.I)


class MissingGlyphError(ValueError):
    """A character of the document has no glyph in the fonts it would print with."""

    def __init__(self, chars: list[str]):
        self.chars = chars
        shown = "、".join(f"“{c}”(U+{ord(c):04X})" for c in chars)
        super().__init__(
            _(
                "Cannot print: the fonts have no glyph for %(chars)s. Nothing was printed; "
                "ask the administrator to install a font that has it."
            )
            % {"chars": shown}
        )


def _font_key() -> str:
    """Names, sizes and times of the configured font files: the coverage changes with them."""
    parts = []
    for path in settings.PDF_FONT_FILES:
        try:
            stat = os.stat(path)
            parts.append(f"{path}:{stat.st_size}:{stat.st_mtime_ns}")
        except OSError:
            parts.append(f"{path}:missing")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:24]


def _coverage_file() -> Path:
    return Path(settings.VAR_DIR) / "cache" / f"font-coverage-{_font_key()}.bin"


def _read_fonts() -> set[int]:
    from fontTools.ttLib import TTCollection, TTFont  # noqa: PLC0415  (heavy: fontTools loads only when the font coverage is read)

    points: set[int] = set()
    for path in settings.PDF_FONT_FILES:
        if path.endswith((".ttc", ".otc")):
            fonts = TTCollection(path, lazy=True).fonts
        else:
            fonts = [TTFont(path, lazy=True)]
        for font in fonts:
            points.update(font.getBestCmap() or {})
    return points


@lru_cache(maxsize=1)
def covered_codepoints() -> frozenset[int]:
    """Every code point the configured fonts can draw. Reading the fonts' tables takes over a
    second, so the set is kept on disk beside the data (keyed by the font files' names, sizes
    and times) and read from there in a few milliseconds; `warm` loads it when a process
    starts, so no user waits for it (issue 16 item 4)."""
    cached = _coverage_file()
    try:
        points = array("I")
        points.frombytes(cached.read_bytes())
        return frozenset(points)
    except (OSError, ValueError):
        pass
    built = frozenset(_read_fonts())
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(array("I", sorted(built)).tobytes())
        os.replace(partial, cached)  # another process reading it sees all of it or nothing
    except OSError:
        log.warning("font coverage not cached in %s", cached.parent, exc_info=True)
    return built


def warm() -> None:
    """Load what the first PDF of a process would otherwise wait for (called at start)."""
    try:
        covered_codepoints()
    except Exception:  # a start never fails for it: the first PDF then reports the fault
        log.warning("font coverage not loaded at start", exc_info=True)


def missing_glyphs(text: str) -> list[str]:
    covered = covered_codepoints()
    missing = []
    for char in text:
        if char.isspace() or unicodedata.category(char) in {"Cc", "Cf"}:
            continue
        if ord(char) not in covered and char not in missing:
            missing.append(char)
    return missing


def visible_text(markup: str) -> str:
    return html.unescape(_TAG.sub(" ", _STYLE_OR_SCRIPT.sub(" ", markup)))


@lru_cache(maxsize=1)
def _stylesheet_and_fonts():
    from weasyprint import CSS  # noqa: PLC0415  (heavy: WeasyPrint loads only where a PDF is laid out)
    from weasyprint.text.fonts import FontConfiguration  # noqa: PLC0415  (heavy: WeasyPrint loads only where a PDF is laid out)

    fonts = FontConfiguration()
    return CSS(filename=str(STYLESHEET), font_config=fonts), fonts


# The page margins of one stored copy: its number, verification code and the address the QR
# code opens at the top right of every page, the QR code at the top left (decision 0132).
COPY_MARGINS = string.Template(
    """@page {
  @top-left { content: url($qr); vertical-align: bottom; padding-bottom: 2mm; }
  @top-right { content: $text; white-space: pre; text-align: right; vertical-align: bottom;
    padding-bottom: 2mm; font-family: "Noto Sans CJK SC"; font-size: 7.5pt; line-height: 1.3; }
}"""
)


def _copy_stylesheet(doc):
    from weasyprint import CSS  # noqa: PLC0415  (heavy: WeasyPrint loads only where a PDF is laid out)

    lines = [f"编号：{doc.number}", f"核验码：{doc.verify_code}", doc.verify_url]
    text = ' "\\A" '.join(f'"{line}"' for line in lines)  # CSS line breaks
    return CSS(
        string=COPY_MARGINS.substitute(qr=doc.qr, text=text),
        font_config=_stylesheet_and_fonts()[1],
    )


def render_html_to_pdf(markup: str, doc=None) -> bytes:
    """Check every character against the fonts, then lay the HTML out as a PDF."""
    missing = missing_glyphs(visible_text(markup))
    if missing:
        raise MissingGlyphError(missing)
    from weasyprint import HTML  # noqa: PLC0415  (heavy: WeasyPrint loads only where a PDF is laid out)

    stylesheet, fonts = _stylesheet_and_fonts()
    stylesheets = [stylesheet] if doc is None else [stylesheet, _copy_stylesheet(doc)]
    # PDF/UA-1: tagged structure, language and title, so screen readers can read the documents
    return HTML(string=markup, base_url=str(settings.BASE_DIR)).write_pdf(
        stylesheets=stylesheets, font_config=fonts, pdf_variant="pdf/ua-1"
    )


def render_pdf(template_name: str, context: dict, doc=None) -> bytes:
    if doc is not None:
        context = {**context, "doc": doc}
    # printed documents are Chinese whatever the reader's language: what the template reads
    # (labels of choices, kept messages, cdpf.messages) is read in Chinese (decision 0171)
    with translation.override("zh-hans"):
        markup = render_to_string(template_name, context)
    return render_html_to_pdf(markup, doc)


def internal_number(prefix: str) -> str:
    year = timezone.localdate().year
    return f"{prefix}-{year}-{next_number(f'{prefix}-{year}'):06d}"


@transaction.atomic
def document_store(
    *,
    actor,
    kind: str,
    title: str,
    content: bytes,
    region,
    obj=None,
    prefix: str = "DOC",
    number: str = "",
    official_number: str = "",
    verify_code: str | None = None,
) -> GeneratedDocument:
    """Keep a printed document as an immutable numbered row, and audit the printing."""
    document = GeneratedDocument.objects.create(
        number=number or internal_number(prefix),
        official_number=official_number,
        verify_code=verify_code,
        kind=kind,
        title=title,
        region=region,
        created_by=actor,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
    )
    audit.record(
        action=AuditEntry.Action.PRINT,
        obj=document,
        user=actor,
        detail={"kind": kind, "source": str(obj) if obj is not None else ""},
    )
    return document


def render_and_store(
    template_name: str,
    context: dict,
    *,
    actor,
    kind: str,
    title: str,
    region,
    obj=None,
    prefix: str = "DOC",
    official_number: str | None = None,
    dated=None,
) -> GeneratedDocument:
    """Render a document and keep the printed copy: what every printed form does. The copy's
    numbers and verification code are taken first, so the paper prints them; the PDF is
    signed; a failure anywhere leaves no number used (one transaction)."""
    with transaction.atomic():
        number = internal_number(prefix)
        if official_number is None:  # a kind with a 发文字号 format takes the next number
            official_number = documents.official_number(
                kind=kind, region=region, on=dated or timezone.localdate(), obj=obj, title=title
            )
        doc = documents.printed(
            number=number,
            official=official_number,
            code=documents.new_verify_code(),
            issuer=documents.issuer_name(region),
        )
        content = signing.sign_pdf(render_pdf(template_name, context, doc), reason=title)
        return document_store(
            actor=actor,
            kind=kind,
            title=title,
            region=region,
            obj=obj,
            prefix=prefix,
            content=content,
            number=number,
            official_number=official_number,
            verify_code=doc.verify_code,
        )
