"""Demo records of the massage institution register (130408), made through the services.

光明盲人保健按摩中心: a blind legal representative and five massage staff, four of them with
valid visual-category 残疾人证 (issued through the certificate register's new-issue flow), inspected
and certified. 康乐盲人保健按摩店: registered, its application checked and waiting for the
inspection; one of its staff holds a physical-category certificate and does not count as blind.
Run twice, it changes nothing the second time."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from cdpf.identifiers import credit_check_character
from cdpf.models import Region, User
from certificates.demo import demo_certificate
from certificates.models import Certificate
from certificates.rules import check_character
from massage_licensing import services
from massage_licensing.models import Institution

BRIGHT = "91130408MA0C8G1X2"
KANGLE = "91130408MA0D2K5P7"


def _code(first17: str) -> str:
    return first17 + credit_check_character(first17)


def _id(birth: str, seq: str) -> str:
    first17 = f"130408{birth}{seq}"
    return first17 + check_character(first17)


def _holder(office, region, *, name, birth, seq, category, grade, today) -> Certificate:
    """A certificate holder entered through the certificate services (新办, approved)."""
    number = _id(birth, seq)
    existing = Certificate.objects.by_id_number(number, field="person__id_number")
    existing = existing.filter(status="valid").first()
    if existing:
        return existing

    return demo_certificate(
        region=region, id_number=number, name=name, category=category, grade=grade, today=today
    )


def _institution(labour, region, *, code, today, **fields) -> Institution:
    return services.institution_register(
        actor=labour, region=region, credit_code=code, today=today, **fields
    )


def _staff(labour, institution, *, name, id_number, certificate="", today, **extra):
    return services.practitioner_register(
        actor=labour,
        institution=institution,
        name=name,
        id_number=id_number,
        joined_on=today - datetime.timedelta(days=200),
        disability_certificate_number=certificate,
        qualification_number=extra.pop("qualification_number", f"冀盲按资{id_number[-6:]}"),
        health_certificate_number=f"JKZ{id_number[-6:]}",
        health_certificate_expiry=extra.pop(
            "health_certificate_expiry", today + datetime.timedelta(days=300)
        ),
        labour_contract=True,
        social_insurance=True,
        **extra,
    )


def load(stdout) -> None:
    region = Region.objects.get(code="130408")
    labour = User.objects.get(username="yn_labour")
    chair = User.objects.get(username="yn_chair")
    office = User.objects.get(username="yn_office")
    today = timezone.localdate()
    bright_code, kangle_code = _code(BRIGHT[:17]), _code(KANGLE[:17])
    if Institution.objects.filter(credit_code__in=[bright_code, kangle_code]).exists():
        stdout.write("massage_licensing: demo records already present")
        return

    representative = _holder(
        office,
        region,
        name="张光明",
        birth="19750312",
        seq="031",
        category=1,
        grade=1,
        today=today,
    )
    bright = _institution(
        labour,
        region,
        code=bright_code,
        today=today,
        name="永年区光明盲人保健按摩中心",
        address="永年区临洺关镇建设路88号",
        legal_representative="张光明",
        representative_is_blind=True,
        representative_certificate_number=representative.number,
        person_in_charge="李青",
        phone="0310-6791166",
        area_m2=Decimal("80"),
        rooms=4,
        beds=6,
        bed_spacing_m=Decimal("0.9"),
        has_disinfection=True,
        has_toilet=True,
        has_fire_safety=True,
        has_lighting=True,
    )
    blind_staff = [
        ("王瑞", "19860415", "011", 1),
        ("刘芳", "19900822", "022", 2),
        ("陈建国", "19811103", "033", 1),
        ("赵丽", "19930117", "042", 2),
    ]
    for name, birth, seq, grade in blind_staff:
        certificate = _holder(
            office, region, name=name, birth=birth, seq=seq, category=1, grade=grade, today=today
        )
        _staff(
            labour,
            bright,
            name=name,
            id_number=_id(birth, seq),
            certificate=certificate.number,
            today=today,
        )
    _staff(labour, bright, name="孙明", id_number=_id("19880909", "051"), today=today)
    application = services.application_submit(actor=labour, institution=bright, on=today)
    services.application_check(actor=labour, application=application, on=today)
    services.inspection_record(
        actor=labour,
        application=application,
        inspected_on=today,
        inspectors="劳动就业服务所 王强、刘洋",
        area_confirmed=True,
        facilities_confirmed=True,
        staff_confirmed=True,
        passed=True,
        findings="营业面积、按摩床及间距与申报一致；消毒柜、卫生间、灭火器、照明齐全；"
        "五名按摩人员在岗，其中四名持视力残疾人证。",
    )
    certificate = services.application_approve(actor=chair, application=application, on=today)

    kangle = _institution(
        labour,
        region,
        code=kangle_code,
        today=today,
        name="永年区康乐盲人保健按摩店",
        address="永年区广府镇南街12号",
        legal_representative="周康",
        representative_is_blind=False,
        person_in_charge="周康",
        phone="13903100000",
        area_m2=Decimal("28"),
        rooms=2,
        beds=3,
        bed_spacing_m=Decimal("0.7"),
        has_disinfection=True,
        has_toilet=True,
        has_fire_safety=False,
        has_lighting=True,
    )
    physical = _holder(
        office,
        region,
        name="吴强",
        birth="19790505",
        seq="061",
        category=4,
        grade=3,
        today=today,
    )
    _staff(
        labour,
        kangle,
        name="吴强",
        id_number=_id("19790505", "061"),
        certificate=physical.number,
        today=today,
    )
    visual = _holder(
        office,
        region,
        name="郑梅",
        birth="19850606",
        seq="072",
        category=1,
        grade=2,
        today=today,
    )
    _staff(
        labour,
        kangle,
        name="郑梅",
        id_number=_id("19850606", "072"),
        certificate=visual.number,
        today=today,
        health_certificate_expiry=today - datetime.timedelta(days=3),
    )
    second = services.application_submit(actor=labour, institution=kangle, on=today)
    services.application_check(actor=labour, application=second, on=today)
    stdout.write(
        f"massage_licensing: {bright.name} certified ({certificate.number}); "
        f"{kangle.name} waiting for its inspection"
    )
