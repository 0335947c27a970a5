"""Issue 15 item 11: names accept Chinese names with · and rare characters, and refuse markup,
emoji and Latin letters (the emoji later refused to print)."""

import pytest
from django.core.exceptions import ValidationError

from cdpf.names import normalise_person_name, validate_person_name, validate_plain_text


@pytest.mark.parametrize("name", ["王喆", "刘䶮", "𠮷田", "阿依古丽·买买提", "李〇", "龘"])
def test_real_names_pass(name):
    validate_person_name(name)


@pytest.mark.parametrize(
    "name", ["<b>王</b>", "王😀", "Wang", "王··明", "·王", "王·", "王1", "王\u200d明", "王&明"]
)
def test_markup_emoji_and_latin_are_refused(name):
    with pytest.raises(ValidationError):
        validate_person_name(name)


def test_dots_and_spaces_are_normalised():
    assert normalise_person_name(" 阿依古丽•买买提 ") == "阿依古丽·买买提"
    assert normalise_person_name("王 喆") == "王喆"


@pytest.mark.parametrize(
    "text", ["永年区城关镇东街村1号", "临洺关镇A栋3-201", "光明盲人保健按摩中心（总店）"]
)
def test_ordinary_places_pass(text):
    validate_plain_text(text)


@pytest.mark.parametrize("text", ["<script>x</script>", "东街村🏠", "a\x00b", "{{ x }}"])
def test_markup_and_symbols_in_places_are_refused(text):
    with pytest.raises(ValidationError):
        validate_plain_text(text)
