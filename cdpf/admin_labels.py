"""Names for the inputs Django admin puts in table cells (decision 0140).

An editable list (list_editable) and a tabular inline render each input in a cell under a
column heading, with no <label>: a screen reader announces "edit text" and nothing more, and
axe reports it. Each such input carries its field's name as aria-label, and an inline's 删除
checkbox says so."""

from django.utils.text import capfirst
from django.utils.translation import gettext


class LabelledTableInputs:
    """Mixed into a ModelAdmin (for its editable list) or a TabularInline."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None:
            widget = getattr(field.widget, "widget", field.widget)  # past the related wrapper
            widget.attrs.setdefault("aria-label", capfirst(str(db_field.verbose_name)))
        return field

    def get_formset(self, request, obj=None, **kwargs):  # a tabular inline's rows
        formset = super().get_formset(request, obj, **kwargs)

        class LabelledFormSet(formset):
            def add_fields(self, form, index):
                super().add_fields(form, index)
                if "DELETE" in form.fields:
                    form.fields["DELETE"].widget.attrs.setdefault("aria-label", gettext("Delete"))

        return LabelledFormSet
