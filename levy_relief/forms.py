"""Forms of levy relief: validation and normalisation only."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cdpf.private_files import check_upload
from cdpf.validators import not_in_future
from levy_relief.models import ReliefApplication

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONEY = {"max_digits": 16, "decimal_places": 2}


class ApplicationForm(forms.Form):
    employer = forms.ModelChoiceField(label=_("Employer"), queryset=None)
    levy_year = forms.IntegerField(
        label=_("Levy year"),
        min_value=2015,
        max_value=2100,
        help_text=_("The year whose levy is to be relieved (the year audited)."),
    )
    assessed_levy = forms.DecimalField(
        label=_("Levy assessed by the tax bureau (yuan)"),
        required=False,
        min_value=Decimal("0.01"),
        **MONEY,
        help_text=_(
            "Only where the employer has no audited levy for that year; otherwise the audited "
            "figure is used."
        ),
    )
    tax_reference = forms.CharField(
        label=_("Tax bureau reference"),
        required=False,
        max_length=100,
        help_text=_("The number of the tax bureau's assessment, with the amount above."),
    )
    original_due_date = forms.DateField(
        label=_("Original due date of the levy"),
        required=False,
        widget=DATE,
        help_text=_(
            "Taken from the levy: for an audited levy the close of that year's audit window "
            "(leave empty); for a tax bureau assessment the due date on its notice."
        ),
    )
    kind = forms.ChoiceField(label=_("Kind of relief"), choices=ReliefApplication.Kind.choices)
    amount = forms.DecimalField(
        label=_("Amount to reduce (yuan)"),
        required=False,
        min_value=Decimal("0.01"),
        **MONEY,
        help_text=_("For a reduction only. An exemption covers the whole levy."),
    )
    new_due_date = forms.DateField(
        label=_("New due date asked for"),
        required=False,
        widget=DATE,
        help_text=_("For a deferral only: at most the months the policy allows."),
    )
    ground = forms.ChoiceField(label=_("Ground"), choices=ReliefApplication.Ground.choices)
    event_date = forms.DateField(
        label=_("Date of the event"), widget=DATE, validators=[not_in_future]
    )
    loss_amount = forms.DecimalField(
        label=_("Direct economic loss (yuan)"), min_value=Decimal("0.01"), **MONEY
    )
    description = forms.CharField(
        label=_("Description of the event and the loss"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    received_on = forms.DateField(
        label=_("Received on"), widget=DATE, validators=[not_in_future]
    )

    def __init__(self, *args, employers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = employers

    def clean_received_on(self):
        received_on = self.cleaned_data["received_on"]
        if received_on > timezone.localdate():  # the caps would be read on a day not yet come
            raise forms.ValidationError(_("The date of receipt cannot be in the future."))
        return received_on

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == ReliefApplication.Kind.REDUCTION and not cleaned.get("amount"):
            self.add_error("amount", _("Enter the amount to reduce."))
        if kind == ReliefApplication.Kind.DEFERRAL and not cleaned.get("new_due_date"):
            self.add_error("new_due_date", _("Enter the new due date asked for."))
        if cleaned.get("assessed_levy") and not cleaned.get("tax_reference", "").strip():
            self.add_error("tax_reference", _("Enter the tax bureau's reference."))
        return cleaned


class MaterialForm(forms.Form):
    kind = forms.ChoiceField(label=_("Which material"), choices=ReliefApplication.Material.choices)
    file = forms.FileField(
        label=_("File (PDF, JPEG or PNG)"),
        help_text=_("At most 5 MB. The type is checked from the content."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload(upload)
        return upload


class CheckForm(forms.Form):
    ticked = forms.MultipleChoiceField(
        label=_("Materials received and in order"),
        required=False,
        choices=ReliefApplication.Material.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=_("What must be supplied (when returning)"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReviewForm(forms.Form):
    opinion = forms.CharField(
        label=_("Review opinion"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class DecisionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reasons of the decision"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Printed on the decision and, for an approval, in the yearly publication."),
    )


class PaymentForm(forms.Form):
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE, validators=[not_in_future])
    paid_amount = forms.DecimalField(
        label=_("Amount paid (yuan)"),
        min_value=Decimal("0.01"),
        **MONEY,
        help_text=_("The deferred amount, as on the tax bureau's receipt."),
    )
