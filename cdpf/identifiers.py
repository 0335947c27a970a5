"""Identifiers checked the same way everywhere: the 居民身份证 number (GB 11643-1999) and the
统一社会信用代码 (GB 32100-2015). Pure: plain values in, plain values out, a ValidationError
with a code for what is wrong. certificates.rules and employment_quota.rules re-export them."""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# GB 11643-1999: weights of the first 17 digits and the check character for sum mod 11.
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
# GB/T 2260 province-level codes (first two digits of every valid region code).
PROVINCES = {
    "11",
    "12",
    "13",
    "14",
    "15",
    "21",
    "22",
    "23",
    "31",
    "32",
    "33",
    "34",
    "35",
    "36",
    "37",
    "41",
    "42",
    "43",
    "44",
    "45",
    "46",
    "50",
    "51",
    "52",
    "53",
    "54",
    "61",
    "62",
    "63",
    "64",
    "65",
    "71",
    "81",
    "82",
}

@dataclass(frozen=True)
class IdNumber:
    number: str
    region_code: str
    birth_date: datetime.date
    sex: str  # "M" or "F": the 17th digit, odd for men

    def __str__(self) -> str:
        return self.number

    def age_on(self, day: datetime.date) -> int:
        return age_on(self.birth_date, day)


def check_character(first17: str) -> str:
    return CHECK_CHARS[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


def age_on(birth: datetime.date, day: datetime.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def parse_id_number(value: str, *, today: datetime.date | None = None) -> IdNumber:
    """Validate an 18-character 居民身份证 number; lower-case x becomes X."""
    number = (value or "").strip().upper()
    if len(number) != 18:
        raise ValidationError(
            _("A citizen ID number has 18 characters; this one has %(n)s.") % {"n": len(number)},
            code="id_length",
        )
    if not re.fullmatch(r"\d{17}[\dX]", number):
        raise ValidationError(
            _("A citizen ID number is 17 digits followed by a digit or X."), code="id_chars"
        )
    if number[:2] not in PROVINCES:
        raise ValidationError(
            _("The ID number starts with %(code)s, which is not a known region code.")
            % {"code": number[:6]},
            code="id_region",
        )
    try:
        birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError as exc:
        raise ValidationError(
            _("The birth date %(date)s in the ID number does not exist.") % {"date": number[6:14]},
            code="id_birth",
        ) from exc
    today = today or datetime.date.today()
    if birth > today or birth.year < 1900:
        raise ValidationError(
            _("The birth date %(date)s in the ID number is impossible.") % {"date": birth},
            code="id_birth",
        )
    expected = check_character(number[:17])
    if number[17] != expected:
        # the right character is never named: it would make any mistyped number "pass"
        raise ValidationError(
            _("The ID number is mistyped (its check character does not match); please compare "
              "each digit with the ID card."),
            code="id_check",
        )
    return IdNumber(
        number=number,
        region_code=number[:6],
        birth_date=birth,
        sex="M" if int(number[16]) % 2 else "F",
    )


# GB 32100-2015: 统一社会信用代码
CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_check_character(first17: str) -> str:
    total = sum(CREDIT_CHARS.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS, strict=True))
    return CREDIT_CHARS[(31 - total % 31) % 31]


# GB 32100-2015 附录A: the registration department (first character) and the institution types
# (second character) each department gives.
CREDIT_TYPES = {
    "1": {"1": "机关", "2": "事业单位", "3": "中央编办直接管理机构编制的群众团体", "9": "其他"},
    "2": {"1": "外国常驻新闻机构", "9": "其他"},
    "3": {
        "1": "律师执业机构",
        "2": "公证处",
        "3": "基层法律服务所",
        "4": "司法鉴定机构",
        "5": "仲裁委员会",
        "9": "其他",
    },
    "4": {"1": "外国在华文化中心", "9": "其他"},
    "5": {"1": "社会团体", "2": "民办非企业单位", "3": "基金会", "9": "其他"},
    "6": {"1": "外国旅游部门常驻代表机构", "2": "港澳台地区旅游部门常驻内地代表机构", "9": "其他"},
    "7": {"1": "宗教活动场所", "2": "宗教院校", "9": "其他"},
    "8": {"1": "基层工会", "9": "其他"},
    "9": {"1": "企业", "2": "个体工商户", "3": "农民专业合作社"},
    "A": {"1": "军队事业单位", "9": "其他"},
    "N": {"1": "组级集体经济组织", "2": "村级集体经济组织", "3": "乡镇级集体经济组织", "9": "其他"},
    "Y": {"1": "其他"},
}
CREDIT_DEPARTMENTS = {
    "1": "机构编制",
    "2": "外交",
    "3": "司法行政",
    "4": "文化",
    "5": "民政",
    "6": "旅游",
    "7": "宗教",
    "8": "工会",
    "9": "工商",
    "A": "中央军委改革和编制办公室",
    "N": "农业",
    "Y": "其他",
}


def normalise_credit_code(value: str) -> str:
    """Full-width characters to ASCII, spaces and hyphens dropped, upper case (a code copied
    from a Word file or typed with a Chinese input method)."""
    code = unicodedata.normalize("NFKC", value or "")
    return "".join(c for c in code if not c.isspace() and c != "-").upper()


def validate_credit_code(value: str) -> str:
    """The normalised 18-character code, or a clear error."""
    code = normalise_credit_code(value)
    if len(code) != 18:
        raise ValidationError(
            _("A unified social credit code has 18 characters; this one has %(n)s.")
            % {"n": len(code)},
            code="credit_length",
        )
    bad = sorted({c for c in code if c not in CREDIT_CHARS})
    if bad:
        raise ValidationError(
            _("The code contains characters that are never used: %(c)s.") % {"c": "、".join(bad)},
            code="credit_chars",
        )
    if code[0] not in CREDIT_TYPES:
        raise ValidationError(
            _(
                "The code begins with %(c)s, which is no registration department of GB 32100 "
                "(1–9, A, N or Y)."
            )
            % {"c": code[0]},
            code="credit_department",
        )
    if code[1] not in CREDIT_TYPES[code[0]]:
        raise ValidationError(
            _(
                "The second character %(t)s is no institution type that the registration "
                "department %(d)s (%(name)s) gives; it allows %(allowed)s."
            )
            % {
                "t": code[1],
                "d": code[0],
                "name": CREDIT_DEPARTMENTS[code[0]],
                "allowed": "、".join(sorted(CREDIT_TYPES[code[0]])),
            },
            code="credit_type",
        )
    if not code[2:8].isdigit():
        raise ValidationError(
            _("Characters 3 to 8 are the region code (six digits); here they are %(r)s.")
            % {"r": code[2:8]},
            code="credit_region",
        )
    expected = credit_check_character(code[:17])
    if code[17] != expected:
        raise ValidationError(
            _("The check character of the credit code is wrong (it should be %(c)s).")
            % {"c": expected},
            code="credit_check",
        )
    return code
