"""Forms of the duty register: search, publish, spreadsheet import."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cdpf.forms import XlsxUploadForm


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the register"),
        required=False,
        max_length=50,
        help_text=_("A word from a duty, work item, unit or phone, e.g. 遗失补办."),
    )


class PublishForm(forms.Form):
    published_on = forms.DateField(
        label=_("Publication date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The date printed on this version of the register."),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["published_on"].initial = timezone.localdate()


class ImportForm(XlsxUploadForm):
    help = _(
        "Columns: 序号, 事项顺序, 具体工作事项, 责任科室, 联系电话, 备注. Start from the "
        "export. The file is checked first (dry run); nothing changes until you apply."
    )
