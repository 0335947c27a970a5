"""/verify/<code>: anyone holding a printed document checks that it is genuine and still stands
(decision 0132). It answers only the kind, number, date, issuing body and status, never a
name or an ID number; it is rate-limited per client and every question is audited."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from cdpf import audit
from cdpf.documents import CODE_ALPHABET, CODE_LENGTH, document_status, issuer_name, normalise_code
from cdpf.models import AuditEntry, GeneratedDocument
from cdpf.permissions import public

KIND_LABELS = {
    "duty_register": "残疾人联合会责任清单",
    "certificate_application": "残疾人证申请表",
    "certificate_notice": "残疾人证办理公示名单",
    "certificate_card": "残疾人证制证数据页",
    "certificate_card_batch": "残疾人证制证批次数据页",
    "certificate_assessment": "残疾评定表",
    "certificate_transfer": "残疾人证迁移证明",
    "certificate_cancellation": "残疾人证注销通知书",
    "certificate_yearly_summary": "残疾人证核发情况汇总表",
    "certificate_tongban_receipt": "残疾人证受理回执",
    "quota_audit_certificate": "按比例安排残疾人就业审核认定表",
    "quota_dashboard": "按比例安排残疾人就业年审统计",
    "relief_decision": "残疾人就业保障金减缓免审批决定书",
    "relief_publication": "残疾人就业保障金减缓免缴审批结果公示",
    "massage_certificate": "盲人保健按摩机构资格认定证书",
    "massage_rejection": "盲人保健按摩机构资格认定不予认定通知书",
    "massage_revocation": "盲人保健按摩机构资格撤销决定书",
    "supervision_notice": "监督检查通知书",
    "supervision_result": "监督检查结果公告",
    "supervision_order": "责令限期整改通知书",
    "supervision_quarterly_list": "残疾人证动态管理核销名单",
    "supervision_year_report": "残疾人证动态管理核销情况报告",
}


def _over_limit(request) -> bool:
    """More than DOCUMENT_VERIFY_RATE questions from this client in the current minute."""
    key = f"verify:{audit.client_ip(request)}:{int(time.time() // 60)}"
    if cache.add(key, 1, timeout=120):
        return False
    try:
        return cache.incr(key) > settings.DOCUMENT_VERIFY_RATE
    except ValueError:  # expired between add and incr
        return False


@public
@require_GET
def verify(request, code: str = ""):
    """Check a printed document by the code beside its QR code."""
    if not settings.DOCUMENT_VERIFY_PUBLIC and not request.user.is_authenticated:
        audit.record(
            action=AuditEntry.Action.VIEW, success=False, object_type="cdpf.generateddocument",
            object_repr=code[:40], detail={"verify": code[:40], "refused": "sign-in required"},
        )  # fmt: skip
        return redirect_to_login(request.get_full_path())
    if not code and request.GET.get("code"):
        return redirect("verify", code=normalise_code(request.GET["code"])[: CODE_LENGTH * 2])
    if code and _over_limit(request):
        audit.record(
            action=AuditEntry.Action.VIEW, success=False, object_type="cdpf.generateddocument",
            object_repr=code[:40], detail={"verify": code[:40], "refused": "rate limit"},
        )  # fmt: skip
        return render(request, "cdpf/verify.html", {"limited": True}, status=429)
    wanted = normalise_code(code)
    document, status = None, {}
    if len(wanted) == CODE_LENGTH and set(wanted) <= set(CODE_ALPHABET):
        document = (
            GeneratedDocument.objects.select_related("region").filter(verify_code=wanted).first()
        )
    if code:
        audit.record(
            action=AuditEntry.Action.VIEW, success=document is not None,
            object_type="cdpf.generateddocument",
            object_repr=document.number if document else code[:40],
            detail={"verify": wanted[:40], "found": document is not None,
                    "public": settings.DOCUMENT_VERIFY_PUBLIC},
        )  # fmt: skip
    if document is not None:
        status = document_status(document)
    return render(
        request,
        "cdpf/verify.html",
        {
            "code": code,
            "document": document,
            "kind": KIND_LABELS.get(document.kind, "") if document else "",
            "issuer": _issuer(document) if document else "",
            **status,
        },
        status=404 if code and document is None else 200,
    )


def _issuer(document) -> str:
    return issuer_name(document.region)
