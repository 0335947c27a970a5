"""Void marks on a kept document (decision 0170): the signed original is never changed; a copy
that is read after part of it stopped standing (a card of a print batch voided later) gets a
later revision with a stamp annotation "作废" on each page concerned. The original's bytes stay
the first revision, so its signature still checks out and any PDF reader shows that the stamp
was added after signing.

A lower app cannot know why a page of another app's document is void: each app registers a
marker for its document kinds (`register(kind, marker)`), a function of the kept document that
answers {page index (0-based): lines of the mark}."""

from __future__ import annotations

import html
import io
from collections.abc import Callable

from cdpf.models import GeneratedDocument
from cdpf.pdf import _stylesheet_and_fonts, missing_glyphs

Marker = Callable[[GeneratedDocument], dict[int, list[str]]]
MARKERS: dict[str, Marker] = {}

VOID_WORD = "作废"  # printed on every voided page; documents are in Chinese whatever the UI

_STAMP_CSS = """
@page { margin: 0; }
body { margin: 0; }
section { break-after: page; position: relative; height: 100%%; }
section:last-child { break-after: auto; }
.mark { position: absolute; top: 38%%; left: 12%%; right: 12%%; border: 2.5mm solid #c00000;
  color: #c00000; text-align: center; padding: 3mm 4mm; background: rgba(255, 255, 255, 0.85);
  font-family: "Noto Sans CJK SC", sans-serif; }
.mark .word { font-size: 60pt; font-weight: bold; letter-spacing: 0.3em; line-height: 1.2; }
.mark p { font-size: 12pt; margin: 1mm 0; }
%s
"""


def register(kind: str, marker: Marker) -> None:
    MARKERS[kind] = marker


def marks_for(document: GeneratedDocument) -> dict[int, list[str]]:
    marker = MARKERS.get(document.kind)
    return marker(document) if marker else {}


def _page_sizes(content: bytes) -> list[tuple[float, float]]:
    from pypdf import PdfReader  # noqa: PLC0415  (heavy: pypdf loads only where a kept copy is marked void)

    return [
        (float(page.mediabox.width), float(page.mediabox.height))
        for page in PdfReader(io.BytesIO(content)).pages
    ]


def _stamps(sizes: list[tuple[float, float]], marks: dict[int, list[str]]) -> bytes:
    """One stamp page per marked page, each the size of the page it covers."""
    from weasyprint import CSS, HTML  # noqa: PLC0415  (heavy: WeasyPrint loads only where a PDF is laid out)


    fonts = _stylesheet_and_fonts()[1]
    pages, rules = [], []
    for n, index in enumerate(sorted(marks)):
        width, height = sizes[index]
        rules.append(f"@page p{n} {{ size: {width}pt {height}pt; }} .p{n} {{ page: p{n}; }}")
        lines = "".join(f"<p>{html.escape(line)}</p>" for line in marks[index])
        pages.append(
            f'<section class="p{n}"><div class="mark"><div class="word">{VOID_WORD}</div>'
            f"{lines}</div></section>"
        )
    markup = (
        '<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8"><title>作废标记</title>'
        f"</head><body>{''.join(pages)}</body></html>"
    )
    text = " ".join(line for lines in marks.values() for line in lines)
    if missing_glyphs(text):  # a name the fonts cannot draw: the mark keeps the word only
        return _stamps(sizes, {index: [] for index in marks})
    css = CSS(string=_STAMP_CSS % "\n".join(rules), font_config=fonts)
    return HTML(string=markup).write_pdf(stylesheets=[css], font_config=fonts)


def with_void_marks(content: bytes, marks: dict[int, list[str]]) -> bytes:
    """The document with a later revision stamping "作废" (and the lines given) on each page of
    `marks`; the original bytes are left as they are, as the first part of the file."""
    from pyhanko.pdf_utils import generic  # noqa: PLC0415  (heavy: pyHanko loads only where a PDF is signed or checked)
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter  # noqa: PLC0415  (heavy: pyHanko loads only where a PDF is signed or checked)
    from pyhanko.pdf_utils.reader import PdfFileReader  # noqa: PLC0415  (heavy: pyHanko loads only where a PDF is signed or checked)

    sizes = _page_sizes(content)
    marks = {index: lines for index, lines in marks.items() if 0 <= index < len(sizes)}
    if not marks:
        return content
    stamps = PdfFileReader(io.BytesIO(_stamps(sizes, marks)), strict=False)
    writer = IncrementalPdfFileWriter(io.BytesIO(content), strict=False)
    for n, index in enumerate(sorted(marks)):
        appearance = writer.import_page_as_xobject(stamps, page_ix=n)
        page_ref = writer.find_page_for_modification(index)[0]
        width, height = sizes[index]
        name = generic.NameObject
        annotation = generic.DictionaryObject(
            {
                name("/Type"): name("/Annot"),
                name("/Subtype"): name("/Stamp"),
                name("/Rect"): generic.ArrayObject(
                    [generic.FloatObject(v) for v in (0, 0, width, height)]
                ),
                name("/F"): generic.NumberObject(4 | 128),  # printed, locked
                name("/Contents"): generic.TextStringObject(
                    "：".join([VOID_WORD, *marks[index][:1]])
                ),
                name("/P"): page_ref,
                name("/AP"): generic.DictionaryObject({name("/N"): appearance}),
            }
        )
        writer.register_annotation(page_ref, writer.add_object(annotation))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
