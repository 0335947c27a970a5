"""Forms of the certificate register: validation and normalisation only."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cdpf.forms import ChoiceField, TypedChoiceField, XlsxUploadForm
from cdpf.models import User
from cdpf.names import PersonNameField, PlainTextField
from cdpf.private_files import check_upload
from cdpf.validators import not_in_future, validate_guardian
from certificates import rules
from certificates.models import (
    CATEGORY_CHOICES,
    GRADE_CHOICES,
    Application,
    Assessment,
    Attachment,
    Certificate,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MATERIALS = [
    ("身份证", _("Citizen ID card (居民身份证)")),
    ("户口簿", _("Household register (户口簿)")),
    ("照片", _("Three two-inch photos")),
    ("申请表", _("Signed application form")),
]
PART_CATEGORIES = [c for c in CATEGORY_CHOICES if c[0] != rules.MULTIPLE]


def today():
    return timezone.localdate()


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("ID number, certificate number or name"), required=False, max_length=30
    )
    category = TypedChoiceField(
        label=_("Category"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("All"))] + CATEGORY_CHOICES,
    )
    grade = TypedChoiceField(
        label=_("Grade"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("All"))] + GRADE_CHOICES,
    )
    status = ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All"))] + list(Certificate.Status.choices),
    )
    expires_before = forms.DateField(
        label=_("Valid until, at the latest"), required=False, widget=DATE
    )
    region = ChoiceField(label=_("Region"), required=False, choices=[])

    def __init__(self, *args, regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].help_text = _(
            "A whole ID or certificate number, or at least two characters of a name."
        )
        self.fields["region"].choices = [("", _("All"))] + [(r.code, r.name) for r in regions]
        if len(self.fields["region"].choices) <= 2:
            del self.fields["region"]  # a district user has nothing to choose

    def clean_q(self):
        # Chinese names have at least two characters; one character (a surname) would list
        # tens of thousands of holders at province size and find no one in particular.
        q = self.cleaned_data["q"].strip()
        if len(q) == 1:
            raise forms.ValidationError(
                _("Enter at least two characters of the name, or a whole ID or certificate "
                  "number."),
                code="too_short",
            )
        return q


class IdNumberField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 18)
        kwargs.setdefault("min_length", 0)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        return rules.parse_id_number(value, today=today()).number


class ApplicantForm(forms.Form):
    """Register a new applicant and receive the new-issue application (受理)."""

    id_number = IdNumberField(
        label=_("ID number"), help_text=_("18 characters; a final x may be lower case.")
    )
    name = PersonNameField(label=_("Name"), max_length=50)
    community = PlainTextField(
        label=_("Village or community"),
        max_length=100,
        help_text=_("Where the public notice will be posted."),
    )
    address = PlainTextField(label=_("Address"), max_length=200)
    phone = forms.RegexField(
        label=_("Phone"),
        required=False,
        max_length=20,
        regex=r"^[0-9+\- ]{5,20}$",
        error_messages={"invalid": _("Enter a phone number.")},
    )
    requested_category = forms.TypedChoiceField(
        label=_("Category applied for"),
        coerce=int,
        choices=[("", _("Choose…"))] + CATEGORY_CHOICES,  # nothing pre-selected
    )
    guardian_name = PersonNameField(
        label=_("Guardian's name"),
        required=False,
        max_length=50,
        help_text=_("Required for applicants under 16 and for intellectual or mental disability."),
    )
    guardian_id_number = IdNumberField(label=_("Guardian's ID number"), required=False)
    guardian_relation = forms.CharField(
        label=_("Guardian's relation"), required=False, max_length=20
    )
    guardian_phone = forms.CharField(label=_("Guardian's phone"), required=False, max_length=20)
    materials = forms.MultipleChoiceField(
        label=_("Materials received"),
        choices=MATERIALS,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick the materials the applicant handed in.")},
    )

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("guardian_name")) != bool(cleaned.get("guardian_id_number")):
            raise ValidationError(_("Enter both the guardian's name and ID number, or neither."))
        if cleaned.get("guardian_id_number"):
            validate_guardian(
                guardian_id_number=cleaned["guardian_id_number"],
                applicant_id_number=cleaned.get("id_number") or "",
                on=today(),
            )
        missing = {m for m, _label in MATERIALS} - set(cleaned.get("materials") or [])
        if missing and "materials" in cleaned:
            self.add_error(
                "materials",
                _("Still missing: %(m)s. An application is received only with all materials.")
                % {"m": "、".join(sorted(missing))},
            )
        return cleaned


class AssessmentForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("Assessed by"),
        choices=Assessment.Mode.choices,
        widget=forms.RadioSelect,
        initial=Assessment.Mode.HOSPITAL,
    )
    doctor = forms.ModelChoiceField(label=_("Assessing doctor"), queryset=None, required=False)
    signers = forms.ModelMultipleChoiceField(
        label=_("Signers (direct assessment)"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Three different people, one of them the chairman; each then signs it with their "
            "own account."
        ),
    )
    assessed_on = forms.DateField(
        label=_("Assessed on"), widget=DATE, initial=today, validators=[not_in_future]
    )
    category_1 = forms.TypedChoiceField(
        label=_("Disability 1: category"), coerce=int,
        choices=[("", _("Choose…"))] + PART_CATEGORIES,
    )  # fmt: skip
    grade_1 = forms.TypedChoiceField(
        label=_("Disability 1: grade"), coerce=int, choices=[("", _("Choose…"))] + GRADE_CHOICES
    )
    category_2 = forms.TypedChoiceField(
        label=_("Disability 2: category"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", "—")] + PART_CATEGORIES,
    )
    grade_2 = forms.TypedChoiceField(
        label=_("Disability 2: grade"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", "—")] + GRADE_CHOICES,
    )
    measures = forms.CharField(
        label=_("Measures and findings"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    meets_standard = forms.BooleanField(
        label=_("Meets the disability standard"), required=False, initial=True
    )

    def __init__(self, *args, doctors, signers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["doctor"].queryset = doctors
        self.fields["signers"].queryset = signers

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("category_2")) != bool(cleaned.get("grade_2")):
            self.add_error(
                "grade_2",
                _("Give both the category and the grade of the second disability, or neither."),
            )
        if cleaned.get("mode") == Assessment.Mode.HOSPITAL and not cleaned.get("doctor"):
            self.add_error("doctor", _("Choose the assessing doctor."))
        return cleaned

    def parts(self) -> list[tuple[int, int]]:
        parts = [(self.cleaned_data["category_1"], self.cleaned_data["grade_1"])]
        if self.cleaned_data.get("category_2"):
            parts.append((self.cleaned_data["category_2"], self.cleaned_data["grade_2"]))
        return parts


class NoticeForm(forms.Form):
    applications = forms.ModelMultipleChoiceField(
        label=_("Applications to publish"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one application.")},
    )
    community = forms.CharField(label=_("Village or community"), max_length=100)
    starts_on = forms.DateField(label=_("Posted on"), widget=DATE, initial=today)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = candidates
        self.fields["applications"].label_from_instance = lambda a: (
            f"{a.person.name}（{a.person.community}）"
        )


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for returning"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )


class CorrectionForm(forms.Form):
    """更正 an open application: the applicant's details, guardian and category applied for."""

    PERSON_FIELDS = ("name", "community", "address", "phone", "guardian_name",
                     "guardian_id_number", "guardian_relation", "guardian_phone")  # fmt: skip
    name = forms.CharField(label=_("Name"), max_length=50)
    community = forms.CharField(label=_("Village or community"), max_length=100)
    address = forms.CharField(label=_("Address"), max_length=200)
    phone = forms.RegexField(
        label=_("Phone"), required=False, max_length=20, regex=r"^[0-9+\- ]{5,20}$",
        error_messages={"invalid": _("Enter a phone number.")},
    )  # fmt: skip
    requested_category = forms.TypedChoiceField(
        label=_("Category applied for"), coerce=int, required=False, empty_value=None,
        choices=[("", _("Choose…"))] + CATEGORY_CHOICES,
    )  # fmt: skip
    guardian_name = forms.CharField(label=_("Guardian's name"), required=False, max_length=50)
    guardian_id_number = IdNumberField(label=_("Guardian's ID number"), required=False)
    guardian_relation = forms.CharField(
        label=_("Guardian's relation"), required=False, max_length=20
    )
    guardian_phone = forms.CharField(label=_("Guardian's phone"), required=False, max_length=20)
    reason = forms.CharField(label=_("Reason for the correction"), max_length=200)

    def __init__(self, *args, kind, applicant_id, received_on, **kwargs):
        super().__init__(*args, **kwargs)
        self.applicant_id, self.received_on = applicant_id, received_on
        if kind != "new":
            del self.fields["requested_category"]

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("guardian_name")) != bool(cleaned.get("guardian_id_number")):
            raise ValidationError(_("Enter both the guardian's name and ID number, or neither."))
        if cleaned.get("guardian_id_number"):
            validate_guardian(
                guardian_id_number=cleaned["guardian_id_number"],
                applicant_id_number=self.applicant_id,
                on=self.received_on,
            )
        return cleaned


class HandoverForm(forms.Form):
    received_by = forms.CharField(
        label=_("Received by"), max_length=50,
        help_text=_("The holder, the registered guardian, or an agent with a written "
                    "authorisation."),
    )  # fmt: skip
    receiver_id_number = IdNumberField(
        label=_("Receiver's ID number"),
        help_text=_("As read from the receiver's ID card."),
    )
    authorisation = forms.ModelChoiceField(
        label=_("Written authorisation (for an agent)"),
        queryset=None,
        required=False,
        empty_label=_("None: the holder or the guardian collects"),
        help_text=_("Scan the authorisation into the holder's files first."),
    )

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authorisation"].queryset = person.attachments.filter(kind="authorisation")
        self.fields["authorisation"].label_from_instance = lambda a: (
            f"{a.original_name}（{a.uploaded_at:%Y-%m-%d}）"
        )
    id_checked = forms.BooleanField(
        label=_("I checked the receiver's ID"),
        error_messages={"required": _("Check the receiver's ID before handing over.")},
    )
    handed_on = forms.DateField(
        label=_("Handed over on"), widget=DATE, initial=today, validators=[not_in_future]
    )

    def handover(self) -> dict:
        """The arguments of services.certificate_hand_over, as the office entered them (the
        certificate room's page and the 通办 residence's page take the same step)."""
        data = self.cleaned_data
        return {
            "on": data["handed_on"],
            "received_by": data["received_by"],
            "id_checked": data["id_checked"],
            "receiver_id_number": data["receiver_id_number"],
            "authorisation": data["authorisation"],
        }


class CertificateApplicationForm(forms.Form):
    """Receive an application about an existing certificate."""

    KINDS = [
        ("renewal", _("Renewal at expiry (换领)")),
        ("loss", _("Loss replacement (挂失补办)")),
        ("damaged", _("Damaged card exchange (污损换发)")),
        ("change", _("Category or grade change (类别/等级变更)")),
        ("transfer_out", _("Transfer out (迁出)")),
        ("cancel", _("Cancellation (注销)")),
    ]
    # the grounds the office may choose (a supervision finding cancels through its measure)
    CANCEL_REASONS = [("", "—")] + [
        (value, label)
        for value, label in Application.CancelGrounds.choices
        if value != Application.CancelGrounds.SUPERVISION
    ]
    kind = forms.ChoiceField(label=_("Business type"), choices=KINDS)
    cancel_reason = forms.ChoiceField(
        label=_("Cancellation reason"), choices=CANCEL_REASONS, required=False
    )
    detail = forms.CharField(label=_("Details"), required=False, max_length=200)
    transfer_place = forms.CharField(label=_("Moving to (迁出)"), required=False, max_length=100)

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == "cancel":
            if not cleaned.get("cancel_reason"):
                self.add_error("cancel_reason", _("Choose the reason for the cancellation."))
            elif cleaned["cancel_reason"] == "other" and not cleaned.get("detail"):
                self.add_error("detail", _("Describe the reason."))
        if kind == "transfer_out" and not cleaned.get("transfer_place"):
            self.add_error("transfer_place", _("Name the federation the file moves to."))
        return cleaned

    def grounds(self) -> str:
        """The cancellation's grounds (a choice of Application.CancelGrounds), else empty."""
        return self.cleaned_data["cancel_reason"] if self.cleaned_data["kind"] == "cancel" else ""

    def reason_text(self) -> str:
        """What the office typed: the detail of a cancellation's grounds."""
        return self.cleaned_data.get("detail") or ""


class TransferInForm(forms.Form):
    """迁入 within this register: the 迁移证明 number of the holder's 迁出 and where they live
    now; the certificate's facts come from the register."""

    transfer_number = forms.CharField(
        label=_("Transfer certificate (迁移证明) number"),
        max_length=40,
        help_text=_("Printed on the 迁移证明 of the district the holder left."),
    )
    community = forms.CharField(label=_("Village or community"), max_length=100)
    address = forms.CharField(label=_("Address"), max_length=200)
    phone = forms.RegexField(
        label=_("Phone"),
        required=False,
        max_length=20,
        regex=r"^[0-9+\- ]{5,20}$",
        error_messages={"invalid": _("Enter a phone number.")},
    )


class TransferInOutsideForm(ApplicantForm):
    """迁入 from outside this register: the holder's data and the number they bring; the
    scanned 迁移证明 is uploaded next and the chairman reviews it."""

    incoming_number = forms.CharField(label=_("Certificate number brought in"), max_length=30)
    transfer_place = forms.CharField(
        label=_("Coming from"),
        max_length=100,
        help_text=_("The federation outside this system that issued the 迁移证明."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("requested_category", "materials"):
            del self.fields[name]

    def clean_incoming_number(self):
        return str(
            rules.parse_certificate_number(self.cleaned_data["incoming_number"], today=today())
        )


def signer_choices(region):
    return User.objects.filter(region=region, is_active=True).order_by("username")


class RenewalForm(forms.Form):
    days = forms.IntegerField(
        label=_("Expiring within (days)"), min_value=1, max_value=366, initial=90
    )


class RegistryImportForm(XlsxUploadForm):
    help = _(
        "Columns: 身份证号, 姓名, 村（社区）, 住址, 残疾人证号, 发证日期, 有效期至 (and 联系电话). "
        "Every row is checked first (dry run); nothing changes until you apply, and a file "
        "with any bad row changes nothing."
    )


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file is"), choices=[])
    application = forms.ModelChoiceField(
        label=_("Application"),
        queryset=None,
        required=False,
        empty_label=_("The holder's file (no application)"),
    )
    file = forms.FileField(
        label=_("File (PDF, JPEG or PNG)"),
        help_text=_("At most 5 MB. The type is checked from the content."),
    )

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Attachment.Kind.choices
        self.fields["application"].queryset = person.applications.all()
        self.fields["application"].label_from_instance = lambda a: (
            f"{a.get_kind_display()} {a.received_on:%Y-%m-%d}"
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload(upload)
        return upload
