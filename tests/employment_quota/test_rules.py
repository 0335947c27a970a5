"""The levy reference amount against hand-checked figures (DOMAIN.md §3)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from employment_quota.rules import (
    QuotaPolicy,
    calculate_levy,
    hebei_defaults,
    validate_credit_code,
)

GRADE2_FULL_YEAR = {"grade": 2, "months": 12, "qualifies": True}
GRADE4_HALF_YEAR = {"grade": 4, "months": 6, "qualifies": True}


def levy(**overrides):
    args = {
        "year": 2025,
        "employer_type": "enterprise",
        "staff": 200,
        "wage_bill": Decimal("12000000"),
        "local_average_wage": Decimal("45000"),
        "employees": [],
    }
    args.update(overrides)
    return calculate_levy(**args)


def test_no_disabled_employee_pays_ninety_percent():
    # required 200 × 1.5% = 3; average 12,000,000 / 200 = 60,000; 3 × 60,000 × 0.9 = 162,000
    result = levy()
    assert result.required == Decimal("3.000")
    assert result.counted == 0 and result.shortfall == Decimal("3.000")
    assert result.average_wage == Decimal("60000.00")
    assert result.rate == Decimal("0.9") and result.amount_due == Decimal("162000.00")
    assert any("90%" in step for step in result.explanation)


def test_one_percent_or_more_pays_half():
    # a grade-2 employee all year counts 2: ratio 1%; shortfall 1; 1 × 60,000 × 0.5 = 30,000
    result = levy(employees=[GRADE2_FULL_YEAR])
    assert result.counted == 2 and result.rate == Decimal("0.5")
    assert result.amount_due == Decimal("30000.00")


def test_meeting_the_ratio_pays_nothing():
    # the example: grade 2 × 12 months (2) + grade 4 × 6 months (0.5) = 2.5 ≥ 1.5
    result = levy(
        staff=100, wage_bill=Decimal("6000000"), employees=[GRADE2_FULL_YEAR, GRADE4_HALF_YEAR]
    )
    assert result.counted == Decimal("2.5") and result.required == Decimal("1.500")
    assert result.shortfall == 0 and result.rate == 0 and result.amount_due == Decimal("0.00")


def test_the_average_wage_is_capped_at_twice_the_local_average():
    # 15,000,000 / 100 = 150,000 > 2 × 50,000: 1.5 × 100,000 × 0.9 = 135,000
    result = levy(staff=100, wage_bill=Decimal("15000000"), local_average_wage=Decimal("50000"))
    assert result.average_wage == Decimal("100000.00")
    assert result.amount_due == Decimal("135000.00")


def test_partial_months_count_pro_rata():
    # grade 3 for 7 months = 7/12; shortfall 29/12; 29/12 × 60,000 × 0.9 = 130,500
    result = levy(employees=[{"grade": 3, "months": 7, "qualifies": True}])
    assert result.amount_due == Decimal("130500.00")


def test_small_enterprises_are_exempt_but_not_other_employers():
    assert levy(staff=30, wage_bill=Decimal("1800000")).amount_due == 0
    # a state organ of 30: 0.45 × 60,000 × 0.9 = 24,300
    organ = levy(employer_type="state_organ", staff=30, wage_bill=Decimal("1800000"))
    assert organ.rate == Decimal("0.9") and organ.amount_due == Decimal("24300.00")
    assert levy(staff=31, wage_bill=Decimal("1860000")).amount_due > 0


def test_late_filing_counts_nobody():
    result = levy(employees=[GRADE2_FULL_YEAR], filed_on_time=False)
    assert result.counted == 0 and result.amount_due == Decimal("162000.00")
    assert any("视为未安排" in step for step in result.explanation)


def test_a_non_qualifying_employee_counts_zero_and_is_listed_with_the_reason():
    result = levy(
        employees=[
            {
                "grade": 1,
                "months": 12,
                "qualifies": False,
                "name": "张三",
                "reason": "未缴纳养老保险",
            }
        ]
    )
    assert result.counted == 0
    assert any("张三" in step and "未缴纳养老保险" in step for step in result.explanation)


def test_outside_the_graded_period_the_whole_amount_is_due():
    result = levy(year=2028)
    assert result.rate == 1 and result.amount_due == Decimal("180000.00")
    # and the small-enterprise exemption ends with it
    assert levy(year=2028, staff=30, wage_bill=Decimal("1800000")).amount_due > 0


def test_a_given_policy_is_used_instead_of_the_defaults():
    policy = QuotaPolicy(
        required_ratio=Decimal("0.016"),
        average_wage_cap_multiple=Decimal(3),
        graded_threshold_ratio=None,
        rate_at_or_above_threshold=Decimal(1),
        rate_below_threshold=Decimal(1),
        small_enterprise_exempt_staff=None,
    )
    result = levy(policy=policy, staff=100, wage_bill=Decimal("6000000"))
    assert result.required == Decimal("1.600") and result.amount_due == Decimal("96000.00")


def test_amounts_round_half_up_to_the_fen():
    # 3 × (10,000.005) × 0.9: average 2,000,001 / 200 = 10,000.005 → 27,000.0135 → 27,000.01
    result = levy(wage_bill=Decimal("2000001"))
    assert result.amount_due == Decimal("27000.01")


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"employer_type": "company"}, "未知的单位类型“company”"),
        ({"staff": 0}, "在职职工年平均人数必须大于零"),
        ({"staff": -5}, "在职职工年平均人数不能为负数"),
        ({"wage_bill": "abc"}, "工资总额不是数字"),
        ({"employees": [{"grade": 5, "months": 12, "qualifies": True}]}, "等级应为 1 至 4"),
        ({"employees": [{"grade": 2, "months": 13, "qualifies": True}]}, "月数应为 0 至 12"),
    ],
)
def test_bad_input_is_refused(bad, message):
    with pytest.raises(ValidationError, match=message):
        levy(**bad)


def test_hebei_defaults_follow_the_year():
    assert hebei_defaults(2019).graded_threshold_ratio is None
    assert hebei_defaults(2025).small_enterprise_exempt_staff == 30


def test_credit_codes():
    # 91350100M000100Y4: weighted sum 1640, 1640 mod 31 = 28, 31 − 28 = 3 (worked by hand)
    assert validate_credit_code(" 91350100m000100y43 ") == "91350100M000100Y43"
    for bad, code in [
        ("91350100M000100Y4", "credit_length"),
        ("91350100M000100Y44", "credit_check"),
        ("91350100M000100I43", "credit_chars"),
    ]:
        with pytest.raises(ValidationError) as raised:
            validate_credit_code(bad)
        assert raised.value.code == code


def test_the_last_step_checks_by_hand_with_partial_months():
    # 7 months of a grade-4 employee count 7/12; shortfall 1.5 − 7/12 = 11/12 (0.9167 rounded);
    # 11/12 × 41,000 × 0.9 = 33,825.00, while 0.9167 × 41,000 × 0.9 would be 33,826.23
    result = levy(
        staff=100,
        wage_bill=Decimal("4100000"),
        employees=[{"grade": 4, "months": 7, "qualifies": True}],
    )
    assert result.amount_due == Decimal("33825.00")
    assert "(1.5 − 7/12) × 41,000.00 × 0.9 = 33,825.00" in result.explanation[-1]


def test_the_last_step_checks_by_hand_with_an_average_wage_that_does_not_end():
    # 10,000,000 / 300 = 33,333.33…; 4.5 × 33,333.33 × 0.9 would be 134,999.99, not 135,000.00
    result = levy(staff=300, wage_bill=Decimal("10000000"))
    assert result.amount_due == Decimal("135000.00")
    assert "4.5 × 10,000,000.00 ÷ 300 × 0.9 = 135,000.00" in result.explanation[-1]


def test_credit_codes_with_spaces_or_full_width_characters_are_normalised():
    # issue 14: refused instead of normalised
    assert validate_credit_code("９１３５０１００Ｍ０００１００Ｙ４３") == "91350100M000100Y43"
    assert validate_credit_code("9135 0100 M000-100Y43") == "91350100M000100Y43"
    assert validate_credit_code("91350100M000100Y43\u3000") == "91350100M000100Y43"
