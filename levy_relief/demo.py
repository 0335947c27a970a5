"""Demo records of levy relief for the 永年区 demo accounts: the issue's flood deferral
(audited 2025 levy of 120,000 yuan, approved and numbered), one application waiting for the
materials check, one waiting for the chairman's review, and an overdue deferral."""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from cdpf.identifiers import credit_check_character
from cdpf.models import Region, User
from employment_quota import services as quota
from employment_quota.models import AuditYear, Employer
from levy_relief import services
from levy_relief.models import ReliefApplication

D = datetime.date
ALL = ["application", "loss_proof", "financials"]


def _code(first17: str) -> str:
    return first17 + credit_check_character(first17)


def _employer(centre, region, first17, name, address):
    code = _code(first17)
    existing = Employer.objects.filter(credit_code=code).first()
    if existing is not None:
        return existing
    return quota.employer_register(
        actor=centre,
        region=region,
        credit_code=code,
        name=name,
        employer_type="enterprise",
        address=address,
    )


def _audited(centre, region, employer, *, staff, wage_bill):
    """The employer's approved 2025 declaration (opening the 2025 audit if needed)."""
    year = AuditYear.objects.filter(region=region, year=2025).first() or quota.audit_year_open(
        actor=centre,
        region=region,
        year=2025,
        local_average_wage=Decimal("45000"),
        today=D(2026, 3, 1),
    )
    existing = services.audited_declaration(employer, 2025)
    if existing is not None or year.status != AuditYear.Status.OPEN:
        return existing
    declaration = quota.declaration_save(
        actor=centre,
        audit_year=year,
        employer=employer,
        staff=Decimal(staff),
        wage_bill=Decimal(wage_bill),
        employees=[],
    )
    quota.declaration_submit(actor=centre, declaration=declaration, on=D(2026, 4, 1))
    return quota.declaration_approve(actor=centre, declaration=declaration, on=D(2026, 4, 2))


def _scans(centre, application) -> None:
    """A scan of each material on the checklist (a one-page demo PDF), as the centre uploads."""
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
    for kind in ReliefApplication.Material.values:
        services.material_add(
            actor=centre,
            application=application,
            kind=kind,
            upload=SimpleUploadedFile(f"{kind}.pdf", pdf, content_type="application/pdf"),
        )


@transaction.atomic
def load(stdout) -> None:
    region = Region.objects.get(code="130408")
    centre = User.objects.get(username="yn_labour")
    chair = User.objects.get(username="yn_chair")
    today = timezone.localdate()
    flood = _employer(
        centre, region, "91130408MA0RL0001", "永年区标准件制造有限公司", "永年区临洺关镇工业街8号"
    )
    if ReliefApplication.objects.filter(employer=flood).exists():
        stdout.write("Levy relief demo records already loaded.")
        return
    # 200 staff, nobody counted: 3 × 8,888,889 ÷ 200 (44,444.445) × 90% = 120,000.00
    _audited(centre, region, flood, staff="200", wage_bill="8888889")
    deferral = services.application_receive(
        actor=centre,
        employer=flood,
        levy_year=2025,
        kind="deferral",
        new_due_date=D(2026, 12, 30),
        ground="natural_disaster",
        event_date=D(2026, 7, 20),
        loss_amount=Decimal("850000"),
        description="2026年7月下旬持续强降雨引发洪水，厂房及仓库被淹，停产近两个月。",
        original_due_date=D(2026, 6, 30),
        received_on=D(2026, 8, 10),
    )
    _scans(centre, deferral)
    services.materials_check(actor=centre, application=deferral, ticked=ALL, on=D(2026, 8, 12))
    services.application_review(
        actor=chair,
        application=deferral,
        opinion="洪灾损失经核实属实，缓缴六个月符合规定。",
        on=D(2026, 8, 20),
    )
    services.application_approve(
        actor=chair,
        application=deferral,
        reason="因洪灾造成重大直接经济损失，同意缓缴六个月。",
        on=today,
    )

    fire = _employer(
        centre, region, "91130408MA0RL0002", "永年区紧固件销售有限公司", "永年区刘营镇商贸街15号"
    )
    _audited(centre, region, fire, staff="150", wage_bill="7500000")
    services.application_receive(
        actor=centre,
        employer=fire,
        levy_year=2025,
        kind="reduction",
        amount=Decimal("30000.00"),
        ground="sudden_event",
        event_date=D(2026, 9, 3),
        loss_amount=Decimal("420000"),
        description="仓库电气线路故障引发火灾，库存货物大部分损毁。",
        original_due_date=D(2026, 6, 30),
        received_on=D(2026, 9, 20),
    )

    hail = _employer(
        centre, region, "91130408MA0RL0003", "永年区蔬菜种植专业合作社农产品公司", "永年区西苏镇"
    )
    _audited(centre, region, hail, staff="120", wage_bill="5400000")
    checked = services.application_receive(
        actor=centre,
        employer=hail,
        levy_year=2025,
        kind="exemption",
        ground="natural_disaster",
        event_date=D(2026, 6, 12),
        loss_amount=Decimal("1300000"),
        description="冰雹灾害致大棚及作物全部损毁。",
        original_due_date=D(2026, 6, 30),
        received_on=D(2026, 7, 1),
    )
    _scans(centre, checked)
    services.materials_check(actor=centre, application=checked, ticked=ALL, on=D(2026, 7, 3))

    # A 2024 levy deferred in 2025 whose new due date has passed unpaid.
    late = _employer(
        centre, region, "91130408MA0RL0004", "永年区铸造厂有限公司", "永年区讲武镇工业园"
    )
    overdue = services.application_receive(
        actor=centre,
        employer=late,
        levy_year=2024,
        kind="deferral",
        new_due_date=D(2025, 12, 30),
        assessed_levy=Decimal("48000.00"),
        tax_reference="永税核〔2025〕27号",
        ground="force_majeure",
        event_date=D(2025, 5, 10),
        loss_amount=Decimal("600000"),
        description="上游供电中断导致熔炉停产，订单违约损失。",
        original_due_date=D(2025, 6, 30),
        received_on=D(2025, 6, 5),
    )
    _scans(centre, overdue)
    services.materials_check(actor=centre, application=overdue, ticked=ALL, on=D(2025, 6, 10))
    services.application_review(
        actor=chair, application=overdue, opinion="损失属实。", on=D(2025, 6, 15)
    )
    services.application_approve(
        actor=chair,
        application=overdue,
        reason="不可抗力造成重大损失，同意缓缴。",
        on=D(2025, 6, 20),
    )
    stdout.write("Levy relief demo records loaded (4 applications).")
