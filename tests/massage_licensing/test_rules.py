"""The requirements, each at and just past its threshold, without a database."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from massage_licensing import rules
from tests.massage_licensing.facts import ON, POLICY, cert, institution, staff, team


def check(key, inst=None, team=None):
    members = [staff()] * 5 if team is None else team
    checks = rules.evaluate(inst or institution(), members, policy=POLICY, on=ON)
    return next(c for c in checks if c.key == key)


def test_a_compliant_institution_meets_every_requirement():
    checks = rules.evaluate(institution(), team(4, 5), policy=POLICY, on=ON)
    assert rules.all_met(checks), [c for c in checks if not c.passed]


def test_the_name_must_contain_blind_health_massage():
    assert check("name").passed
    assert not check("name", institution(name="永年区光明保健按摩中心")).passed


def test_blind_share_with_a_blind_representative_is_60_percent_at_the_threshold():
    rep = institution(representative_is_blind=True, representative_certificate=cert())
    at = check("blind_share", rep, team(3, 5))
    assert at.passed and at.actual == "3/5 = 60%" and at.required == "≥ 60%"
    below = check("blind_share", rep, team(59, 100))
    assert not below.passed and below.actual == "59/100 = 59%"


def test_blind_share_with_a_sighted_representative_is_80_percent():
    assert check("blind_share", institution(), team(4, 5)).passed
    assert not check("blind_share", institution(), team(79, 100)).passed
    assert not check("blind_share", institution(), team(3, 5)).passed


def test_a_representative_declared_blind_without_a_visual_certificate_fails_and_needs_80():
    rep = institution(representative_is_blind=True, representative_certificate=cert(category=4))
    assert not check("representative", rep).passed
    share = check("blind_share", rep, team(3, 5))
    assert not share.passed and share.required == "≥ 80%"


def test_no_staff_fails_the_share():
    result = check("blind_share", institution(), [])
    assert not result.passed and result.actual == "未登记按摩人员"


def test_area_beds_and_spacing_at_and_just_past_the_threshold():
    assert check("area", institution(area_m2=Decimal("30"))).passed
    assert not check("area", institution(area_m2=Decimal("29.99"))).passed
    assert check("beds", institution(beds=3)).passed
    assert not check("beds", institution(beds=2)).passed
    assert check("bed_spacing", institution(bed_spacing_m=Decimal("0.70"))).passed
    spacing = check("bed_spacing", institution(bed_spacing_m=Decimal("0.69")))
    assert not spacing.passed and spacing.actual == "0.69 米" and spacing.required == "≥ 0.7 米"


@pytest.mark.parametrize(
    "facility", ["has_disinfection", "has_toilet", "has_fire_safety", "has_lighting"]
)
def test_each_facility_is_required(facility):
    assert check(facility).passed
    assert not check(facility, institution(**{facility: False})).passed


def test_each_check_names_its_rule_and_source():
    area = check("area")
    assert area.rule and area.source == "残联发〔2007〕29号"


def test_only_a_valid_unexpired_visual_certificate_makes_a_person_blind():
    assert rules.blindness(cert(), ON)[0]
    assert not rules.blindness(cert(category=4), ON)[0]
    assert not rules.blindness(cert(status="cancelled"), ON)[0]
    assert not rules.blindness(cert(expiry=ON - datetime.timedelta(days=1)), ON)[0]
    assert rules.blindness(cert(expiry=ON), ON)[0]
    assert not rules.blindness(None, ON)[0]


def test_a_multiple_disability_counts_as_blind_only_with_a_visual_part():
    assert rules.blindness(cert(category=7, parts=[[4, 2], [1, 3]]), ON)[0]
    assert not rules.blindness(cert(category=7, parts=[[4, 2], [2, 3]]), ON)[0]


def test_a_practitioner_whose_certificate_is_not_visual_does_not_count_as_blind():
    members = [staff(True)] * 3 + [staff(True, certificate=cert(category=2))] + [staff(False)]
    result = check("blind_share", institution(), members)
    assert result.actual == "3/5 = 60%" and not result.passed


def test_an_expired_health_certificate_fails_the_staff_check():
    ok = rules.evaluate(institution(), [staff(health=ON)], policy=POLICY, on=ON)
    assert next(c for c in ok if c.key == "staff").passed
    expired = rules.evaluate(
        institution(), [staff(health=ON - datetime.timedelta(days=1))], policy=POLICY, on=ON
    )
    line = next(c for c in expired if c.key == "staff")
    assert not line.passed and "健康证已于 2026-11-01 过期" in line.actual


def test_blind_staff_need_a_contract_and_insurance_sighted_staff_do_not():
    assert rules.staff_documents(staff(True, labour_contract=False), blind=True, on=ON) == [
        "劳动合同"
    ]
    assert rules.staff_documents(staff(False, labour_contract=False), blind=False, on=ON) == []
    missing = rules.staff_documents(
        staff(False, qualification_number="", health_certificate_number=""), blind=False, on=ON
    )
    assert missing == ["保健按摩资格证书", "健康证"]


def test_which_changes_require_re_certification():
    assert rules.recertification_kinds({"name": "a"}, {"name": "b"}) == ["name"]
    assert rules.recertification_kinds({"area_m2": "30"}, {"area_m2": "40"}) == ["premises"]
    assert rules.recertification_kinds(
        {"address": "x", "beds": 3}, {"address": "y", "beds": 4}
    ) == ["premises"]
    assert rules.recertification_kinds({"person_in_charge": "a"}, {"person_in_charge": "b"}) == [
        "person_in_charge"
    ]
    assert rules.recertification_kinds({"phone": "1"}, {"phone": "2"}) == []
    assert rules.recertification_kinds({"name": "a"}, {"name": "a"}) == []


def test_certificate_number_format():
    assert (
        rules.format_certificate_number("永残盲按认〔{year}〕第{seq:04d}号", year=2026, seq=7)
        == "永残盲按认〔2026〕第0007号"
    )
    with pytest.raises(ValidationError, match="证书编号格式须包含"):
        rules.format_certificate_number("no sequence {year}", year=2026, seq=1)
    with pytest.raises(ValidationError, match="证书编号格式须包含"):
        rules.format_certificate_number("{seq}{other}", year=2026, seq=1)


def test_add_months_and_review_state():
    assert rules.add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert rules.add_months(datetime.date(2026, 11, 2), 12) == datetime.date(2027, 11, 2)
    assert rules.review_state(ON - datetime.timedelta(days=1), ON) == "overdue"
    assert rules.review_state(ON + datetime.timedelta(days=30), ON) == "due"
    assert rules.review_state(ON + datetime.timedelta(days=31), ON) == "ok"
