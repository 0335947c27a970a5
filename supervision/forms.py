"""Forms of supervision: validation and normalisation only."""

from __future__ import annotations

import datetime

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cdpf.models import User
from cdpf.names import PersonNameField
from cdpf.roles import ROLE_LABELS
from cdpf.validators import not_in_future
from supervision import rules
from supervision.models import ChecklistItem, Complaint, Inspection, Measure

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# A province's quarterly file can be large; a spreadsheet import elsewhere is capped lower.
POLICE_FILE_MAX_BYTES = max(settings.IMPORT_MAX_BYTES, 40 * 1024 * 1024)


def _this_year() -> int:
    return timezone.localdate().year


class PlanForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2015, max_value=2100)
    rule = forms.ChoiceField(label=_("Rule"), choices=list(rules.RULES.items()))
    planned_checks = forms.IntegerField(
        label=_("Checks planned"),
        min_value=1,
        max_value=999,
        initial=1,
        help_text=_("At least one written check a year (seed part 三)."),
    )
    notes = forms.CharField(label=_("Scope and notes"), max_length=300, required=False)


class InspectionForm(forms.Form):
    method = forms.ChoiceField(label=_("Method"), choices=Inspection.Method.choices)
    subject_kind = forms.ChoiceField(label=_("Subject"), choices=list(rules.SUBJECT_KINDS.items()))
    employer = forms.ModelChoiceField(label=_("Employer"), queryset=None, required=False)
    certificate_holder = forms.CharField(
        label=_("Certificate holder's ID number"),
        max_length=18,
        required=False,
        help_text=_("For a holder: the 18-character ID number."),
    )
    staff = forms.ModelChoiceField(label=_("Staff member"), queryset=None, required=False)
    doctor = forms.ModelChoiceField(label=_("Assessing doctor"), queryset=None, required=False)
    scheduled_on = forms.DateField(label=_("Check date"), widget=DATE)

    def __init__(self, *args, employers, staff, doctors, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = employers
        self.fields["staff"].queryset = staff
        self.fields["doctor"].queryset = doctors
        self.people = people

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("subject_kind")
        if kind == "holder":
            number = (cleaned.get("certificate_holder") or "").strip().upper()
            person = self.people.by_id_number(number).first() if number else None
            if person is None:
                self.add_error(
                    "certificate_holder", _("No certificate holder with this ID number.")
                )
            cleaned["subject"] = person
        elif kind in ("employer", "staff", "doctor"):
            cleaned["subject"] = cleaned.get(kind)
            if cleaned["subject"] is None:
                self.add_error(kind, _("Choose the subject."))
        return cleaned


class CheckForm(forms.Form):
    """One result and note per checklist item, and the conclusion."""

    checked_on = forms.DateField(label=_("Checked on"), widget=DATE, validators=[not_in_future])
    conclusion = forms.CharField(
        label=_("Conclusion"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        choices = [c for c in ChecklistItem.Result.choices if c[0] != "pending"]
        for item in self.items:
            self.fields[f"result_{item.code}"] = forms.ChoiceField(
                label=item.text, choices=choices, widget=forms.RadioSelect
            )
            self.fields[f"note_{item.code}"] = forms.CharField(
                label=_("Note on: %(item)s") % {"item": item.text},
                max_length=300,
                required=False,
            )

    def results(self) -> dict:
        return {
            item.code: (
                self.cleaned_data.get(f"result_{item.code}"),
                self.cleaned_data.get(f"note_{item.code}", ""),
            )
            for item in self.items
        }

    def item_fields(self):
        return [(self[f"result_{i.code}"], self[f"note_{i.code}"]) for i in self.items]


class EvidenceForm(forms.Form):
    description = forms.CharField(label=_("Description"), max_length=200)
    file = forms.FileField(label=_("File (PDF, JPEG or PNG, at most 5 MB)"))


class FindingForm(forms.Form):
    text = forms.CharField(
        label=_("Finding"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class MeasureForm(forms.Form):
    kind = forms.ChoiceField(label=_("Measure"), choices=Measure.Kind.choices)
    description = forms.CharField(
        label=_("What must be done"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    deadline = forms.DateField(
        label=_("Deadline"),
        widget=DATE,
        required=False,
        help_text=_("Required for a rectification order."),
    )
    certificate_number = forms.CharField(
        label=_("Certificate number"),
        max_length=30,
        required=False,
        help_text=_("For a re-assessment or a cancellation: the holder's valid certificate."),
    )


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=300)


class CloseComplaintForm(forms.Form):
    note = forms.CharField(label=_("How the reply was given"), max_length=300)


class CloseMeasureForm(forms.Form):
    note = forms.CharField(label=_("How it was carried out"), max_length=300)
    attendees = forms.CharField(
        label=_("Attendees (training)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For a special training: who attended."),
    )


class ComplaintForm(forms.Form):
    received_on = forms.DateField(
        label=_("Received on"), widget=DATE, validators=[not_in_future]
    )
    channel = forms.ChoiceField(label=_("Channel"), choices=Complaint.Channel.choices)
    anonymous = forms.BooleanField(label=_("Anonymous"), required=False)
    complainant_name = PersonNameField(
        label=_("Complainant's name"), max_length=50, required=False
    )
    complainant_phone = forms.CharField(
        label=_("Complainant's phone"), max_length=20, required=False
    )
    rule = forms.ChoiceField(label=_("Concerns"), choices=list(rules.RULES.items()))
    subject = forms.CharField(label=_("Subject complained about"), max_length=200)
    content = forms.CharField(
        label=_("Content"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    respondent_kind = forms.ChoiceField(
        label=_("Who is complained about"),
        choices=Complaint.RespondentKind.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "The person and their unit never see the complaint; a complaint about the chairman "
            "or the supervisors goes to the city's supervisors as well."
        ),
    )
    respondent_user = forms.ModelChoiceField(
        label=_("Staff member complained about"), queryset=None, required=False
    )
    respondent_unit = forms.ChoiceField(label=_("Unit complained about"), required=False)
    respondent_name = forms.CharField(
        label=_("Outside party complained about"),
        max_length=100,
        required=False,
        help_text=_("The employer, hospital, doctor or person, by name."),
    )

    def __init__(self, *args, region=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["respondent_user"].queryset = (
            User.objects.filter(region=region, is_active=True).order_by("username")
            if region is not None
            else User.objects.none()
        )
        self.fields["respondent_user"].label_from_instance = _staff_label
        self.fields["respondent_unit"].choices = [("", "—")] + [
            (unit, ROLE_LABELS[unit]) for unit in rules.RESPONDENT_UNITS
        ]

    def clean_received_on(self):
        day = self.cleaned_data["received_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date is in the future."))
        return day


def _staff_label(user) -> str:
    unit = rules.unit_of(user.role_names)
    name = str(user)  # the display name, else the user name
    return f"{name}（{ROLE_LABELS[unit]}）" if unit else name


class ConfirmMatchForm(forms.Form):
    checked = forms.BooleanField(
        label=_(
            "I have compared the police record with the holder's record: it is the same "
            "person, and the certificate is to be cancelled."
        ),
        error_messages={"required": _("Tick the box to confirm it is the same person.")},
    )


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Supervisor"), queryset=None)

    def __init__(self, *args, supervisors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = supervisors


class AnswerForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome of the verification"), choices=Complaint.Outcome.choices
    )
    reply = forms.CharField(
        label=_("Reply"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


# read in the reader's language when the form is shown ("第1季度", "Quarter 1"), not at import
_quarter = lazy(lambda q: gettext("Quarter %(q)s") % {"q": q}, str)


class PoliceFileForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2015, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        coerce=int,
        choices=[(q, _quarter(q)) for q in range(1, 5)],
    )
    file = forms.FileField(
        label=_("Police file (.xlsx or .csv)"),
        help_text=_(
            "Columns 身份证号码, 姓名, 事件类型 (死亡 or 户籍注销), 事件日期, 派出所. "
            "CSV in UTF-8 or GB18030 (GBK)."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > POLICE_FILE_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB.")
                % {"mb": POLICE_FILE_MAX_BYTES // (1024 * 1024)}
            )
        name = upload.name.lower()
        if not name.endswith((".xlsx", ".csv", ".txt")):
            raise forms.ValidationError(
                _("Upload the police file as .xlsx (the template) or as .csv.")
            )
        return upload

    def clean(self):
        cleaned = super().clean()
        year, quarter = cleaned.get("year"), cleaned.get("quarter")
        if year and quarter:
            start, _end = rules.quarter_bounds(year, quarter)
            if start > timezone.localdate():
                self.add_error("quarter", _("This quarter has not begun."))
        return cleaned


class RejectForm(forms.Form):
    note = forms.CharField(label=_("Why is it not the same person?"), max_length=300)


def quarter_today() -> tuple[int, int]:
    today: datetime.date = timezone.localdate()
    return today.year, rules.quarter_of(today)
