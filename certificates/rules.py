"""Pure rules of the 残疾人证: ID numbers (GB 11643), certificate numbers, categories, grades,
who needs a guardian. No database here: plain values in, plain values out."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# ID numbers (GB 11643) are checked in cdpf/identifiers.py; the names stay importable here.
from cdpf.identifiers import (  # noqa: F401
    CHECK_CHARS,
    PROVINCES,
    WEIGHTS,
    IdNumber,
    age_on,
    check_character,
    parse_id_number,
)

# 《残疾人证管理办法》 / GB/T 26341-2010: category and grade digits.
CATEGORIES = {
    1: "视力残疾",
    2: "听力残疾",
    3: "言语残疾",
    4: "肢体残疾",
    5: "智力残疾",
    6: "精神残疾",
    7: "多重残疾",
}
GRADES = {1: "一级", 2: "二级", 3: "三级", 4: "四级"}
VISUAL, INTELLECTUAL, MENTAL, MULTIPLE = 1, 5, 6, 7
GUARDIAN_CATEGORIES = {INTELLECTUAL, MENTAL}
GUARDIAN_BELOW_AGE = 16  # applicants under 16 apply through their legal guardian
ADULT_AGE = 18  # minors never appear on a public notice

CERTIFICATE_PATTERN = re.compile(r"^(\d{17}[\dX])([1-7])([1-4])(?:B([1-9]\d*))?$")


@dataclass(frozen=True)
class CertificateNumber:
    id_number: IdNumber
    category: int
    grade: int
    replacement: int

    def __str__(self) -> str:
        return certificate_number(self.id_number, self.category, self.grade, self.replacement)


def _valid_category_grade(category: int, grade: int) -> None:
    if category not in CATEGORIES:
        raise ValidationError(_("The disability category must be 1 to 7."), code="category")
    if grade not in GRADES:
        raise ValidationError(_("The disability grade must be 1 to 4."), code="grade")


def certificate_number(
    id_number: IdNumber | str, category: int, grade: int, replacement: int = 0
) -> str:
    """18-character ID + category digit + grade digit, then Bn for the n-th loss replacement."""
    ident = id_number if isinstance(id_number, IdNumber) else parse_id_number(id_number)
    _valid_category_grade(category, grade)
    if replacement < 0:
        raise ValidationError(_("The replacement count cannot be negative."), code="replacement")
    suffix = f"B{replacement}" if replacement else ""
    return f"{ident.number}{category}{grade}{suffix}"


def parse_certificate_number(value: str, *, today: datetime.date | None = None):
    """Split a 残疾人证 number into its ID number, category, grade and replacement count."""
    number = (value or "").strip().upper()
    match = CERTIFICATE_PATTERN.fullmatch(number)
    if not match:
        raise ValidationError(
            _(
                "A certificate number is the 18-character ID number, a category digit 1–7, a "
                "grade digit 1–4 and, after a loss replacement, B1, B2…"
            ),
            code="certificate_format",
        )
    ident = parse_id_number(match[1], today=today)
    return CertificateNumber(
        id_number=ident,
        category=int(match[2]),
        grade=int(match[3]),
        replacement=int(match[4] or 0),
    )


def combined_grade(parts: list[tuple[int, int]]) -> tuple[int, int]:
    """Category and grade of a certificate from its assessed parts (多重: the most severe)."""
    if not parts:
        raise ValidationError(_("At least one disability must be assessed."), code="no_parts")
    for category, grade in parts:
        _valid_category_grade(category, grade)
        if category == MULTIPLE:
            raise ValidationError(
                _("Record each disability of a multiple disability separately."), code="part7"
            )
    categories = {c for c, _ in parts}
    if len(parts) != len(categories):
        raise ValidationError(_("Each category may be assessed only once."), code="dup_part")
    grade = min(g for _, g in parts)
    return (parts[0][0], grade) if len(parts) == 1 else (MULTIPLE, grade)


def needs_guardian(*, categories: set[int], birth_date: datetime.date, on: datetime.date) -> bool:
    """智力/精神 applicants and those under 16 apply through their legal guardian."""
    return bool(categories & GUARDIAN_CATEGORIES) or age_on(birth_date, on) < GUARDIAN_BELOW_AGE


def is_minor(birth_date: datetime.date, on: datetime.date) -> bool:
    return age_on(birth_date, on) < ADULT_AGE


def cover_colour(category: int, parts: list[tuple[int, int]] | None = None) -> str:
    """Red for visual (and multiple including visual), green for the rest."""
    if category == VISUAL or (category == MULTIPLE and any(c == VISUAL for c, _ in parts or [])):
        return "red"
    return "green"


def mask_id_number(number: str) -> str:
    """130408********123X: region kept, birth date and sequence hidden, last four shown."""
    if len(number) < 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]
