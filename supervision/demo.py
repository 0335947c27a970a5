"""Demo records of supervision for the demo accounts in 永年区 (130408): certificate holders
to match, a police file of 50 rows of which 3 match, plans, an inspection with an overdue
rectification order, and a complaint waiting to be assigned."""

from __future__ import annotations

import csv
import datetime
import io

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cdpf.audit import acting_as
from cdpf.models import Region, User
from certificates.models import Certificate, Person
from certificates.rules import certificate_number, check_character, parse_id_number
from employment_quota.models import Employer
from supervision import services
from supervision.models import Complaint, InspectionPlan

HOLDERS = [
    ("19480312", "101", "张保国", 4, 2),
    ("19520708", "202", "李桂兰", 1, 1),
    ("19610115", "303", "王振华", 2, 3),
    ("19700920", "404", "赵秀英", 4, 4),
    ("19831102", "505", "刘建华", 6, 2),
]


def _id(birth: str, seq: str) -> str:
    first17 = f"130408{birth}{seq}"
    return first17 + check_character(first17)


def _holders(region) -> list[Certificate]:
    certificates = []
    for birth, seq, name, category, grade in HOLDERS:
        number = _id(birth, seq)
        ident = parse_id_number(number)
        person, _ = Person.objects.get_or_create_by_id_number(
            number,
            defaults={
                "region": region,
                "name": name,
                "sex": ident.sex,
                "birth_date": ident.birth_date,
                "community": "临洺关镇东街村",
                "address": "永年区临洺关镇东街村",
            },
        )
        certificate = person.certificates.order_by("-id").first()
        if certificate is None:
            certificate = Certificate.objects.create(
                person=person,
                region=region,
                number=certificate_number(number, category, grade),
                category=category,
                grade=grade,
                parts=[[category, grade]],
                issue_date=datetime.date(2019, 5, 10),
                expiry_date=datetime.date(2029, 5, 10),
                print_status=Certificate.PrintStatus.HANDED_OVER,
            )
        certificates.append(certificate)
    return certificates


def police_file_rows(certificates) -> list[list[str]]:
    """50 rows: the first three holders died or moved away; 47 people not in the register."""
    rows = [
        [certificates[0].person.id_number, certificates[0].person.name, "死亡", "2026-07-14",
         "永年区公安局临洺关派出所"],
        [certificates[1].person.id_number, certificates[1].person.name, "死亡", "2026-08-02",
         "永年区公安局临洺关派出所"],
        [certificates[2].person.id_number, certificates[2].person.name, "户籍注销", "2026-09-10",
         "永年区公安局广府派出所"],
    ]  # fmt: skip
    for n in range(47):
        rows.append(
            [_id("19" + f"{40 + n % 50:02d}" + "0101", f"{600 + n:03d}"), f"居民{n + 1}",
             "死亡" if n % 3 else "户籍注销", "2026-08-15", "永年区公安局临洺关派出所"]
        )  # fmt: skip
    return rows


def police_csv(certificates) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["身份证号码", "姓名", "事件类型", "事件日期", "派出所"])
    writer.writerows(police_file_rows(certificates))
    return buffer.getvalue().encode("utf-8-sig")


def load(stdout) -> None:
    region = Region.objects.get(code="130408")
    supervisor = User.objects.get(username="yn_super")
    office = User.objects.get(username="yn_office")
    today = timezone.localdate()
    with transaction.atomic():
        certificates = _holders(region)
        target = settings.VAR_DIR / "demo"
        target.mkdir(parents=True, exist_ok=True)
        path = target / "police-file-demo.csv"
        path.write_bytes(police_csv(certificates))
        employer, _ = Employer.objects.get_or_create(
            credit_code="91130408MA0DEM001T",
            defaults={
                "region": region,
                "name": "永年区示范标准件有限公司",
                "employer_type": "enterprise",
                "address": "永年区工业园区1号",
            },
        )
        if not InspectionPlan.objects.filter(region=region, year=today.year).exists():
            with acting_as(supervisor):
                quota = services.plan_create(
                    actor=supervisor, region=region, year=today.year, rule="quota",
                    notes="对已办理年审的用人单位认证资料进行书面检查",
                )  # fmt: skip
                services.plan_create(
                    actor=supervisor, region=region, year=today.year, rule="certificates",
                    notes="对残疾人证发放、管理进行书面检查与实地考查",
                )  # fmt: skip
                start = today - datetime.timedelta(days=40)
                inspection = services.inspection_create(
                    actor=supervisor, plan=quota, rule="quota", year=today.year,
                    method="written", subject_kind="employer", subject=employer,
                    scheduled_on=start,
                )  # fmt: skip
                services.inspection_notify(actor=supervisor, inspection=inspection, on=start)
                results = {i.code: ("ok", "") for i in inspection.items.all()}
                results["q5"] = ("issue", "2025年度认证资料与其他单位混装，未分册建档")
                services.inspection_record_check(
                    actor=supervisor, inspection=inspection, results=results,
                    conclusion="认证手续基本规范，认证资料档案未分册建档。", on=start,
                )  # fmt: skip
                finding = services.finding_add(
                    actor=supervisor, inspection=inspection, text="认证资料档案未按单位分册建档"
                )
                services.measure_order(
                    actor=supervisor, finding=finding, kind="rectification",
                    description="按单位分册建立认证资料档案，并报送整改情况",
                    on=start, deadline=start + datetime.timedelta(days=30),
                )  # fmt: skip
        if not Complaint.objects.filter(region=region).exists():
            with acting_as(office):
                services.complaint_receive(
                    actor=office, region=region, received_on=today, channel="hotline",
                    rule="certificates", subject="某村持证人疑似不符合残疾标准",
                    content="来电反映某村一持证人行走正常，怀疑残疾等级评定有误。",
                    anonymous=True, respondent_kind="outside", respondent_name="某村持证人",
                )  # fmt: skip
    stdout.write(f"Supervision demo: police file with 3 matches of 50 rows at {path}")
