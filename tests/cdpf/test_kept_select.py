"""A select whose HTML is kept per process (cdpf.forms.KeptSelect, issue 16 item 1) renders
exactly what Django's Select renders, for any choices, value, attributes and language."""

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from hypothesis import given, settings
from hypothesis import strategies as st

from cdpf.forms import ChoiceField, KeptSelect

texts = st.text(alphabet="ab<>&\"'中文 ", max_size=6)
choice_lists = st.lists(st.tuples(texts, texts), max_size=5)
attr_values = st.one_of(st.booleans(), st.integers(0, 2), texts)
attr_sets = st.dictionaries(st.sampled_from(["id", "class", "aria-invalid", "x"]), attr_values)


@settings(max_examples=200, deadline=None)
@given(
    choices=choice_lists,
    value=st.one_of(st.none(), texts, st.lists(texts, max_size=2)),
    attrs=attr_sets,
    language=st.sampled_from(["zh-hans", "en"]),
)
def test_kept_html_is_djangos_every_time(choices, value, attrs, language):
    choices = [("", _("All")), *choices]
    with translation.override(language):
        expected = forms.Select(choices=choices).render("f", value, attrs)
        kept = KeptSelect(choices=choices)
        assert kept.render("f", value, attrs) == expected  # rendered, then kept
        assert KeptSelect(choices=list(choices)).render("f", value, dict(attrs)) == expected


def test_the_label_follows_the_language_and_the_choices():
    widget = KeptSelect(choices=[("", _("All")), ("1", "一")])
    with translation.override("zh-hans"):
        chinese = widget.render("f", "1")
    with translation.override("en"):
        english = widget.render("f", "1")
    assert ">全部<" in chinese and ">All<" in english
    widget.choices = [("", _("All")), ("1", "壹")]
    with translation.override("zh-hans"):
        assert ">壹<" in widget.render("f", "1")
    assert "selected>一<" in chinese


def test_true_and_one_are_different_attributes():
    widget = KeptSelect(choices=[("a", "甲")])
    assert widget.render("f", "a", {"x": True}) == forms.Select(choices=[("a", "甲")]).render(
        "f", "a", {"x": True}
    )
    assert ' x="1"' in widget.render("f", "a", {"x": 1})


def test_grouped_choices_and_unhashable_attributes_are_rendered_as_django_renders_them():
    grouped = [("组", [("a", "甲"), ("b", "乙")]), ("c", "丙")]
    assert KeptSelect(choices=grouped).render("f", "b") == forms.Select(choices=grouped).render(
        "f", "b"
    )
    before = len(KeptSelect._kept)
    KeptSelect(choices=[("a", "甲")]).render("f", "a", {"data-x": ["not", "hashable"]})
    assert len(KeptSelect._kept) == before


def test_what_is_kept_is_bounded(monkeypatch):
    monkeypatch.setattr(KeptSelect, "_kept", {})
    monkeypatch.setattr(KeptSelect, "KEEP", 3)
    widget = KeptSelect(choices=[("a", "甲"), ("b", "乙")])
    for n in range(10):
        widget.render(f"f{n}", "a")
        assert len(KeptSelect._kept) <= 3


def test_the_shared_choice_fields_use_it():
    assert isinstance(ChoiceField(choices=[("a", "甲")]).widget, KeptSelect)


def test_the_same_attributes_in_another_order_print_in_that_order():
    widget = KeptSelect(choices=[("a", "甲")])
    assert '<select name="f" class id>' in widget.render("f", None, {"class": True, "id": True})
    assert '<select name="f" id class>' in widget.render("f", None, {"id": True, "class": True})
