"""Supervision records (seed part 三): plans, inspections with checklists and evidence, findings,
measures followed up until closed, complaints, and the quarterly police-file cancellation."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cdpf import crypto
from cdpf.crypto import BlindIndexField, EncryptedCharField, IdNumberQuerySet
from cdpf.models import Job, Region, StoredFile, User
from cdpf.roles import ROLE_LABELS
from certificates.models import Certificate, Doctor, Person
from certificates.rules import mask_id_number
from employment_quota.models import Employer
from supervision import rules

RULE_CHOICES = list(rules.RULES.items())
SUBJECT_CHOICES = list(rules.SUBJECT_KINDS.items())


class InspectionPlan(models.Model):
    """The year's plan of checks under one rule; at least one written check a year."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, verbose_name=_("region"))
    year = models.PositiveSmallIntegerField(_("year"))
    rule = models.CharField(_("rule"), max_length=20, choices=RULE_CHOICES)
    planned_checks = models.PositiveSmallIntegerField(
        _("checks planned"),
        default=1,
        help_text=_("The seed asks for at least one written check a year."),
    )
    notes = models.CharField(_("scope and notes"), max_length=300, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "rule"]
        verbose_name = _("inspection plan")
        verbose_name_plural = _("inspection plans")
        constraints = [
            models.UniqueConstraint(fields=["region", "year", "rule"], name="one_plan_per_rule"),
            models.CheckConstraint(condition=Q(planned_checks__gte=1), name="plan_at_least_one"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_rule_display()}"


class Inspection(models.Model):
    """One check of one subject: notified, checked in writing and on site, result published."""

    class Method(models.TextChoices):
        WRITTEN = "written", _("Written check")
        ON_SITE = "on_site", _("On-site check")
        BOTH = "both", _("Written and on-site check")

    class State(models.TextChoices):
        PLANNED = "planned", _("Planned")
        NOTIFIED = "notified", _("Subject notified")
        CHECKED = "checked", _("Checked")
        PUBLISHED = "published", _("Result published")

    region = models.ForeignKey(Region, on_delete=models.PROTECT, verbose_name=_("region"))
    plan = models.ForeignKey(
        InspectionPlan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name=_("plan"),
    )
    complaint = models.ForeignKey(
        "Complaint",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name=_("complaint verified"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    rule = models.CharField(_("rule"), max_length=20, choices=RULE_CHOICES)
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    subject_kind = models.CharField(_("subject"), max_length=10, choices=SUBJECT_CHOICES)
    employer = models.ForeignKey(
        Employer, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("employer")
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("certificate holder"),
    )
    staff = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("staff member"),
    )
    doctor = models.ForeignKey(
        Doctor, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("assessing doctor")
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PLANNED, db_index=True
    )
    scheduled_on = models.DateField(_("check date"))
    notified_on = models.DateField(_("notified on"), null=True, blank=True)
    checked_on = models.DateField(_("checked on"), null=True, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-scheduled_on", "-id"]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(subject_kind="employer", employer__isnull=False)
                    | Q(subject_kind="holder", person__isnull=False)
                    | Q(subject_kind="staff", staff__isnull=False)
                    | Q(subject_kind="doctor", doctor__isnull=False)
                ),
                name="inspection_has_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_rule_display()} {self.subject_name}"

    @property
    def subject_name(self) -> str:
        subject = {
            "employer": self.employer,
            "holder": self.person,
            "staff": self.staff,
            "doctor": self.doctor,
        }[self.subject_kind]
        if self.subject_kind == "staff":
            return subject.get_full_name() or subject.get_username()
        if self.subject_kind == "doctor":
            return subject.name
        return str(subject)

    @property
    def public_subject_name(self) -> str:
        """For the published result: an employer by name, a person by surname only."""
        if self.subject_kind == "employer":
            return self.employer.name
        return rules.mask_name(self.subject_name)

    @property
    def is_written(self) -> bool:
        return self.method in (self.Method.WRITTEN, self.Method.BOTH)


class ChecklistItem(models.Model):
    class Result(models.TextChoices):
        PENDING = "pending", _("Not yet checked")
        OK = "ok", _("Meets the rule")
        ISSUE = "issue", _("Does not meet the rule")
        NOT_APPLICABLE = "na", _("Not applicable")

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="items", verbose_name=_("inspection")
    )
    code = models.CharField(max_length=5)
    text = models.CharField(_("item"), max_length=200)
    result = models.CharField(
        _("result"), max_length=10, choices=Result.choices, default=Result.PENDING
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["inspection", "code"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        constraints = [
            models.UniqueConstraint(fields=["inspection", "code"], name="checklist_item_once")
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def region(self):
        return self.inspection.region


class Evidence(StoredFile):
    """A scan or photo taken during an inspection, kept under the private storage directory."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.PROTECT, related_name="evidence", verbose_name=_("inspection")
    )
    description = models.CharField(_("description"), max_length=200)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.description

    @property
    def region(self):
        return self.inspection.region


class Finding(models.Model):
    inspection = models.ForeignKey(
        Inspection, on_delete=models.PROTECT, related_name="findings", verbose_name=_("inspection")
    )
    text = models.TextField(_("finding"))
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def region(self):
        return self.inspection.region


class Measure(models.Model):
    """What a finding leads to; followed up until the supervisor closes it."""

    class Kind(models.TextChoices):
        RECTIFICATION = "rectification", _("Rectification order with a deadline (责令限期整改)")
        TRAINING = "training", _("Special training (专项业务培训)")
        REASSESSMENT = "reassessment", _("Re-assessment and re-issue at the new grade")
        CANCELLATION = "cancellation", _("Cancellation of the certificate (取消残疾人证)")
        REFERRAL = "referral", _("Referral for discipline (移交处理)")

    class State(models.TextChoices):
        OPEN = "open", pgettext_lazy("supervision measure", "Open")
        CLOSED = "closed", pgettext_lazy("supervision measure", "Closed")

    region = models.ForeignKey(Region, on_delete=models.PROTECT, verbose_name=_("region"))
    finding = models.ForeignKey(
        Finding, on_delete=models.PROTECT, related_name="measures", verbose_name=_("finding")
    )
    kind = models.CharField(_("measure"), max_length=15, choices=Kind.choices)
    description = models.TextField(_("what must be done"))
    responsible_role = models.CharField(_("responsible unit"), max_length=30)
    ordered_on = models.DateField(_("ordered on"))
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.OPEN, db_index=True
    )
    certificate = models.ForeignKey(
        Certificate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("certificate"),
    )
    attendees = models.TextField(_("attendees"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    close_note = models.CharField(_("closing note"), max_length=300, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="rectification") | Q(deadline__isnull=False),
                name="rectification_has_deadline",
            ),
        ]
        indexes = [models.Index(fields=["region", "state", "deadline"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.finding.inspection.subject_name}"

    @property
    def is_overdue(self) -> bool:
        return rules.is_overdue(
            deadline=self.deadline,
            done=self.state == self.State.CLOSED,
            today=timezone.localdate(),
        )


class FollowUp(models.Model):
    measure = models.ForeignKey(
        Measure, on_delete=models.PROTECT, related_name="follow_ups", verbose_name=_("measure")
    )
    on = models.DateField(_("date"))
    note = models.CharField(_("progress"), max_length=300)
    actor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["on", "id"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self) -> str:
        return self.note[:60]

    @property
    def region(self):
        return self.measure.region


class Complaint(models.Model):
    """A complaint or report (投诉举报), from intake to closed, with working-day deadlines."""

    class Channel(models.TextChoices):
        PHONE = "phone", _("Telephone")
        VISIT = "visit", _("In person")
        LETTER = "letter", _("Letter")
        HOTLINE = "hotline", _("12345 hotline")
        ONLINE = "online", _("Online")

    class State(models.TextChoices):
        RECEIVED = "received", _("Received")
        ASSIGNED = "assigned", _("Assigned")
        VERIFYING = "verifying", _("Being verified")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", pgettext_lazy("supervision complaint", "Closed")

    class RespondentKind(models.TextChoices):
        STAFF = "staff", _("A staff member of the federation")
        UNIT = "unit", _("A unit of the federation")
        OUTSIDE = "outside", _("An outside party (employer, hospital, doctor, person)")

    class Outcome(models.TextChoices):
        SUBSTANTIATED = "substantiated", _("Substantiated")
        PARTLY = "partly", _("Partly substantiated")
        UNFOUNDED = "unfounded", _("Unfounded")

    region = models.ForeignKey(Region, on_delete=models.PROTECT, verbose_name=_("region"))
    received_on = models.DateField(_("received on"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    complainant_name = models.CharField(_("complainant"), max_length=50, blank=True)
    complainant_phone = EncryptedCharField(_("complainant's phone"), max_length=20, blank=True)
    rule = models.CharField(_("concerns"), max_length=20, choices=RULE_CHOICES)
    subject = models.CharField(_("subject"), max_length=200)
    content = models.TextField(_("content"))
    # who is complained about: they and their unit never see the complaint (issue 19 item 1)
    respondent_kind = models.CharField(
        _("complained about"), max_length=10, choices=RespondentKind.choices, blank=True
    )
    respondent_user = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("staff member complained about"),
    )
    respondent_unit = models.CharField(
        _("unit complained about"), max_length=30, blank=True, db_index=True
    )
    respondent_name = models.CharField(_("party complained about"), max_length=100, blank=True)
    escalated_to = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("also sent to the supervisors of"),
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.RECEIVED, db_index=True
    )
    assign_due_on = models.DateField(_("assign by"))
    reply_due_on = models.DateField(_("reply by"))
    assignee = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned to"),
    )
    assigned_on = models.DateField(_("assigned on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=15, choices=Outcome.choices, blank=True)
    reply = models.TextField(_("reply"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    close_note = models.CharField(_("how the reply was given"), max_length=300, blank=True)
    received_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("complaint or report")
        verbose_name_plural = _("complaints and reports")
        constraints = [
            models.CheckConstraint(
                condition=Q(anonymous=True) | ~Q(complainant_name=""),
                name="complaint_named_unless_anonymous",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.received_on} {self.subject[:40]}"

    @property
    def respondent_display(self) -> str:
        if self.respondent_kind == self.RespondentKind.STAFF and self.respondent_user_id:
            unit = ROLE_LABELS.get(self.respondent_unit, "")
            return f"{self.respondent_user}（{unit}）" if unit else str(self.respondent_user)
        if self.respondent_kind == self.RespondentKind.UNIT:
            return str(ROLE_LABELS.get(self.respondent_unit, self.respondent_unit))
        return self.respondent_name

    @property
    def is_overdue(self) -> bool:
        today = timezone.localdate()
        if self.state == self.State.RECEIVED and today > self.assign_due_on:
            return True
        return rules.is_overdue(
            deadline=self.reply_due_on,
            done=self.state in (self.State.ANSWERED, self.State.CLOSED),
            today=today,
        )


class PoliceFile(models.Model):
    """One imported police (公安) file of a quarter; the same file is never imported twice."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, verbose_name=_("region"))
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    file_name = models.CharField(_("file name"), max_length=200)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField(_("rows"))
    new_rows = models.PositiveIntegerField(_("new rows"))
    matched = models.PositiveIntegerField(_("matches proposed"))
    job = models.ForeignKey(Job, on_delete=models.PROTECT, related_name="+", null=True)
    imported_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)

    class Meta:
        ordering = ["-year", "-quarter", "-id"]
        verbose_name = _("police file")
        verbose_name_plural = _("police files")
        constraints = [
            models.UniqueConstraint(fields=["region", "sha256"], name="police_file_once"),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="police_file_quarter"
            ),
        ]

    def __str__(self) -> str:
        quarter = _("%(year)s Q%(q)s") % {"year": self.year, "q": self.quarter}
        return f"{quarter} {self.file_name}"


class PoliceRecord(models.Model):
    """One row of a police file and what became of it."""

    class Match(models.TextChoices):
        NO_MATCH = "none", _("Not in the certificate register")
        NO_VALID = "no_valid", _("Holder has no valid certificate")
        PROPOSED = "proposed", _("Match waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed and cancelled")
        REJECTED = "rejected", _("Rejected (not the same person)")

    police_file = models.ForeignKey(
        PoliceFile, on_delete=models.PROTECT, related_name="records", verbose_name=_("file")
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, verbose_name=_("region"))
    row = models.PositiveIntegerField(_("row"))
    row_hash = models.CharField(max_length=64)
    # encrypted (decision 0160); found through PoliceRecord.objects.by_id_number()
    id_number = EncryptedCharField(_("ID number"), max_length=18)
    id_number_index = BlindIndexField(source="id_number", db_index=True)
    name = models.CharField(_("name"), max_length=50)
    event = models.CharField(_("event"), max_length=15)
    event_date = models.DateField(_("event date"))
    station = models.CharField(_("police station"), max_length=100, blank=True)
    match = models.CharField(_("match"), max_length=10, choices=Match.choices, db_index=True)
    certificate = models.ForeignKey(
        Certificate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("certificate"),
    )
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = IdNumberQuerySet.as_manager()

    class Meta:
        ordering = ["police_file", "row"]
        verbose_name = _("police record")
        verbose_name_plural = _("police records")
        constraints = [
            models.UniqueConstraint(fields=["region", "row_hash"], name="police_row_once"),
        ]

    def __str__(self) -> str:
        return f"{mask_id_number(self.id_number)} {rules.EVENT_LABELS.get(self.event, '')}"

    @classmethod
    def rekeyed_columns(cls, connection):
        """For `rotate_data_keys`: row_hash is keyed with the blind index key, so a new index
        key recomputes it from each row's ID number, event and date."""
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id, event, event_date FROM {cls._meta.db_table}")
            events = {pk: (event, str(day)[:10]) for pk, event, day in cursor.fetchall()}

        def row_hash(plain, pk):
            event, day = events[pk]
            return {"row_hash": crypto.keyed_hash(f"{plain['id_number']}|{event}|{day}")}

        return row_hash

    @property
    def event_label(self) -> str:
        return rules.EVENT_LABELS.get(self.event, self.event)

    @property
    def masked_id(self) -> str:
        return mask_id_number(self.id_number)
