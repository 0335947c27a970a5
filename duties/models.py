"""The duty register (部门职责登记表) and public service register (公共服务事项登记表)."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cdpf.models import Region, User

PHONE_REGEX = r"^[0-9][0-9\-]{4,19}$"
# What a person is told about a bad phone, in admin and in an import (never the constraint name)
PHONE_MESSAGE = _(
    "A phone number may hold only digits and hyphens: 5 to 20 characters starting with a "
    "digit, e.g. 0310-6858512."
)
phone_validator = RegexValidator(PHONE_REGEX, PHONE_MESSAGE, code="phone_format")


class Unit(models.Model):
    """A section of the federation (科室) or a body under it, with its public phone."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, verbose_name=_("region"))
    name = models.CharField(_("name"), max_length=50)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[phone_validator])
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["region__code", "order", "id"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="unit_unique_name"),
            models.CheckConstraint(
                condition=Q(phone="") | Q(phone__regex=PHONE_REGEX),
                name="unit_phone_format",
                violation_error_message=PHONE_MESSAGE,
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Duty(models.Model):
    """One main duty (主要职责), numbered as in the published list."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, verbose_name=_("region"))
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("main duty"))

    class Meta:
        ordering = ["region__code", "number"]
        verbose_name = _("main duty")
        verbose_name_plural = _("main duties")
        constraints = [
            models.UniqueConstraint(fields=["region", "number"], name="duty_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="duty_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:30]}"


class WorkItem(models.Model):
    """A concrete work item (具体工作事项) of a duty, with its responsible unit."""

    duty = models.ForeignKey(
        Duty, on_delete=models.CASCADE, related_name="items", verbose_name=_("main duty")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    text = models.TextField(_("work item"))
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="work_items",
        verbose_name=_("responsible unit"),
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[phone_validator])
    remarks = models.CharField(_("remarks"), max_length=200, blank=True)
    link_name = models.CharField(
        _("page in this system"),
        max_length=100,
        blank=True,
        help_text=_(
            "URL name of the page that carries the item out, e.g. certificates:index. "
            "Shown as a link once that page exists."
        ),
    )

    class Meta:
        ordering = ["duty__number", "order", "id"]
        verbose_name = _("work item")
        verbose_name_plural = _("work items")
        constraints = [
            models.UniqueConstraint(fields=["duty", "order"], name="workitem_unique_order"),
            models.CheckConstraint(
                condition=Q(phone="") | Q(phone__regex=PHONE_REGEX),
                name="workitem_phone_format",
                violation_error_message=PHONE_MESSAGE,
            ),
        ]

    def __str__(self) -> str:
        return self.text[:40]

    @property
    def region(self):
        return self.duty.region

    def clean(self):
        if self.duty_id and self.unit_id and self.unit.region_id != self.duty.region_id:
            raise ValidationError({"unit": _("The unit belongs to another region.")})


class PublicService(models.Model):
    """A public service (服务事项) the federation offers."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, verbose_name=_("region"))
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("service"), max_length=100)
    content = models.TextField(_("main content"))
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="services", verbose_name=_("handled by")
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[phone_validator])
    link_name = models.CharField(_("page in this system"), max_length=100, blank=True)

    class Meta:
        ordering = ["region__code", "number"]
        verbose_name = _("public service")
        verbose_name_plural = _("public services")
        constraints = [
            models.UniqueConstraint(fields=["region", "number"], name="service_unique_number"),
            models.CheckConstraint(
                condition=Q(phone="") | Q(phone__regex=PHONE_REGEX),
                name="service_phone_format",
                violation_error_message=PHONE_MESSAGE,
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.region_id and self.unit_id and self.unit.region_id != self.region_id:
            raise ValidationError({"unit": _("The unit belongs to another region.")})


class RegisterVersion(models.Model):
    """A published, frozen copy of a region's register (责任清单 of that date)."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, verbose_name=_("region"))
    number = models.PositiveIntegerField(_("version"))
    published_on = models.DateField(_("published on"))
    published_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("published by")
    )
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    snapshot = models.JSONField(_("content"), editable=False)

    class Meta:
        ordering = ["region__code", "-number"]
        verbose_name = _("published version")
        verbose_name_plural = _("published versions")
        constraints = [
            models.UniqueConstraint(fields=["region", "number"], name="version_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.region.name} v{self.number} ({self.published_on})"
