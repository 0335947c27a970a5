"""Factories for levy relief: an employer with an audited 2025 levy of 120,000 yuan (200 staff,
nobody counted: 3 × 8,888,889 ÷ 200 × 90%); the centre and the chairman are the root conftest's."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from employment_quota import services as quota
from levy_relief import services
from tests.factories import CREDIT_CODE, LEVY, LEVY_DUE, LEVY_MATERIALS, PDF, TODAY

D = datetime.date


@pytest.fixture
def employer(centre, yongnian):
    return quota.employer_register(
        actor=centre,
        region=yongnian,
        credit_code=CREDIT_CODE,
        name="永年区标准件制造有限公司",
        employer_type="enterprise",
        address="永年区临洺关镇工业街8号",
    )


@pytest.fixture
def declaration(centre, yongnian, employer):
    year = quota.audit_year_open(
        actor=centre,
        region=yongnian,
        year=2025,
        local_average_wage=Decimal("45000"),
        today=D(2026, 3, 1),
    )
    declaration = quota.declaration_save(
        actor=centre,
        audit_year=year,
        employer=employer,
        staff=Decimal("200"),
        wage_bill=Decimal("8888889"),
        employees=[],
    )
    quota.declaration_submit(actor=centre, declaration=declaration, on=D(2026, 4, 1))
    declaration = quota.declaration_approve(actor=centre, declaration=declaration, on=D(2026, 4, 2))
    assert declaration.amount_due == LEVY
    return declaration


@pytest.fixture
def receive(centre, declaration):
    """Receive an application for the audited employer (a 6-month flood deferral by default)."""

    def make(**overrides):
        args = {
            "actor": centre,
            "employer": declaration.employer,
            "levy_year": 2025,
            "kind": "deferral",
            "new_due_date": D(2026, 12, 30),
            "ground": "natural_disaster",
            "event_date": D(2026, 7, 20),
            "loss_amount": Decimal("850000"),
            "description": "2026年7月洪水淹没厂房及仓库，停产两个月。",
            "original_due_date": LEVY_DUE,
            "received_on": D(2026, 8, 10),
        }
        args.update(overrides)
        return services.application_receive(**args)

    return make


@pytest.fixture
def scan_all(centre, settings, tmp_path):
    """Upload a scan of every material the checklist names."""
    settings.PRIVATE_STORAGE_DIR = tmp_path

    def scan(application, kinds=LEVY_MATERIALS):
        for kind in kinds:
            services.material_add(
                actor=centre,
                application=application,
                kind=kind,
                upload=SimpleUploadedFile(f"{kind}.pdf", PDF),
            )
        return application

    return scan


@pytest.fixture
def advance(centre, chairman, scan_all):
    """Move an application along the flow up to `state` (its scans uploaded first)."""

    def to(application, state, on=TODAY):
        if state == "submitted":
            return application
        stored = set(application.materials.values_list("kind", flat=True))
        scan_all(application, kinds=[k for k in LEVY_MATERIALS if k not in stored])
        application = services.materials_check(
            actor=centre, application=application, ticked=LEVY_MATERIALS, on=on
        )
        if state == "checked":
            return application
        application = services.application_review(
            actor=chairman, application=application, opinion="损失属实，符合缓缴条件。", on=on
        )
        if state == "reviewed":
            return application
        return services.application_approve(
            actor=chairman, application=application, reason="洪灾造成重大直接经济损失。", on=on
        )

    return to
