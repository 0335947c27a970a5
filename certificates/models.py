"""The 残疾人证 register: holders, certificates, applications, assessments, notices, handovers."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop as N_

from cdpf.crypto import (
    CERTIFICATE_DOMAIN,
    BlindIndexField,
    CertificateNumberQuerySet,
    EncryptedCharField,
    IdNumberQuerySet,
    PartlyEncryptedJSONField,
)
from cdpf.messages import Line, listing, render
from cdpf.models import Region, StepEvent, StoredFile, User
from certificates import flows
from certificates.flows import STATE_LABELS
from certificates.rules import mask_id_number

CATEGORY_CHOICES = [
    (1, _("Visual (视力)")),
    (2, _("Hearing (听力)")),
    (3, _("Speech (言语)")),
    (4, _("Physical (肢体)")),
    (5, _("Intellectual (智力)")),
    (6, _("Mental (精神)")),
    (7, _("Multiple (多重)")),
]
GRADE_CHOICES = [
    (1, _("Grade 1 (一级)")),
    (2, _("Grade 2 (二级)")),
    (3, _("Grade 3 (三级)")),
    (4, _("Grade 4 (四级)")),
]


class Hospital(models.Model):
    """A designated medical institution (指定医疗机构) that assesses disability."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, verbose_name=_("region"))
    name = models.CharField(_("name"), max_length=100)
    active = models.BooleanField(_("designated"), default=True)

    class Meta:
        ordering = ["region__code", "name"]
        verbose_name = _("designated hospital")
        verbose_name_plural = _("designated hospitals")
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="hospital_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Doctor(models.Model):
    """An assessing doctor (评残医生) of a designated hospital."""

    hospital = models.ForeignKey(
        Hospital, on_delete=models.PROTECT, related_name="doctors", verbose_name=_("hospital")
    )
    name = models.CharField(_("name"), max_length=50)
    categories = models.CharField(
        _("categories assessed"),
        max_length=20,
        blank=True,
        help_text=_("Category digits this doctor assesses, e.g. 14 for visual and physical."),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["hospital__name", "name"]
        verbose_name = _("assessing doctor")
        verbose_name_plural = _("assessing doctors")

    def __str__(self) -> str:
        return f"{self.name}（{self.hospital.name}）"

    @property
    def region(self):
        return self.hospital.region


class Person(models.Model):
    """A certificate holder or applicant: one per ID number."""

    class Sex(models.TextChoices):
        MALE = "M", _("Male")
        FEMALE = "F", _("Female")

    region = models.ForeignKey(Region, on_delete=models.PROTECT, verbose_name=_("household region"))
    # encrypted (decision 0160); found through Person.objects.by_id_number(), whose blind
    # index is unique: one person per ID number
    id_number = EncryptedCharField(_("ID number"), max_length=18)
    id_number_index = BlindIndexField(source="id_number", unique=True)
    name = models.CharField(_("name"), max_length=50)  # searched through NameGram
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("birth date"))
    community = models.CharField(
        _("village or community"),
        max_length=100,
        help_text=_("Where the public notice is posted."),
    )
    address = models.CharField(_("address"), max_length=200)
    phone = EncryptedCharField(_("phone"), max_length=20, blank=True)
    guardian_name = models.CharField(_("guardian's name"), max_length=50, blank=True)
    guardian_id_number = EncryptedCharField(_("guardian's ID number"), max_length=18, blank=True)
    guardian_relation = models.CharField(_("relation to the holder"), max_length=20, blank=True)
    guardian_phone = EncryptedCharField(_("guardian's phone"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    # Set by a cancellation for death or 户籍注销: no certificate is ever valid again for them.
    closed_on = models.DateField(_("file closed on"), null=True, blank=True)
    # kept as a message (cdpf.messages), read in the reader's language
    closed_reason = models.CharField(_("file closed because"), max_length=600, blank=True)

    objects = IdNumberQuerySet.as_manager()

    class Meta:
        ordering = ["region__code", "name"]
        verbose_name = _("holder")
        verbose_name_plural = _("holders")
        indexes = [models.Index(fields=["region", "name", "id"], name="person_region_name_id")]

    def __str__(self) -> str:
        return self.name

    @property
    def masked_id(self) -> str:
        return mask_id_number(self.id_number)


class NameGram(models.Model):
    """One overlapping pair of characters of a holder's name (certificates/names.py)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    gram = models.CharField(max_length=2)

    class Meta:
        verbose_name = _("name index entry")
        verbose_name_plural = _("name index entries")
        indexes = [models.Index(fields=["gram", "region", "person"], name="name_gram_lookup")]

    def __str__(self) -> str:
        return self.gram


class Certificate(models.Model):
    """A 残疾人证. Never deleted: cancellation, loss and transfer change its status."""

    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        EXPIRED = "expired", _("Expired")
        LOST_VOIDED = "lost", _("Reported lost, voided (挂失作废)")
        REPLACED = "replaced", _("Replaced")
        TRANSFERRED = "transferred", _("Transferred out")
        CANCELLED = "cancelled", _("Cancelled")

    class PrintStatus(models.TextChoices):
        QUEUED = "queued", _("Waiting to be printed")
        PRINTED = "printed", _("Printed")
        HANDED_OVER = "handed_over", _("Handed over")

    # No index of their own: cert_person_region and the district-led orders below lead with
    # these keys (decision 0310).
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("holder"),
        db_index=False,
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, verbose_name=_("region"), db_index=False
    )
    # encrypted: it contains the holder's ID number (decision 0200); found through
    # Certificate.objects.by_number() / with_numbers(), whose blind index is unique among
    # valid certificates (one_valid_number)
    number = EncryptedCharField(_("certificate number"), max_length=30)
    number_index = BlindIndexField(source="number", domain=CERTIFICATE_DOMAIN)
    category = models.PositiveSmallIntegerField(_("category"), choices=CATEGORY_CHOICES)
    grade = models.PositiveSmallIntegerField(_("grade"), choices=GRADE_CHOICES)
    parts = models.JSONField(_("assessed disabilities"), default=list)
    replacement = models.PositiveSmallIntegerField(_("replacement count"), default=0)
    issue_date = models.DateField(_("issue date"))
    expiry_date = models.DateField(_("valid until"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.VALID
    )
    print_status = models.CharField(
        _("printing"), max_length=12, choices=PrintStatus.choices, default=PrintStatus.QUEUED
    )
    status_changed_on = models.DateField(_("status changed on"), null=True, blank=True)
    status_reason = models.CharField(_("reason"), max_length=600, blank=True)

    # by_number(n); by_id_number(n, field="person__id_number")
    objects = CertificateNumberQuerySet.as_manager()

    class Meta:
        ordering = ["-issue_date", "-id"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(status="valid"), name="one_valid_certificate"
            ),
            models.UniqueConstraint(
                fields=["number_index"], condition=Q(status="valid"), name="one_valid_number"
            ),
            models.CheckConstraint(
                condition=Q(category__gte=1, category__lte=7), name="certificate_category"
            ),
            models.CheckConstraint(
                condition=Q(grade__gte=1, grade__lte=4), name="certificate_grade"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["valid", "expired", "lost", "replaced", "transferred",
                                        "cancelled"]),
                name="certificate_status_known",
            ),
            models.CheckConstraint(
                condition=Q(print_status__in=["queued", "printed", "handed_over"]),
                name="certificate_print_status_known",
            ),
        ]
        indexes = [
            models.Index(fields=["region", "status", "expiry_date"]),
            # measured at province size (benchmarks/certificates_bench.py): the filtered list
            # went from p95 887 ms to 83 ms with these
            models.Index(
                fields=["region", "status", "category", "grade", "expiry_date"],
                name="cert_list_filters",
            ),
            models.Index(fields=["-issue_date", "-id"], name="cert_list_order"),
            # a holder's certificates; with the date and key, a name search's matches are
            # counted and ordered without reading the table (decision 0310)
            models.Index(
                fields=["person", "region"],
                include=["issue_date", "id"],
                name="cert_person_region",
            ),
            # The district-led orders carry the list filters' columns (decision 0310): a
            # filtered page's keys come from the index alone, not a table read per row passed.
            # one district's certificates in list order (name search and district lists)
            models.Index(
                fields=["region", "-issue_date", "-id"],
                include=["category", "grade", "status", "expiry_date"],
                name="cert_region_order",
            ),
            # every status filter in list order, in a district and across a city (issue 16:
            # "expired" walked cert_region_order discarding 100,000 newer certificates)
            models.Index(
                fields=["region", "status", "-issue_date", "-id"],
                include=["category", "grade", "expiry_date"],
                name="cert_region_status_order",
            ),
            models.Index(fields=["status", "-issue_date", "-id"], name="cert_status_order"),
            models.Index(
                fields=["region", "category", "-issue_date", "-id"],
                include=["grade", "status", "expiry_date"],
                name="cert_region_category_order",
            ),
            # a district's lists picked by expiry, latest first, and its renewal ranges
            models.Index(
                fields=["region", "-expiry_date", "-id"],
                include=["status", "category", "grade"],
                name="cert_region_expiry",
            ),
            # lists picked by expiry (expired, valid until) in their order, and a city's
            # category lists, where the region leads no useful index (decision 0260)
            models.Index(fields=["-expiry_date", "-id"], name="cert_expiry_order"),
            models.Index(fields=["category", "-issue_date", "-id"], name="cert_category_order"),
            # lookups by number (every status), through its blind index (decision 0200)
            models.Index(fields=["number_index"], name="cert_number_index"),
        ]

    def __str__(self) -> str:
        return self.masked_number  # what lands in audit rows and logs

    @property
    def current_status_display(self) -> str:
        """The status as it stands today: a valid card past its expiry date is expired."""
        return self.status_display_on(timezone.localdate())

    def status_display_on(self, day) -> str:
        """The status as it stands on `day` (a list gives every row the same day)."""
        if self.status == self.Status.VALID and self.expiry_date < day:
            return str(self.Status.EXPIRED.label)
        return str(self.get_status_display())

    @property
    def masked_number(self) -> str:
        """130408********0018 42…: the holder's ID part masked, category and grade kept."""
        return mask_id_number(self.number[:18]) + self.number[18:]


EVENT_LABELS = {
    "issued": _("Issued (发证)"),
    "printed": _("Printed (制证)"),
    "reprinted": _("Reprinted (重新制证)"),
    "handed_over": _("Handed over (发放)"),
    "reported_lost": _("Reported lost (挂失)"),
    "voided": _("Voided (作废)"),
    "renewed": _("Renewed (换领)"),
    "exchanged": _("Exchanged (污损换发)"),
    "replaced": _("Replaced by a new grade (变更)"),
    "transferred_out": _("Transferred out (迁出)"),
    "cancelled": _("Cancelled (注销)"),
    "imported": _("Imported from the old register (导入)"),
    "print_voided": _("Print voided (作废打印件)"),
}
CERTIFICATE_EVENT_LABELS = EVENT_LABELS
# Materials are kept by their Chinese names (Application.materials); shown in the reader's
# language by these messages (context "certificate material")
MATERIAL_MESSAGES = {
    "身份证": N_("ID card"),
    "户口簿": N_("Household register"),
    "照片": N_("Photos"),
    "申请表": N_("Application form"),
    "原残疾人证（收回销毁）": N_("The old certificate (taken back and destroyed)"),
    "挂失声明": N_("Statement of the loss"),
    "污损的残疾人证": N_("The damaged certificate"),
    "原残疾人证": N_("The old certificate"),
    "复评申请": N_("Request for a re-assessment"),
    "户口迁移证明": N_("Proof of the household transfer"),
    "迁入地户口簿": N_("Household register of the new place"),
    "迁移证明": N_("Transfer certificate"),
    "迁移证明（扫描件）": N_("Transfer certificate (scan)"),
    "注销依据（死亡证明、复评结论等）": N_("Grounds for cancellation (death, re-assessment…)"),
}
MATERIAL_CONTEXT = "certificate material"


class CertificateEvent(models.Model):
    """One line of a certificate's history."""

    certificate = models.ForeignKey(
        Certificate,
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("certificate"),
    )
    kind = models.CharField(_("event"), max_length=30)
    at = models.DateTimeField(_("time"), auto_now_add=True)
    actor = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    note = models.CharField(_("note"), max_length=1000, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("certificate event")
        verbose_name_plural = _("certificate events")

    def __str__(self) -> str:
        return f"{self.certificate.masked_number} {self.label}"

    @property
    def label(self) -> str:
        return str(EVENT_LABELS.get(self.kind, self.kind))

    @property
    def kind_label(self) -> str:
        return self.label


class Application(models.Model):
    """An application of one business type, moving through the states of certificates.flows."""

    class Kind(models.TextChoices):
        NEW = "new", _("New issue (新办)")
        RENEWAL = "renewal", _("Renewal at expiry (换领)")
        LOSS = "loss", _("Loss replacement (挂失补办)")
        DAMAGED = "damaged", _("Damaged card exchange (污损换发)")
        TRANSFER_OUT = "transfer_out", _("Transfer out (迁出)")
        TRANSFER_IN = "transfer_in", _("Transfer in (迁入)")
        CHANGE = "change", _("Category or grade change (类别/等级变更)")
        CANCEL = "cancel", _("Cancellation (注销)")

    class CancelGrounds(models.TextChoices):
        """Why a certificate is cancelled; the first three close the holder's file for good."""

        DEATH = "death", _("Death")
        DEREGISTERED = "deregistered", _("Household registration cancelled")
        ABROAD = "abroad", _("Household moved abroad")
        BELOW_STANDARD = "below_standard", _("No longer meets the standard")
        FRAUD = "fraud", _("Fraud found in supervision")
        SUPERVISION = "supervision", _("Supervision finding")
        OTHER = "other", _("Other")

    region = models.ForeignKey(Region, on_delete=models.PROTECT, verbose_name=_("region"))
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="applications", verbose_name=_("applicant")
    )
    kind = models.CharField(_("business type"), max_length=12, choices=Kind.choices)
    state = models.CharField(_("state"), max_length=20, db_index=True)
    received_on = models.DateField(_("received on"))
    received_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("received by")
    )
    materials = models.JSONField(_("materials received"), default=list)
    requested_category = models.PositiveSmallIntegerField(
        _("category applied for"), choices=CATEGORY_CHOICES, null=True, blank=True
    )
    certificate = models.ForeignKey(
        Certificate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("certificate issued"),
    )
    old_certificate = models.ForeignKey(
        Certificate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("previous certificate"),
    )
    transfer_place = models.CharField(
        _("moving to / coming from"),
        max_length=100,
        blank=True,
        help_text=_("The federation the file goes to (迁出) or comes from (迁入)."),
    )
    # a certificate number too (decision 0200): encrypted; never looked up itself
    incoming_number = EncryptedCharField(
        _("certificate number brought in"), max_length=30, blank=True
    )
    notice_ends_on = models.DateField(_("public notice ends"), null=True, blank=True)
    review_due_on = models.DateField(_("review due"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    # typed by the office, or composed by the system and kept as a message (cdpf.messages)
    reason = models.CharField(_("reason"), max_length=600, blank=True)
    cancel_grounds = models.CharField(
        _("grounds for cancellation"), max_length=16, choices=CancelGrounds.choices, blank=True
    )
    # 迁移证明 number, given when a 迁出 is approved; a 迁入 within the deployment quotes it.
    transfer_number = models.CharField(
        _("transfer certificate number"), max_length=40, blank=True, db_index=True
    )
    source_application = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="continued_by",
        verbose_name=_("transfer out continued"),
    )
    # The applicant as they were when the application was received: what its documents print,
    # whatever happens to the holder's file later (a move, a new address).
    # its phone numbers encrypted (decision 0160)
    applicant = PartlyEncryptedJSONField(
        _("applicant as received"), default=dict, blank=True,
        encrypted_keys=("phone", "guardian_phone"),
    )

    objects = IdNumberQuerySet.as_manager()  # by_id_number(n, field="person__id_number")

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["received", "assessed", "in_notice", "review",
                                       "approved", "printed", "closed", "returned",
                                       "withdrawn"]),
                name="application_state_known",
            ),
            # a 迁入 within the register continues a 迁出 of the same holder's certificate
            models.CheckConstraint(
                condition=Q(source_application__isnull=True) | Q(kind="transfer_in"),
                name="only_transfer_in_continues",
            ),
            # one open application per person, whatever path created it
            models.UniqueConstraint(
                fields=["person"],
                condition=~Q(state__in=["closed", "returned", "withdrawn"]),
                name="one_open_application",
            ),
            # a completed transfer out is continued by at most one transfer in
            models.UniqueConstraint(
                fields=["source_application"],
                condition=Q(source_application__isnull=False)
                & ~Q(state__in=["returned", "withdrawn"]),
                name="transfer_continued_once",
            ),
            models.UniqueConstraint(
                fields=["transfer_number"],
                condition=~Q(transfer_number=""),
                name="transfer_number_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.person.name}"

    @property
    def materials_text(self) -> str:
        """The materials received, in the reader's language."""
        return render(
            listing(
                [
                    Line(MATERIAL_MESSAGES[m], MATERIAL_CONTEXT) if m in MATERIAL_MESSAGES else m
                    for m in self.materials
                ]
            )
        )

    @property
    def state_label(self) -> str:
        return flows.state_label(self.kind, self.state)


class ApplicationEvent(StepEvent):
    """Who moved an application from one state to the next, when, and why."""

    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("application"),
    )

    class Meta(StepEvent.Meta):
        pass

    def __str__(self) -> str:
        def label(state):
            return str(STATE_LABELS.get(state, state)) if state else "—"

        return f"{label(self.from_state)} → {label(self.to_state)}"


class Assessment(models.Model):
    """The 评定: by a designated hospital's doctor, or directly by three federation signers."""

    class Mode(models.TextChoices):
        HOSPITAL = "hospital", _("Designated hospital")
        DIRECT = "direct", _("Direct, by three signers incl. the chairman")

    application = models.OneToOneField(
        Application,
        on_delete=models.PROTECT,
        related_name="assessment",
        verbose_name=_("application"),
    )
    mode = models.CharField(_("assessed by"), max_length=10, choices=Mode.choices)
    doctor = models.ForeignKey(
        Doctor, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("assessing doctor")
    )
    signers = models.ManyToManyField(User, blank=True, related_name="+", verbose_name=_("signers"))
    assessed_on = models.DateField(_("assessed on"))
    parts = models.JSONField(_("assessed disabilities"))
    category = models.PositiveSmallIntegerField(_("category"), choices=CATEGORY_CHOICES)
    grade = models.PositiveSmallIntegerField(_("grade"), choices=GRADE_CHOICES)
    measures = models.TextField(_("measures and findings"), blank=True)
    meets_standard = models.BooleanField(_("meets the disability standard"), default=True)
    # A direct assessment is complete once every nominated signer has signed with their own
    # account (AssessmentSignature); a hospital's assessment is complete when recorded.
    complete = models.BooleanField(_("signed by everyone"), default=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.CheckConstraint(
                condition=Q(mode="direct") | Q(doctor__isnull=False),
                name="hospital_assessment_has_doctor",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} {self.category}{self.grade}"


class AssessmentSignature(models.Model):
    """One nominated signer's own signature of a direct assessment (password confirmed)."""

    assessment = models.ForeignKey(
        Assessment,
        on_delete=models.PROTECT,
        related_name="signatures",
        verbose_name=_("assessment"),
    )
    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("signer")
    )
    signed_at = models.DateTimeField(_("signed at"), default=timezone.now)

    class Meta:
        verbose_name = _("assessment signature")
        verbose_name_plural = _("assessment signatures")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "user"], name="one_signature_each"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.assessment_id}"


class NoticeBatch(models.Model):
    """A public notice list (公示名单) posted in one village or community."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, verbose_name=_("region"))
    community = models.CharField(_("village or community"), max_length=100)
    starts_on = models.DateField(_("posted on"))
    ends_on = models.DateField(_("notice ends"))
    applications = models.ManyToManyField(
        Application, related_name="notices", verbose_name=_("applications")
    )
    published_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("published by")
    )

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("public notice")
        verbose_name_plural = _("public notices")

    def __str__(self) -> str:
        return f"{self.community} {self.starts_on}"


class Handover(models.Model):
    """A printed certificate handed to its holder or guardian."""

    certificate = models.ForeignKey(
        Certificate,
        on_delete=models.PROTECT,
        related_name="handovers",
        verbose_name=_("certificate"),
    )
    class Receiver(models.TextChoices):
        HOLDER = "holder", _("The holder (本人)")
        GUARDIAN = "guardian", _("The registered guardian (监护人)")
        AGENT = "agent", _("An agent with a written authorisation (受托人)")

    received_by = models.CharField(_("received by"), max_length=50)
    receiver_id_checked = models.BooleanField(_("receiver's ID checked"))
    receiver_id_number = EncryptedCharField(
        _("receiver's ID number"), max_length=18, blank=True
    )
    receiver = models.CharField(
        _("receiver was"), max_length=10, choices=Receiver.choices, blank=True
    )
    authorisation = models.ForeignKey(
        "Attachment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written authorisation"),
    )
    handed_on = models.DateField(_("handed over on"))
    handed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("handed over by")
    )
    reprint = models.BooleanField(_("reprint"), default=False)

    class Meta:
        ordering = ["-handed_on", "-id"]
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")
        constraints = [
            models.CheckConstraint(
                condition=Q(receiver_id_checked=True), name="handover_requires_id_check"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.certificate} → {self.received_by}"

    @property
    def region(self):
        return self.certificate.region


class Attachment(StoredFile):
    """A scanned document or photo of a holder or an application, kept outside the public
    static/media paths and served only through a view that logs each access."""

    class Kind(models.TextChoices):
        ID_CARD = "id_card", _("Citizen ID card (居民身份证)")
        HOUSEHOLD = "household", _("Household register (户口簿)")
        PHOTO = "photo", _("Two-inch photo")
        FORM = "form", _("Signed form")
        ASSESSMENT = "assessment", _("Assessment document")
        TRANSFER_PROOF = "transfer", _("Transfer certificate (迁移证明)")
        AUTHORISATION = "authorisation", _("Written authorisation to collect (授权委托书)")
        OTHER = "other", _("Other")

    region = models.ForeignKey(Region, on_delete=models.PROTECT, verbose_name=_("region"))
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="attachments", verbose_name=_("holder")
    )
    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("application"),
    )
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.original_name}"
