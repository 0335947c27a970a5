"""The responses every app sends the same way (docs/decisions/0220-import-layers.md):

- `pdf_response` / `document_response`: a PDF, shown in the browser (inline) or saved
  (attachment), its file name in RFC 5987 form (`filename*=utf-8''…` when it is not ASCII);
- `private_file_response`: a stored scan, photo or piece of evidence, exactly as uploaded;
- `print_or_back`: print a numbered document, or go back to the page with the reason when it
  cannot be printed (a character the fonts lack, a rule of the document).

Each carries `Cache-Control: private, no-store` (a shared office PC keeps no copy) and
`X-Content-Type-Options: nosniff` (a browser never second-guesses the stored type).
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.http import content_disposition_header

from cdpf.pdf import MissingGlyphError

PDF = "application/pdf"
CACHE_CONTROL = "private, no-store"


def _protected(response: HttpResponse, filename: str, *, inline: bool) -> HttpResponse:
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    response["Cache-Control"] = CACHE_CONTROL
    response["X-Content-Type-Options"] = "nosniff"
    return response


def pdf_response(
    content: bytes, filename: str, *, inline: bool = True, number: str = ""
) -> HttpResponse:
    """A PDF; `number` (a kept copy's number) is also sent as X-Document-Number."""
    response = _protected(HttpResponse(bytes(content), content_type=PDF), filename, inline=inline)
    if number:
        response["X-Document-Number"] = number
    return response


def document_response(
    document, *, content: bytes | None = None, filename: str = "", inline: bool = True
) -> HttpResponse:
    """A kept printed copy (cdpf.models.GeneratedDocument), named by its number unless told."""
    return pdf_response(
        document.content if content is None else content,
        filename or f"{document.number}.pdf",
        inline=inline,
        number=document.number,
    )


def private_file_response(
    content: bytes, content_type: str, filename: str, *, inline: bool = True
) -> HttpResponse:
    """A private stored file (attachment, material, photo, evidence) as it was uploaded."""
    return _protected(HttpResponse(content, content_type=content_type), filename, inline=inline)


def print_or_back(
    request,
    make: Callable[[], object],
    back,
    *,
    refusals: tuple[type[Exception], ...] = (),
    filename: str = "",
) -> HttpResponse:
    """Print: `make()` keeps and returns the document, sent as a PDF. When it cannot be made
    (MissingGlyphError, or one of `refusals`) the reason is shown as a message on the page
    `back` (a URL, or a response to send instead)."""
    try:
        document = make()
    except (MissingGlyphError, *refusals) as exc:
        messages.error(
            request, " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        )
        return back if isinstance(back, HttpResponse) else redirect(back)
    return document_response(document, filename=filename)
