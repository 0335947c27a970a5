"""Forms of 通办: validation and normalisation only."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cdpf.models import Region
from cdpf.names import PersonNameField, PlainTextField
from certificates.forms import DATE, MATERIALS, CertificateApplicationForm, IdNumberField, today
from certificates.models import CATEGORY_CHOICES
from tongban.models import Case, Rating

KIND_CHOICES = [
    ("new", _("New issue (新办)")),
    ("renewal", _("Renewal at expiry (换领)")),
    ("transfer_out", _("Transfer of the file (迁移)")),
    ("loss", _("Loss replacement (挂失补办)")),
    ("change", _("Category or grade change (类别/等级变更)")),
    ("cancel", _("Cancellation (注销)")),
]
PHONE = r"^[0-9+\- ]{5,20}$"


class IntakeForm(forms.Form):
    """受理 at the residence office."""

    kind = forms.ChoiceField(label=_("Service"), choices=[("", _("Choose…"))] + KIND_CHOICES)
    id_number = IdNumberField(
        label=_("ID number"), help_text=_("18 characters; a final x may be lower case.")
    )
    name = PersonNameField(
        label=_("Name"),
        max_length=50,
        required=False,
        help_text=_("Needed only for a person not yet on the register."),
    )
    household_region = forms.ModelChoiceField(
        label=_("District that keeps the file (户籍地)"),
        queryset=Region.objects.none(),
        required=False,
        help_text=_("Only for a person not yet on the register; otherwise the register says."),
    )
    household_community = PlainTextField(
        label=_("Household village or community"), max_length=100, required=False
    )
    residence_community = PlainTextField(
        label=_("Residence village or community"),
        max_length=100,
        help_text=_("Where the public notice is posted."),
    )
    residence_address = PlainTextField(label=_("Residence address"), max_length=200)
    phone = forms.RegexField(
        label=_("Phone"),
        regex=PHONE,
        max_length=20,
        error_messages={"invalid": _("Enter a phone number.")},
    )
    requested_category = forms.TypedChoiceField(
        label=_("Category applied for (新办)"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", _("Choose…"))] + CATEGORY_CHOICES,
    )
    materials = forms.MultipleChoiceField(
        label=_("Materials received (新办)"),
        choices=MATERIALS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    grounds = forms.ChoiceField(
        label=_("Cancellation reason"),
        choices=CertificateApplicationForm.CANCEL_REASONS,
        required=False,
    )
    reason = PlainTextField(label=_("Details (注销)"), max_length=200, required=False)
    transfer_place = PlainTextField(
        label=_("Moving to (迁移)"), max_length=100, required=False
    )
    permit_number = forms.CharField(
        label=_("Residence permit (居住证) number"), max_length=40, required=False
    )
    permit_valid_until = forms.DateField(
        label=_("Residence permit valid until"), widget=DATE, required=False
    )
    permit_scan = forms.FileField(label=_("Residence permit scan"), required=False)
    photo = forms.FileField(label=_("Two-inch photo (scan)"), required=False)
    delivery = forms.ChoiceField(
        label=_("How the card reaches the applicant"),
        choices=Case.Delivery.choices,
        widget=forms.RadioSelect,
    )
    postal_recipient = PersonNameField(label=_("Recipient"), max_length=50, required=False)
    postal_address = PlainTextField(label=_("Postal address"), max_length=200, required=False)
    postal_phone = forms.RegexField(
        label=_("Recipient's phone"),
        regex=PHONE,
        max_length=20,
        required=False,
        error_messages={"invalid": _("Enter a phone number.")},
    )

    def __init__(self, *args, districts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["household_region"].queryset = districts or Region.objects.none()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == "new":
            missing = {m for m, _label in MATERIALS} - set(cleaned.get("materials") or [])
            if missing:
                self.add_error(
                    "materials",
                    _("Still missing: %(m)s. An application is received only with all "
                      "materials.") % {"m": "、".join(sorted(missing))},
                )  # fmt: skip
            if not cleaned.get("requested_category"):
                self.add_error("requested_category", _("Choose the category applied for."))
        if cleaned.get("kind") == "cancel":
            if not cleaned.get("grounds"):
                self.add_error("grounds", _("Choose the reason for the cancellation."))
            elif cleaned["grounds"] == "other" and not cleaned.get("reason"):
                self.add_error("reason", _("Describe the reason."))
        if cleaned.get("kind") == "transfer_out" and not cleaned.get("transfer_place"):
            self.add_error("transfer_place", _("Name the federation the file moves to."))
        if cleaned.get("delivery") == Case.Delivery.POST:
            for name in ("postal_recipient", "postal_address"):
                if not cleaned.get(name):
                    self.add_error(name, _("Needed when the card is posted."))
        return cleaned


class PostingForm(forms.Form):
    tracking_number = forms.RegexField(
        label=_("Postal tracking number"),
        regex=r"^[A-Za-z0-9\-]{6,40}$",
        max_length=40,
        error_messages={"invalid": _("Enter the tracking number as printed on the receipt.")},
    )
    posted_on = forms.DateField(label=_("Posted on"), widget=DATE, initial=today)


class MissingForm(forms.Form):
    missing = PlainTextField(
        label=_("Still to be handed in"),
        max_length=200,
        required=False,
        help_text=_("Shown to the applicant on the progress site; leave empty when complete."),
    )


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("How satisfied are you?"),
        coerce=int,
        choices=Rating.Score.choices,
        widget=forms.RadioSelect,
    )
    reason = PlainTextField(
        label=_("Reason"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for “dissatisfied” and “very dissatisfied”."),
    )

    def clean(self):
        cleaned = super().clean()
        score = cleaned.get("score")
        if score is not None and score <= 2 and not cleaned.get("reason"):
            self.add_error("reason", _("Say what went wrong."))
        return cleaned


class FollowUpForm(forms.Form):
    note = PlainTextField(
        label=_("What the office did"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class LookupForm(forms.Form):
    """The public progress question: the application number and the ID number's last six."""

    number = forms.CharField(
        label=_("Application number"),
        max_length=30,
        help_text=_("As printed on the receipt, e.g. TB2026110204918273."),
    )
    id_tail = forms.RegexField(
        label=_("Last 6 characters of the ID number"),
        regex=r"^[0-9]{5}[0-9Xx]$",
        max_length=6,
        min_length=6,
        error_messages={"invalid": _("Enter the last 6 characters of the ID number.")},
    )

    def clean_id_tail(self):
        return self.cleaned_data["id_tail"].upper()

