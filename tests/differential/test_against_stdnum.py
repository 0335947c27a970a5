"""Differential tests: our credit-code and ID-number validators against an independent
implementation (python-stdnum), on many generated numbers (issue 19 item 21).

stdnum is a development dependency only; the application never imports it. Where the two
implementations differ on purpose, the test names the rule and checks that the difference is
exactly that rule and nothing else."""

import datetime
import random

import pytest
from django.core.exceptions import ValidationError
from stdnum import exceptions as stdnum_errors
from stdnum.cn import ric, uscc

from certificates.rules import check_character, parse_id_number
from employment_quota.rules import (
    CREDIT_CHARS,
    CREDIT_TYPES,
    credit_check_character,
    validate_credit_code,
)

N = 20_000  # numbers of each kind per run; the seed is fixed, so a failure reproduces
TODAY = datetime.date(2026, 11, 29)


def _ours_credit(code: str) -> str | None:
    try:
        validate_credit_code(code)
    except ValidationError as exc:
        return exc.code
    return None


def _generated_credit_codes(rng: random.Random):
    digits = "0123456789"
    for _ in range(N):
        shape = rng.random()
        first = rng.choice(CREDIT_CHARS) if shape < 0.5 else rng.choice(sorted(CREDIT_TYPES))
        second = rng.choice(CREDIT_CHARS) if shape < 0.7 else rng.choice(digits)
        region = "".join(rng.choice(digits if shape < 0.9 else CREDIT_CHARS) for _ in range(6))
        body = "".join(rng.choice(CREDIT_CHARS) for _ in range(9))
        first17 = first + second + region + body
        check = credit_check_character(first17) if rng.random() < 0.8 else rng.choice(CREDIT_CHARS)
        yield first17 + check


def test_credit_codes_agree_with_stdnum_on_what_it_checks():
    rng = random.Random(32100)
    compared = accepted = 0
    for code in _generated_credit_codes(rng):
        ours = _ours_credit(code)
        theirs = uscc.is_valid(code)
        compared += 1
        accepted += ours is None
        if ours is None:
            # stdnum wants 8 digits first; GB 32100 also gives the departments A, N and Y
            # letters (中央军委改革和编制办公室, 农业, 其他), which stdnum refuses: that is the one
            # deliberate difference, and such a code must pass stdnum once the letter is a digit
            if code[0] in "ANY":
                assert uscc.calc_check_digit(code) == code[17]
                assert code[1:8].isdigit(), code
            else:
                assert theirs, f"{code}: we accept, stdnum refuses"
            assert code[1] in CREDIT_TYPES[code[0]], code
        elif theirs:
            # stdnum checks no department or institution-type code (GB 32100 附录A)
            assert ours in {"credit_department", "credit_type"}, (code, ours)
    assert compared == N and accepted > N // 20  # the sample reaches both outcomes


def test_no_accepted_credit_code_has_an_unknown_department():
    # issue 19: B1110105FC1939AUWX passed, though B is no registration department
    rng = random.Random(7)
    for code in _generated_credit_codes(rng):
        if _ours_credit(code) is None:
            assert code[0] in "123456789ANY"
    assert _ours_credit("B1110105FC1939AUWX") == "credit_department"


def _ours_id(number: str) -> str | None:
    try:
        parse_id_number(number, today=TODAY)
    except ValidationError as exc:
        return exc.code
    return None


def _stdnum_id(number: str) -> str | None:
    try:
        ric.validate(number)
    except KeyError:  # stdnum 2.x fails on a province-level code (130000): an unknown place
        return "place"
    except stdnum_errors.InvalidComponent:
        # the birth date, or the birth place: which one, as stdnum decides it
        try:
            ric.get_birth_date(number)
        except stdnum_errors.InvalidComponent:
            return "birth"
        return "place"
    except stdnum_errors.ValidationError as exc:
        return type(exc).__name__
    return None


PLACES = ["130408", "130429", "130402", "110101", "440305", "650102", "810000", "130000"]


def _generated_id_numbers(rng: random.Random):
    for _ in range(N):
        shape = rng.random()
        if shape < 0.6:
            place = rng.choice(PLACES)
        else:
            place = f"{rng.randrange(10, 99)}{rng.randrange(0, 10000):04d}"
        year = rng.randrange(1880, 2030)
        month, day = rng.randrange(0, 14), rng.randrange(0, 33)
        seq = f"{rng.randrange(0, 1000):03d}"
        first17 = f"{place}{year:04d}{month:02d}{day:02d}{seq}"
        check = check_character(first17) if rng.random() < 0.85 else rng.choice("0123456789X")
        yield first17 + check


def test_id_numbers_agree_with_stdnum_on_what_it_checks():
    rng = random.Random(11643)
    accepted = 0
    for number in _generated_id_numbers(rng):
        ours, theirs = _ours_id(number), _stdnum_id(number)
        accepted += ours is None
        if ours is None:
            # stdnum knows every county code and when it existed; we check the province only
            # (decision 0090), so a number stdnum refuses for its place alone may pass here
            assert theirs in (None, "place"), (number, theirs)
        elif theirs is None:
            # we also refuse a birth date in the future or before 1900 (no living holder),
            # which stdnum accepts
            birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
            assert ours == "id_birth" and (birth > TODAY or birth.year < 1900), number
        elif theirs == "InvalidChecksum":
            assert ours in {"id_check", "id_birth", "id_region"}, (number, ours)
    assert accepted > N // 10


@pytest.mark.parametrize(
    "code, error",
    [
        ("91130408MA0DEMO01X", "credit_chars"),  # the old demo code: O is never used
        ("B1110105FC1939AUWX", "credit_department"),
        ("94130408MA0CE0000" + credit_check_character("94130408MA0CE0000"), "credit_type"),
        ("9A130408MA0CE0000" + credit_check_character("9A130408MA0CE0000"), "credit_type"),
        ("911A0408MA0CE0000" + credit_check_character("911A0408MA0CE0000"), "credit_region"),
    ],
)
def test_examples_of_the_issue_are_refused(code, error):
    assert _ours_credit(code) == error
