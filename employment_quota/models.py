"""Employers, audit years and the yearly declarations of the quota employment audit."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cdpf.crypto import EncryptedCharField
from cdpf.messages import LinesField, render
from cdpf.models import Region, StoredFile, User
from certificates.models import Certificate
from employment_quota.rules import EMPLOYER_TYPES


class Employer(models.Model):
    """A 用人单位, identified by its unified social credit code."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, verbose_name=_("region"))
    credit_code = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    name = models.CharField(_("name"), max_length=200, db_index=True)
    employer_type = models.CharField(_("type"), max_length=30, choices=list(EMPLOYER_TYPES.items()))
    address = models.CharField(_("address"), max_length=200)
    contact_name = models.CharField(_("contact"), max_length=50, blank=True)
    contact_phone = EncryptedCharField(_("contact phone"), max_length=20, blank=True)

    class Meta:
        ordering = ["region__code", "name"]
        verbose_name = _("employer")
        verbose_name_plural = _("employers")

    def __str__(self) -> str:
        return self.name


class AuditYear(models.Model):
    """One year's audit in one region, with its window and the local average wage."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    region = models.ForeignKey(Region, on_delete=models.PROTECT, verbose_name=_("region"))
    year = models.PositiveSmallIntegerField(_("year audited"))
    opens_on = models.DateField(_("window opens"))
    closes_on = models.DateField(_("window closes"))
    local_average_wage = models.DecimalField(
        _("local average wage of the year"),
        max_digits=12,
        decimal_places=2,
        help_text=_("城镇单位就业人员平均工资 of the audited year, yuan."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    opened_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("opened by")
    )
    # why the approved levies must be recomputed (a corrected wage, an employer's type); empty
    # when they agree with their inputs. Cleared by the recomputation.
    # kept as a message (cdpf.messages), read in the reader's language
    recompute_needed = models.CharField(_("recompute needed"), max_length=1000, blank=True)
    # the dashboard's sums of this year's declarations, kept current by employment_quota/
    # figures.py whenever a declaration changes (derived data: not itself audited)
    figures = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["region__code", "-year"]
        verbose_name = _("audit year")
        verbose_name_plural = _("audit years")
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="one_audit_year_per_region"),
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="audit_window_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region.name} {self.year}"


class Declaration(models.Model):
    """An employer's declaration for one audit year, and the centre's decision on it."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned for correction")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    audit_year = models.ForeignKey(
        AuditYear,
        on_delete=models.PROTECT,
        related_name="declarations",
        verbose_name=_("audit year"),
    )
    employer = models.ForeignKey(
        Employer, on_delete=models.PROTECT, related_name="declarations", verbose_name=_("employer")
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, verbose_name=_("region"))
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.DRAFT, db_index=True
    )
    staff = models.DecimalField(_("annual average staff"), max_digits=10, decimal_places=2)
    wage_bill = models.DecimalField(_("annual wage bill"), max_digits=16, decimal_places=2)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    late = models.BooleanField(_("late"), default=False)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    required = models.DecimalField(max_digits=10, decimal_places=4, null=True, blank=True)
    counted = models.DecimalField(max_digits=10, decimal_places=4, null=True, blank=True)
    shortfall = models.DecimalField(max_digits=10, decimal_places=4, null=True, blank=True)
    average_wage = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    rate = models.DecimalField(max_digits=4, decimal_places=2, null=True, blank=True)
    amount_due = models.DecimalField(
        _("levy due"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    explanation = LinesField(default=list, blank=True)  # kept lines (cdpf.messages)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    # the employer's type when it declared (the type its levy was computed for), kept here so
    # the dashboard's sums by type read one index instead of joining every employer
    employer_type = models.CharField(
        _("type"), max_length=30, choices=list(EMPLOYER_TYPES.items()), editable=False, default=""
    )

    class Meta:
        ordering = ["-audit_year__year", "employer__name"]
        verbose_name = _("declaration")
        verbose_name_plural = _("declarations")
        # the covering index declaration_dashboard (audit year, state; PostgreSQL: including
        # the summed columns) is made by migration 0003: SQLite has no INCLUDE
        constraints = [
            models.UniqueConstraint(
                fields=["audit_year", "employer"], name="one_declaration_per_year"
            ),
            models.CheckConstraint(condition=Q(staff__gt=0), name="declaration_staff_positive"),
            models.CheckConstraint(
                condition=Q(wage_bill__gte=0), name="declaration_wage_bill_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employer} {self.audit_year.year}"

    def save(self, *args, **kwargs):
        if not self.employer_type and self.employer_id is not None:
            self.employer_type = self.employer.employer_type
        super().save(*args, **kwargs)

    @property
    def explanation_text(self) -> list[str]:
        """The levy's explanation in the reader's language (kept as messages, cdpf.messages)."""
        return [render(step) for step in self.explanation]


class DeclaredEmployee(models.Model):
    """One disabled employee on a declaration, linked to the certificate register."""

    class Form(models.TextChoices):
        ESTABLISHED = "established", _("Established post (编制)")
        CONTRACT = "contract", _("Labour contract of a year or more")
        DISPATCHED = "dispatched", _("Dispatched worker")

    declaration = models.ForeignKey(
        Declaration,
        on_delete=models.CASCADE,
        related_name="employees",
        verbose_name=_("declaration"),
    )
    certificate = models.ForeignKey(
        Certificate, on_delete=models.PROTECT, related_name="+", verbose_name=_("certificate")
    )
    employment_form = models.CharField(_("employment"), max_length=12, choices=Form.choices)
    counts_here = models.BooleanField(
        _("counts for this employer"),
        default=True,
        help_text=_(
            "For a dispatched worker: whether agency and host agreed that he or she "
            "counts here. Never for both."
        ),
    )
    months = models.JSONField(_("months employed"), default=list)
    monthly_wage = models.DecimalField(_("monthly wage"), max_digits=10, decimal_places=2)
    insurance_paid = models.BooleanField(_("pension insurance paid"), default=False)
    materials = models.JSONField(_("materials received"), default=list, blank=True)
    # the certificate's holder, kept here so that counting people (the dashboard's headcount)
    # does not join the certificate register; set on save from the certificate
    person = models.ForeignKey(
        "certificates.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        editable=False,
    )
    counted_months = models.JSONField(default=list, blank=True)
    qualifies = models.BooleanField(default=False)
    reason = models.CharField(max_length=300, blank=True)  # in Chinese, for files and lists
    # the same as kept messages, read in the reader's language (cdpf.messages)
    reason_lines = LinesField(default=list, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("disabled employee")
        verbose_name_plural = _("disabled employees")
        constraints = [
            models.UniqueConstraint(
                fields=["declaration", "certificate"], name="employee_once_per_declaration"
            ),
        ]
        # the index employee_headcount (qualifying lines by declaration, with the holder)
        # is made by migration 0003

    def __str__(self) -> str:
        return f"{self.declaration} {self.certificate}"

    def save(self, *args, **kwargs):
        if self.person_id is None and self.certificate_id is not None:
            self.person_id = self.certificate.person_id
        super().save(*args, **kwargs)

    @property
    def reason_text(self) -> str:
        return render(self.reason_lines) if self.reason_lines else self.reason

    @property
    def region(self):
        return self.declaration.region


# The materials checklist of each disabled employee (the Chinese names are what the centre
# ticks on the declaration, DeclaredEmployee.materials).
MATERIAL_KINDS = {
    "id_card": "身份证",
    "certificate": "残疾人证",
    "employment": "就业证",
    "payslip": "工资领取单",
    "pension": "养老保险证明",
    "contract": "劳动合同（一年以上）",
}
MATERIAL_LABELS = {
    "id_card": pgettext_lazy("quota material", "ID card"),
    "certificate": pgettext_lazy("quota material", "Disability certificate"),
    "employment": pgettext_lazy("quota material", "Employment registration card"),
    "payslip": pgettext_lazy("quota material", "Wage receipts"),
    "pension": pgettext_lazy("quota material", "Pension insurance proof"),
    "contract": pgettext_lazy("quota material", "Labour contract (a year or more)"),
}


class MaterialFile(StoredFile):
    """A scan of one item of a disabled employee's materials, for one declaration. Kept under
    the private storage directory (never static/media) and served only through a view that
    logs each access. Tied to the declaration and the person, not to the employee line, so a
    corrected declaration keeps its files."""

    class Kind(models.TextChoices):
        ID_CARD = "id_card", _("Citizen ID card (身份证)")
        CERTIFICATE = "certificate", _("Disability certificate (残疾人证)")
        EMPLOYMENT = "employment", _("Employment registration card (就业证)")
        PAYSLIP = "payslip", _("Wage receipts (工资领取单)")
        PENSION = "pension", _("Pension insurance proof (养老保险证明)")
        CONTRACT = "contract", _("Labour contract of a year or more (劳动合同)")

    region = models.ForeignKey(Region, on_delete=models.PROTECT, verbose_name=_("region"))
    declaration = models.ForeignKey(
        Declaration,
        on_delete=models.PROTECT,
        related_name="material_files",
        verbose_name=_("declaration"),
    )
    person = models.ForeignKey(
        "certificates.Person",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("disabled employee"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)

    class Meta:
        ordering = ["kind", "-uploaded_at", "-id"]
        verbose_name = _("material file")
        verbose_name_plural = _("material files")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.original_name}"
