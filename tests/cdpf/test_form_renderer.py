"""The Python-rendered widgets give exactly what Django's templates give."""

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from cdpf.form_renderer import FastWidgetRenderer

TRICKY = "a<b>\"c\"&'d'"
CHOICES = [("", _("All")), (1, "视力"), ("x<y", TRICKY), (TRICKY, "引号")]
GROUPED = [("组一", [(1, "一"), (2, "二")]), (3, "三"), (TRICKY, [("z", "zz")])]

CASES = [
    (forms.TextInput(), "q", TRICKY),
    (forms.TextInput(attrs={"class": "form-control", "aria-invalid": "true"}), "q", None),
    (forms.TextInput(attrs={"required": True, "disabled": False, TRICKY: TRICKY}), "q", ""),
    (forms.DateInput(attrs={"type": "date"}), "d", datetime.date(2026, 11, 29)),
    (forms.NumberInput(), "n", 3),
    (forms.EmailInput(), "e", "a@b.cn"),
    (forms.PasswordInput(), "p", "secret"),
    (forms.PasswordInput(render_value=True), "p", "secret"),
    (forms.HiddenInput(), "h", mark_safe("<b>")),
    (forms.CheckboxInput(), "c", True),
    (forms.CheckboxInput(), "c", False),
    (forms.Textarea(attrs={"rows": 3}), "t", TRICKY),
    (forms.Textarea(), "t", ""),
    (forms.Select(choices=CHOICES, attrs={"class": "form-select"}), "s", "x<y"),
    (forms.Select(choices=CHOICES), "s", None),
    (forms.Select(choices=GROUPED), "s", 2),
    (forms.SelectMultiple(choices=CHOICES), "m", [1, TRICKY]),
    (forms.RadioSelect(choices=CHOICES), "r", 1),
    (forms.CheckboxSelectMultiple(choices=CHOICES), "k", [1]),
]


@pytest.mark.parametrize(("widget", "name", "value"), CASES)
def test_the_output_is_that_of_djangos_templates(widget, name, value):
    attrs = {"id": f"id_{name}", "aria-describedby": "x_help"}
    expected = widget.render(name, value, attrs=attrs, renderer=DjangoTemplates())
    assert widget.render(name, value, attrs=attrs, renderer=FastWidgetRenderer()) == expected


def test_a_whole_form_renders_the_same():
    class Form(forms.Form):
        q = forms.CharField()
        s = forms.ChoiceField(choices=CHOICES)
        d = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))

    data = {"q": TRICKY, "s": "x<y", "d": "2026-13-40"}
    slow = Form(data, renderer=DjangoTemplates())
    fast = Form(data, renderer=FastWidgetRenderer())
    assert str(fast) == str(slow)
