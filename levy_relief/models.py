"""Applications for reduction, exemption or deferral of the disability employment levy, their
materials and the decision on them."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cdpf.models import Region, StoredFile, User
from employment_quota.models import Declaration, Employer
from levy_relief import flows, rules


class ReliefApplication(models.Model):
    """One employer's request to reduce, exempt or defer one year's levy."""

    class Kind(models.TextChoices):
        REDUCTION = rules.REDUCTION, _("Reduction (减缴)")
        EXEMPTION = rules.EXEMPTION, _("Exemption (免缴)")
        DEFERRAL = rules.DEFERRAL, _("Deferral (缓缴)")

    class Ground(models.TextChoices):
        FORCE_MAJEURE = "force_majeure", _("Force majeure (不可抗力)")
        NATURAL_DISASTER = "natural_disaster", _("Natural disaster (自然灾害)")
        SUDDEN_EVENT = "sudden_event", _("Other sudden event (其他突发事件)")

    class Basis(models.TextChoices):
        AUDITED = "audited", _("Audited levy of the quota audit")
        TAX = "tax", _("Amount assessed by the tax bureau")

    class Material(models.TextChoices):
        APPLICATION = "application", _("Written application (书面申请)")
        LOSS_PROOF = "loss_proof", _("Proof of the loss (损失证明)")
        FINANCIALS = "financials", _("Audited financial statements (经审计的财务报表)")

    region = models.ForeignKey(Region, on_delete=models.PROTECT, verbose_name=_("region"))
    employer = models.ForeignKey(
        Employer, on_delete=models.PROTECT, related_name="+", verbose_name=_("employer")
    )
    levy_year = models.PositiveSmallIntegerField(_("levy year"))
    declaration = models.ForeignKey(
        Declaration,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("audited declaration"),
    )
    basis = models.CharField(_("levy figure"), max_length=10, choices=Basis.choices)
    tax_reference = models.CharField(_("tax bureau reference"), max_length=100, blank=True)
    levy_due = models.DecimalField(_("levy due (yuan)"), max_digits=16, decimal_places=2)
    original_due_date = models.DateField(_("original due date"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    amount = models.DecimalField(
        _("amount (yuan)"),
        max_digits=16,
        decimal_places=2,
        help_text=_("Reduced, exempted or deferred."),
    )
    new_due_date = models.DateField(_("new due date"), null=True, blank=True)
    ground = models.CharField(_("ground"), max_length=20, choices=Ground.choices)
    event_date = models.DateField(_("date of the event"))
    loss_amount = models.DecimalField(
        _("direct economic loss (yuan)"), max_digits=16, decimal_places=2
    )
    description = models.TextField(_("description of the event and the loss"), max_length=2000)
    received_on = models.DateField(_("received on"))
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=list(flows.STATE_LABELS.items()),
        default=flows.SUBMITTED,
        db_index=True,
    )
    materials_ticked = models.JSONField(_("materials checked"), default=list, blank=True)
    missing = models.JSONField(_("missing materials"), default=list, blank=True)
    return_note = models.CharField(_("what must be supplied"), max_length=300, blank=True)
    # each return (with its list of what was missing) and each resubmission, in order, so
    # that the 办理过程 keeps them after the missing list is cleared by the next check
    returns = models.JSONField(_("returns and resubmissions"), default=list, blank=True)
    checked_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    checked_on = models.DateField(null=True, blank=True)
    review_opinion = models.CharField(_("review opinion"), max_length=500, blank=True)
    reviewed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_on = models.DateField(null=True, blank=True)
    decision_reason = models.CharField(_("reasons of the decision"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    approver_title = models.CharField(_("approving body"), max_length=200, blank=True)
    decision_number = models.CharField(
        _("decision number"), max_length=60, unique=True, null=True, blank=True
    )
    # set when a recomputed levy no longer matches this approved decision (a reduction larger
    # than the new levy, a deferral of a changed amount): the chairman reviews it
    levy_change_note = models.CharField(  # kept as a message (cdpf.messages)
        _("levy changed: for the chairman's review"), max_length=1000, blank=True
    )
    paid_on = models.DateField(_("deferred amount paid on"), null=True, blank=True)
    paid_amount = models.DecimalField(
        _("amount paid (yuan)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    surcharge = models.DecimalField(
        _("late surcharge (yuan)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    payment_recorded_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("levy relief application")
        verbose_name_plural = _("levy relief applications")
        constraints = [
            models.CheckConstraint(condition=Q(levy_due__gt=0), name="relief_levy_positive"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="relief_amount_positive"),
            models.CheckConstraint(condition=Q(loss_amount__gt=0), name="relief_loss_positive"),
            models.CheckConstraint(
                condition=Q(amount__lte=models.F("levy_due")), name="relief_amount_within_levy"
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind=rules.DEFERRAL) & Q(new_due_date__gt=models.F("original_due_date"))
                )
                | (~Q(kind=rules.DEFERRAL) & Q(new_due_date__isnull=True)),
                name="relief_new_due_date_only_for_deferral",
            ),
            models.UniqueConstraint(
                fields=["employer", "levy_year"],
                condition=Q(state=flows.APPROVED, kind__in=sorted(rules.REMISSIONS)),
                name="one_approved_remission_per_employer_year",
            ),
            models.UniqueConstraint(
                fields=["employer", "levy_year"],
                condition=Q(state=flows.APPROVED, kind=rules.DEFERRAL),
                name="one_approved_deferral_per_employer_year",
            ),
        ]
        indexes = [models.Index(fields=["region", "state"])]

    def __str__(self) -> str:
        return f"{self.employer} {self.levy_year} {self.get_kind_display()}"

    @property
    def state_label(self) -> str:
        return str(flows.STATE_LABELS.get(self.state, self.state))

    @property
    def return_history(self) -> list[dict]:
        """The returns (with the missing materials' names) and resubmissions, in order."""
        labels = dict(self.Material.choices)
        return [
            {**event, "missing_labels": [str(labels.get(m, m)) for m in event.get("missing", [])]}
            for event in self.returns
        ]

    @property
    def missing_labels(self) -> list[str]:
        labels = dict(self.Material.choices)
        return [str(labels.get(m, m)) for m in self.missing]


class ReliefMaterial(StoredFile):
    """An uploaded material of an application, kept in private storage, read through a view
    that logs each access."""

    application = models.ForeignKey(
        ReliefApplication,
        on_delete=models.PROTECT,
        related_name="materials",
        verbose_name=_("application"),
    )
    kind = models.CharField(
        _("what the file is"), max_length=12, choices=ReliefApplication.Material.choices
    )

    class Meta:
        ordering = ["kind", "uploaded_at", "id"]
        verbose_name = _("relief material")
        verbose_name_plural = _("relief materials")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.original_name}"

    @property
    def region(self):
        return self.application.region
