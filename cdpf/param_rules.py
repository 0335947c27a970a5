"""What each policy parameter may be, and who may set it (pure rules, no database).

Each parameter declares its type, its bounds, the levels that may set a value (national,
province, city, district) and, where a region may only be stricter than the national rule,
whether the national value is a floor (a region may raise it, never lower it) or a ceiling (a
region may shorten a time limit, never lengthen it). The rule quoted on a refusal is `rule`.
A parameter with no declaration may be set only nationally (decision 0120).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

NATIONAL = "national"
PROVINCE = "province"
CITY = "city"
DISTRICT = "district"
ANY_LEVEL = (NATIONAL, PROVINCE, CITY, DISTRICT)

CERT = "《中华人民共和国残疾人证管理办法》(残联发〔2017〕29号)"
REGULATION = "《残疾人就业条例》(国务院令第488号)"
LEVY = "《残疾人就业保障金征收使用管理办法》(财税〔2015〕72号)"
RELIEF_2019 = "财政部公告2019年第98号"
SEED = "永年区残联责任清单·事中事后监督管理制度"
MASSAGE = "残联发〔2007〕29号"
DENGBAO = "GB/T 22239-2019 8.1.4.1 登录失败处理"


@dataclass(frozen=True)
class ParamRule:
    value_type: str
    set_at: tuple[str, ...] = (NATIONAL,)
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    national_is: str = ""  # "floor", "ceiling" or "" (a region may set any value in bounds)
    rule: str = ""


def _d(text: str) -> Decimal:
    return Decimal(text)


RULES: dict[str, ParamRule] = {
    "certificate.validity_years": ParamRule(
        "integer", (NATIONAL,), _d("1"), _d("10"), rule=f"{CERT}第十二条：有效期10年"
    ),
    "certificate.reapply_after_cancellation_years": ParamRule(
        "integer", (NATIONAL,), _d("0"), _d("5"), rule=f"{CERT}：注销后再次申领的间隔"
    ),
    "certificate.notice_working_days": ParamRule(
        "integer", ANY_LEVEL, _d("5"), _d("30"), "floor", rule=f"{CERT}：公示不少于5个工作日"
    ),
    "certificate.review_working_days": ParamRule(
        "integer", ANY_LEVEL, _d("1"), _d("10"), "ceiling", rule=f"{CERT}：审核不超过10个工作日"
    ),
    "certificate.objection_working_days": ParamRule(
        "integer", (NATIONAL,), _d("10"), _d("30"), rule=f"{CERT}：异议期限"
    ),
    "tongban.follow_up_working_days": ParamRule(
        "integer",
        ANY_LEVEL,
        _d("1"),
        _d("15"),
        "ceiling",
        rule="国办发〔2019〕51号：差评整改原则上不超过15个工作日",
    ),
    "certificate.direct_assessment_signers": ParamRule(
        "integer",
        ANY_LEVEL,
        _d("3"),
        _d("9"),
        "floor",
        rule=f"{SEED}：直接评定须至少3人联合签字（含理事长）",
    ),
    "quota.required_ratio": ParamRule(
        "decimal",
        (NATIONAL, PROVINCE),
        _d("0.015"),
        _d("0.05"),
        "floor",
        rule=f"{REGULATION}第八条：比例不得低于在职职工总数的1.5%，具体比例由省级人民政府规定",
    ),
    "quota.minimum_contract_months": ParamRule(
        "integer", (NATIONAL,), _d("12"), _d("60"), rule=f"{REGULATION}：劳动合同期限1年以上"
    ),
    "quota.minimum_wage_monthly": ParamRule(
        "decimal", (PROVINCE, CITY), _d("500"), _d("10000"), rule="《最低工资规定》：由省级政府规定"
    ),
    "quota.audit_window_start": ParamRule("month_day", (PROVINCE, CITY, DISTRICT)),
    "quota.audit_window_end": ParamRule("month_day", (PROVINCE, CITY, DISTRICT)),
    "quota.average_wage_cap_multiple": ParamRule(
        "decimal", (NATIONAL,), _d("1"), _d("3"), rule=f"{LEVY}第八条：上限为社会平均工资的2倍"
    ),
    "quota.graded_threshold_ratio": ParamRule(
        "decimal", (NATIONAL,), _d("0"), _d("0.015"), rule=RELIEF_2019
    ),
    "quota.rate_at_or_above_threshold": ParamRule(
        "decimal", (NATIONAL,), _d("0"), _d("1"), rule=RELIEF_2019
    ),
    "quota.rate_below_threshold": ParamRule(
        "decimal", (NATIONAL,), _d("0"), _d("1"), rule=RELIEF_2019
    ),
    "quota.small_enterprise_exempt_staff": ParamRule(
        "integer", (NATIONAL,), _d("0"), _d("100"), rule=RELIEF_2019
    ),
    "quota.late_surcharge_daily_rate": ParamRule(
        "decimal", (NATIONAL,), _d("0"), _d("0.005"), rule=f"{LEVY}：滞纳金每日加收5‰"
    ),
    "relief.max_reduction_exemption_years": ParamRule(
        "integer", (NATIONAL,), _d("0"), _d("1"), rule=f"{LEVY}：减免总额不超过1年的应缴额"
    ),
    "relief.max_deferral_months": ParamRule(
        "integer", (NATIONAL,), _d("0"), _d("6"), rule=f"{LEVY}：缓缴期限最长不超过6个月"
    ),
    "relief.approver_title": ParamRule("text", ANY_LEVEL),
    "relief.decision_number_format": ParamRule("text", ANY_LEVEL),
    "massage.certificate_number_format": ParamRule("text", ANY_LEVEL),
    "massage.blind_share_blind_representative": ParamRule(
        "decimal", ANY_LEVEL, _d("0.6"), _d("1"), "floor", rule=f"{MASSAGE}：盲人按摩人员占比下限"
    ),
    "massage.blind_share_sighted_representative": ParamRule(
        "decimal", ANY_LEVEL, _d("0.8"), _d("1"), "floor", rule=f"{MASSAGE}：盲人按摩人员占比下限"
    ),
    "massage.min_area_m2": ParamRule(
        "decimal", ANY_LEVEL, _d("10"), _d("50"), "floor", rule=f"{MASSAGE}：营业面积10–50平方米"
    ),
    "massage.min_beds": ParamRule(
        "integer", ANY_LEVEL, _d("3"), _d("50"), "floor", rule=f"{MASSAGE}：按摩床不少于3张"
    ),
    "massage.min_bed_spacing_m": ParamRule(
        "decimal", ANY_LEVEL, _d("0.7"), _d("3"), "floor", rule=f"{MASSAGE}：按摩床间距不小于0.7米"
    ),
    "massage.review_interval_months": ParamRule(
        "integer", ANY_LEVEL, _d("1"), _d("12"), "ceiling", rule=f"{MASSAGE}：每年年审"
    ),
    "massage.rectification_working_days": ParamRule(
        "integer", ANY_LEVEL, _d("5"), _d("60"), rule="永年区规定：整改期限"
    ),
    "massage.review_due_window_days": ParamRule("integer", ANY_LEVEL, _d("1"), _d("180")),
    "supervision.complaint_assign_working_days": ParamRule(
        "integer", ANY_LEVEL, _d("1"), _d("5"), "ceiling", rule=f"{SEED}：受理后5个工作日内交办"
    ),
    "supervision.complaint_reply_working_days": ParamRule(
        "integer", ANY_LEVEL, _d("1"), _d("20"), "ceiling", rule=f"{SEED}：20个工作日内答复"
    ),
    "security.signin_free_failures": ParamRule(
        "integer", (NATIONAL,), _d("1"), _d("5"), rule=DENGBAO
    ),
    "security.signin_address_free_failures": ParamRule(
        "integer", (NATIONAL,), _d("3"), _d("50"), rule=DENGBAO
    ),
    "security.signin_delay_cap_seconds": ParamRule(
        "integer", (NATIONAL,), _d("60"), _d("3600"), rule=DENGBAO
    ),
    "security.signin_lock_failures": ParamRule(
        "integer", (NATIONAL,), _d("10"), _d("100"), rule=DENGBAO
    ),
    "security.signin_failure_window_hours": ParamRule(
        "integer", (NATIONAL,), _d("1"), _d("72"), rule=DENGBAO
    ),
    "certificate.renewal_window_days": ParamRule(
        "integer", ANY_LEVEL, _d("0"), _d("365"), rule=f"{CERT}：期满前换领"
    ),
    "relief.surcharge_cap_multiple": ParamRule(
        "decimal",
        (NATIONAL,),
        _d("0"),
        _d("1"),
        rule="《中华人民共和国行政强制法》第四十五条：加处罚款或者滞纳金的数额不得超出金钱给付义务的数额",
    ),
    # 行政复议法 第二十条: 60 days at least; 行政诉讼法 第四十六条: 6 months
    "appeal.review_days": ParamRule(
        "integer", (NATIONAL,), _d("60"), _d("365"), rule="《中华人民共和国行政复议法》：六十日"
    ),
    "appeal.litigation_months": ParamRule(
        "integer", (NATIONAL,), _d("6"), _d("24"), rule="《中华人民共和国行政诉讼法》：六个月"
    ),
    "appeal.review_body": ParamRule("text", ANY_LEVEL),
    "appeal.court": ParamRule("text", ANY_LEVEL),
    **{
        f"document.number_format.{kind}": ParamRule("text", ANY_LEVEL)
        for kind in (
            "supervision_notice",
            "supervision_order",
            "supervision_result",
            "supervision_year_report",
            "certificate_cancellation",
            "certificate_transfer",
            "massage_rejection",
            "massage_revocation",
            "relief_decision",
        )
    },
    "security.password_max_age_days": ParamRule(
        "integer", (NATIONAL,), _d("30"), _d("180"), rule="GB/T 22239-2019 8.1.4.1 a) 定期更换"
    ),
    "security.password_history_count": ParamRule(
        "integer", (NATIONAL,), _d("3"), _d("24"), rule="GB/T 22239-2019 8.1.4.1 a) 复杂度要求"
    ),
    # Retention (cdpf.retention, decision 0151)
    "retention.job_upload_days": ParamRule(
        "integer",
        (NATIONAL,),
        _d("7"),
        _d("365"),
        rule="《个人信息保护法》第十九条：保存期限为实现处理目的所必要的最短时间",
    ),
    "retention.audit_months": ParamRule(
        "integer",
        (NATIONAL,),
        _d("6"),
        _d("120"),
        rule="《网络安全法》第二十一条、GB/T 22239-2019 8.1.4.3：网络日志留存不少于六个月",
    ),
}


def rule_for(name: str, value_type: str) -> ParamRule:
    """The declared rule, or the default for an undeclared parameter: national only."""
    undeclared = ParamRule(value_type, (NATIONAL,), rule="未声明规则的参数仅可由国家级设定")
    return RULES.get(name) or undeclared


def level_of(region_level: str | None) -> str:
    """The setting level of a region (None is the national value)."""
    return region_level or NATIONAL
