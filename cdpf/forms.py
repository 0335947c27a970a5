"""Forms of the shared core: sign-in and the audit-log filter."""

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cdpf import holidays
from cdpf.audit_reading import object_type_choices
from cdpf.models import AuditEntry


class SharedChoicesMixin:
    """A choice field whose copy for each form shares its choices' entries. Django deep-copies
    every choice (and its lazy label) for every form built: the certificate search form cost
    0.3 ms to build, 90 % of it copying choices (issue 16). The entries are immutable
    (value, label) pairs and the list itself is still the form's own, so nothing is shared
    that a form could change."""

    def __deepcopy__(self, memo):
        choices, shown = self._choices, self.widget._choices
        self._choices = self.widget._choices = []  # normalised already: copied below
        try:
            result = super().__deepcopy__(memo)
        finally:
            self._choices, self.widget._choices = choices, shown
        result._choices = list(choices)
        result.widget._choices = list(shown)
        return result


class KeptSelect(forms.Select):
    """A select whose HTML is kept, per process, for its name, value, attributes and choices
    (their labels as shown in the current language), which is all it is made of. The search
    form's selects were built again option by option on every page, a third of the form's
    cost (issue 16). Choices in groups, or attributes that cannot be a key, are rendered as
    Django renders them."""

    KEEP = 1024  # a few selects × their values × languages; emptied when full
    _kept: dict = {}

    def render(self, name, value, attrs=None, renderer=None):
        key = self._key(name, value, attrs, renderer)
        if key is None:
            return super().render(name, value, attrs, renderer)
        html = self._kept.get(key)
        if html is None:
            if len(self._kept) >= self.KEEP:
                self._kept.clear()
            html = self._kept[key] = super().render(name, value, attrs, renderer)
        return html

    def _key(self, name, value, attrs, renderer):
        shown = []
        for option, label in self.choices:
            if isinstance(label, (list, tuple)):
                return None  # a group of choices
            shown.append((str(option), str(label)))
        key = (
            type(self),
            type(renderer),
            name,
            tuple(self.format_value(value)),
            # in their order: the attributes are printed in it
            tuple((k, type(v), v) for k, v in {**self.attrs, **(attrs or {})}.items()),
            tuple(shown),
        )
        try:
            hash(key)
        except TypeError:  # an attribute value that cannot be a key
            return None
        return key


class ChoiceField(SharedChoicesMixin, forms.ChoiceField):
    widget = KeptSelect


class TypedChoiceField(SharedChoicesMixin, forms.TypedChoiceField):
    widget = KeptSelect


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The username or password is wrong."),
        "throttled": _(
            "Too many failed sign-ins: wait %(seconds)s seconds before trying again. Each "
            "further failure doubles the wait."
        ),
        "locked_out": _(
            "This account is locked after repeated failed sign-ins. Ask the security "
            "administrator to unlock it."
        ),
    }

    def get_invalid_login_error(self):
        state = getattr(self.request, "cdpf_signin_refused", None)
        if state is not None and state.locked:
            return forms.ValidationError(self.error_messages["locked_out"], code="locked_out")
        if state is not None:
            return forms.ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"seconds": state.wait_seconds},
            )
        return forms.ValidationError(self.error_messages["invalid_login"], code="invalid_login")


class AuditFilterForm(forms.Form):
    username = forms.CharField(label=_("User"), required=False, max_length=150)
    action = forms.ChoiceField(
        label=_("Action"),
        required=False,
        choices=[("", _("All actions"))] + list(AuditEntry.Action.choices),
    )
    object_type = forms.ChoiceField(label=_("Object type"), required=False)
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    success = forms.ChoiceField(
        label=_("Outcome"),
        required=False,
        choices=[("", _("All")), ("yes", _("Succeeded")), ("no", _("Failed"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["object_type"].choices = [("", _("All types"))] + object_type_choices()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned


XLSX_MAGIC = b"PK\x03\x04"


class XlsxUploadForm(forms.Form):
    """An .xlsx upload: checked by its content, not only its name, and limited in size."""

    help = ""
    file = forms.FileField(label=_("Spreadsheet (.xlsx)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = self.help

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB.")
                % {"mb": settings.IMPORT_MAX_BYTES // (1024 * 1024)}
            )
        head = upload.read(4)
        upload.seek(0)
        if head != XLSX_MAGIC or not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("The file is not an .xlsx workbook."))
        return upload


def attach_error(form, exc) -> None:
    """Put a service's ValidationError on the form: on its field if it names one, else on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


class CalendarYearForm(forms.Form):
    """A year's holidays and adjusted working days, typed or as an .xlsx (docs/decisions/0081)."""

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    source = forms.CharField(
        label=_("Source"),
        max_length=200,
        help_text=_("The notice it comes from, e.g. 国务院办公厅关于2027年部分节假日安排的通知."),
    )
    holidays = forms.CharField(
        label=_("Public holidays"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One per line: name, first day, last day. E.g. 元旦 2027-01-01 2027-01-03"),
    )
    workdays = forms.CharField(
        label=_("Adjusted working days (调休上班)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "One per line: name and the Saturday or Sunday worked. E.g. 春节调休 2027-02-06"
        ),
    )
    file = forms.FileField(
        label=_("Or a spreadsheet (.xlsx)"),
        required=False,
        help_text=_("Columns 日期, 类型 (放假 or 上班) and 名称; it replaces the two boxes above."),
    )

    def clean(self):
        data = super().clean()
        year = data.get("year")
        if year is None:
            return data
        try:
            if data.get("file"):
                entries = holidays.parse_sheet(data["file"].read())
            else:
                entries = holidays.parse_form(
                    year=year, holidays=data.get("holidays", ""), workdays=data.get("workdays", "")
                )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for name, errors in exc.message_dict.items():
                    self.add_error(name, errors)
            else:
                self.add_error("file", exc.messages)
            return data
        try:
            holidays.check_days(year, entries)
        except ValidationError as exc:
            self.add_error(None, exc.messages)
            return data
        data["entries"] = entries
        return data
