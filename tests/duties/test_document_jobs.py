"""The duty register (current and published versions) is laid out in a background job, never
in the web request: it is laid out two to four times to repeat a duty split by a page break
(issue 16 item 4, decision 0230)."""

import pytest
from django.urls import reverse

from cdpf import roles
from duties.models import RegisterVersion
from tests.document_jobs import check_document_job, signed_in
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_the_register_prints_in_a_job(office_user, no_role_user):
    check_document_job(
        signed_in(office_user),
        reverse("duties:register_pdf"),
        {"region": "130408"},
        kind="duties.register",
        document_kind="duty_register",
        text=["永年区残疾人联合会", "部门职责登记表", "公共服务事项登记表"],
        wrong_role=signed_in(no_role_user),
        other_district=signed_in(make_user("ct_office", "130403", roles.OFFICE)),
        other_district_404=True,
    )


def test_a_published_version_prints_in_a_job(admin_user, office_user, no_role_user):
    admin = signed_in(admin_user)
    admin.post(reverse("duties:publish"), {"published_on": "2026-11-02"})
    version = RegisterVersion.objects.get()
    check_document_job(
        signed_in(office_user),
        reverse("duties:version_pdf", args=[version.pk]),
        kind="duties.register",
        document_kind="duty_register",
        text=["第 1 版", "部门职责登记表"],
        wrong_role=signed_in(no_role_user),
        other_district=signed_in(make_user("ct_office", "130403", roles.OFFICE)),
        other_district_404=True,
    )
