"""The caps, the deferral length, overlapping reliefs, the decision number and the surcharge
against hand-checked figures (财税〔2015〕72号 第二十、二十一条)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from levy_relief import rules

D = datetime.date
LEVY = Decimal("120000.00")


def cap(requested, already="0"):
    return rules.check_remission_cap(
        levy_due=LEVY, cap_years=1, already_remitted=Decimal(already), requested=Decimal(requested)
    )


def test_a_reduction_of_the_whole_year_passes():
    assert cap("120000.00") == LEVY


def test_one_fen_over_the_year_is_refused():
    with pytest.raises(ValidationError) as raised:
        cap("120000.01")
    assert "120,000.00" in raised.value.messages[0]


def test_what_is_already_remitted_counts_against_the_cap():
    assert cap("20000.00", already="100000.00") == Decimal("20000.00")
    with pytest.raises(ValidationError) as raised:
        cap("20000.01", already="100000.00")
    assert "20,000.00" in raised.value.messages[0]


def test_nothing_can_be_reduced_without_a_levy_or_below_a_fen():
    with pytest.raises(ValidationError, match="该年度没有应缴保障金，无可减"):
        rules.check_remission_cap(
            levy_due=Decimal(0), cap_years=1, already_remitted=Decimal(0), requested=Decimal(1)
        )
    with pytest.raises(ValidationError, match="请填写大于零的金额。"):
        cap("0")
    with pytest.raises(ValidationError, match="金额以元为单位，最多两位小数"):
        cap("10.001")


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2026, 6, 30), 6, D(2026, 12, 30)),
        (D(2026, 8, 31), 6, D(2027, 2, 28)),
        (D(2027, 8, 31), 6, D(2028, 2, 29)),
        (D(2026, 12, 31), 1, D(2027, 1, 31)),
    ],
)
def test_months_are_added_to_the_calendar(start, months, expected):
    assert rules.add_months(start, months) == expected


def test_a_six_month_deferral_to_the_day_passes_and_one_day_more_is_refused():
    due = D(2026, 6, 30)
    assert rules.check_deferral(original_due=due, new_due=D(2026, 12, 30), max_months=6)
    with pytest.raises(ValidationError) as raised:
        rules.check_deferral(original_due=due, new_due=D(2026, 12, 31), max_months=6)
    assert "2026-12-30" in raised.value.messages[0]


def test_a_deferral_must_move_the_date_forward():
    due = D(2026, 6, 30)
    for new in (due, D(2026, 6, 1)):
        with pytest.raises(ValidationError, match="缓缴后的期限必须晚于原缴款期"):
            rules.check_deferral(original_due=due, new_due=new, max_months=6)


@pytest.mark.parametrize(
    ("kind", "approved", "expected"),
    [
        ("deferral", [], False),
        ("deferral", ["reduction"], False),  # the rest of a reduced levy may be deferred
        ("deferral", ["deferral"], True),
        ("deferral", ["exemption"], True),
        ("reduction", ["reduction"], True),
        ("reduction", ["deferral"], True),
        ("exemption", ["reduction"], True),
        ("exemption", [], False),
    ],
)
def test_overlapping_reliefs(kind, approved, expected):
    assert rules.overlaps(kind, approved) is expected


def test_the_decision_number_follows_its_format():
    assert rules.decision_number("永残就减〔{year}〕{n}号", year=2026, n=3) == "永残就减〔2026〕3号"
    # nothing but the two placeholders is interpreted
    assert rules.decision_number("{n.__class__}{n}", year=2026, n=1) == "{n.__class__}1"
    with pytest.raises(ValidationError, match="批准文号格式“永残就减〔"):
        rules.decision_number("永残就减〔{year}〕号", year=2026, n=3)


def test_the_surcharge_is_five_per_mille_a_day():
    rate = Decimal("0.005")
    due = D(2026, 12, 30)
    # 120,000 × 0.005 × 10 days = 6,000.00
    assert rules.late_surcharge(amount=LEVY, due=due, on=D(2027, 1, 9), daily_rate=rate) == Decimal(
        "6000.00"
    )
    # 33,333.33 × 0.005 × 3 = 499.99995 → 500.00
    assert rules.late_surcharge(
        amount=Decimal("33333.33"), due=due, on=D(2027, 1, 2), daily_rate=rate
    ) == Decimal("500.00")
    assert rules.late_surcharge(amount=LEVY, due=due, on=due, daily_rate=rate) == 0
    assert rules.late_surcharge(amount=LEVY, due=due, on=D(2026, 12, 1), daily_rate=rate) == 0
    assert rules.days_late(due, D(2027, 1, 1)) == 2


def test_the_surcharge_is_explained():
    text = rules.surcharge_explanation(
        amount=LEVY, due=D(2026, 12, 30), on=D(2027, 1, 9), daily_rate=Decimal("0.005")
    )
    assert text.startswith("120,000.00 元 × 5‰ × 10 天") and "= 6,000.00 元" in text


CAP_SOURCE = "《中华人民共和国行政强制法》第四十五条"


def test_the_surcharge_never_exceeds_the_amount_owed():
    # issue 14: 80,400.00 of surcharge on 48,000.00 owed (335 days × 5‰)
    owed, due = Decimal("48000.00"), D(2025, 12, 30)
    uncapped = rules.late_surcharge(
        amount=owed, due=due, on=D(2026, 11, 30), daily_rate=Decimal("0.005")
    )
    assert uncapped == Decimal("80400.00")
    capped = rules.late_surcharge(
        amount=owed, due=due, on=D(2026, 11, 30), daily_rate=Decimal("0.005"), cap_multiple=1
    )
    assert capped == owed
    below = rules.late_surcharge(
        amount=owed, due=due, on=D(2026, 1, 9), daily_rate=Decimal("0.005"), cap_multiple=1
    )
    assert below == Decimal("2400.00")


def test_the_explanation_names_the_cap_and_its_source():
    text = rules.surcharge_explanation(
        amount=Decimal("48000.00"),
        due=D(2025, 12, 30),
        on=D(2026, 11, 30),
        daily_rate=Decimal("0.005"),
        cap_multiple=Decimal("1"),
        cap_source=CAP_SOURCE,
    )
    assert "80,400.00" in text and "48,000.00 元" in text and CAP_SOURCE in text
    assert text.endswith("应缴滞纳金 48,000.00 元")


def test_a_payment_before_the_due_date_is_worded_as_on_time():
    # issue 19 item 14: "× 0 天（2026-12-30 之后至 2026-11-30）"
    text = rules.surcharge_explanation(
        amount=LEVY, due=D(2026, 12, 30), on=D(2026, 11, 30), daily_rate=Decimal("0.005")
    )
    assert "0 天" not in text and "之后至" not in text
    assert "2026-11-30" in text and "2026-12-30" in text and "不加收滞纳金" in text
