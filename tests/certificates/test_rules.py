"""Rules of the certificate against hand-checked numbers."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from certificates import rules

D = datetime.date
TODAY = D(2026, 11, 29)
# 13040819850315001 → weighted sum 224, 224 mod 11 = 4 → check character "8" (worked by hand).
YONGNIAN_MAN = "130408198503150018"
# The GB 11643 standard's own example.
STANDARD_EXAMPLE = "11010519491231002X"


def test_it_parses_a_valid_id_number():
    ident = rules.parse_id_number(YONGNIAN_MAN, today=TODAY)
    assert ident.region_code == "130408"
    assert ident.birth_date == D(1985, 3, 15)
    assert ident.sex == "M"  # 17th digit 1 is odd
    assert ident.age_on(TODAY) == 41


def test_lower_case_x_is_accepted_and_normalised():
    ident = rules.parse_id_number(" 11010519491231002x ", today=TODAY)
    assert ident.number == STANDARD_EXAMPLE and ident.sex == "F"


def test_the_former_yongnian_county_code_is_accepted():
    assert rules.parse_id_number("130429201006010029", today=TODAY).region_code == "130429"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("13040819850315001", "id_length"),
        ("1304081985031500188", "id_length"),
        ("13040819850315001A", "id_chars"),
        ("1304081985031500X8", "id_chars"),
        ("990408198503150018", "id_region"),
        ("130408198502300018", "id_birth"),  # 30 February
        ("130408202712010018", "id_birth"),  # in the future
        ("130408198503150017", "id_check"),
    ],
)
def test_it_rejects_bad_id_numbers_with_a_clear_reason(value, code):
    with pytest.raises(ValidationError) as raised:
        rules.parse_id_number(value, today=TODAY)
    assert raised.value.code == code
    assert raised.value.messages[0]


def test_the_wrong_check_character_message_does_not_name_the_right_one():
    """Issue 12: naming the digit that would pass turns any mistyped number into a valid one."""
    with pytest.raises(ValidationError) as raised:
        rules.parse_id_number("130408198503150017", today=TODAY)
    assert "8" not in raised.value.messages[0] and raised.value.code == "id_check"


def test_certificate_numbers_are_id_category_grade_and_replacement():
    assert rules.certificate_number(YONGNIAN_MAN, 4, 2) == "13040819850315001842"
    assert rules.certificate_number(YONGNIAN_MAN, 4, 2, replacement=1) == "13040819850315001842B1"
    assert rules.certificate_number(YONGNIAN_MAN, 1, 1, replacement=12).endswith("11B12")


@pytest.mark.parametrize(
    ("category", "grade", "code"),
    [(0, 1, "category"), (8, 1, "category"), (4, 0, "grade"), (4, 5, "grade")],
)
def test_it_refuses_unknown_categories_and_grades(category, grade, code):
    with pytest.raises(ValidationError) as raised:
        rules.certificate_number(YONGNIAN_MAN, category, grade)
    assert raised.value.code == code


def test_it_parses_a_certificate_number():
    number = rules.parse_certificate_number("13040819850315001842b2", today=TODAY)
    assert number.id_number.number == YONGNIAN_MAN
    assert (number.category, number.grade, number.replacement) == (4, 2, 2)
    assert str(number) == "13040819850315001842B2"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("1304081985031500184", "certificate_format"),  # one digit short
        ("13040819850315001882", "certificate_format"),  # category 8
        ("13040819850315001845", "certificate_format"),  # grade 5
        ("13040819850315001842B0", "certificate_format"),  # replacement 0
        ("13040819850315001842C1", "certificate_format"),  # not B
        ("13040819850315001742", "id_check"),  # the ID number's check character
    ],
)
def test_it_rejects_bad_certificate_numbers(value, code):
    with pytest.raises(ValidationError) as raised:
        rules.parse_certificate_number(value, today=TODAY)
    assert raised.value.code == code


def test_multiple_disability_takes_the_most_severe_grade():
    assert rules.combined_grade([(4, 3)]) == (4, 3)
    assert rules.combined_grade([(4, 3), (2, 2), (1, 4)]) == (7, 2)


@pytest.mark.parametrize(
    ("parts", "code"),
    [([], "no_parts"), ([(7, 1)], "part7"), ([(4, 1), (4, 2)], "dup_part"), ([(4, 5)], "grade")],
)
def test_bad_assessment_parts_are_refused(parts, code):
    with pytest.raises(ValidationError) as raised:
        rules.combined_grade(parts)
    assert raised.value.code == code


def test_who_needs_a_guardian():
    adult, child = D(1985, 3, 15), D(2012, 1, 1)
    assert not rules.needs_guardian(categories={4}, birth_date=adult, on=TODAY)
    assert rules.needs_guardian(categories={5}, birth_date=adult, on=TODAY)
    assert rules.needs_guardian(categories={6}, birth_date=adult, on=TODAY)
    assert rules.needs_guardian(categories={4}, birth_date=child, on=TODAY)  # 14 years old
    assert not rules.needs_guardian(categories={4}, birth_date=D(2010, 11, 29), on=TODAY)  # 16


def test_minors_are_under_eighteen():
    assert rules.is_minor(D(2008, 11, 30), TODAY)
    assert not rules.is_minor(D(2008, 11, 29), TODAY)


def test_cover_colour():
    assert rules.cover_colour(1) == "red"
    assert rules.cover_colour(7, [(1, 2), (4, 3)]) == "red"
    assert rules.cover_colour(7, [(2, 2), (4, 3)]) == "green"
    assert rules.cover_colour(4) == "green"


def test_masking_keeps_region_and_last_four():
    assert rules.mask_id_number("13040819850315123X") == "130408********123X"
