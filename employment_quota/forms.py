"""Forms of the quota audit: validation and normalisation only."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cdpf.forms import XlsxUploadForm
from cdpf.private_files import check_upload
from employment_quota import rules
from employment_quota.models import MATERIAL_KINDS, MATERIAL_LABELS, DeclaredEmployee, MaterialFile

# read in the reader's language when the form is shown ("1月", "Month 1"), not at import
_month = lazy(lambda m: gettext("Month %(m)s") % {"m": m}, str)
MONTHS = [(m, _month(m)) for m in range(1, 13)]


class EmployerForm(forms.Form):
    credit_code = forms.CharField(
        label=_("Unified social credit code"),
        max_length=18,
        help_text=_("18 characters (GB 32100)."),
    )
    name = forms.CharField(label=_("Employer name"), max_length=200)
    employer_type = forms.ChoiceField(label=_("Type"), choices=list(rules.EMPLOYER_TYPES.items()))
    address = forms.CharField(label=_("Employer address"), max_length=200)
    contact_name = forms.CharField(label=_("Contact"), max_length=50, required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=20, required=False)

    def clean_credit_code(self):
        return rules.validate_credit_code(self.cleaned_data["credit_code"])


class AuditYearForm(forms.Form):
    year = forms.IntegerField(label=_("Year audited"), min_value=2015, max_value=2100)
    local_average_wage = forms.DecimalField(
        label=_("Local average wage of that year (yuan)"),
        min_value=Decimal("1"),
        max_digits=12,
        decimal_places=2,
        help_text=_(
            "The average wage of urban employees (城镇单位就业人员平均工资) published by the "
            "statistics bureau."
        ),
    )


class DeclarationForm(forms.Form):
    employer = forms.ModelChoiceField(label=_("Employer"), queryset=None)
    staff = forms.DecimalField(
        label=_("Annual average staff"),
        required=False,
        min_value=Decimal("0.01"),
        max_digits=10,
        decimal_places=2,
        help_text=_(
            "Established posts and contracts of a year or more; "
            "seasonal staff as an annual average."
        ),
    )
    monthly_staff = forms.CharField(
        label=_("Or the twelve monthly staff counts"),
        required=False,
        max_length=200,
        help_text=_(
            "Instead of the average: the staff at each month's end, January to December, "
            "separated by commas; the annual average is computed from them."
        ),
    )
    wage_bill = forms.DecimalField(
        label=_("Annual wage bill (yuan)"), min_value=Decimal("0"), max_digits=16, decimal_places=2
    )

    def __init__(self, *args, employers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = employers

    def clean(self):
        """The annual average staff, entered or computed from the twelve monthly counts."""
        cleaned = super().clean()
        monthly = (cleaned.get("monthly_staff") or "").replace("，", ",").replace("、", ",")
        if monthly.strip():
            try:
                counts = [Decimal(part.strip()) for part in monthly.split(",") if part.strip()]
            except InvalidOperation:
                counts = []
            if len(counts) != 12 or any(not c.is_finite() or c < 0 for c in counts):
                self.add_error(
                    "monthly_staff", _("Enter twelve numbers, zero or more, one for each month.")
                )
                return cleaned
            average = (sum(counts) / 12).quantize(Decimal("0.01"), ROUND_HALF_UP)
            if average <= 0:
                self.add_error("monthly_staff", _("The annual average staff must be above zero."))
            elif cleaned.get("staff") not in (None, average):
                self.add_error(
                    "staff",
                    _("The monthly counts average %(avg)s; leave this empty or enter that.")
                    % {"avg": average},
                )
            else:
                cleaned["staff"] = average
        elif cleaned.get("staff") is None and "staff" not in self.errors:
            self.add_error(
                "staff", _("Enter the annual average staff or the twelve monthly counts.")
            )
        return cleaned


class EmployeeLineForm(forms.Form):
    certificate_number = forms.CharField(label=_("Certificate number"), max_length=30)
    months = forms.TypedMultipleChoiceField(
        label=_("Months employed"),
        choices=MONTHS,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    employment_form = forms.ChoiceField(
        label=_("Employment"),
        choices=DeclaredEmployee.Form.choices,
        # the option a blank line shows selected: so an untouched blank line is unchanged and
        # skipped, instead of refusing the whole declaration with 'required' errors on it
        initial=DeclaredEmployee.Form.ESTABLISHED,
    )
    counts_here = forms.BooleanField(
        label=_("Counts for this employer (dispatched workers)"), required=False, initial=True
    )
    monthly_wage = forms.DecimalField(
        label=_("Monthly wage (yuan)"), min_value=Decimal("0"), max_digits=10, decimal_places=2
    )
    insurance_paid = forms.BooleanField(label=_("Pension insurance paid"), required=False)
    materials = forms.MultipleChoiceField(
        label=_("Materials received"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        # the Chinese names are kept (DeclaredEmployee.materials); the labels follow the language
        choices=[(name, MATERIAL_LABELS[code]) for code, name in MATERIAL_KINDS.items()],
    )


EmployeeLineFormSet = forms.formset_factory(EmployeeLineForm, extra=2, can_delete=True, max_num=200)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )


class EmployerImportForm(XlsxUploadForm):
    help = _(
        "Columns: 统一社会信用代码, 单位名称, 单位类型, 地址 (and 联系人, 联系电话). Start "
        "from the export. Every row is checked first; nothing changes until you apply."
    )


class MaterialUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file is"), choices=[])
    file = forms.FileField(
        label=_("File (PDF, JPEG or PNG)"),
        help_text=_("At most 5 MB. The type is checked from the content."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = MaterialFile.Kind.choices

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload(upload)
        return upload


class DeclarationImportForm(XlsxUploadForm):
    help = _(
        "One row per disabled employee; the rows of one employer share its credit code, staff "
        "and wage bill (an employer without disabled employees: one row, certificate empty). "
        "Start from the template. Every row is checked first; nothing changes until you apply."
    )


class EmployerEditForm(forms.Form):
    """The registration without the credit code (the employer's identity)."""

    name = forms.CharField(label=_("Employer name"), max_length=200)
    employer_type = forms.ChoiceField(label=_("Type"), choices=list(rules.EMPLOYER_TYPES.items()))
    address = forms.CharField(label=_("Employer address"), max_length=200)
    contact_name = forms.CharField(label=_("Contact"), max_length=50, required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=20, required=False)


class WageForm(forms.Form):
    local_average_wage = forms.DecimalField(
        label=_("Local average wage of that year (yuan)"),
        min_value=Decimal("1"),
        max_digits=12,
        decimal_places=2,
        help_text=_(
            "The average wage of urban employees (城镇单位就业人员平均工资) published by the "
            "statistics bureau."
        ),
    )
    reason = forms.CharField(
        label=_("Reason and source of the correction"),
        max_length=200,
        help_text=_("For example the statistics bureau's bulletin that gives the figure."),
    )
