"""Every [param] of DOMAIN.md as effective-dated data (editable in admin afterwards)."""

import datetime

from django.db import migrations

D = datetime.date
CERT = "《中华人民共和国残疾人证管理办法》(残联发〔2017〕29号)"
LEVY = "《残疾人就业保障金征收使用管理办法》(财税〔2015〕72号)"
RELIEF_2019 = "财政部《关于调整残疾人就业保障金征收政策的公告》(2019年第98号)"
HEBEI = "冀财税〔2016〕40号"
SEED = "永年区残联责任清单·事中事后监督管理制度"
MASSAGE = "残联发〔2007〕29号及地方规定"

# name, region code or None, value, type, unit, from, to, description, source, confirmed
PARAMETERS = [
    ("certificate.validity_years", None, "10", "integer", "年", D(2018, 1, 1), None,
     "残疾人证有效期", CERT, True),
    ("certificate.reapply_after_cancellation_years", None, "1", "integer", "年",
     D(2018, 1, 1), None, "注销后再次申领须间隔", CERT, True),
    ("certificate.notice_working_days", None, "5", "integer", "工作日", D(2018, 1, 1), None,
     "公示期", CERT, True),
    ("certificate.review_working_days", None, "10", "integer", "工作日", D(2018, 1, 1), None,
     "区县残联审核时限", CERT, True),
    ("certificate.objection_working_days", None, "10", "integer", "工作日", D(2018, 1, 1),
     None, "对评定结果有异议申请复评时限", CERT, True),
    ("certificate.direct_assessment_signers", None, "3", "integer", "人", D(2018, 1, 1), None,
     "残联直接评定须联合签字人数（含理事长）", SEED, True),
    ("quota.required_ratio", "130000", "0.015", "decimal", "比例", D(2016, 1, 1), None,
     "按比例安排残疾人就业比例（在职职工总数）", HEBEI, True),
    ("quota.minimum_contract_months", None, "12", "integer", "月", D(2007, 5, 1), None,
     "计入就业人数的最短劳动合同期限", "《残疾人就业条例》(国务院令第488号)", True),
    ("quota.minimum_wage_monthly", "130400", "2000", "decimal", "元/月", D(2023, 1, 1), None,
     "邯郸市辖区月最低工资标准（用于核验残疾职工工资）",
     "河北省人民政府最低工资标准通知（数额待核实）", False),
    ("quota.audit_window_start", "130000", "03-01", "month_day", "", D(2020, 1, 1), None,
     "年审开始日期", "河北省年审通知（近年为3月1日至10月31日）", False),
    ("quota.audit_window_end", "130000", "10-31", "month_day", "", D(2020, 1, 1), None,
     "年审截止日期", "河北省年审通知（近年为3月1日至10月31日）", False),
    ("quota.audit_window_end", "130408", "06-30", "month_day", "", D(2020, 1, 1), None,
     "永年区年审截止日期（每年6月底前）", SEED, False),
    ("quota.average_wage_cap_multiple", None, "2", "decimal", "倍", D(2015, 9, 1), None,
     "用人单位职工年平均工资上限（当地社会平均工资的倍数）", LEVY, True),
    ("quota.graded_threshold_ratio", None, "0.01", "decimal", "比例", D(2020, 1, 1),
     D(2027, 12, 31), "分档征收的界限比例", RELIEF_2019, True),
    ("quota.rate_at_or_above_threshold", None, "0.5", "decimal", "应缴比例", D(2020, 1, 1),
     D(2027, 12, 31), "安排比例达到1%但未达规定比例的，按应缴额50%征收", RELIEF_2019, True),
    ("quota.rate_below_threshold", None, "0.9", "decimal", "应缴比例", D(2020, 1, 1),
     D(2027, 12, 31), "安排比例不足1%的，按应缴额90%征收", RELIEF_2019, True),
    ("quota.small_enterprise_exempt_staff", None, "30", "integer", "人", D(2020, 1, 1),
     D(2027, 12, 31), "在职职工总数30人（含）以下的企业暂免征收", RELIEF_2019, True),
    ("quota.late_surcharge_daily_rate", None, "0.005", "decimal", "每日", D(2015, 9, 1), None,
     "滞纳金（每日加收未缴款额的5‰）", LEVY, True),
    ("relief.max_reduction_exemption_years", None, "1", "integer", "年应缴额", D(2015, 9, 1),
     None, "减免总额不超过1年的保障金应缴额", LEVY, True),
    ("relief.max_deferral_months", None, "6", "integer", "月", D(2015, 9, 1), None,
     "缓缴期限最长", LEVY, True),
    ("relief.approver_title", "130408", "邯郸市永年区残疾人联合会", "text", "", D(2020, 1, 1),
     None, "减缓免审批机关名称（河北省审批机关待核实）", "待核实", False),
    ("massage.blind_share_blind_representative", None, "0.6", "decimal", "比例",
     D(2007, 1, 1), None, "法定代表人为盲人的，盲人按摩人员占比不低于", MASSAGE, False),
    ("massage.blind_share_sighted_representative", None, "0.8", "decimal", "比例",
     D(2007, 1, 1), None, "法定代表人为健全人的，盲人按摩人员占比不低于", MASSAGE, False),
    ("massage.min_area_m2", None, "30", "decimal", "平方米", D(2007, 1, 1), None,
     "营业面积下限（各地10–50平方米）", MASSAGE, False),
    ("massage.min_beds", None, "3", "integer", "张", D(2007, 1, 1), None,
     "按摩床最少张数", MASSAGE, False),
    ("massage.min_bed_spacing_m", None, "0.7", "decimal", "米", D(2007, 1, 1), None,
     "按摩床间距不小于", MASSAGE, False),
]


def load(apps, schema_editor):
    Region = apps.get_model("cdpf", "Region")
    PolicyParameter = apps.get_model("cdpf", "PolicyParameter")
    for (name, code, value, vtype, unit, start, end, description, source,
         confirmed) in PARAMETERS:
        PolicyParameter.objects.get_or_create(
            name=name, region=Region.objects.get(code=code) if code else None,
            valid_from=start,
            defaults={"value": value, "value_type": vtype, "unit": unit, "valid_to": end,
                      "description": description, "source": source, "confirmed": confirmed},
        )


class Migration(migrations.Migration):
    dependencies = [("cdpf", "0002_load_regions")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
