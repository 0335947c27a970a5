"""Complaints and reports: intake with working-day deadlines, assignment, verification,
reply, closing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from supervision import selectors, services

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
RECEIVED = datetime.date(2026, 9, 30)  # the day before the National Day holiday


def receive(office_user, yongnian, **extra):
    data = {
        "actor": office_user,
        "region": yongnian,
        "received_on": RECEIVED,
        "channel": "phone",
        "rule": "quota",
        "subject": "某公司残疾职工未签合同",
        "content": "举报某公司虚报残疾职工人数。",
        "anonymous": True,
        "respondent_kind": "outside",
        "respondent_name": "某公司",
    }
    data.update(extra)
    return services.complaint_receive(**data)


def test_deadlines_count_working_days_over_the_holiday(office_user, yongnian):
    complaint = receive(office_user, yongnian)
    # 10-01…10-07 off, Saturday 10-10 worked (国务院办公厅 2026 notice)
    assert complaint.assign_due_on == datetime.date(2026, 10, 13)
    assert complaint.reply_due_on == datetime.date(2026, 11, 3)


def test_a_named_complaint_needs_the_name(office_user, yongnian):
    with pytest.raises(ValidationError, match="Give the complainant's name,"):
        receive(office_user, yongnian, anonymous=False, complainant_name=" ")
    complaint = receive(
        office_user,
        yongnian,
        anonymous=False,
        complainant_name="王某",
        complainant_phone="13800000000",
    )
    assert complaint.complainant_name == "王某"


def test_anonymous_complaints_keep_no_name(office_user, yongnian):
    complaint = receive(office_user, yongnian, complainant_name="不该保存")
    assert complaint.complainant_name == ""


def test_from_intake_to_closed(office_user, supervisor, yongnian, employer):
    complaint = receive(office_user, yongnian)
    with pytest.raises(PermissionDenied, match="Only Office"):
        services.complaint_assign(
            actor=supervisor, complaint=complaint, assignee=supervisor, on=RECEIVED
        )
    with pytest.raises(ValidationError, match="Assign the complaint to a"):
        services.complaint_assign(
            actor=office_user, complaint=complaint, assignee=office_user, on=RECEIVED
        )
    services.complaint_assign(
        actor=office_user, complaint=complaint, assignee=supervisor, on=RECEIVED
    )
    inspection = services.complaint_verify(
        actor=supervisor, complaint=complaint, method="both", subject_kind="employer",
        subject=employer, scheduled_on=datetime.date(2026, 10, 9),
    )  # fmt: skip
    assert inspection.complaint == complaint and inspection.plan is None
    with pytest.raises(ValidationError, match="verification check"):
        services.complaint_answer(
            actor=supervisor, complaint=complaint, outcome="unfounded", reply="x", on=RECEIVED
        )
    services.inspection_notify(
        actor=supervisor, inspection=inspection, on=datetime.date(2026, 10, 9)
    )
    services.inspection_record_check(
        actor=supervisor,
        inspection=inspection,
        conclusion="举报不属实",
        on=datetime.date(2026, 10, 12),
        results={i.code: ("ok", "") for i in inspection.items.all()},
    )
    services.complaint_answer(
        actor=supervisor, complaint=complaint, outcome="unfounded", reply="经核查，举报不属实。",
        on=datetime.date(2026, 10, 13),
    )  # fmt: skip
    with pytest.raises(PermissionDenied, match="Only Office"):
        services.complaint_close(actor=supervisor, complaint=complaint, note="x", on=RECEIVED)
    services.complaint_close(
        actor=office_user,
        complaint=complaint,
        note="匿名举报，答复存档",
        on=datetime.date(2026, 10, 14),
    )
    complaint.refresh_from_db()
    assert complaint.state == "closed" and complaint.outcome == "unfounded"
    with pytest.raises(ValidationError) as raised:
        services.complaint_close(actor=office_user, complaint=complaint, note="again", on=RECEIVED)
    assert raised.value.code == "state"  # one answer to a step out of order (cdpf.flows)


def test_a_complaint_past_its_deadline_is_overdue(office_user, supervisor, yongnian):
    complaint = receive(office_user, yongnian)
    assert not selectors.overdue_complaints(supervisor, datetime.date(2026, 10, 13)).exists()
    assert list(selectors.overdue_complaints(supervisor, datetime.date(2026, 10, 14))) == [
        complaint
    ]
    services.complaint_assign(
        actor=office_user, complaint=complaint, assignee=supervisor, on=RECEIVED
    )
    assert not selectors.overdue_complaints(supervisor, datetime.date(2026, 11, 3)).exists()
    assert selectors.overdue_complaints(supervisor, datetime.date(2026, 11, 4)).exists()


def test_a_supervisor_of_another_district_cannot_take_it(office_user, ct_super, yongnian):
    complaint = receive(office_user, yongnian)
    with pytest.raises(ValidationError, match="That supervisor does not"):
        services.complaint_assign(
            actor=office_user, complaint=complaint, assignee=ct_super, on=RECEIVED
        )


def test_the_city_supervisor_may_take_it(office_user, city_supervisor, yongnian):
    complaint = receive(office_user, yongnian)
    services.complaint_assign(
        actor=office_user, complaint=complaint, assignee=city_supervisor, on=RECEIVED
    )
    assert city_supervisor in selectors.assignable_supervisors(yongnian)


def test_only_the_assigned_supervisor_verifies_and_answers(
    client_for, office_user, supervisor, city_supervisor, yongnian, employer
):
    """Decision 0040: verification and reply are the assigned supervisor's, not any one's."""
    complaint = receive(office_user, yongnian)
    services.complaint_assign(
        actor=office_user, complaint=complaint, assignee=city_supervisor, on=RECEIVED
    )
    with pytest.raises(PermissionDenied, match="Only the supervisor the"):
        services.complaint_verify(
            actor=supervisor, complaint=complaint, method="both", subject_kind="employer",
            subject=employer, scheduled_on=datetime.date(2026, 10, 9),
        )  # fmt: skip
    page = client_for(supervisor).get(reverse("supervision:complaint", args=[complaint.pk]))
    assert reverse("supervision:complaint_verify", args=[complaint.pk]) not in page.content.decode()
    inspection = services.complaint_verify(
        actor=city_supervisor, complaint=complaint, method="written", subject_kind="employer",
        subject=employer, scheduled_on=datetime.date(2026, 10, 9),
    )  # fmt: skip
    services.inspection_notify(
        actor=city_supervisor, inspection=inspection, on=datetime.date(2026, 10, 9)
    )
    services.inspection_record_check(
        actor=city_supervisor,
        inspection=inspection,
        conclusion="举报不属实",
        on=datetime.date(2026, 10, 12),
        results={i.code: ("ok", "") for i in inspection.items.all()},
    )
    answer = reverse("supervision:complaint_answer", args=[complaint.pk])
    response = client_for(supervisor).post(answer, {"outcome": "unfounded", "reply": "x"})
    assert response.status_code == 403
    complaint.refresh_from_db()
    assert complaint.state == "verifying" and complaint.reply == ""
    services.complaint_answer(
        actor=city_supervisor, complaint=complaint, outcome="unfounded", reply="不属实",
        on=datetime.date(2026, 10, 13),
    )  # fmt: skip


def test_the_assignee_refusal_reads_in_chinese(office_user, supervisor, city_supervisor, yongnian):
    complaint = receive(office_user, yongnian)
    services.complaint_assign(
        actor=office_user, complaint=complaint, assignee=city_supervisor, on=RECEIVED
    )
    with translation.override("zh-hans"), pytest.raises(PermissionDenied, match="承办"):
        services.complaint_verify(
            actor=supervisor, complaint=complaint, method="both", subject_kind="employer",
            subject=None, scheduled_on=RECEIVED,
        )  # fmt: skip
