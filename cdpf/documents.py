"""What every stored document carries besides its text: the printed 发文字号, the verification
code with its QR code, and the appeal rights of an adverse decision (decisions 0130–0132)."""

from __future__ import annotations

import base64
import datetime
import secrets
from dataclasses import dataclass

import segno
from django.conf import settings
from django.db import IntegrityError, transaction

from cdpf.models import DocumentCounter, DocumentRevocation, GeneratedDocument, Region
from cdpf.params import MissingParameter, get_param

# Crockford's base32 without the look-alikes I, L, O, U: a code read aloud or typed from paper
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 10  # 50 random bits


def short_region_name(region: Region) -> str:
    """永年区 → 永年, 丛台区 → 丛台: the issuing body's abbreviation in a 发文字号."""
    name = region.name
    for suffix in ("自治县", "区", "县", "市", "省"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def full_region_name(region: Region) -> str:
    """邯郸市永年区: the district with its city, as a government or court is named."""
    chain = [r for r in reversed(region.ancestors()) if r.level != Region.Level.PROVINCE]
    return "".join(r.name for r in chain)


def number_format(kind: str, *, region: Region, on: datetime.date) -> str | None:
    """The 发文字号 format of a document kind, or None for a form or list (which has none)."""
    try:
        return get_param(f"document.number_format.{kind}", on=on, region=region)
    except MissingParameter:
        return None


def next_number(sequence: str) -> int:
    """The next number of a sequence; two callers at the same moment never get the same."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                DocumentCounter.objects.get_or_create(sequence=sequence)
        except IntegrityError:
            pass  # another transaction created it first
        counter = DocumentCounter.objects.select_for_update().get(sequence=sequence)
        counter.last += 1
        counter.save(update_fields=["last"])
        return counter.last


def official_number(*, kind: str, region: Region, on: datetime.date, obj=None, title: str = ""):
    """The 发文字号 of a notice or decision: a reprint of the same decision keeps the number it
    was first given; a new decision takes the next number of its format and year."""
    earlier = earlier_copies(kind=kind, region=region, obj=obj, title=title).exclude(
        official_number=""
    )
    first = earlier.order_by("id").values_list("official_number", flat=True).first()
    if first:
        return first
    template = number_format(kind, region=region, on=on)
    if template is None:
        return ""
    values = {"region": short_region_name(region), "year": on.year}
    sequence = "WH:" + template.format(**values, n="#")
    return template.format(**values, n=next_number(sequence[:50]))


def earlier_copies(*, kind: str, region: Region, obj=None, title: str = ""):
    """Earlier printed copies of the same document: same kind and record (or, for a document
    printed for no record such as a year's list, the same title)."""
    copies = GeneratedDocument.objects.filter(kind=kind, region=region)
    if obj is not None:
        return copies.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
    return copies.filter(object_type="", title=title)


def new_verify_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not GeneratedDocument.objects.filter(verify_code=code).exists():
            return code


def normalise_code(raw: str) -> str:
    """What a person typed from paper: case, spaces and dashes do not matter; O→0, I/L→1."""
    code = "".join(raw.split()).replace("-", "").upper()
    return code.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))


def verify_url(code: str) -> str:
    return f"{settings.CDPF_PUBLIC_URL.rstrip('/')}/verify/{code}/"


def qr_data_uri(payload: str) -> str:
    """A QR code as an SVG data: URI (no file, no network), error correction level M."""
    qr = segno.make(payload, error="m", micro=False)
    # about 16 mm wide whatever the version, so it scans from paper
    svg = qr.svg_inline(border=0, dark="#000", scale=16 / qr.symbol_size(border=0)[0], unit="mm")
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


@dataclass(frozen=True)
class Printed:
    """What the frame prints about the copy itself."""

    number: str
    official_number: str
    issuer: str
    verify_code: str
    verify_url: str
    qr: str


def printed(*, number: str, official: str, code: str, issuer: str) -> Printed:
    url = verify_url(code)
    return Printed(number, official, issuer, code, url, qr_data_uri(url))


def issuer_name(region: Region) -> str:
    """The issuing body as the 发文机关标志 and 署名 print it: 邯郸市永年区残疾人联合会."""
    return f"{full_region_name(region)}残疾人联合会"


def appeal_rights(*, region: Region, on: datetime.date) -> dict:
    """Where and by when the addressee of an adverse decision may appeal (《行政复议法》
    第二十条: 60 days; 《行政诉讼法》第四十六条: 6 months), as that region's parameters say."""
    full = full_region_name(region)
    return {
        "review_body": get_param("appeal.review_body", on=on, region=region).format(region=full),
        "court": get_param("appeal.court", on=on, region=region).format(region=full),
        "review_days": get_param("appeal.review_days", on=on, region=region),
        "litigation_months": get_param("appeal.litigation_months", on=on, region=region),
    }


def document_status(document: GeneratedDocument) -> dict:
    """Whether a copy still stands: revoked (with the date) or superseded by a later copy."""
    revocation = DocumentRevocation.objects.filter(document=document).first()
    later = (
        earlier_copies(
            kind=document.kind,
            region=document.region,
            obj=None,
            title=document.title,
        )
        if not document.object_type
        else GeneratedDocument.objects.filter(
            kind=document.kind,
            region=document.region,
            object_type=document.object_type,
            object_id=document.object_id,
        )
    )
    superseded_by = later.filter(id__gt=document.id).order_by("-id").first()
    return {"revocation": revocation, "superseded_by": superseded_by}


def documents_revoke(*, obj, kinds: list[str], on: datetime.date, reason: str, by_document=None):
    """Mark every printed copy of `obj` of these kinds as no longer standing."""
    copies = GeneratedDocument.objects.filter(
        kind__in=kinds, object_type=obj._meta.label_lower, object_id=str(obj.pk)
    ).exclude(revocation__isnull=False)
    for document in copies:
        DocumentRevocation.objects.create(
            document=document, revoked_on=on, reason=reason[:300], by_document=by_document
        )
