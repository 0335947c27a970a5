"""Choice fields that share their (immutable) choice entries between forms (cdpf.forms
SharedChoicesMixin, issue 16 item 1) behave as Django's own fields."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cdpf.forms import ChoiceField, TypedChoiceField


class Shared(forms.Form):
    kind = ChoiceField(choices=[("", _("All")), ("a", "甲"), ("b", "乙")], required=False)
    n = TypedChoiceField(choices=[("1", "一"), ("2", "二")], coerce=int)


class Plain(forms.Form):
    kind = forms.ChoiceField(choices=[("", _("All")), ("a", "甲"), ("b", "乙")], required=False)
    n = forms.TypedChoiceField(choices=[("1", "一"), ("2", "二")], coerce=int)


def test_a_form_of_shared_choices_renders_and_cleans_as_djangos():
    for data in (None, {"kind": "a", "n": "2"}, {"kind": "z", "n": "9"}, {}):
        shared, plain = Shared(data), Plain(data)
        assert str(shared) == str(plain)
        if data is not None:
            assert shared.is_valid() == plain.is_valid()
            assert shared.errors == plain.errors
            assert shared.cleaned_data == plain.cleaned_data


def test_one_forms_choices_are_its_own():
    first, second = Shared(), Shared()
    first.fields["kind"].choices = [("x", "丙")]
    first.fields["n"].choices.append(("3", "三"))
    first.fields["n"].widget.choices.append(("4", "四"))
    assert [v for v, _label in second.fields["kind"].choices] == ["", "a", "b"]
    assert [v for v, _label in second.fields["n"].choices] == ["1", "2"]
    assert [v for v, _label in second.fields["n"].widget.choices] == ["1", "2"]
    assert [v for v, _label in Shared().fields["n"].choices] == ["1", "2"]
    assert 'value="x"' in str(first["kind"]) and 'value="x"' not in str(second["kind"])
