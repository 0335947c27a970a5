"""A print batch takes its document number in the transaction that marks the cards printed
(issue 13: ZZPC-…-000001 was kept from a run that rolled back, a silent gap)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cdpf.models import DocumentCounter, GeneratedDocument, Job
from certificates import services
from tests.factories import id_number

pytestmark = pytest.mark.django_db


def test_a_batch_that_fails_after_rendering_keeps_no_document_and_no_number(
    client_for, flow, person_factory, cert_room, monkeypatch, django_capture_on_commit_callbacks
):
    first = flow("approved")
    second = flow("approved", person=person_factory(number=id_number("19900101", "081")))
    real_print = services.certificate_print
    calls = []

    def print_then_fail(**kwargs):
        calls.append(kwargs["application"].pk)
        if len(calls) == 2:
            raise RuntimeError("the disk is full")
        return real_print(**kwargs)

    monkeypatch.setattr(services, "certificate_print", print_then_fail)
    client = client_for(cert_room)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("certificates:print_queue"), {"applications": [first.pk, second.pk]})
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED and job.saved_at is None
    assert not GeneratedDocument.objects.exists()
    assert not DocumentCounter.objects.filter(last__gt=0).exists()
    first.refresh_from_db()
    assert first.state == "approved"  # the card printed first was rolled back with the rest

    monkeypatch.setattr(services, "certificate_print", real_print)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("certificates:print_queue"), {"applications": [first.pk, second.pk]})
    done = Job.objects.exclude(pk=job.pk).get()
    assert done.status == Job.Status.SUCCEEDED and done.saved_at
    assert done.result["document"] == f"ZZPC-{timezone.localdate().year}-000001"
