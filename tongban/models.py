"""通办: an application received where the applicant lives, decided where their file is kept;
how the card reaches them; and the applicant's rating (好差评). docs/decisions/0180."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cdpf.crypto import EncryptedCharField
from cdpf.models import Region, User
from certificates.models import Application, Attachment


class Case(models.Model):
    """One application received under 通办: the residence office's intake record, the number
    the applicant follows it by, and how the card is delivered. The application itself (and the
    file) stays with the 户籍地 district: `application.region`."""

    class Delivery(models.TextChoices):
        RESIDENCE = "residence", _("Collect at the residence office")
        HOUSEHOLD = "household", _("Collect at the household-register office")
        POST = "post", _("Post to an address")

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="tongban", verbose_name=_("application")
    )
    number = models.CharField(_("application number"), max_length=20, unique=True)
    residence_region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("residence district")
    )
    residence_community = models.CharField(
        _("residence village or community"),
        max_length=100,
        help_text=_("Where the public notice is posted."),
    )
    residence_address = models.CharField(_("residence address"), max_length=200)
    phone = EncryptedCharField(_("phone"), max_length=20, blank=True)  # decision 0160
    permit_number = models.CharField(_("residence permit number"), max_length=40, blank=True)
    permit_valid_until = models.DateField(_("residence permit valid until"), null=True, blank=True)
    permit_scan = models.ForeignKey(
        Attachment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("residence permit scan"),
    )
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery.choices)
    postal_recipient = models.CharField(_("recipient"), max_length=50, blank=True)
    postal_address = models.CharField(_("postal address"), max_length=200, blank=True)
    postal_phone = EncryptedCharField(_("recipient's phone"), max_length=20, blank=True)
    dispatched_on = models.DateField(_("sent to the residence office on"), null=True, blank=True)
    posted_on = models.DateField(_("posted on"), null=True, blank=True)
    tracking_number = models.CharField(_("postal tracking number"), max_length=40, blank=True)
    missing = models.CharField(_("still to be handed in"), max_length=200, blank=True)
    received_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("received by")
    )
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("residence intake")
        verbose_name_plural = _("residence intakes")
        constraints = [
            models.CheckConstraint(
                condition=~Q(delivery="post") | ~Q(postal_address=""),
                name="tongban_post_has_address",
            ),
        ]
        indexes = [models.Index(fields=["residence_region", "id"], name="tongban_case_residence")]

    def __str__(self) -> str:
        return self.number

    @property
    def region(self):
        """The district that received it: the audit log files the case there."""
        return self.residence_region

    @property
    def cross_district(self) -> bool:
        return self.residence_region_id != self.application.region_id


class Rating(models.Model):
    """好差评: the applicant's rating of a closed case, on the public site or at the counter."""

    class Score(models.IntegerChoices):
        VERY_SATISFIED = 5, _("Very satisfied (非常满意)")
        SATISFIED = 4, _("Satisfied (满意)")
        FAIRLY = 3, _("Fairly satisfied (基本满意)")
        DISSATISFIED = 2, _("Dissatisfied (不满意)")
        VERY_DISSATISFIED = 1, _("Very dissatisfied (非常不满意)")

    class Channel(models.TextChoices):
        PUBLIC = "public", _("Public progress site")
        COUNTER = "counter", _("At the counter")

    case = models.OneToOneField(
        Case, on_delete=models.PROTECT, related_name="rating", verbose_name=_("case")
    )
    score = models.PositiveSmallIntegerField(_("rating"), choices=Score.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    channel = models.CharField(_("rated on"), max_length=10, choices=Channel.choices)
    rated_at = models.DateTimeField(_("rated at"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    follow_up_due = models.DateField(_("follow-up due"), null=True, blank=True)
    follow_up_done_on = models.DateField(_("followed up on"), null=True, blank=True)
    follow_up_note = models.CharField(_("follow-up"), max_length=500, blank=True)
    follow_up_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("followed up by"),
    )

    class Meta:
        ordering = ["-rated_at", "-id"]
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=3) | ~Q(reason=""), name="tongban_low_rating_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case.number} {self.score}"

    @property
    def region(self):
        return self.case.residence_region

    @property
    def bad(self) -> bool:
        return self.score <= 2
