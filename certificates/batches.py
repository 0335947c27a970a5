"""Kept print batches and the cards voided since (decision 0170). A batch's PDF has one data
page per card, in the order the cards were marked printed (the job renders and marks them in one
pass, by application), so the batch's printing events give each page's certificate."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cdpf import void_marks
from cdpf.models import GeneratedDocument
from certificates.models import Certificate, CertificateEvent

BATCH_KIND = "certificate_card_batch"
PRINTING = ("printed", "reprinted")
# what happens to a certificate after its card was printed that makes that paper void: the number
# stops counting (挂失, 变更, 迁出, 注销, 作废), or the same number is printed again on a new card
# (换领, 污损换发, a later batch)
VOIDING = (
    "reported_lost",
    "voided",
    "replaced",
    "transferred_out",
    "cancelled",
    "renewed",
    "exchanged",
    "print_voided",
)


@dataclass
class BatchCard:
    page: int  # 1-based
    certificate: Certificate
    voided_by: CertificateEvent | None

    @property
    def void_label(self) -> str:
        event = self.voided_by
        if event is None:
            return ""
        if event.kind in PRINTING:
            return _("Printed again in batch %(batch)s") % {"batch": event.note}
        return event.label


def _cards_by_batch(numbers: list[str]) -> dict[str, list[BatchCard]]:
    """Each card of the kept batches named, with the first later event that voided its paper
    (two queries for any number of batches)."""
    printed = list(
        CertificateEvent.objects.filter(kind__in=PRINTING, note__in=numbers)
        .select_related("certificate__person", "certificate__region")
        .order_by("id")
    )
    later_events = (
        CertificateEvent.objects.filter(
            certificate__in={e.certificate_id for e in printed},
            id__gt=printed[0].id,
            kind__in=VOIDING + PRINTING,
        ).order_by("id")
        if printed
        else []
    )
    by_certificate: dict[int, list[CertificateEvent]] = {}
    for event in later_events:
        by_certificate.setdefault(event.certificate_id, []).append(event)
    cards: dict[str, list[BatchCard]] = {number: [] for number in numbers}
    for event in printed:
        voided_by = next(
            (
                e
                for e in by_certificate.get(event.certificate_id, [])
                if e.id > event.id and not (e.kind in PRINTING and e.note == event.note)
            ),
            None,
        )
        batch = cards[event.note]
        batch.append(BatchCard(len(batch) + 1, event.certificate, voided_by))
    return cards


def batch_cards(document: GeneratedDocument) -> list[BatchCard]:
    """Each card of a kept batch, page by page."""
    return _cards_by_batch([document.number])[document.number]


def voided_counts(numbers: list[str]) -> dict[str, int]:
    return {
        number: sum(card.voided_by is not None for card in cards)
        for number, cards in _cards_by_batch(numbers).items()
    }


def void_marks_of(document: GeneratedDocument) -> dict[int, list[str]]:
    """The stamp on each voided card's page, in Chinese like the document it is printed on."""
    marks = {}
    with translation.override("zh-hans"):
        for card in batch_cards(document):
            if card.voided_by is not None:
                on = timezone.localtime(card.voided_by.at).date().isoformat()
                marks[card.page - 1] = [
                    f"残疾人证号 {card.certificate.number}",
                    f"{on} {card.void_label}",
                ]
    return marks


void_marks.register(BATCH_KIND, void_marks_of)
