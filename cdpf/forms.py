"""Forms of the shared core: sign-in and the audit-log filter."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from cdpf.auth import is_locked_out
from cdpf.models import AuditEntry


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "The username or password is wrong. After %(limit)s failures the "
            "account is locked for %(minutes)s minutes."
        ),
        "locked_out": _(
            "Too many failed sign-ins: this account is locked for %(minutes)s "
            "minutes. Try again later or ask an administrator."
        ),
    }

    def clean(self):
        from django.conf import settings

        username = self.cleaned_data.get("username")
        if username and is_locked_out(username):
            from django.contrib.auth.signals import user_login_failed

            user_login_failed.send(
                sender=__name__, credentials={"username": username}, request=self.request
            )
            raise forms.ValidationError(
                self.error_messages["locked_out"],
                code="locked_out",
                params={"minutes": settings.LOGIN_LOCKOUT_MINUTES},
            )
        return super().clean()

    def get_invalid_login_error(self):
        from django.conf import settings

        return forms.ValidationError(
            self.error_messages["invalid_login"],
            code="invalid_login",
            params={
                "limit": settings.LOGIN_FAILURE_LIMIT,
                "minutes": settings.LOGIN_LOCKOUT_MINUTES,
            },
        )


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
        from cdpf.audit_reading import object_type_choices

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
        from django.conf import settings

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
