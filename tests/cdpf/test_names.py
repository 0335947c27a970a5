"""Issue 15 item 11: names accept Chinese names with · and rare characters, and refuse markup,
emoji and Latin letters (the emoji later refused to print)."""

import pytest
from django.core.exceptions import ValidationError

from cdpf.names import normalise_person_name, validate_person_name, validate_plain_text


@pytest.mark.parametrize("name", ["王喆", "刘䶮", "𠮷田", "阿依古丽·买买提", "李〇", "龘"])
def test_real_names_pass(name):
    validate_person_name(name)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("<b>王</b>", "name_characters"),
        ("王😀", "name_characters"),
        ("Wang", "name_characters"),
        ("王··明", "name_dot"),
        ("·王", "name_dot"),
        ("王·", "name_dot"),
        ("王1", "name_characters"),
        ("王\u200d明", "name_characters"),
        ("王&明", "name_characters"),
    ],
)
def test_markup_emoji_and_latin_are_refused(name, code):
    with pytest.raises(ValidationError) as raised:
        validate_person_name(name)
    assert raised.value.code == code


def test_dots_and_spaces_are_normalised():
    assert normalise_person_name(" 阿依古丽•买买提 ") == "阿依古丽·买买提"
    assert normalise_person_name("王 喆") == "王喆"


@pytest.mark.parametrize(
    "text", ["永年区城关镇东街村1号", "临洺关镇A栋3-201", "光明盲人保健按摩中心（总店）"]
)
def test_ordinary_places_pass(text):
    validate_plain_text(text)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("<script>x</script>", "markup"),
        ("东街村🏠", "symbol"),
        ("a\x00b", "symbol"),
        ("{{ x }}", "markup"),
    ],
)
def test_markup_and_symbols_in_places_are_refused(text, code):
    with pytest.raises(ValidationError) as raised:
        validate_plain_text(text)
    assert raised.value.code == code
