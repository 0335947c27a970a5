"""Demo 通办 case: a 新办 received at 丛台区 (ct_office) for a person whose file is kept by
永年区; 丛台区 assessed it and ran the public notice, and it waits for 永年区's review. The
card is to be posted. `make run` shows it on both districts' queues."""

import base64
import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from cdpf.crypto import blind_index
from cdpf.models import Region, User
from certificates import rules
from certificates import services as certificate_services
from certificates.models import Doctor
from tongban import services
from tongban.models import Case

STARTED = datetime.date(2026, 11, 2)
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAA"
    "AABJRU5ErkJggg=="
)


def _id() -> str:
    first17 = "13040819870707191"
    return first17 + rules.check_character(first17)


def load(stdout) -> None:
    number = _id()
    if Case.objects.filter(
        application__person__id_number_index=blind_index(number)
    ).exists():
        return
    office = User.objects.get(username="ct_office")
    yongnian = Region.objects.get(code="130408")
    doctor = Doctor.objects.filter(hospital__region__code="130400", active=True).first()
    with transaction.atomic():
        case = services.intake(
            actor=office, kind="new", id_number=number, on=STARTED, name="孙晓燕",
            household_region=yongnian, household_community="城关镇东街村",
            residence_community="丛台区光明街道光明社区", residence_address="丛台区光明北街18号",
            phone="13900000000", materials=["身份证", "户口簿", "照片", "申请表"],
            requested_category=4, permit_number="冀居130403-2025-018866",
            permit_valid_until=datetime.date(2028, 6, 30),
            permit_scan=SimpleUploadedFile("permit.png", PNG, content_type="image/png"),
            photo=SimpleUploadedFile("photo.png", PNG, content_type="image/png"),
            delivery="post", postal_recipient="孙晓燕", postal_address="丛台区光明北街18号2单元",
            postal_phone="13900000000",
        )  # fmt: skip
        app = case.application
        certificate_services.assessment_record(
            actor=office, application=app, mode="hospital", doctor=doctor, parts=[(4, 3)],
            assessed_on=STARTED,
        )  # fmt: skip
        services.publish_notice(actor=office, case=case, on=STARTED)
        app.refresh_from_db()
        certificate_services.notice_end(
            actor=office, application=app, on=app.notice_ends_on + datetime.timedelta(days=1)
        )
    stdout.write(f"通办 demo: case {case.number} received at 丛台区, waiting for 永年区's review.")
