"""迁出 and 迁入 as one register (issue 12, part 1; docs/decisions/0070)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, IntegrityError, transaction

from cdpf.messages import render_text
from cdpf.models import GeneratedDocument
from certificates import pdf, selectors, services
from certificates.attachments import attachment_store
from certificates.models import Application, Certificate, Person
from tests.factories import ADULT_ID, TODAY, id_number
from tests.pdf_utils import pdf_text

pytestmark = pytest.mark.django_db
OUTSIDE_ID = id_number("19700101", "221", region="110105")


def _transfer_out(flow, office_user, place="邯郸市丛台区残疾人联合会"):
    certificate = flow("closed").certificate
    out = services.certificate_application_new(
        actor=office_user, certificate=certificate, kind="transfer_out", on=TODAY,
        transfer_place=place,
    )  # fmt: skip
    services.application_approve(actor=office_user, application=out, on=TODAY)
    out.refresh_from_db()
    certificate.refresh_from_db()
    return out, certificate


def _scan(person, app, actor):
    upload = SimpleUploadedFile("qy.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    return attachment_store(actor=actor, person=person, upload=upload, kind="transfer",
                            application=app)  # fmt: skip


def test_transfer_in_within_takes_every_fact_from_the_register(flow, office_user, ct_office):
    out, left = _transfer_out(flow, office_user)
    app = services.transfer_in_new(
        actor=ct_office, transfer_number=out.transfer_number, on=TODAY,
        community="丛台区光明社区", address="丛台区光明路1号",
    )  # fmt: skip
    assert app.region.code == "130403" and app.source_application == out
    certificate = services.application_approve(actor=ct_office, application=app, on=TODAY)
    assert (certificate.number, certificate.category, certificate.grade) == (
        left.number, left.category, left.grade,
    )
    assert certificate.expiry_date == left.expiry_date and certificate.region.code == "130403"
    person = Person.objects.get()
    assert person.region.code == "130403" and person.address == "丛台区光明路1号"
    left.refresh_from_db()
    assert left.region.code == "130408" and left.status == "transferred"  # never rewritten


def test_transfer_in_within_needs_a_completed_transfer_out(flow, office_user, ct_office):
    certificate = flow("closed").certificate
    with pytest.raises(ValidationError) as raised:
        services.transfer_in_new(actor=ct_office, transfer_number="1304082026QY00001", on=TODAY)
    assert raised.value.error_dict["transfer_number"][0].code == "no_transfer_out"
    out = services.certificate_application_new(
        actor=office_user, certificate=certificate, kind="transfer_out", on=TODAY,
        transfer_place="丛台区",
    )  # fmt: skip
    assert out.transfer_number == ""  # not approved: no number to quote


def test_a_transfer_certificate_is_received_once(flow, office_user, ct_office):
    out, _left = _transfer_out(flow, office_user)
    services.transfer_in_new(actor=ct_office, transfer_number=out.transfer_number, on=TODAY)
    with pytest.raises(ValidationError, match="该迁移证明已办理过迁入。"):
        services.transfer_in_new(actor=ct_office, transfer_number=out.transfer_number, on=TODAY)
    assert Application.objects.filter(kind="transfer_in").count() == 1


def test_a_certificate_cancelled_for_death_is_never_revived(flow, office_user, ct_office):
    """The reported defect: 迁入 revived a certificate cancelled for death."""
    certificate = flow("closed").certificate
    services.certificate_cancel(actor=office_user, certificate=certificate, grounds="death",
                                on=TODAY)  # fmt: skip
    person = Person.objects.get()
    assert render_text(person.closed_reason) == "死亡"
    with pytest.raises(ValidationError) as raised:  # the outside path, with the same ID and number
        services.transfer_in_from_outside(
            actor=ct_office, person=person, incoming_number=certificate.number,
            transfer_place="邢台市残联", on=TODAY,
        )  # fmt: skip
    assert raised.value.code == "file_closed"
    with pytest.raises(ValidationError) as raised:
        services.application_new(actor=office_user, person=person, materials=[],
                                 requested_category=4, on=TODAY + datetime.timedelta(days=3000))
    assert raised.value.code == "file_closed"
    assert not Certificate.objects.filter(status="valid").exists()
    assert Person.objects.get().region.code == "130408"


def test_transfer_in_of_a_person_in_the_register_cannot_use_the_outside_path(
    flow, office_user, ct_office
):
    """The reported defect: 丛台区 typed …41 for a …44 holder and got 一级."""
    _out, left = _transfer_out(flow, office_user)
    with pytest.raises(ValidationError) as raised:
        services.transfer_in_from_outside(
            actor=ct_office, person=left.person, incoming_number=ADULT_ID + "41",
            transfer_place="永年区残联", on=TODAY,
        )  # fmt: skip
    assert raised.value.code == "within_deployment"


def test_a_made_up_holder_from_inside_the_deployment_is_refused(person_factory, office_user):
    """The reported defect: a number "from 邯郸市永年区残疾人联合会" for a made-up person."""
    person = person_factory(number=id_number("19800101", "555"), name="假人")
    with pytest.raises(ValidationError) as raised:
        services.transfer_in_from_outside(
            actor=office_user, person=person, incoming_number=person.id_number + "11",
            transfer_place="邯郸市永年区残疾人联合会", on=TODAY,
        )  # fmt: skip
    assert raised.value.code == "within_deployment"


def test_transfer_in_from_outside_needs_the_scan_and_the_chairman(
    person_factory, office_user, chairman
):
    person = person_factory(number=OUTSIDE_ID, name="孙悟")
    app = services.transfer_in_from_outside(
        actor=office_user, person=person, incoming_number=OUTSIDE_ID + "42",
        transfer_place="北京市朝阳区残联", on=TODAY,
    )  # fmt: skip
    # from outside there is no approval straight from "received": it goes to the chairman
    with pytest.raises(ValidationError) as raised:
        services.application_approve(actor=office_user, application=app, on=TODAY)
    assert raised.value.code == "state"  # one answer to a step out of order (cdpf.flows)
    with pytest.raises(ValidationError) as raised:
        services.transfer_in_to_review(actor=office_user, application=app, on=TODAY)
    assert raised.value.code == "no_scan"
    _scan(person, app, office_user)
    services.transfer_in_to_review(actor=office_user, application=app, on=TODAY)
    with pytest.raises(PermissionDenied, match="只有理事长"):  # in review, still not the office
        services.application_approve(actor=office_user, application=app, on=TODAY)
    certificate = services.application_approve(actor=chairman, application=app, on=TODAY)
    assert certificate.number == OUTSIDE_ID + "42" and certificate.status == "valid"


def test_an_outside_number_must_agree_and_be_new(person_factory, office_user, flow):
    person = person_factory(number=OUTSIDE_ID, name="孙悟")
    with pytest.raises(ValidationError) as raised:
        services.transfer_in_from_outside(
            actor=office_user, person=person, incoming_number=ADULT_ID + "42",
            transfer_place="北京市", on=TODAY,
        )  # fmt: skip
    assert "incoming_number" in raised.value.error_dict


def test_the_source_districts_documents_print_the_facts_as_issued(
    flow, office_user, ct_office
):
    """The reported defect: 永年区's archived form printed a 丛台区 address after the move."""
    out, _left = _transfer_out(flow, office_user)
    first = pdf.transfer_certificate(actor=office_user, application=out)
    app = services.transfer_in_new(
        actor=ct_office, transfer_number=out.transfer_number, on=TODAY,
        community="丛台区光明社区", address="丛台区光明路1号",
    )  # fmt: skip
    services.application_approve(actor=ct_office, application=app, on=TODAY)
    out.refresh_from_db()
    again = pdf.application_form(actor=office_user, application=out)
    text = pdf_text(bytes(again.content))
    assert "永年区城关镇东街村1号" in text and "光明路" not in text
    assert "永年" in text.split("户籍地")[1][:20]
    assert out.transfer_number in pdf_text(bytes(first.content))
    stored = GeneratedDocument.objects.get(pk=first.pk)
    assert stored.sha256 == first.sha256


def test_the_source_district_still_finds_the_holder_by_name(flow, office_user, ct_office):
    out, left = _transfer_out(flow, office_user)
    app = services.transfer_in_new(actor=ct_office, transfer_number=out.transfer_number, on=TODAY)
    services.application_approve(actor=ct_office, application=app, on=TODAY)
    found = selectors.search_certificates(office_user, filters={"q": "王喆"})
    assert list(found) == [left]


def test_the_database_refuses_to_change_a_stored_document(flow, office_user):
    app = flow("received")
    document = pdf.application_form(actor=office_user, application=app)
    with pytest.raises(DatabaseError), transaction.atomic():
        GeneratedDocument.objects.filter(pk=document.pk).update(content=b"forged")
    assert bytes(GeneratedDocument.objects.get(pk=document.pk).content) == bytes(document.content)


def test_the_database_allows_one_open_application_per_person(flow):
    app = flow("received")
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(
            region=app.region, person=app.person, kind="new", state="received",
            received_on=TODAY, received_by=app.received_by,
        )  # fmt: skip
