"""Blind health-massage institutions (盲人保健按摩机构): the register of institutions and their
practitioners, applications for qualification, inspections, certificates, reviews, changes."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cdpf.crypto import BlindIndexField, EncryptedCharField, IdNumberQuerySet
from cdpf.models import Region, StepEvent, StoredFile, User
from certificates.rules import mask_id_number
from massage_licensing.rules import masked


class Institution(models.Model):
    """A blind health-massage institution, identified by its unified social credit code."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered, not certified")
        CERTIFIED = "certified", _("Certified")
        RECERTIFICATION = "recertification", _("Re-certification required")
        REVOKED = "revoked", _("Qualification revoked")

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    name = models.CharField(_("name"), max_length=200, db_index=True)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    address = models.CharField(_("premises address"), max_length=200)
    legal_representative = models.CharField(_("legal representative"), max_length=50)
    representative_is_blind = models.BooleanField(_("the legal representative is blind"))
    # encrypted: a 残疾人证 number contains the ID number (decision 0200)
    representative_certificate_number = EncryptedCharField(
        _("legal representative's disability certificate number"), max_length=30, blank=True
    )
    person_in_charge = models.CharField(_("person in charge"), max_length=50)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    area_m2 = models.DecimalField(_("premises area (m²)"), max_digits=8, decimal_places=2)
    rooms = models.PositiveSmallIntegerField(_("massage rooms"))
    beds = models.PositiveSmallIntegerField(_("massage beds"))
    bed_spacing_m = models.DecimalField(
        _("smallest spacing between beds (m)"), max_digits=4, decimal_places=2
    )
    has_disinfection = models.BooleanField(_("disinfection facilities"), default=False)
    has_toilet = models.BooleanField(_("toilet"), default=False)
    has_fire_safety = models.BooleanField(_("fire safety equipment"), default=False)
    has_lighting = models.BooleanField(_("adequate lighting and ventilation"), default=False)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.REGISTERED, db_index=True
    )
    next_review_due = models.DateField(_("next yearly review due"), null=True, blank=True)
    rectify_by = models.DateField(_("rectify by"), null=True, blank=True)
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revocation_reason = models.CharField(_("reason for revocation"), max_length=300, blank=True)
    requirements_unmet = models.TextField(  # kept as messages (cdpf.messages)
        _("requirements not met since the last change"),
        blank=True,
        help_text=_(
            "Kept by every change of a certified institution's register entry or staff, so the "
            "home page can warn without checking every institution."
        ),
    )
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)

    class Meta:
        ordering = ["region__code", "name"]
        verbose_name = _("blind massage institution")
        verbose_name_plural = _("blind massage institutions")
        constraints = [
            models.CheckConstraint(condition=Q(area_m2__gt=0), name="massage_area_positive"),
            models.CheckConstraint(
                condition=Q(bed_spacing_m__gte=0), name="massage_spacing_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def current_certificate(self):
        """The newest certificate not superseded (uses prefetched certificates when given)."""
        for certificate in self.certificates.all():
            if certificate.status != QualificationCertificate.Status.SUPERSEDED:
                return certificate
        return None


class Practitioner(models.Model):
    """One person's employment as massage staff at an institution. A person who moves
    keeps the old row (not current) and gets a new one: history is never lost."""

    class Sex(models.TextChoices):
        MALE = "M", _("Male")
        FEMALE = "F", _("Female")

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="practitioners",
        verbose_name=_("employer"),
    )
    name = models.CharField(_("name"), max_length=50)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    # encrypted (decision 0160); found through Practitioner.objects.by_id_number()
    id_number = EncryptedCharField(_("ID number"), max_length=18)
    id_number_index = BlindIndexField(source="id_number", db_index=True)
    disability_certificate_number = EncryptedCharField(  # decision 0200
        _("disability certificate number"),
        max_length=30,
        blank=True,
        help_text=_("残疾人证号; empty for sighted staff."),
    )
    qualification_number = models.CharField(
        _("health-massage qualification certificate number"), max_length=50, blank=True
    )
    health_certificate_number = models.CharField(
        _("health certificate number"), max_length=50, blank=True
    )
    health_certificate_expiry = models.DateField(
        _("health certificate valid until"), null=True, blank=True
    )
    labour_contract = models.BooleanField(_("labour contract signed"), default=False)
    social_insurance = models.BooleanField(_("social insurance paid"), default=False)
    violations = models.TextField(_("violations"), blank=True)
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    is_current = models.BooleanField(_("works here now"), default=True)

    objects = IdNumberQuerySet.as_manager()

    class Meta:
        ordering = ["institution__name", "name", "id"]
        verbose_name = _("practitioner")
        verbose_name_plural = _("practitioners")
        constraints = [
            # one person works at one institution at a time
            models.UniqueConstraint(
                fields=["id_number_index"],
                condition=Q(is_current=True),
                name="massage_one_current_employment",
            ),
            models.CheckConstraint(
                condition=Q(is_current=True) | Q(left_on__isnull=False),
                name="massage_former_staff_have_left_on",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def masked_id(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def masked_certificate_number(self) -> str:
        return masked(self.disability_certificate_number)


class QualificationApplication(models.Model):
    """An application for qualification (or re-certification) of an institution."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        CHECKED = "checked", _("Requirements checked")
        INSPECTED = "inspected", _("On-site inspection recorded")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    class Kind(models.TextChoices):
        INITIAL = "initial", _("First qualification")
        RECERTIFICATION = "recertification", _("Re-certification after a change")
        AFTER_REVOCATION = "after_revocation", _("New application after revocation")

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("institution"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.SUBMITTED, db_index=True
    )
    submitted_on = models.DateField(_("submitted on"))
    checklist = models.JSONField(_("requirements checklist"), default=list, blank=True)
    all_met = models.BooleanField(_("every requirement met"), default=False)
    checked_on = models.DateField(_("checked on"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    reason = models.TextField(_("reasons for the rejection"), blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-submitted_on", "-id"]
        verbose_name = _("qualification application")
        verbose_name_plural = _("qualification applications")
        constraints = [
            models.UniqueConstraint(
                fields=["institution"],
                condition=Q(state__in=["submitted", "checked", "inspected"]),
                name="massage_one_open_application",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.institution} {self.submitted_on}"


class QualificationEvent(StepEvent):
    """Who moved an application from one state to the next, when, and why."""

    application = models.ForeignKey(
        QualificationApplication,
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("application"),
    )
    # the states of this flow are short: the columns keep their width (no table rewrite)
    from_state = models.CharField(_("from"), max_length=10, blank=True)
    to_state = models.CharField(_("to"), max_length=10)

    class Meta(StepEvent.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.from_label} → {self.to_label}"

    @property
    def from_label(self) -> str:
        states = dict(QualificationApplication.State.choices)
        return str(states.get(self.from_state, self.from_state))

    @property
    def to_label(self) -> str:
        states = dict(QualificationApplication.State.choices)
        return str(states.get(self.to_state, self.to_state))

    @property
    def region(self):
        return self.application.region


class Inspection(models.Model):
    """The on-site inspection (现场核查) of an application."""

    application = models.OneToOneField(
        QualificationApplication,
        on_delete=models.PROTECT,
        related_name="inspection",
        verbose_name=_("application"),
    )
    inspected_on = models.DateField(_("inspected on"))
    inspectors = models.CharField(_("inspectors"), max_length=200)
    area_confirmed = models.BooleanField(_("area and beds as declared"), default=False)
    facilities_confirmed = models.BooleanField(_("facilities as declared"), default=False)
    staff_confirmed = models.BooleanField(_("staff on site as registered"), default=False)
    passed = models.BooleanField(_("the inspection found the institution compliant"))
    findings = models.TextField(_("findings"))
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("on-site inspection")
        verbose_name_plural = _("on-site inspections")

    def __str__(self) -> str:
        return f"{self.application} {self.inspected_on}"

    @property
    def region(self):
        return self.application.region


class InspectionPhoto(StoredFile):
    """A photo taken at the inspection, kept outside static/media and read through a view."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.PROTECT, related_name="photos", verbose_name=_("inspection")
    )
    caption = models.CharField(_("caption"), max_length=100, blank=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("inspection photo")
        verbose_name_plural = _("inspection photos")

    def __str__(self) -> str:
        return self.original_name

    @property
    def region(self):
        return self.inspection.application.region


class QualificationCertificate(models.Model):
    """A 盲人保健按摩机构资格认定证书. Its number comes from a sequence that never repeats."""

    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        NEEDS_RECERTIFICATION = "recertify", _("Needs re-certification")
        SUPERSEDED = "superseded", _("Superseded by a new certificate")
        REVOKED = "revoked", _("Revoked")

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("institution"),
    )
    application = models.OneToOneField(
        QualificationApplication,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificate",
        verbose_name=_("application"),
        help_text=_("Empty for a certificate issued before this system and imported."),
    )
    number = models.CharField(_("certificate number"), max_length=50, unique=True)
    issued_on = models.DateField(_("issued on"))
    # what the certificate states, as it was when issued
    institution_name = models.CharField(_("institution name"), max_length=200)
    address = models.CharField(_("premises address"), max_length=200)
    legal_representative = models.CharField(_("legal representative"), max_length=50)
    person_in_charge = models.CharField(_("person in charge"), max_length=50)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.VALID
    )
    status_changed_on = models.DateField(_("status changed on"), null=True, blank=True)
    status_reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("qualification certificate")
        verbose_name_plural = _("qualification certificates")

    def __str__(self) -> str:
        return self.number


class YearlyReview(models.Model):
    """One yearly review (年审) of a certified institution."""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("institution")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    reviewed_on = models.DateField(_("reviewed on"))
    passed = models.BooleanField(_("passed"))
    findings = models.TextField(_("findings"), blank=True)
    checklist = models.JSONField(_("requirements checklist"), default=list, blank=True)
    exception_reason = models.TextField(
        _("reason for passing although a requirement is not met"), blank=True
    )
    rectify_by = models.DateField(_("rectify by"), null=True, blank=True)
    reviewed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-reviewed_on", "-id"]
        verbose_name = _("yearly review")
        verbose_name_plural = _("yearly reviews")
        constraints = [
            models.CheckConstraint(
                condition=Q(passed=True) | Q(rectify_by__isnull=False),
                name="massage_failed_review_has_deadline",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.institution} {self.year}"

    @property
    def unmet(self) -> list[dict]:
        """The requirements the recorded checklist found not met on the review day."""
        return [c for c in self.checklist if not c.get("passed")]


class InstitutionChange(models.Model):
    """One change to an institution's register entry: what changed, from what, to what."""

    class Kind(models.TextChoices):
        NAME = "name", _("Name")
        PREMISES = "premises", _("Premises")
        PERSON_IN_CHARGE = "person_in_charge", _("Person in charge")
        OTHER = "other", _("Other details")

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="changes", verbose_name=_("institution")
    )
    kinds = models.JSONField(_("what changed"), default=list)
    before = models.JSONField(_("before"), default=dict)
    after = models.JSONField(_("after"), default=dict)
    changed_on = models.DateField(_("changed on"))
    requires_recertification = models.BooleanField(_("requires re-certification"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    changed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-changed_on", "-id"]
        verbose_name = _("institution change")
        verbose_name_plural = _("institution changes")

    def __str__(self) -> str:
        return f"{self.institution} {self.changed_on}"
