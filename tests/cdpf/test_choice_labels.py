"""A record's choice label from the per-language table (cdpf.choice_labels, issue 16 item 1)
reads exactly as Django's own: in the active language, and a value outside the choices as
Django gives it back."""

import pytest
from django.utils import translation
from django.utils.translation import trans_real

from certificates.models import Certificate

pytestmark = pytest.mark.django_db


def test_labels_follow_the_language_and_match_django():
    certificate = Certificate(category=4, grade=2, status="valid")
    field = Certificate._meta.get_field("category")
    for language in ("zh-hans", "en"):
        with translation.override(language):
            expected = str(dict(field.flatchoices)[4])
            assert certificate.get_category_display() == expected
            assert certificate.get_status_display() == str(Certificate.Status.VALID.label)
    with translation.override("zh-hans"):
        assert "肢体" in certificate.get_category_display()
        assert certificate.get_status_display() != "Valid"
    with translation.override("en"):
        assert certificate.get_status_display() == "Valid"


def test_a_value_outside_the_choices_comes_back_as_django_gives_it():
    assert Certificate(category=99).get_category_display() == 99
    assert Certificate(status="nonsense").get_status_display() == "nonsense"
    assert Certificate(status="").get_status_display() == ""


def test_a_label_is_translated_once_per_language(monkeypatch):
    certificate = Certificate(category=4, grade=2, status="valid")
    calls = []
    real = trans_real.gettext
    monkeypatch.setattr(translation._trans, "gettext", lambda m: calls.append(m) or real(m))
    with translation.override("en"):
        certificate.get_status_display()  # the table may be built here, once
        calls.clear()
        for _ in range(25):
            certificate.get_status_display()
            certificate.get_category_display()
    assert calls == []  # Django's own way: every label of the field, on every call
