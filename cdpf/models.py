"""Shared core: regions, staff accounts, policy parameters, calendar, audit, jobs, documents."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import connections, models, router
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cdpf.crypto import EncryptedBinaryField
from cdpf.param_values import parse_value


class Region(models.Model):
    """An administrative division identified by its GB/T 2260 code."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        CITY = "city", _("City")
        DISTRICT = "district", _("District / county")

    code = models.CharField(_("code"), max_length=6, unique=True)
    name = models.CharField(_("name"), max_length=50)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[1-9][0-9]{5}$"), name="region_code_six_digits"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def scope_prefix(self) -> str:
        """The code prefix shared by this region and every region below it (GB/T 2260)."""
        return self.code[: SCOPE_PREFIX_LENGTH.get(self.level, len(self.code))]

    def contains(self, other: Region) -> bool:
        return other.code.startswith(self.scope_prefix)

    def ancestors(self) -> list[Region]:
        """This region and the regions above it, nearest first."""
        chain, node = [], self
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain


# How many leading digits of a region's code its whole scope shares (GB/T 2260): a province's
# 2, a city's 4; a district's whole code (Region.scope_prefix, cdpf.selectors).
SCOPE_PREFIX_LENGTH = {Region.Level.PROVINCE: 2, Region.Level.CITY: 4}


class User(AbstractUser):
    """A staff account: belongs to one region; roles are Django groups."""

    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("region"),
        help_text=_("The federation this account works for; it sees this region and below."),
    )
    display_name = models.CharField(_("display name"), max_length=50, blank=True)
    signin_locked_at = models.DateTimeField(
        _("locked after failed sign-ins"), null=True, blank=True, editable=False
    )
    signin_unlocked_at = models.DateTimeField(
        _("last unlocked"), null=True, blank=True, editable=False
    )
    password_changed_at = models.DateTimeField(
        _("password changed"), null=True, blank=True, editable=False
    )
    current_session_key = models.CharField(
        _("current session"), max_length=40, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("staff account")
        verbose_name_plural = _("staff accounts")

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def role_names(self) -> set[str]:
        """The names of the account's groups, read once per request in one plain query (the
        ORM's compiling of the same join cost three times the query itself, issue 16)."""
        if not hasattr(self, "_role_names"):
            if self.pk is None:
                return set()
            group = User.groups.through._meta.get_field("group").related_model
            with connections[router.db_for_read(group)].cursor() as cursor:
                cursor.execute(self.role_names_sql("%s"), [self.pk])
                self._role_names = {name for (name,) in cursor.fetchall()}
        return self._role_names

    @staticmethod
    def role_names_sql(user_id: str) -> str:
        """SELECT of the names of the groups of the account whose id is the SQL `user_id`
        (a placeholder or a column): ``role_names``' query, and a part of the signed-in user's
        read (cdpf.auth)."""
        through = User.groups.through._meta
        group_fk, user_fk = through.get_field("group"), through.get_field("user")
        return (
            f"SELECT g.name FROM {group_fk.related_model._meta.db_table} g "
            f"JOIN {through.db_table} ug ON ug.{group_fk.column} = g.id "
            f"WHERE ug.{user_fk.column} = {user_id}"
        )

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_names.intersection(roles))


class PasswordHistory(models.Model):
    """A staff account's earlier password hashes, so the last ones are not reused."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    password = models.CharField(max_length=128)
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("earlier password")
        verbose_name_plural = _("earlier passwords")

    def __str__(self) -> str:
        return f"{self.user_id} {self.changed_at:%Y-%m-%d}"


class PolicyParameter(models.Model):
    """A policy number that changes by year or place, with its validity and source."""

    class ValueType(models.TextChoices):
        DECIMAL = "decimal", _("Decimal number")
        INTEGER = "integer", _("Whole number")
        TEXT = "text", _("Text")
        MONTH_DAY = "month_day", _("Month and day (MM-DD)")

    name = models.CharField(_("name"), max_length=80, db_index=True)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("region"),
        help_text=_("Empty means national; a region's value overrides the one above it."),
    )
    value = models.CharField(_("value"), max_length=200)
    value_type = models.CharField(_("value type"), max_length=10, choices=ValueType.choices)
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    description = models.CharField(_("description"), max_length=200)
    source = models.CharField(_("source citation"), max_length=300)
    confirmed = models.BooleanField(
        _("confirmed"),
        default=True,
        help_text=_("Unticked where the figure is not yet confirmed by an official text."),
    )

    class Meta:
        ordering = ["name", "region__code", "valid_from"]
        verbose_name = _("policy parameter")
        verbose_name_plural = _("policy parameters")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="param_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} = {self.value}"

    def clean(self) -> None:
        try:
            parse_value(self.value, self.value_type)
        except ValueError as exc:
            raise ValidationError({"value": str(exc)}) from exc
        overlapping = PolicyParameter.objects.filter(name=self.name, region=self.region).exclude(
            pk=self.pk
        )
        if self.valid_to:
            overlapping = overlapping.filter(valid_from__lte=self.valid_to)
        overlapping = overlapping.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=self.valid_from)
        )
        if overlapping.exists():
            raise ValidationError(
                _("Another value of this parameter for this region covers part of these dates.")
            )


class ParameterChange(models.Model):
    """A proposed new value of a policy parameter: in force only once a second administrator
    approves it (four eyes, decision 0120). Applied by cdpf.param_changes."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        APPROVED = "approved", _("Approved and in force")
        REJECTED = "rejected", _("Rejected")

    parameter = models.ForeignKey(
        PolicyParameter,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="changes",
        verbose_name=_("value changed"),
        help_text=_("Empty for a new value (for example a new period or a region's own value)."),
    )
    name = models.CharField(_("name"), max_length=80)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("region"),
        help_text=_("Empty means national; a region's value overrides the one above it."),
    )
    value = models.CharField(_("value"), max_length=200)
    value_type = models.CharField(
        _("value type"), max_length=10, choices=PolicyParameter.ValueType.choices
    )
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    description = models.CharField(_("description"), max_length=200)
    source = models.CharField(_("source citation"), max_length=300)
    confirmed = models.BooleanField(_("confirmed"), default=True)
    reason = models.CharField(_("reason for the change"), max_length=300)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    proposed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("proposed by")
    )
    proposed_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    decided_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved or rejected by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.CharField(_("note on the decision"), max_length=300, blank=True)

    class Meta:
        ordering = ["-proposed_at", "-id"]
        verbose_name = _("parameter change")
        verbose_name_plural = _("parameter changes")
        constraints = [
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=models.F("proposed_by")),
                name="param_change_four_eyes",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} → {self.value}"


class CalendarDay(models.Model):
    """A public holiday, or a weekend day made a working day (调休上班)."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Public holiday (day off)")
        WORKDAY = "workday", _("Extra working day")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=50)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("working-day calendar")

    def __str__(self) -> str:
        return f"{self.date} {self.name} ({self.get_kind_display()})"


class CalendarYear(models.Model):
    """A year whose holidays and adjusted working days are loaded in full. Working-day
    arithmetic that reaches a year without this row is provisional (docs/decisions/0081)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    source = models.CharField(_("source"), max_length=200)
    loaded_at = models.DateTimeField(_("loaded"), auto_now=True)
    loaded_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("loaded by"),
    )

    class Meta:
        ordering = ["year"]
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")

    def __str__(self) -> str:
        return str(self.year)


class AuditEntryQuerySet(models.QuerySet):
    def delete(self):
        # Only cdpf.retention removes entries: archived first, never younger than six months.
        raise ValidationError(_("Audit entries cannot be deleted."))

    delete.queryset_only = True


class AuditEntry(models.Model):
    """One line of the audit trail. Written by the system only; never edited or deleted."""

    class Action(models.TextChoices):
        CREATE = "create", _("Create")
        UPDATE = "update", _("Update")
        DELETE = "delete", _("Delete")
        LOGIN = "login", _("Login")
        LOGIN_FAILED = "login_failed", _("Failed login")
        LOGOUT = "logout", _("Logout")
        VIEW = "view", _("View sensitive record")
        EXPORT = "export", _("Export")
        IMPORT = "import", _("Import")
        PRINT = "print", _("Print document")
        PUBLISH = "publish", _("Publish")
        LOGIN_REFUSED = "login_refused", _("Sign-in refused (waiting or locked)")
        DENIED = "denied", _("Refused or not found (403/404)")
        SEARCH_ID = "search_id", _("Search by ID number")
        LOOKUP = "lookup", _("Cross-district existence lookup")
        # the password was right; the second factor is still due (decision 0150)
        LOGIN_PASSWORD = "login_password", _("Password accepted, second step due")
        PURGE = "purge", _("Retention: deleted or archived")

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    username = models.CharField(_("username"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    success = models.BooleanField(_("success"), default=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    region_code = models.CharField(_("region"), max_length=6, blank=True, db_index=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        indexes = [
            models.Index(fields=["username", "action", "at"]),
            models.Index(fields=["ip", "action", "at"], name="audit_ip_action_at"),
            # the log of a region and below over a date range (decision 0111): LIKE 'prefix%'
            # needs the pattern operator class on PostgreSQL; an index-only scan on 300k rows
            models.Index(
                fields=["region_code", "at"],
                name="auditentry_region_at",
                opclasses=["varchar_pattern_ops", "timestamptz_ops"],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("Audit entries cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Audit entries cannot be deleted."))


class Job(models.Model):
    """A piece of long work run by the background worker, with its progress and outcome."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Finished")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=50)
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    # encrypted (decision 0160): registry and police files are full of ID numbers
    input_file = EncryptedBinaryField(_("input file"), null=True, blank=True, editable=False)
    input_name = models.CharField(_("input file name"), max_length=200, blank=True)
    progress = models.PositiveIntegerField(_("progress"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    message = models.CharField(_("message"), max_length=300, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="jobs", verbose_name=_("created by")
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, verbose_name=_("region"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # Fault tolerance (docs/decisions/0080): the worker running the job beats every few
    # seconds; a running job whose beat stopped is failed by cdpf.jobs.fail_stale_jobs.
    task_id = models.CharField(_("task"), max_length=64, blank=True, editable=False)
    worker_id = models.CharField(_("worker"), max_length=64, blank=True, editable=False)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    # Set in the very transaction that keeps the job's changes: tells a lost job's owner
    # exactly whether anything was saved.
    saved_at = models.DateTimeField(_("changes saved"), null=True, blank=True)
    # Stopped by a fault (its worker died, its database connection dropped), not by its input.
    interrupted = models.BooleanField(_("interrupted"), default=False)
    retry_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="retries",
        verbose_name=_("retry of"),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "heartbeat_at"], name="job_status_beat_idx")]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"

    @property
    def percent(self) -> int:
        if self.status == self.Status.SUCCEEDED:
            return 100
        if not self.total:
            return 0
        return min(100, int(self.progress * 100 / self.total))

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.SUCCEEDED, self.Status.FAILED}


class DocumentCounter(models.Model):
    """The last number used in one numbering sequence (a prefix and a year)."""

    sequence = models.CharField(max_length=50, unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.sequence}: {self.last}"


class GeneratedDocument(models.Model):
    """A printed document, kept exactly as it was produced."""

    number = models.CharField(_("number"), max_length=50, unique=True)
    kind = models.CharField(_("kind"), max_length=50, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, verbose_name=_("region"))
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    content = EncryptedBinaryField(editable=False)  # encrypted (decision 0160)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField(_("size (bytes)"))
    # 发文字号 printed on a notice or decision (e.g. 永残监改〔2026〕1号); every printed copy of
    # the same decision carries the same one, so it is not unique (the number above is)
    official_number = models.CharField(_("document number"), max_length=50, blank=True)
    # the short code printed beside the QR code; /verify/<code> answers for this copy
    verify_code = models.CharField(max_length=16, unique=True, null=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["kind", "object_type", "object_id"])]
        verbose_name = _("generated document")
        verbose_name_plural = _("generated documents")

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("A generated document cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("A generated document cannot be deleted."))


class DocumentRevocation(models.Model):
    """A printed document that no longer stands (its decision or qualification was revoked);
    the document itself is never changed, /verify/ reads this."""

    document = models.OneToOneField(
        GeneratedDocument, on_delete=models.PROTECT, related_name="revocation"
    )
    revoked_on = models.DateField(_("revoked on"))
    reason = models.CharField(_("reason"), max_length=300)
    by_document = models.ForeignKey(
        GeneratedDocument, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("document revocation")
        verbose_name_plural = _("document revocations")

    def __str__(self) -> str:
        return f"{self.document.number} {self.revoked_on}"


class StoredFile(models.Model):
    """What a record of a file kept by cdpf.private_files holds (the fields store() returns,
    who uploaded it and when). Each app's attachment, material, photo or evidence model
    extends it."""

    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=40)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    path = models.CharField(max_length=200, editable=False)
    uploaded_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        abstract = True


class WorkerHeartbeat(models.Model):
    """One row per running background worker process, written by its loop (cdpf.worker) at
    least every few seconds: /healthz reports the worker down when no row is fresh."""

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField(db_index=True)
    running_task = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return f"{self.hostname}:{self.pid} {self.beat_at:%Y-%m-%d %H:%M:%S}"


class StepEvent(models.Model):
    """One step of a flow (cdpf.flows, decision 0210): who moved a record from one state to
    the next, when, and why. Apps inherit it with the foreign key to their record."""

    from_state = models.CharField(_("from"), max_length=20, blank=True)
    to_state = models.CharField(_("to"), max_length=20)
    at = models.DateTimeField(_("time"), auto_now_add=True)
    actor = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    note = models.CharField(_("note"), max_length=1000, blank=True)  # kept lines fit whole

    class Meta:
        abstract = True
        ordering = ["at", "id"]
        verbose_name = _("application step")
        verbose_name_plural = _("application steps")
