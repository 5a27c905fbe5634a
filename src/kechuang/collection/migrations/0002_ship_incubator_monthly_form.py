"""Ship the 孵化动态 monthly form the Jinshan carrier action plan (2024–2026) implies.

Administrators change fields and rules afterwards in the admin; re-running this
never overwrites their edits (get_or_create by code).
"""

from django.db import migrations

FORM_CODE = "incubator_monthly"

# code, label, type, unit, min, max, catalogue entry the area totals flow into, aggregation, help
FIELDS = [
    ("tenants", "在孵企业数", "integer", "家", 0, None, "INCUBATOR_TENANTS", "sum", "月末在孵企业总数"),
    ("new_entries", "当月新入驻企业", "integer", "家", 0, None, "", "sum", ""),
    ("graduates", "当月毕业企业", "integer", "家", 0, None, "INCUBATOR_GRADUATES", "sum", ""),
    ("tech_smes", "在孵科技型中小企业", "integer", "家", 0, None, "", "sum", "在孵企业中入库的科技型中小企业"),
    ("hnte_tenants", "在孵高新技术企业", "integer", "家", 0, None, "", "sum", "在孵企业中有效期内的高新技术企业"),
    ("occupancy", "入驻率", "percent", "%", 0, 100, "INCUBATOR_OCCUPANCY", "mean", "在孵企业使用面积占可孵化面积的比例"),
    ("financing", "当月融资额", "decimal", "万元", 0, None, "", "sum", "在孵企业当月获得的股权与债权融资"),
    ("events", "当月举办活动", "integer", "场", 0, None, "", "sum", "创新创业比赛、训练营、导师活动等"),
    ("mentors", "创业导师", "integer", "人", 0, None, "", "sum", ""),
    ("ip_count", "知识产权", "integer", "件", 0, None, "", "sum", "在孵企业当月新增授权知识产权"),
    ("staff", "从业人员", "integer", "人", 0, None, "", "sum", "在孵企业从业人员总数"),
]

RULES = [
    ("compare", "graduates", "<=", "tenants", None),
    ("compare", "tech_smes", "<=", "tenants", None),
    ("compare", "hnte_tenants", "<=", "tenants", None),
    ("compare", "new_entries", "<=", "tenants", None),
    ("jump", "tenants", "", "", 10.0),
]


def ship_form(apps, schema_editor):
    form_model = apps.get_model("collection", "ReportForm")
    field_model = apps.get_model("collection", "ReportField")
    rule_model = apps.get_model("collection", "ReportRule")
    form, created = form_model.objects.get_or_create(
        code=FORM_CODE,
        defaults={
            "name": "科创载体孵化动态月报",
            "version": 1,
            "active": True,
            "deadline_day": 10,
            "description": "各科创载体于每月10日前填报上月运营数据（《金山区科技创新创业载体高质量发展三年行动计划（2024—2026年）》）。",
        },
    )
    if not created:
        return
    for position, (code, label, type_, unit, lo, hi, catalog, agg, help_) in enumerate(FIELDS, start=1):
        field_model.objects.create(
            form=form,
            code=code,
            label=label,
            type=type_,
            unit=unit,
            required=True,
            min_value=lo,
            max_value=hi,
            position=position,
            help=help_,
            catalog_code=catalog,
            aggregation=agg,
        )
    for position, (kind, left, operator, right, factor) in enumerate(RULES, start=1):
        rule_model.objects.create(
            form=form,
            kind=kind,
            left_field=left,
            operator=operator,
            right_field=right,
            factor=factor,
            position=position,
        )


class Migration(migrations.Migration):
    dependencies = [("collection", "0001_initial")]

    operations = [migrations.RunPython(ship_form, migrations.RunPython.noop)]
