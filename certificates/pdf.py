"""Printed documents of the certificate register, rendered by the shared renderer."""

from __future__ import annotations

import base64
from types import SimpleNamespace

from django.utils import timezone

from cdpf.documents import appeal_rights
from cdpf.params import get_param
from cdpf.pdf import render_and_store
from certificates import rules
from certificates.attachments import attachment_read, latest_photo

CATEGORY_NAMES = rules.CATEGORIES
GRADE_NAMES = rules.GRADES


def _parts(parts) -> list[str]:
    return [f"{CATEGORY_NAMES[c]}{GRADE_NAMES[g]}" for c, g in parts or []]


class AsReceived:
    """The applicant as the application received them: the snapshot's name, address,
    community, district and guardian, the rest (ID number, sex, birth date) from the file.
    Documents of an application print these, so a later move or new address of the holder
    never rewrites what a district issued."""

    SNAPSHOT = ("name", "community", "address", "phone", "guardian_name", "guardian_relation",
                "guardian_phone")

    def __init__(self, application):
        self._person = application.person
        self._snapshot = application.applicant or {}

    def __getattr__(self, name):
        if name in self.SNAPSHOT and name in self._snapshot:
            return self._snapshot[name]
        if name == "region" and "region" in self._snapshot:
            return SimpleNamespace(
                name=self._snapshot["region"], code=self._snapshot.get("region_code", "")
            )
        return getattr(self._person, name)


# Each business type prints its own form (《残疾人证管理办法》 lists them one by one).
KIND_TITLES = {
    "new": "新办",
    "renewal": "换领",
    "loss": "挂失补办",
    "damaged": "污损换发",
    "transfer_out": "迁出",
    "transfer_in": "迁入",
    "change": "类别/等级变更",
    "cancel": "注销",
}


def application_form(*, actor, application):
    """The 申请表 of the application's business type, filled from it as received."""
    assessment = getattr(application, "assessment", None)
    old = application.old_certificate
    context = {
        "kind_title": KIND_TITLES[application.kind],
        "old": old,
        "old_parts": f"{CATEGORY_NAMES[old.category]}{GRADE_NAMES[old.grade]}" if old else "",
        "source": application.source_application,
        "app": application,
        "person": AsReceived(application),
        "category": CATEGORY_NAMES.get(application.requested_category, ""),
        "assessment": assessment,
        "assessed": _parts(assessment.parts) if assessment else [],
        "printed_on": timezone.localdate(),
    }
    return render_and_store(
        "pdf/certificates/application_form.html",
        context,
        actor=actor,
        kind="certificate_application",
        title=f"残疾人证{KIND_TITLES[application.kind]}申请表 {application.person.name}",
        region=application.region,
        obj=application,
        prefix="SQB",
    )


def notice_list(*, actor, batch):
    """公示名单 of one village or community. Minors are never on it (refused when published)."""
    rows = [
        {
            "name": a.person.name,
            "sex": a.person.get_sex_display(),
            "category": CATEGORY_NAMES[a.assessment.category],
            "grade": GRADE_NAMES[a.assessment.grade],
        }
        for a in batch.applications.select_related("person", "assessment")
    ]
    return render_and_store(
        "pdf/certificates/notice_list.html",
        {"batch": batch, "rows": rows},
        actor=actor,
        kind="certificate_notice",
        title=f"残疾人证公示名单 {batch.community}",
        region=batch.region,
        obj=batch,
        prefix="GS",
    )


def photo_data_uri(person) -> str:
    """The holder's latest photo as a data: URI, so the PDF never fetches anything."""
    photo = latest_photo(person)
    if photo is None:
        return ""
    encoded = base64.b64encode(attachment_read(photo)).decode()
    return f"data:{photo.content_type};base64,{encoded}"


def card_context(certificate) -> dict:
    return {
        "c": certificate,
        "person": certificate.person,
        "category": CATEGORY_NAMES[certificate.category],
        "grade": GRADE_NAMES[certificate.grade],
        "parts": _parts(certificate.parts),
        "cover": rules.cover_colour(certificate.category, certificate.parts),
        "photo": photo_data_uri(certificate.person),
    }


def card_page(*, actor, certificate):
    """A proof of the certificate data page (marked 样张: not a card; the card printer gets
    the print batch)."""
    return render_and_store(
        "pdf/certificates/card_page.html",
        {"cards": [card_context(certificate)], "proof": True},
        actor=actor,
        kind="certificate_card",
        title=f"残疾人证数据页样张 {certificate.person.name} {certificate.masked_number}",
        region=certificate.region,
        obj=certificate,
        prefix="ZZ",
    )


def assessment_form(*, actor, application):
    """残疾评定表: who assessed, each disability with its grade, and the measures."""
    assessment = application.assessment
    context = {
        "app": application,
        "person": AsReceived(application),
        "a": assessment,
        "parts": _parts(assessment.parts),
        "category": CATEGORY_NAMES[assessment.category],
        "grade": GRADE_NAMES[assessment.grade],
        "signers": list(assessment.signers.all()),
        "objection_days": get_param(
            "certificate.objection_working_days",
            on=assessment.assessed_on,
            region=application.region,
        ),
    }
    return render_and_store(
        "pdf/certificates/assessment_form.html",
        context,
        actor=actor,
        kind="certificate_assessment",
        title=f"残疾评定表 {application.person.name}",
        region=application.region,
        obj=application,
        prefix="PDB",
    )


def transfer_certificate(*, actor, application):
    """迁移证明 for a holder whose file moves to another federation."""
    context = {
        "app": application,
        "person": AsReceived(application),
        "c": application.old_certificate,
        "category": CATEGORY_NAMES[application.old_certificate.category],
        "grade": GRADE_NAMES[application.old_certificate.grade],
    }
    return render_and_store(
        "pdf/certificates/transfer_certificate.html",
        context,
        actor=actor,
        kind="certificate_transfer",
        title=f"残疾人证迁移证明 {application.person.name}",
        region=application.region,
        obj=application,
        prefix="QY",
        dated=application.decided_on,
    )


def cancellation_notice(*, actor, application):
    """注销通知书 to the holder (or their family)."""
    context = {
        "app": application,
        "person": AsReceived(application),
        "c": application.old_certificate,
        "appeal": appeal_rights(region=application.region, on=application.decided_on),
    }
    return render_and_store(
        "pdf/certificates/cancellation_notice.html",
        context,
        actor=actor,
        kind="certificate_cancellation",
        title=f"残疾人证注销通知书 {application.person.name}",
        region=application.region,
        obj=application,
        prefix="ZX",
        dated=application.decided_on,
    )


def yearly_summary(*, actor, region, year: int, rows: list[dict], totals: dict):
    """The year's issuance summary: certificates issued by category and grade, and changes."""
    context = {
        "region": region,
        "year": year,
        "rows": rows,
        "totals": totals,
        "grades": list(GRADE_NAMES.values()),
        "printed_on": timezone.localdate(),
    }
    return render_and_store(
        "pdf/certificates/yearly_summary.html",
        context,
        actor=actor,
        kind="certificate_yearly_summary",
        title=f"{region.name}{year}年残疾人证核发情况汇总",
        region=region,
        prefix="HZ",
    )


def card_batch_cards(*, certificates, progress=None) -> list[dict]:
    """The data page of every certificate of a print batch (read before the batch is kept)."""
    cards = []
    for done, certificate in enumerate(certificates, start=1):
        cards.append(card_context(certificate))
        if progress:
            progress(done, len(certificates) + 1, "")
    return cards


def card_batch_store(*, actor, region, cards: list[dict], count: int):
    """Render and keep a print batch's PDF as a numbered, signed document that prints its own
    number. Call it inside the transaction that marks the cards printed, so a number is never
    used by a batch that did not happen."""
    return render_and_store(
        "pdf/certificates/card_page.html",
        {"cards": cards},
        actor=actor,
        kind="certificate_card_batch",
        title=f"残疾人证制证批次（{count} 本）",
        region=region,
        prefix="ZZPC",
    )

