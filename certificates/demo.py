"""Demo records of the certificate register for the 永年区 demo accounts: one 新办
application waiting at each step (assessment, notice, review, a direct assessment waiting for
signatures, printing, handover) and two issued certificates."""

import datetime
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from cdpf.models import Region, User
from certificates import rules, services
from certificates.attachments import attachment_store
from certificates.models import Doctor, Hospital, Person

D = datetime.date
# Designated hospitals and assessing doctors for trying the certificate flow.
HOSPITALS = [
    ("130408", "永年区第一医院", [("赵明", "1234"), ("孙丽", "56")]),
    ("130400", "邯郸市中心医院", [("钱伟", "1234567")]),
]
# name, birth date, sequence, community, how far the application goes
PEOPLE = [
    ("王秀英", "19680412", "102", "城关镇东街村", "received"),
    ("李建国", "19750803", "113", "城关镇东街村", "assessed"),
    ("张伟", "19820115", "131", "城关镇西街村", "review"),
    ("赵敏", "19900620", "142", "临洺关镇北关村", "direct"),
    ("刘洋", "19790309", "151", "城关镇西街村", "approved"),
    ("陈桂兰", "19560927", "162", "城关镇东街村", "printed"),
    ("杨喆", "19880511", "171", "临洺关镇北关村", "handed_over"),
    ("周建华", "19630218", "183", "城关镇西街村", "handed_over"),
]
STARTED = D(2026, 11, 2)  # a Monday; the notice runs five working days


def _id(birth: str, seq: str) -> str:
    first17 = f"130408{birth}{seq}"
    return first17 + rules.check_character(first17)


def load_hospitals() -> None:
    for code, hospital_name, doctors in HOSPITALS:
        hospital, _ = Hospital.objects.get_or_create(
            region=Region.objects.get(code=code), name=hospital_name
        )
        for doctor_name, categories in doctors:
            Doctor.objects.get_or_create(
                hospital=hospital, name=doctor_name, defaults={"categories": categories}
            )


def load(stdout) -> None:
    load_hospitals()
    region = Region.objects.get(code="130408")
    office = User.objects.get(username="yn_office")
    chair = User.objects.get(username="yn_chair")
    room = User.objects.get(username="yn_cert")
    supervisor = User.objects.get(username="yn_super")
    doctor = Doctor.objects.filter(hospital__region=region, active=True).first()
    made = 0
    with transaction.atomic():
        for name, birth, seq, community, goal in PEOPLE:
            number = _id(birth, seq)
            if Person.objects.by_id_number(number).exists():
                continue
            _issue(region, office, chair, room, supervisor, doctor, name, number, community, goal)
            made += 1
    stdout.write(f"Certificate demo: {made} holders with applications at each step.")


def _issue(region, office, chair, room, supervisor, doctor, name, number, community, goal):
    person = services.person_register(
        actor=office, region=region, id_number=number, name=name, community=community,
        address=f"永年区{community}{int(number[-4:-1])}号", today=STARTED,
    )  # fmt: skip
    app = services.application_new(
        actor=office, person=person, materials=["身份证", "户口簿", "照片", "申请表"],
        requested_category=4, on=STARTED,
    )  # fmt: skip
    if goal == "received":
        return
    if goal == "direct":
        services.assessment_record(
            actor=office, application=app, mode="direct", parts=[(4, 3)], assessed_on=STARTED,
            signers=[office, supervisor, chair],
        )  # fmt: skip
        return
    services.assessment_record(
        actor=office, application=app, mode="hospital", doctor=doctor, parts=[(4, 2)],
        assessed_on=STARTED,
    )  # fmt: skip
    if goal == "assessed":
        return
    app.refresh_from_db()
    services.notice_publish(
        actor=office, region=region, community=community, applications=[app], starts_on=STARTED
    )
    app.refresh_from_db()
    services.notice_end(
        actor=office, application=app, on=app.notice_ends_on + datetime.timedelta(days=1)
    )
    if goal == "review":
        return
    app.refresh_from_db()
    services.application_approve(actor=chair, application=app, on=D(2026, 11, 16))
    if goal == "approved":
        return
    _photo(person, office)
    app.refresh_from_db()
    services.certificate_print(actor=room, application=app)
    if goal == "printed":
        return
    app.refresh_from_db()
    services.certificate_hand_over(
        actor=room, application=app, received_by=name, id_checked=True, on=D(2026, 11, 18),
        receiver_id_number=number,
    )


def demo_certificate(*, region, id_number: str, name: str, category: int, grade: int, today):
    """A valid certificate made the one way the register allows: a new issue assessed by a
    designated hospital, published, and approved by the chairman (used by other apps' demos)."""
    office = User.objects.get(username="yn_office")
    chair = User.objects.get(username="yn_chair")
    doctor = Doctor.objects.filter(hospital__region=region, active=True).first()
    person = Person.objects.by_id_number(id_number).first() or services.person_register(
        actor=office, region=region, id_number=id_number, name=name,
        community="临洺关镇东街村", address="永年区临洺关镇东街村", today=today,
    )  # fmt: skip
    app = services.application_new(
        actor=office, person=person, materials=["身份证", "户口簿", "照片", "申请表"],
        requested_category=category, on=today,
    )  # fmt: skip
    services.assessment_record(
        actor=office, application=app, mode="hospital", doctor=doctor,
        parts=[(category, grade)], assessed_on=today,
    )  # fmt: skip
    services.notice_publish(
        actor=office, region=region, community=person.community, applications=[app],
        starts_on=today,
    )  # fmt: skip
    app.refresh_from_db()
    services.notice_end(
        actor=office, application=app, on=app.notice_ends_on + datetime.timedelta(days=1)
    )
    app.refresh_from_db()
    return services.application_approve(actor=chair, application=app, on=today)


def _photo(person, actor) -> None:
    """A plain grey two-inch-proportioned placeholder photo, generated (no file shipped)."""
    width, height = 35, 49

    def chunk(tag: bytes, data: bytes) -> bytes:
        body = tag + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\0" + b"\xc8" * width for _ in range(height))
    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )
    upload = SimpleUploadedFile("photo.png", png, content_type="image/png")
    attachment_store(actor=actor, person=person, upload=upload, kind="photo")
