"""The notice list of a batch and the yearly summary are laid out in background jobs, never in
the web request (issue 16 item 4, decision 0230)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cdpf import roles
from cdpf.models import DocumentCounter, GeneratedDocument, Job
from cdpf.pdf import MissingGlyphError
from certificates import pdf
from tests.document_jobs import check_document_job, signed_in
from tests.factories import make_user
from tests.pdf_utils import start_document_job

pytestmark = pytest.mark.django_db


def test_the_notice_list_prints_in_a_job(flow, office_user, supervisor):
    app = flow("assessed")
    office = signed_in(office_user)
    office.post(
        reverse("certificates:notice_new"),
        {"applications": [app.pk], "community": "城关镇东街村",
         "starts_on": timezone.localdate().isoformat()},
    )  # fmt: skip
    batch = app.notices.get()
    check_document_job(
        office,
        reverse("certificates:notice_pdf", args=[batch.pk]),
        kind="certificates.notice_list",
        document_kind="certificate_notice",
        text=["公示", "城关镇东街村", "王喆"],
        wrong_role=signed_in(supervisor),
        other_district=signed_in(make_user("ct_office", "130403", roles.OFFICE)),
        other_district_404=True,
        same_region_reader_denied=signed_in(make_user("yn_labour", "130408", roles.LABOUR_SERVICE)),
    )


def test_the_yearly_summary_prints_in_a_job(flow, office_user, supervisor):
    flow("approved")
    year = str(timezone.localdate().year)
    document = check_document_job(
        signed_in(office_user),
        reverse("certificates:summary_pdf"),
        {"year": year},
        kind="certificates.yearly_summary",
        document_kind="certificate_yearly_summary",
        text=[f"永年区{year}年残疾人证核发情况汇总表", "肢体残疾0100"],
        wrong_role=signed_in(make_user("yn_labour", "130408", roles.LABOUR_SERVICE)),
        other_district=signed_in(make_user("ct_office", "130403", roles.OFFICE)),
        not_theirs=["永年区"],
        same_region_reader_denied=signed_in(
            make_user("yn_edu", "130408", roles.EDUCATION_EMPLOYMENT)
        ),
    )
    # the supervisor may print the summary, and so open the copy again
    supervisor_client = signed_in(supervisor)
    assert supervisor_client.get(
        reverse("document_download", args=[document.number])
    ).status_code == 200


def test_the_yearly_summary_refuses_a_year_without_a_job(office_user):
    client = signed_in(office_user)
    for year in ("abc", "1999", "2999"):
        assert client.post(reverse("certificates:summary_pdf"), {"year": year}).status_code == 404

    assert not Job.objects.exists()


def test_a_character_the_fonts_lack_fails_the_job_and_keeps_nothing(
    flow, office_user, monkeypatch
):
    """What the request used to say (the character the fonts cannot draw) is the job's
    message; no document is kept and no number is used."""

    app = flow("assessed")
    office = signed_in(office_user)
    office.post(
        reverse("certificates:notice_new"),
        {"applications": [app.pk], "community": "城关镇东街村",
         "starts_on": timezone.localdate().isoformat()},
    )  # fmt: skip
    batch = app.notices.get()

    def lacking(**kwargs):
        raise MissingGlyphError(["\u9fff"])

    monkeypatch.setattr(pdf, "notice_list", lacking)
    counters = list(DocumentCounter.objects.values_list("sequence", "last"))
    response, job = start_document_job(office, reverse("certificates:notice_pdf", args=[batch.pk]))
    assert response.status_code == 302 and job.status == "failed"
    assert str(MissingGlyphError(["\u9fff"])) == job.message
    assert not GeneratedDocument.objects.filter(kind="certificate_notice").exists()
    assert list(DocumentCounter.objects.values_list("sequence", "last")) == counters
    page = office.get(reverse("job_detail", args=[job.pk])).content.decode()
    assert "job-back" in page
