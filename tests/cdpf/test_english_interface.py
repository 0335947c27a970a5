"""The English interface (issue 19 item 18): no full-width colon after a label, and the audit
log's object types and changes read in English."""

import datetime
import json
import pathlib
import re
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from cdpf import audit
from cdpf.messages import render
from cdpf.models import CalendarDay
from employment_quota import rules as quota_rules
from employment_quota.forms import MONTHS
from employment_quota.rules import EMPLOYER_TYPES
from levy_relief import rules as relief_rules
from massage_licensing import rules as massage_rules
from supervision.forms import PoliceFileForm
from tests.massage_licensing.facts import ON, POLICY, institution, team

pytestmark = pytest.mark.django_db


def test_the_label_colon_follows_the_language():
    template = Template("{% load cdpf_tags %}雇主{% colon %}甲")
    with translation.override("zh-hans"):
        assert template.render(Context()) == "雇主：甲"
    with translation.override("en"):
        assert template.render(Context()) == "雇主: 甲"


def test_the_audit_log_in_english_has_no_full_width_colon(client, admin_user, audit_admin):
    with audit.acting_as(admin_user):
        CalendarDay.objects.create(date=datetime.date(2027, 1, 4), kind="holiday", name="元旦")
    client.force_login(audit_admin)  # the audit log is the audit administrator's (三员分立)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("audit_log")).content.decode()
    table = html.split("<tbody>")[1].split("</tbody>")[0]
    assert "Calendar day: " in table or "calendar day: " in table
    assert "：" not in table


# --- Issue 19 item 18, the rest: what the system writes is read in the reader's language -----

HAN = __import__("re").compile(r"[\u3400-\u9fff]")
SOURCES = ("冀财税〔2016〕40号", "财税〔2015〕72号", "财政部", "残疾人就业", "保障金", "征收")


def _levy():
    rules = quota_rules

    return rules.calculate_levy(
        year=2025,
        employer_type="enterprise",
        staff=200,
        wage_bill=8_000_000,
        local_average_wage=60_000,
        employees=[
            {"grade": 1, "months": 12, "qualifies": True, "name": "张三"},
            {"grade": 3, "months": 6, "qualifies": False, "name": "李四", "reason": ""},
        ],
    )


def _without_sources(text: str) -> str:
    official = (
        r"(财政部)?《[^》]*》|[\u4e00-\u9fff]*〔\d+〕\d+号|\(国务院令第488号\)|\(\d+年第\d+号\)"
    )
    return re.sub(official, "", text)


def test_the_levy_explanation_reads_in_english_and_stays_the_same_in_chinese():
    result = _levy()
    with translation.override("en"):
        english = [str(step) for step in result.explanation]
    assert english[0] == "2025, Enterprise, annual average staff 200."
    assert english[1].startswith("张三: grade 1, 12 months, grades 1–2 count as two, counted")
    assert "李四: does not meet the conditions to be counted, not counted" in english[2]
    assert english[3].startswith("Required = 200 × 1.50% = 3 (")
    names = ("张三", "李四")
    assert not [s for s in english if HAN.search(_without_sources(s).strip("".join(names)))]
    with translation.override("zh-hans"):
        chinese = [str(step) for step in result.explanation]
    assert chinese[0] == "2025年度，企业，在职职工年平均人数 200 人。"
    assert chinese[1] == (
        "张三：1级，12个月，一至二级按2人计算，计入 2×12/12 = 2.0000 人（冀财税〔2016〕40号）。"
    )
    assert chinese[2] == (
        "李四：不符合计入条件，不予计入（《残疾人就业条例》(国务院令第488号)第八条）。"
    )
    assert chinese[3] == "应安排人数 = 200 × 1.50% = 3 人（冀财税〔2016〕40号）。"
    assert chinese[-1].startswith("应缴保障金 = ") and chinese[-1].endswith(" 元（四舍五入到分）。")


def test_the_kept_explanation_is_read_in_the_language_of_whoever_reads_it():
    kept = json.loads(json.dumps(_levy().explanation))  # as the JSON field gives it back
    with translation.override("en"):
        assert render(kept[0]) == "2025, Enterprise, annual average staff 200."
    with translation.override("zh-hans"):
        assert render(kept[0]) == "2025年度，企业，在职职工年平均人数 200 人。"
    assert render("typed by a person, kept as typed") == "typed by a person, kept as typed"


def test_employer_types_months_and_quarters_follow_the_language():
    quarters = PoliceFileForm.base_fields["quarter"].choices
    with translation.override("en"):
        assert [str(v) for v in EMPLOYER_TYPES.values()] == [
            "State organ", "Social organisation", "Enterprise", "Public institution",
            "Private non-enterprise unit",
        ]  # fmt: skip
        assert str(MONTHS[0][1]) == "Month 1" and str(quarters[0][1]) == "Quarter 1"
    with translation.override("zh-hans"):
        assert [str(v) for v in EMPLOYER_TYPES.values()] == [
            "国家机关", "社会团体", "企业", "事业单位", "民办非企业单位"
        ]  # fmt: skip
        assert str(MONTHS[11][1]) == "12月" and str(quarters[3][1]) == "第4季度"


def test_the_surcharge_explanation_reads_in_english():
    rules = relief_rules

    args = dict(
        amount=Decimal("10000"),
        due=datetime.date(2026, 6, 30),
        on=datetime.date(2026, 7, 10),
        daily_rate=Decimal("0.0005"),
        cap_multiple=Decimal("1"),
        cap_source="《中华人民共和国行政强制法》第四十五条",
    )
    with translation.override("en"):
        text = rules.surcharge_explanation(**args)
    assert text.startswith("10,000.00 yuan × 0.5‰ × 10 days (after 2026-06-30 to 2026-07-10)")
    assert "the cap is not reached, surcharge due 50.00 yuan" in text
    with translation.override("zh-hans"):
        text = rules.surcharge_explanation(**args)
    assert text.startswith("10,000.00 元 × 0.5‰ × 10 天（2026-06-30 之后至 2026-07-10） = 50.00")
    assert text.endswith("），未达上限，应缴滞纳金 50.00 元")


def test_the_massage_checklist_reads_in_english():
    rules = massage_rules

    checks = rules.evaluate(
        institution(has_toilet=False), team(4, 5), policy=POLICY, on=ON
    )
    with translation.override("en"):
        toilet = next(c for c in checks if c.key == "has_toilet")
        assert (str(toilet.requirement), str(toilet.actual)) == ("Facility: toilet", "absent")
        texts = [str(getattr(c, f)) for c in checks for f in ("requirement", "actual", "rule")]
    data = ("永年区光明盲人保健按摩中心", "盲人保健按摩", "甲")  # the name, the required words
    leftover = [t for t in texts if HAN.search(__import__("functools").reduce(
        lambda text, word: text.replace(word, ""), data, t))]  # fmt: skip
    assert not leftover, leftover
    with translation.override("zh-hans"):
        assert str(toilet.requirement) == "设施：卫生间" and str(toilet.actual) == "无"


def test_the_drill_down_filter_reads_in_chinese(client, supervisor):
    client.force_login(supervisor)
    client.cookies["django_language"] = "zh-hans"
    response = client.get(
        reverse("employment_quota:dashboard_list"), {"year": "2025", "state": "approved"}
    )
    html = response.content.decode()
    head = html.split("</h1>")[1].split("<table")[0]
    assert "state=approved" not in head and "状态：" in head


def test_no_template_puts_a_half_width_colon_after_a_translated_label():
    """状态: 已受理 read with a half-width colon in Chinese: every label's colon follows the
    reader's language through {% colon %} (the crawl of 2026-11-30 found 31 in 16 templates)."""

    root = pathlib.Path(__file__).resolve().parents[2]
    label_colon = re.compile(r'\{% translate "[^"]*" %\}:')
    found = [
        f"{path.relative_to(root)}: {match.group(0)}"
        for path in root.glob("**/templates/**/*.html")
        if ".venv" not in path.parts and "pdf" not in path.parts
        for match in label_colon.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []
