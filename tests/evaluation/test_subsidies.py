"""Subsidy rules and payment lists worked by hand: amounts by rating × kind × level, matching,
a one-off award for a carrier raised to national level this year, the per-carrier cap and the
district total cap; approval is final; a recomputation after an appeal is a new version.

The world (money_world): 甲 national incubator 优秀, 乙 incubator raised municipal → national this
year 良好, 丙 district maker space 合格.
"""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from kechuang.evaluation.appeals import accept_appeal
from kechuang.evaluation.models import PaymentLine, PaymentList, SubsidyRules
from kechuang.evaluation.subsidies import (
    SubsidyRulesError,
    approve_payment_list,
    compute_payment_list,
    save_rules,
)
from kechuang.tenancy.domain.audit import RuleError
from kechuang.tenancy.models import AuditEntry
from tests.evaluation.money_world import build

pytestmark = pytest.mark.django_db

RULES = {
    "amounts": "优秀 孵化器 国家级 50\n良好 × 孵化器 × 国家级：30\n合格 众创空间 区级 5万元",
    "carrier_cap": "80",
    "total_cap": "",
    "matching_ratio": "1",
    "municipal": "甲孵化器 40",
    "national_award": "100",
    "municipal_award": "",
}


@pytest.fixture
def w(shanghai, django_user_model):
    return build(shanghai, django_user_model)


def lines_of(pl: PaymentList) -> dict[str, PaymentLine]:
    return {line.name: line for line in pl.lines.all()}


def test_amounts_matching_award_and_the_per_carrier_cap_by_hand(w):
    save_rules(w.district, w.year, RULES, acting_user=w.people.admin)
    pl = compute_payment_list(w.run, acting_user=w.people.admin)
    got = lines_of(pl)
    # 甲: 50 (优秀 × 孵化器 × 国家级) + 40 × 1 (matching) = 90 → cap 80, cut 10
    a = got["甲孵化器"]
    assert (a.rating_amount, a.matching_amount, a.award_amount, a.cap_cut, a.amount) == (50, 40, 0, 10, 80)
    assert a.basis == [
        "优秀 × 孵化器 × 国家级：50 万元",
        "区级配套 1:1（市级资助 40 万元）：40 万元",
        "每个载体年度上限 80 万元：核减 10 万元",
    ]
    # 乙: 30 (良好 × 孵化器 × 国家级) + 100 one-off (raised to national this year) = 130 → 80
    b = got["乙孵化器"]
    assert (b.rating_amount, b.award_amount, b.cap_cut, b.amount) == (30, 100, 50, 80)
    assert f"一次性奖励：认定为国家级（{w.year}年）：100 万元" in b.basis
    # 丙: 5 (合格 × 众创空间 × 区级)
    c = got["丙众创空间"]
    assert (c.amount, c.basis) == (5, ["合格 × 众创空间 × 区级：5 万元"])
    assert (pl.version, pl.status, pl.total, pl.scale) == (1, "draft", Decimal(165), None)
    assert AuditEntry.objects.filter(model="evaluation.paymentlist", action="compute").count() == 1


def test_half_matching_and_the_district_total_cap_scales_every_carrier_alike(w):
    save_rules(
        w.district, w.year, {**RULES, "matching_ratio": "0.5", "total_cap": "150"}, acting_user=w.people.admin
    )
    pl = compute_payment_list(w.run, acting_user=w.people.admin)
    got = lines_of(pl)
    # 甲: 50 + 40 × 0.5 = 70 (under the cap); 乙: 80 after the cap; 丙: 5 → total 155 > 150
    assert got["甲孵化器"].matching_amount == 20
    assert "区级配套 1:0.5（市级资助 40 万元）：20 万元" in got["甲孵化器"].basis
    assert pl.total_before_cap == 155
    # factor 150/155; each amount rounded down to the yuan (0.0001 万元)
    assert got["甲孵化器"].amount == Decimal("67.7419")  # 70 × 150/155 = 67.741935…
    assert got["乙孵化器"].amount == Decimal("77.4193")  # 80 × 150/155 = 77.419354…
    assert got["丙众创空间"].amount == Decimal("4.8387")  # 5 × 150/155 = 4.838709…
    assert pl.total == Decimal("149.9999") <= 150
    assert got["丙众创空间"].scale_cut == Decimal("0.1613")
    assert "全区年度总额上限 150 万元，按同一比例缩减：核减 0.1613 万元" in got["丙众创空间"].basis
    assert "超过全区年度总额上限 150 万元" in pl.note


def test_rules_with_errors_name_the_field_and_save_nothing(w, client):
    bad = {
        **RULES,
        "amounts": "优秀 孵化器 省级 50\n良好 孵化器",
        "carrier_cap": "-5",
        "matching_ratio": "一比一",
        "municipal": "不存在的载体 30",
    }
    with pytest.raises(SubsidyRulesError) as caught:
        save_rules(w.district, w.year, bad, acting_user=w.people.admin)
    errors = caught.value.errors
    assert errors["amounts"] == [
        "第 1 行：级别“省级”无效，可选：国家级、市级、区级",
        "第 2 行：应写作“评级 载体类型 级别 金额”，如“优秀 孵化器 国家级 50”",
    ]
    assert errors["carrier_cap"] == ["不能为负数（-5）"]
    assert errors["matching_ratio"] == ["“一比一”不是数字"]
    assert errors["municipal"] == ["第 1 行：本区没有名为“不存在的载体”的载体"]
    assert not SubsidyRules.objects.exists()
    # The page shows the same words beside the fields and keeps nothing.
    client.force_login(w.people.admin)
    page = client.post(f"/evaluation/subsidies/{w.district.pk}/{w.year}/", bad)
    assert page.status_code == 400
    html = page.content.decode()
    assert (
        "级别“省级”无效" in html and "不能为负数（-5）" in html and "本区没有名为“不存在的载体”的载体" in html
    )
    assert not SubsidyRules.objects.exists() and not AuditEntry.objects.filter(
        model="evaluation.subsidyrules"
    )
    ok = client.post(f"/evaluation/subsidies/{w.district.pk}/{w.year}/", RULES)
    assert ok.status_code == 302
    rules = SubsidyRules.objects.get()
    assert rules.amounts[1] == {"rating": "良好", "kind": "incubator", "level": "national", "amount": "30"}
    assert AuditEntry.objects.get(model="evaluation.subsidyrules").action == "create"
    form = client.get(f"/evaluation/subsidies/{w.district.pk}/{w.year}/").content.decode()
    assert "良好 孵化器 国家级 30" in form and "甲孵化器 40" in form


def test_approved_lists_are_final_and_an_appeal_leads_to_a_new_version(w, client):
    save_rules(w.district, w.year, RULES, acting_user=w.people.admin)
    first = compute_payment_list(w.run, acting_user=w.people.admin)
    client.force_login(w.people.viewer)
    assert client.post(f"/evaluation/payments/{first.pk}/approve/").status_code == 403
    client.force_login(w.people.admin)
    assert client.post(f"/evaluation/payments/{first.pk}/approve/").status_code == 302
    first.refresh_from_db()
    assert first.approved and first.approved_at is not None
    assert AuditEntry.objects.filter(model="evaluation.paymentlist", action="approve").exists()
    first.total = Decimal(1)
    with pytest.raises(RuleError, match="已审批"):
        first.save()
    line = first.lines.first()
    line.amount = Decimal(1)
    with pytest.raises(RuleError, match="已审批"):
        line.save()
    with pytest.raises(RuleError, match="不能再次审批"):
        approve_payment_list(first, acting_user=w.people.admin)

    # 丙 appeals and is raised to 优秀; the approved version stays, a new version pays the new rating.
    from kechuang.evaluation.models import Appeal

    appeal = Appeal.objects.create(run=w.run, unit=w.kc, unit_name="丙众创空间", reason="数据漏报")
    accept_appeal(appeal, acting_user=w.people.admin, reason="核实", rating="优秀")
    save_rules(
        w.district,
        w.year,
        {**RULES, "amounts": RULES["amounts"] + "\n优秀 众创空间 区级 10"},
        acting_user=None,
    )
    response = client.post(f"/evaluation/runs/{w.run.pk}/payments/compute/")
    second = PaymentList.objects.get(version=2)
    assert response.status_code == 302 and response["Location"] == f"/evaluation/payments/{second.pk}/"
    assert lines_of(second)["丙众创空间"].amount == 10 and lines_of(second)["丙众创空间"].adjusted
    assert "评级经申诉调整" in lines_of(second)["丙众创空间"].basis
    assert lines_of(PaymentList.objects.get(version=1))["丙众创空间"].amount == 5
    page = client.get(f"/evaluation/payments/{second.pk}/").content.decode()
    assert "第 2 版" in page and "审批</button>" in page and "经申诉调整" in page
    old = client.get(f"/evaluation/payments/{first.pk}/").content.decode()
    assert "不能再修改" in old and "审批</button>" not in old


def test_a_draft_run_or_a_year_without_rules_has_no_payment_list(w, shanghai, django_user_model):
    with pytest.raises(RuleError, match="尚未设置"):
        compute_payment_list(w.run, acting_user=w.people.admin)
    from kechuang.evaluation.domain import run_scheme

    draft = run_scheme(w.run.scheme, w.run.values, year=w.year, units=w.run.units)
    save_rules(w.district, w.year, RULES, acting_user=None)
    with pytest.raises(RuleError, match="尚未确认"):
        compute_payment_list(draft, acting_user=w.people.admin)
    assert not PaymentList.objects.exists()


def test_the_excel_export_has_one_row_per_carrier_with_chinese_headers_and_totals(w, client):
    save_rules(w.district, w.year, RULES, acting_user=None)
    pl = compute_payment_list(w.run, acting_user=None)
    client.force_login(w.people.viewer)
    response = client.get(f"/evaluation/payments/{pl.pk}/export.xlsx")
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == [
        "序号",
        "载体",
        "类型",
        "级别",
        "评级",
        "评级补助（万元）",
        "区级配套（万元）",
        "一次性奖励（万元）",
        "上限核减（万元）",
        "总额缩减（万元）",
        "应拨付金额（万元）",
        "依据",
    ]
    assert rows[1][:11] == [1, "甲孵化器", "孵化器", "国家级", "优秀", 50, 40, 0, 10, 0, 80]
    assert (
        rows[1][11]
        == "优秀 × 孵化器 × 国家级：50 万元；区级配套 1:1（市级资助 40 万元）：40 万元；每个载体年度上限 80 万元：核减 10 万元"
    )
    assert rows[2][:5] == [2, "乙孵化器", "孵化器", "国家级", "良好"] and rows[2][10] == 80
    assert rows[3][:5] == [3, "丙众创空间", "众创空间", "区级", "合格"] and rows[3][10] == 5
    assert rows[4][0] == "合计" and rows[4][10] == 165
    # Town liaisons and carrier operators do not see the district's payments.
    for person in (w.people.liaison, w.people.op_a, w.people.admin_other):
        client.force_login(person)
        assert client.get(f"/evaluation/payments/{pl.pk}/export.xlsx").status_code == 404


def test_the_demo_loads_rules_for_jinshan_once(shanghai):
    from kechuang.evaluation.demo_subsidies import load_subsidy_demo

    assert load_subsidy_demo(years=(2025,)) == ["补助规则：新增 1 个年度（金山区）"]
    assert load_subsidy_demo(years=(2025,)) == ["补助规则：新增 0 个年度（金山区）"]
    rules = SubsidyRules.objects.get(area=shanghai["jinshan"], year=2025)
    assert {"rating": "优秀", "kind": "incubator", "level": "national", "amount": "50"} in rules.amounts
    assert (rules.carrier_cap, rules.total_cap, rules.national_award) == (80, 300, 100)
