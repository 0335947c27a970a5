"""Forms of the massage institution register: validation and normalisation only."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from cdpf.forms import XlsxUploadForm
from cdpf.names import PersonNameField, PlainTextField
from cdpf.validators import not_in_future
from massage_licensing.models import Institution

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class InstitutionForm(forms.Form):
    credit_code = forms.CharField(
        label=_("Unified social credit code"), max_length=18, help_text=_("18 characters.")
    )
    name = PlainTextField(
        label=_("Institution name"),
        max_length=200,
        help_text=_("Must contain 盲人保健按摩."),
    )
    address = forms.CharField(label=_("Premises address"), max_length=200)
    legal_representative = forms.CharField(label=_("Legal representative"), max_length=50)
    representative_is_blind = forms.BooleanField(
        label=_("The legal representative is blind"), required=False
    )
    representative_certificate_number = forms.CharField(
        label=_("Legal representative's disability certificate number"),
        max_length=30,
        required=False,
        help_text=_("Required when the legal representative is blind; checked in the register."),
    )
    person_in_charge = forms.CharField(label=_("Person in charge"), max_length=50)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    area_m2 = forms.DecimalField(
        label=_("Premises area (m²)"), min_value=Decimal("0.01"), max_digits=8, decimal_places=2
    )
    rooms = forms.IntegerField(label=_("Massage rooms"), min_value=0, max_value=999)
    beds = forms.IntegerField(label=_("Massage beds"), min_value=0, max_value=999)
    bed_spacing_m = forms.DecimalField(
        label=_("Smallest spacing between beds (m)"),
        min_value=Decimal("0"),
        max_digits=4,
        decimal_places=2,
    )
    has_disinfection = forms.BooleanField(label=_("Disinfection facilities"), required=False)
    has_toilet = forms.BooleanField(label=_("Toilet"), required=False)
    has_fire_safety = forms.BooleanField(label=_("Fire safety equipment"), required=False)
    has_lighting = forms.BooleanField(label=_("Adequate lighting and ventilation"), required=False)


class InstitutionChangeForm(InstitutionForm):
    note = forms.CharField(
        label=_("Note on the change"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["credit_code"]


class PractitionerForm(forms.Form):
    name = PersonNameField(label=_("Name"), max_length=50)
    id_number = forms.CharField(label=_("ID number"), max_length=18)
    disability_certificate_number = forms.CharField(
        label=_("Disability certificate number"),
        max_length=30,
        required=False,
        help_text=_(
            "残疾人证号, 20 characters. A valid visual-category certificate makes the person "
            "count as blind. Leave empty for sighted staff."
        ),
    )
    qualification_number = forms.CharField(
        label=_("Health-massage qualification certificate number"), max_length=50, required=False
    )
    health_certificate_number = forms.CharField(
        label=_("Health certificate number"), max_length=50, required=False
    )
    health_certificate_expiry = forms.DateField(
        label=_("Health certificate valid until"), required=False, widget=DATE
    )
    labour_contract = forms.BooleanField(label=_("Labour contract signed"), required=False)
    social_insurance = forms.BooleanField(label=_("Social insurance paid"), required=False)
    joined_on = forms.DateField(label=_("Joined on"), widget=DATE, validators=[not_in_future])
    violations = forms.CharField(
        label=_("Violations"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Date and what happened, one per line."),
    )


class PractitionerEditForm(PractitionerForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["id_number"]
        del self.fields["joined_on"]


class LeaveForm(forms.Form):
    # The shared check refuses a future date (until then the person still works here); its
    # code "future" is given this field's own message, so the page shows one clear message.
    left_on = forms.DateField(
        label=_("Left on"),
        widget=DATE,
        validators=[not_in_future],
        error_messages={
            "future": _(
                "The leaving date is in the future: record it on the day the person leaves."
            )
        },
    )


class InspectionForm(forms.Form):
    inspected_on = forms.DateField(
        label=_("Inspected on"),
        widget=DATE,
        validators=[not_in_future],
        error_messages={"future": _("The inspection date cannot be later than today.")},
    )
    inspectors = forms.CharField(label=_("Inspectors"), max_length=200)
    area_confirmed = forms.BooleanField(
        label=_("Premises area, rooms and beds as declared"), required=False
    )
    facilities_confirmed = forms.BooleanField(
        label=_("Disinfection, toilet, fire safety and lighting as declared"), required=False
    )
    staff_confirmed = forms.BooleanField(
        label=_("Massage staff on site as registered"), required=False
    )
    passed = forms.BooleanField(label=_("The institution is compliant"), required=False)
    findings = forms.CharField(
        label=_("Findings"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    photos = MultipleFileField(
        label=_("Photos"),
        required=False,
        help_text=_("JPEG or PNG, at most 5 MB each; you may choose several."),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reasons"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReviewForm(forms.Form):
    year = forms.IntegerField(label=_("Year reviewed"), min_value=2000, max_value=2100)
    passed = forms.TypedChoiceField(
        label=_("Result"),
        choices=[("1", _("Passed")), ("0", _("Failed: rectify within the deadline"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    findings = forms.CharField(
        label=_("Findings"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the review failed: what must be rectified."),
    )
    exception_reason = forms.CharField(
        label=_("Reason for passing although a requirement is not met"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Only when the review passes while the checklist above shows a requirement not met: "
            "why it passes anyway. It is kept and shown with the review."
        ),
    )


class InstitutionFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or credit code"), required=False, max_length=50)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All"))] + list(Institution.Status.choices),
    )


class RegisterImportForm(XlsxUploadForm):
    help = _(
        "Two sheets: 机构 (institutions) and 从业人员 (practitioners), with the columns of the "
        "export. An institution certified before this system: fill 证书编号 and 认定日期. Every "
        "row is checked first; nothing changes until you apply."
    )
