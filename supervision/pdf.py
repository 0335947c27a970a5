"""Printed documents of supervision: the inspection notice, the result notice (personal data
masked), the rectification order, the quarterly cancellation list and the year-end report."""

from __future__ import annotations

from django.utils import timezone

from cdpf.documents import appeal_rights
from cdpf.pdf import render_and_store
from certificates.rules import mask_id_number
from supervision import rules, selectors


def inspection_notice(*, actor, inspection):
    """检查通知书 to the subject (seed: 通知被检查单位或个人)."""
    return render_and_store(
        "pdf/supervision/inspection_notice.html",
        {
            "i": inspection,
            "rule": rules.PRINTED["rule"][inspection.rule],
            "printed": rules.PRINTED,
            "items": inspection.items.all(),
            "printed_on": timezone.localdate(),
        },
        actor=actor,
        kind="supervision_notice",
        title=f"监督检查通知书 {inspection.subject_name}",
        region=inspection.region,
        obj=inspection,
        prefix="JCTZ",
    )


def result_notice(*, actor, inspection):
    """检查结果公告: published, so a person appears by surname only and no ID number is shown."""
    findings = list(inspection.findings.prefetch_related("measures"))
    return render_and_store(
        "pdf/supervision/result_notice.html",
        {
            "i": inspection,
            "rule": rules.PRINTED["rule"][inspection.rule],
            "printed": rules.PRINTED,
            "subject": inspection.public_subject_name,
            "items": inspection.items.all(),
            "findings": findings,
            "printed_on": timezone.localdate(),
        },
        actor=actor,
        kind="supervision_result",
        title=f"监督检查结果公告 {inspection.public_subject_name}",
        region=inspection.region,
        obj=inspection,
        prefix="JCGG",
    )


def rectification_order(*, actor, measure):
    """责令限期整改通知书."""
    inspection = measure.finding.inspection
    return render_and_store(
        "pdf/supervision/rectification_order.html",
        {
            "m": measure,
            "i": inspection,
            "printed_on": timezone.localdate(),
            "appeal": appeal_rights(region=measure.region, on=measure.ordered_on),
        },
        actor=actor,
        kind="supervision_order",
        title=f"责令限期整改通知书 {inspection.subject_name}",
        region=measure.region,
        obj=measure,
        prefix="ZGTZ",
        dated=measure.ordered_on,
    )


def _rows(records):
    return [
        {"name": r.name, "id": mask_id_number(r.id_number),
         "number": r.certificate.masked_number if r.certificate else "",
         "event": r.event_label, "date": r.event_date, "station": r.station,
         "decided_on": r.decided_on}
        for r in records
    ]  # fmt: skip


def quarterly_list(*, actor, region, year: int, quarter: int):
    """季度残疾人证核销名单: the certificates cancelled from the quarter's police files."""
    rows = _rows(selectors.confirmed_in_quarter(region, year, quarter))
    return render_and_store(
        "pdf/supervision/quarterly_list.html",
        {
            "region": region,
            "year": year,
            "quarter": quarter,
            "rows": rows,
            "printed_on": timezone.localdate(),
        },
        actor=actor,
        kind="supervision_quarterly_list",
        title=f"残疾人证动态管理核销名单 {year}年第{quarter}季度",
        region=region,
        prefix="HXMD",
    )


def year_report(*, actor, region, year: int):
    """年度动态管理书面报告 (seed: 年底形成书面材料上报)."""
    quarters = selectors.quarter_figures(region, year)
    totals = {k: sum(q[k] for q in quarters) for k in quarters[0] if k != "quarter"}
    rows = []
    for q in range(1, 5):
        rows.extend(_rows(selectors.confirmed_in_quarter(region, year, q)))
    return render_and_store(
        "pdf/supervision/year_report.html",
        {
            "region": region,
            "year": year,
            "quarters": quarters,
            "totals": totals,
            "rows": rows,
            "printed_on": timezone.localdate(),
        },
        actor=actor,
        kind="supervision_year_report",
        title=f"{year}年度残疾人证动态管理核销情况报告",
        region=region,
        prefix="HXBG",
    )
