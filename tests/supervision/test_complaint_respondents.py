"""Issue 19 item 1 and issue 15 item 4: a complaint records who it is about (a staff account, a
unit, or an outside party); the respondent and their unit never see it; a complaint against
the chairman goes to the city's supervisors as well; the complainant's name and phone are seen
only by intake (the office) and the assigned supervisor."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cdpf import roles
from cdpf.home import home_sections
from supervision import selectors, services
from supervision.models import Complaint
from tests.factories import make_user

pytestmark = pytest.mark.django_db
RECEIVED = datetime.date(2026, 11, 2)


@pytest.fixture
def staff(db):
    return {
        "office": make_user("yn_office", "130408", roles.OFFICE),
        "office2": make_user("yn_office2", "130408", roles.OFFICE),
        "cert": make_user("yn_cert", "130408", roles.CERTIFICATE_ROOM),
        "cert2": make_user("yn_cert2", "130408", roles.CERTIFICATE_ROOM),
        "labour": make_user("yn_labour", "130408", roles.LABOUR_SERVICE),
        "chair": make_user("yn_chair", "130408", roles.CHAIRMAN),
        "admin": make_user("yn_admin", "130408", roles.ADMIN),
        "super": make_user("yn_super", "130408", roles.SUPERVISOR),
        "super2": make_user("yn_super2", "130408", roles.SUPERVISOR),
        "city": make_user("hd_super", "130400", roles.SUPERVISOR),
        "ct_office": make_user("ct_office", "130403", roles.OFFICE),
    }


def receive(staff, yongnian, **respondent):
    return services.complaint_receive(
        actor=staff["office"],
        region=yongnian,
        received_on=RECEIVED,
        channel="phone",
        rule="certificates",
        subject="办证拖延",
        content="办证室工作人员拖延办证并索要好处。",
        anonymous=False,
        complainant_name="王秀英",
        complainant_phone="13912345678",
        **respondent,
    )


def visible_to(user, complaint) -> bool:
    return selectors.complaints_for(user).filter(pk=complaint.pk).exists()


def test_the_respondent_must_be_named(staff, yongnian):
    with pytest.raises(ValidationError) as error:
        receive(staff, yongnian, respondent_kind="staff")
    assert "respondent_user" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        receive(staff, yongnian, respondent_kind="unit")
    assert "respondent_unit" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        receive(staff, yongnian, respondent_kind="outside", respondent_name=" ")
    assert "respondent_name" in error.value.message_dict
    with pytest.raises(ValidationError) as error:  # another district's account
        receive(staff, yongnian, respondent_kind="staff", respondent_user=staff["ct_office"])
    assert "respondent_user" in error.value.message_dict
    assert not Complaint.objects.exists()


def test_a_complaint_about_a_staff_member_is_hidden_from_them_and_their_unit(staff, yongnian):
    complaint = receive(staff, yongnian, respondent_kind="staff", respondent_user=staff["cert"])
    assert complaint.respondent_unit == roles.CERTIFICATE_ROOM
    assert not visible_to(staff["cert"], complaint)
    assert not visible_to(staff["cert2"], complaint)
    for name in ("office", "chair", "super", "city"):
        assert visible_to(staff[name], complaint), name
    assert complaint.escalated_to is None


def test_a_complaint_about_a_unit_is_hidden_from_the_unit(staff, yongnian):
    complaint = receive(
        staff, yongnian, respondent_kind="unit", respondent_unit=roles.LABOUR_SERVICE
    )
    assert not visible_to(staff["labour"], complaint)
    assert visible_to(staff["super"], complaint)


def test_a_complaint_about_the_chairman_goes_to_the_city_as_well(staff, yongnian, handan):
    complaint = receive(staff, yongnian, respondent_kind="staff", respondent_user=staff["chair"])
    assert complaint.escalated_to == handan
    assert not visible_to(staff["chair"], complaint)
    assert visible_to(staff["city"], complaint) and visible_to(staff["super"], complaint)
    assignable = set(selectors.assignable_supervisors_for(complaint))
    assert staff["city"] in assignable

    texts = " ".join(str(text) for s in home_sections(staff["city"]) for text, _url in s.items)
    assert "理事长" in texts


def test_a_complaint_about_a_supervisor_goes_to_the_city_only(staff, yongnian):
    complaint = receive(staff, yongnian, respondent_kind="staff", respondent_user=staff["super"])
    assert not visible_to(staff["super"], complaint)
    assert not visible_to(staff["super2"], complaint)
    assert visible_to(staff["city"], complaint)
    assert set(selectors.assignable_supervisors_for(complaint)) == {staff["city"]}


def test_a_complaint_about_the_office_is_assigned_and_closed_by_the_supervisors(staff, yongnian):
    complaint = receive(staff, yongnian, respondent_kind="staff", respondent_user=staff["office2"])
    assert not visible_to(staff["office"], complaint)  # the intake's own unit
    services.complaint_assign(
        actor=staff["super"], complaint=complaint, assignee=staff["super2"], on=RECEIVED
    )
    complaint.refresh_from_db()
    assert complaint.assignee == staff["super2"]


def test_the_pages_refuse_the_respondent(client_for, staff, yongnian):
    complaint = receive(staff, yongnian, respondent_kind="staff", respondent_user=staff["chair"])
    url = reverse("supervision:complaint", args=[complaint.pk])
    assert client_for(staff["chair"]).get(url).status_code == 404
    listing = client_for(staff["chair"]).get(reverse("supervision:complaints"))
    assert "办证拖延" not in listing.content.decode()


def test_the_complainant_is_seen_only_by_intake_and_the_assigned_supervisor(
    client_for, staff, yongnian
):
    complaint = receive(
        staff, yongnian, respondent_kind="outside", respondent_name="某医院评残医生"
    )
    services.complaint_assign(
        actor=staff["office"], complaint=complaint, assignee=staff["super"], on=RECEIVED
    )
    url = reverse("supervision:complaint", args=[complaint.pk])
    for name in ("office", "super"):
        body = client_for(staff[name]).get(url).content.decode()
        assert "王秀英" in body and "13912345678" in body, name
    for name in ("cert", "labour", "chair", "super2", "city"):
        response = client_for(staff[name]).get(url)
        body = response.content.decode()
        assert response.status_code == 200, name
        assert "王秀英" not in body and "13912345678" not in body, name
        assert "某医院评残医生" in body, name
    # 三员分立 (decision 0124): the system administrator opens no complaint page at all
    response = client_for(staff["admin"]).get(url)
    assert response.status_code == 403
    assert "王秀英" not in response.content.decode()
    assert "13912345678" not in response.content.decode()


def test_the_intake_form_records_the_respondent(client_for, staff):
    client = client_for(staff["office"])
    data = {
        "received_on": "2026-11-02",
        "channel": "phone",
        "complainant_name": "王秀英",
        "complainant_phone": "13912345678",
        "rule": "certificates",
        "subject": "办证拖延",
        "content": "理事长拖延审批。",
        "respondent_kind": "staff",
    }
    bad = client.post(reverse("supervision:complaint_new"), data)
    assert bad.status_code == 400 and not Complaint.objects.exists()
    assert "被投诉" in bad.content.decode()
    data["respondent_user"] = str(staff["chair"].pk)
    client.post(reverse("supervision:complaint_new"), data)
    complaint = Complaint.objects.get()
    assert complaint.respondent_user == staff["chair"] and complaint.escalated_to is not None
