"""Names of people as the ID card writes them: Chinese characters, including the rare ones of
the CJK extensions (䶮, 𠮷), and the middle dot of minority and transliterated names
(阿依古丽·买买提). No markup, no emoji, no Latin letters or digits (decision 0123)."""

from __future__ import annotations

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Dots that people type for the name separator; all are stored as U+00B7.
DOT_VARIANTS = "•・‧∙⋅．"
IDEOGRAPH_RANGES = (
    (0x3007, 0x3007),  # 〇
    (0x3400, 0x4DBF),  # extension A (䶮)
    (0x4E00, 0x9FFF),  # unified ideographs
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0x20000, 0x2A6DF),  # extension B (𠮷)
    (0x2A700, 0x2EBEF),  # extensions C–F, I
    (0x2F800, 0x2FA1F),  # compatibility supplement
    (0x30000, 0x323AF),  # extensions G, H
)
MARKUP = re.compile(r"[<>&\"'`{}\\]")


def is_ideograph(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in IDEOGRAPH_RANGES)


def normalise_person_name(value: str) -> str:
    """Spaces removed, dot variants made U+00B7, NFC (not yet checked)."""
    text = unicodedata.normalize("NFC", (value or "").strip())
    return "".join("·" if c in DOT_VARIANTS else c for c in text if not c.isspace())


class PersonNameField(forms.CharField):
    """A form field for a person's name: normalised, then validated."""

    default_validators = [lambda value: validate_person_name(value)]

    def to_python(self, value):
        return normalise_person_name(super().to_python(value))


class PlainTextField(forms.CharField):
    """A form field for the name of a place or an institution."""

    default_validators = [lambda value: validate_plain_text(value)]


def validate_person_name(value: str) -> None:
    """A person's name: ideographs, optionally joined by single middle dots."""
    text = value or ""
    bad = sorted({c for c in text if c != "·" and not is_ideograph(c)})
    if bad:
        shown = "".join(c for c in bad if c.isprintable())[:10]
        raise ValidationError(
            _(
                "A name is written in Chinese characters, with · between the parts of a "
                "minority or foreign name; these characters cannot be used: %(chars)s"
            )
            % {"chars": shown or "?"},
            code="name_characters",
        )
    if text.startswith("·") or text.endswith("·") or "··" in text:
        raise ValidationError(
            _("The · goes between two parts of the name, one at a time."), code="name_dot"
        )


def validate_plain_text(value: str) -> None:
    """Names of places and institutions: any ordinary text, but no markup, control characters
    or emoji (which cannot be printed on documents)."""
    text = value or ""
    if MARKUP.search(text):
        raise ValidationError(_("Do not use < > & \" ' ` { } or \\ here."), code="markup")
    for char in text:
        category = unicodedata.category(char)
        if category in {"Cc", "Cf", "Co", "Cs", "Cn"} or category == "So":
            raise ValidationError(
                _("Symbols and emoji cannot be printed; remove “%(char)s”.") % {"char": char},
                code="symbol",
            )
