"""审批决定书 and the yearly publication of approved reliefs, printed by cdpf's renderer."""

from django.utils import timezone, translation

from cdpf.documents import appeal_rights
from cdpf.params import MissingParameter, get_param
from cdpf.pdf import render_and_store
from levy_relief import rules, services

KIND_WORDS = rules.KIND_WORDS
GROUND_WORDS = {
    "force_majeure": "不可抗力",
    "natural_disaster": "自然灾害",
    "sudden_event": "其他突发事件",
}


def _rejection_surcharge(application) -> dict:
    """Not approved after the original due date had passed: the levy is owed at once, with the
    surcharge from that date (to the decision day, and on until paid, within the cap)."""
    due, on = application.original_due_date, application.decided_on
    if application.state != "rejected" or on is None or due >= on:
        return {}
    amount = application.levy_due
    return {
        "overdue_days": rules.days_late(due, on),
        "overdue_surcharge": services.surcharge_for(application, on, amount=amount, due=due),
        "overdue_text": services.surcharge_text(application, on, amount=amount, due=due),
    }


def decision_document(*, actor, application):
    with translation.override("zh-hans"):  # an official document: Chinese whatever the reader
        return _decision_document(actor=actor, application=application)


def _decision_document(*, actor, application):
    """The decision on one application, approval or rejection."""
    rate = get_param(
        "quota.late_surcharge_daily_rate", on=application.decided_on, region=application.region
    )
    context = {
        "a": application,
        "kind_word": KIND_WORDS[application.kind],
        "ground_word": GROUND_WORDS[application.ground],
        "payable": application.levy_due - application.amount,
        "rate_permille": f"{(rate * 1000).normalize():f}",
        "printed_on": timezone.localdate(),
        "source": rules.LEVY_SOURCE,
        **_rejection_surcharge(application),
        "appeal": appeal_rights(region=application.region, on=application.decided_on),
    }
    return render_and_store(
        "levy_relief/pdf/decision.html",
        context,
        actor=actor,
        kind="relief_decision",
        title=(
            f"残疾人就业保障金{KIND_WORDS[application.kind]}审批决定书 "
            f"{application.employer.name} {application.levy_year}"
        ),
        region=application.region,
        obj=application,
        prefix="JH",
        # an approval prints the number it was given when decided; a refusal takes the next
        # number of its own format (document.number_format.relief_decision)
        official_number=application.decision_number or None,
        dated=application.decided_on,
    )


def publication_document(*, actor, year: int, rows: list):
    """The yearly publication: approved employers with the approving body, number and reason."""
    today = timezone.localdate()
    try:
        publisher = get_param("relief.approver_title", on=today, region=actor.region)
    except MissingParameter:  # e.g. a city account where only districts set the title
        publisher = f"{actor.region.name}残疾人联合会"
    context = {
        "year": year,
        "rows": [(a, KIND_WORDS[a.kind]) for a in rows],
        "publisher": publisher,
        "printed_on": timezone.localdate(),
    }
    return render_and_store(
        "levy_relief/pdf/publication.html",
        context,
        actor=actor,
        kind="relief_publication",
        title=f"{year}年度残疾人就业保障金减缓免缴审批结果公示 {actor.region.name}",
        region=actor.region,
        prefix="JH",
    )
