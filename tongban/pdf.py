"""受理回执: printed at intake, with the application number and the SMS or letter text."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from cdpf.pdf import render_and_store
from certificates.pdf import KIND_TITLES
from tongban.models import Case

DELIVERY_WORDS = {
    Case.Delivery.RESIDENCE: "到{residence}残联领取",
    Case.Delivery.HOUSEHOLD: "到{household}残联领取",
    Case.Delivery.POST: "邮寄至：{address}（收件人：{recipient}）",
}


def progress_url() -> str:
    return getattr(settings, "CDPF_PROGRESS_URL", "") or settings.CDPF_PUBLIC_URL


def message_text(case: Case) -> str:
    """The text sent by SMS or printed as a letter: the number and how to follow it."""
    app = case.application
    return (
        f"【{case.residence_region.name}残联】您的残疾人证{KIND_TITLES[app.kind]}申请已于"
        f"{app.received_on:%Y年%-m月%-d日}受理，申请编号{case.number}。"
        f"请登录 {progress_url()} 输入申请编号和身份证号后6位查询办理进度。"
    )


def receipt(*, actor, case: Case):
    app = case.application
    delivery = DELIVERY_WORDS[case.delivery].format(
        residence=case.residence_region.name,
        household=app.region.name,
        address=case.postal_address,
        recipient=case.postal_recipient,
    )
    context = {
        "case": case,
        "app": app,
        "kind_title": KIND_TITLES[app.kind],
        "person_name": app.applicant.get("name") or app.person.name,
        "delivery": delivery,
        "message": message_text(case),
        "url": progress_url(),
        "printed_on": timezone.localdate(),
    }
    return render_and_store(
        "pdf/tongban/receipt.html",
        context,
        actor=actor,
        kind="certificate_tongban_receipt",
        title=f"残疾人证{KIND_TITLES[app.kind]}受理回执 {case.number}",
        region=case.residence_region,
        obj=case,
        prefix="HZ",
    )
