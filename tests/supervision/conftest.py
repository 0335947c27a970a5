"""Fixtures for the supervision tests: certificate holders, employers, plans, inspections and a
police file; the role users are the root conftest's, the builders tests/factories.py's."""

import datetime

import pytest
from django.utils import translation

from cdpf.jobs import enqueue_job, run
from employment_quota import services as quota_services
from employment_quota.models import Employer
from supervision import services
from supervision.jobs import POLICE_KIND
from supervision.models import PoliceFile
from tests.factories import SUPERVISION_DAY as DAY
from tests.factories import id_number, make_holder, police_csv

TODAY = datetime.date.today()  # the pages' fixtures (tests/supervision/test_views.py)


@pytest.fixture
def holders(db):
    """Three valid certificates in 永年区, one cancelled one, and one in 丛台区."""
    return {
        "a": make_holder(id_number("19500101", "011"), "张建国"),
        "b": make_holder(id_number("19600202", "021"), "李秀英"),
        "c": make_holder(id_number("19700303", "031"), "王伟"),
        "d": make_holder(id_number("19450404", "041"), "赵桂兰", grade=3),
        "old": make_holder(id_number("19400505", "051"), "刘福林", status="cancelled"),
        "ct": make_holder(id_number("19550606", "061", "130403"), "孙长山", region="130403"),
    }


@pytest.fixture
def employer(centre, yongnian):
    return quota_services.employer_register(
        actor=centre,
        region=yongnian,
        credit_code="91350100M000100Y43",
        name="永年区示范企业有限公司",
        employer_type="enterprise",
        address="永年区建设路1号",
    )


@pytest.fixture
def ct_employer(congtai):
    return Employer.objects.create(
        region=congtai,
        credit_code="91130403MA0000001X",
        name="丛台区某公司",
        employer_type="enterprise",
        address="丛台区1号",
    )


@pytest.fixture
def english():
    """Messages in English, for tests that read a service's or a job's message."""
    with translation.override("en"):
        yield


@pytest.fixture
def quota_plan(supervisor, yongnian):
    return services.plan_create(actor=supervisor, region=yongnian, year=2026, rule="quota")



@pytest.fixture
def quota_inspection(supervisor, quota_plan, employer):
    return services.inspection_create(
        actor=supervisor,
        plan=quota_plan,
        rule="quota",
        year=2026,
        method="written",
        subject_kind="employer",
        subject=employer,
        scheduled_on=DAY,
    )



@pytest.fixture
def plan(supervisor, yongnian):
    return services.plan_create(actor=supervisor, region=yongnian, year=TODAY.year, rule="quota")



@pytest.fixture
def inspection(supervisor, plan, employer):
    return services.inspection_create(
        actor=supervisor, plan=plan, rule="quota", year=TODAY.year, method="written",
        subject_kind="employer", subject=employer, scheduled_on=TODAY,
    )  # fmt: skip



@pytest.fixture
def checked(supervisor, inspection):
    services.inspection_notify(actor=supervisor, inspection=inspection, on=TODAY)
    return services.inspection_record_check(
        actor=supervisor,
        inspection=inspection,
        conclusion="档案不健全",
        on=TODAY,
        results={
            i.code: ("issue" if i.code == "q5" else "ok", "未分册") for i in inspection.items.all()
        },
    )



@pytest.fixture
def police_file(office_user, holders, django_capture_on_commit_callbacks):
    rows = [
        [holders[k].person.id_number, holders[k].person.name, "死亡", "2026-08-01", "临洺关派出所"]
        for k in "abc"
    ]
    client_user = office_user

    job = enqueue_job(
        actor=client_user, kind=POLICE_KIND, title="p", params={"year": 2026, "quarter": 3},
        input_file=police_csv(rows), input_name="q3.csv",
    )  # fmt: skip
    run(job.pk)
    return PoliceFile.objects.get()

