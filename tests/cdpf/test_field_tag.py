"""{% field %} (cdpf_tags.field) gives byte for byte what templates/includes/field.html gives:
the template stays the reference of the markup (issue 16 item 1)."""

import pytest
from django import forms
from django.template.loader import get_template
from django.utils import translation

from cdpf.templatetags.cdpf_tags import field, field_html

TRICKY = "a<b>\"c\"&'d'"


class Every(forms.Form):
    q = forms.CharField(label=TRICKY, help_text=TRICKY, required=False)
    name = forms.CharField(label="姓名", max_length=3)
    agree = forms.BooleanField(label="同意", help_text="须勾选")
    optional_box = forms.BooleanField(label="可选", required=False)
    kind = forms.ChoiceField(label="类别", choices=[("", "全部"), ("1", "视力")], required=False)
    when = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        self.add_error("q", TRICKY)
        self.add_error("q", "第二个错误")
        return super().clean()


FORMS = [
    Every(),
    Every({"q": "<x>", "name": "名字太长了", "kind": "1", "when": "bad"}),
    Every({"name": "王", "agree": "on", "when": "2026-11-30", "optional_box": "on"}),
]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("form", FORMS, ids=["unbound", "errors", "valid"])
def test_the_field_tag_is_the_templates_markup(form, language):
    form.is_bound and form.is_valid()
    reference = get_template("includes/field.html")
    with translation.override(language):
        for bound in form:
            control = bound.as_widget(attrs={"class": "x"})
            is_checkbox = getattr(bound.field.widget, "input_type", "") == "checkbox"
            expected = reference.render(
                {"field": bound, "control": control, "is_checkbox": is_checkbox}
            )
            assert field_html(bound, control, is_checkbox) == expected, bound.name
            assert "aria-describedby" in field(bound) or not (bound.help_text or bound.errors)
