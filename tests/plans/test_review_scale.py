"""The review page at scale, through the real HTTP stack: one save for the whole page, ticks and
what is left, merge into a chosen indicator and undo, bulk drop and undo, warnings, names only."""

from __future__ import annotations

import re
from html import unescape

import pytest

from kechuang.observations.domain import record_observation
from kechuang.observations.models import Observation
from kechuang.plans.models import CatalogIndicator, Indicator, IndicatorRemoval, Plan, Target
from kechuang.tenancy.models import AuditEntry

pytestmark = pytest.mark.django_db


def _indicator(
    plan: Plan, n: int, name: str, *, unit: str = "家", category: str = "创新主体", **target
) -> Indicator:
    ind = Indicator.objects.create(
        plan=plan, position=n, name=name, unit=unit, category=category, evidence=f"原文：{name}"
    )
    if target:
        Target.objects.create(
            indicator=ind,
            year=target.get("year", 2026),
            value=target.get("value"),
            comparator=target.get("comparator", ">="),
            kind=target.get("kind", "level"),
            evidence=target.get("evidence", ""),
        )
    return ind


@pytest.fixture
def draft(shanghai) -> Plan:
    plan = Plan.objects.create(
        title="金山区科创载体三年行动方案（2024—2026年）",
        area=shanghai["jinshan"],
        period_start=2024,
        period_end=2026,
    )
    _indicator(plan, 1, "科技型中小企业", value=500)
    _indicator(plan, 2, "高新技术企业数量", value=1200)
    _indicator(plan, 3, "研发经费投入强度", unit="%", category="创新投入", value=3.5, comparator="~")
    return plan


def _page(client, plan: Plan) -> str:
    return client.get(f"/plans/{plan.pk}/review/").content.decode()


def _form_values(html: str) -> dict[str, str]:
    """What a browser would send when the page's form is submitted unchanged."""
    form = html.split('id="review-form"')[1].split("</form>")[0]
    values = {}
    for tag in re.findall(r"<input[^>]*>", form):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or 'type="submit"' in tag:
            continue
        if 'type="checkbox"' in tag:
            if " checked" in tag:
                values[name.group(1)] = "on"
            continue
        value = re.search(r'value="([^"]*)"', tag)
        values[name.group(1)] = unescape(value.group(1)) if value else ""
    for name, body in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected>', body)
        values[name] = unescape(chosen.group(1)) if chosen else ""
    return values


def _left(html: str) -> int:
    return int(re.search(r"未核对 <strong data-left>(\d+)</strong>", html).group(1))


def test_one_post_saves_every_change_on_the_page_and_audits_each(admin_client, draft):
    first, second, third = draft.indicators.order_by("position")
    t1, t3 = first.targets.get(), third.targets.get()
    data = _form_values(_page(admin_client, draft))
    data.update(
        {
            f"ind{first.pk}-name": "科技型中小企业数量",
            f"ind{first.pk}-reviewed": "on",
            f"ind{second.pk}-reviewed": "on",
            f"ind{third.pk}-unit": "％",
            f"t{t1.pk}-value": "550",
            f"t{t3.pk}-year": "2025",
        }
    )

    response = admin_client.post(f"/plans/{draft.pk}/review/save/", data)

    first.refresh_from_db(), second.refresh_from_db(), third.refresh_from_db()
    t1.refresh_from_db(), t3.refresh_from_db()
    assert response.status_code == 302
    assert (first.name, first.reviewed, second.reviewed, third.unit) == (
        "科技型中小企业数量",
        True,
        True,
        "％",
    )
    assert (t1.value, t3.year) == (550, 2025)
    audit = AuditEntry.objects.filter(action="review")
    assert audit.count() == 5  # three indicators, two targets
    assert audit.get(model="plans.indicator", object_id=str(first.pk)).changes == {
        "name": ["科技型中小企业", "科技型中小企业数量"],
        "reviewed": [False, True],
    }
    assert audit.get(object_id=str(t1.pk), model="plans.target").changes == {"value": [500.0, 550.0]}
    page = admin_client.get(response["Location"]).content.decode()
    assert "已保存 5 处修改" in page
    assert _left(page) == 1


def test_unchanged_page_saved_again_writes_nothing(admin_client, draft):
    data = _form_values(_page(admin_client, draft))

    response = admin_client.post(f"/plans/{draft.pk}/review/save/", data)

    assert response.status_code == 302
    assert AuditEntry.objects.count() == 0
    assert "没有需要保存的修改" in admin_client.get(response["Location"]).content.decode()


def test_a_bad_entry_saves_nothing_and_keeps_every_input(admin_client, draft):
    first, second, _ = draft.indicators.order_by("position")
    data = _form_values(_page(admin_client, draft))
    data[f"ind{first.pk}-name"] = "改过的名称"
    data[f"t{second.targets.get().pk}-year"] = "二〇二六"

    response = admin_client.post(f"/plans/{draft.pk}/review/save/", data)

    html = response.content.decode()
    assert response.status_code == 400
    assert "有 1 处输入有误，本次修改均未保存：目标年" in html
    assert 'value="改过的名称"' in html  # the other edit is still on the page
    assert Indicator.objects.get(pk=first.pk).name == "科技型中小企业"


def test_a_save_over_someone_elses_later_change_is_refused_with_409(admin_client, draft):
    first = draft.indicators.get(position=1)
    data = _form_values(_page(admin_client, draft))  # opened now
    Indicator.objects.filter(pk=first.pk).update(unit="户")  # someone else saves meanwhile
    data[f"ind{first.pk}-name"] = "科技型中小企业数量"

    response = admin_client.post(f"/plans/{draft.pk}/review/save/", data)

    first.refresh_from_db()
    assert response.status_code == 409
    assert "“科技型中小企业”已被他人修改，本次修改均未保存" in response.content.decode()
    assert (first.name, first.unit) == ("科技型中小企业", "户")


def test_ticks_count_what_is_left_per_section_and_in_all(admin_client, draft):
    draft.indicators.filter(position=1).update(reviewed=True)

    html = _page(admin_client, draft)

    assert _left(html) == 2
    assert re.search(r'id="sec-1".*?<span data-left-of="sec-1">1 项未核对</span>', html, re.S)
    assert re.search(r'id="sec-2".*?<span data-left-of="sec-2">1 项未核对</span>', html, re.S)
    first = draft.indicators.get(position=1)
    assert re.search(rf'<details class="review-item is-reviewed" id="ind-{first.pk}">', html)  # folded
    assert f'name="ind{first.pk}-reviewed" id="id_ind{first.pk}-reviewed" checked' in html


def test_merge_saves_the_page_then_asks_for_the_target_by_name_with_nothing_chosen(admin_client, draft):
    keep, drop, third = draft.indicators.order_by("position")
    data = _form_values(_page(admin_client, draft))
    data[f"ind{keep.pk}-unit"] = "户"  # typed before pressing 合并到其他指标…

    pressed = admin_client.post(f"/plans/{draft.pk}/review/indicators/{drop.pk}/merge/", data)
    page = admin_client.get(pressed["Location"]).content.decode()
    unchosen = admin_client.post(f"/plans/{draft.pk}/review/indicators/{drop.pk}/merge/", {})

    assert pressed["Location"] == f"/plans/{draft.pk}/review/indicators/{drop.pk}/merge/"
    assert Indicator.objects.get(pk=keep.pk).unit == "户"  # the page's edits were saved first
    assert Indicator.objects.filter(pk=drop.pk).exists()  # nothing merged without a choice
    assert "要并入其他指标的：“高新技术企业数量”（家）" in page
    select = re.search(r'<select name="into" id="merge-into" size="12" required>(.*?)</select>', page, re.S)
    options = re.findall(r'<option value="(\d+)"( selected)?>([^<]+)</option>', select.group(1))
    assert options == [
        (str(keep.pk), "", "科技型中小企业（户） · 2026年 不低于 500"),
        (str(third.pk), "", "研发经费投入强度（%） · 2026年 左右 3.5"),
    ]
    assert "确认合并</button>" in page
    assert unchosen.status_code == 302 and Indicator.objects.filter(pk=drop.pk).exists()


def test_merge_into_the_chosen_indicator_then_undo_restores_the_absorbed_one(admin_client, draft):
    keep, drop = draft.indicators.get(position=1), draft.indicators.get(position=2)
    Indicator.objects.filter(pk=keep.pk).update(unit="")  # the merge fills it from the absorbed one
    drop_target = drop.targets.get()
    record_observation(indicator=drop, area=draft.area, period="2023", value=980, source="plan_document")
    data = _form_values(_page(admin_client, draft))
    data[f"ind{keep.pk}-name"] = "科技型中小企业数"
    admin_client.post(f"/plans/{draft.pk}/review/indicators/{drop.pk}/merge/", data)  # 合并到其他指标…

    merged = admin_client.post(f"/plans/{draft.pk}/review/indicators/{drop.pk}/merge/", {"into": keep.pk})

    keep.refresh_from_db()
    assert merged["Location"] == f"/plans/{draft.pk}/review/#ind-{keep.pk}"
    assert not Indicator.objects.filter(pk=drop.pk).exists()
    assert (keep.name, keep.unit) == ("科技型中小企业数", "家")
    assert sorted(keep.targets.values_list("value", flat=True)) == [500, 1200]
    assert Observation.objects.get(period="2023").indicator_id == keep.pk
    removal = IndicatorRemoval.objects.get()
    html = admin_client.get(merged["Location"]).content.decode()
    assert "已将“高新技术企业数量”合并到“科技型中小企业数”，可在页面下方撤销合并" in html
    assert "撤销合并</button>" in html

    undone = admin_client.post(f"/plans/{draft.pk}/review/removals/{removal.pk}/undo/")

    restored = Indicator.objects.get(pk=drop.pk)
    keep.refresh_from_db()
    assert undone["Location"] == f"/plans/{draft.pk}/review/#ind-{drop.pk}"
    assert (restored.name, restored.unit, restored.evidence) == (
        "高新技术企业数量",
        "家",
        "原文：高新技术企业数量",
    )
    assert list(restored.targets.values_list("pk", "value", "year")) == [(drop_target.pk, 1200, 2026)]
    assert Observation.objects.get(period="2023").indicator_id == drop.pk
    assert list(keep.targets.values_list("value", flat=True)) == [500]
    assert (keep.name, keep.unit, keep.evidence) == ("科技型中小企业数", "", "原文：科技型中小企业")
    assert not IndicatorRemoval.objects.exists()
    assert list(
        AuditEntry.objects.filter(action__in=["merge", "unmerge"])
        .order_by("pk")
        .values_list("action", flat=True)
    ) == [
        "merge",
        "unmerge",
    ]


def test_bulk_drop_removes_the_ticked_entries_at_once_and_each_can_be_undone(admin_client, draft):
    first, second, third = draft.indicators.order_by("position")
    data = _form_values(_page(admin_client, draft))
    data["selected"] = [str(second.pk), str(third.pk)]

    response = admin_client.post(f"/plans/{draft.pk}/review/drop/", data)

    assert list(draft.indicators.values_list("pk", flat=True)) == [first.pk]
    assert not Target.objects.filter(indicator_id__in=[second.pk, third.pk]).exists()
    html = admin_client.get(response["Location"]).content.decode()
    assert "已删除 2 项指标：“高新技术企业数量”、“研发经费投入强度”" in html
    assert html.count("撤销删除</button>") == 2
    assert AuditEntry.objects.filter(action="drop").count() == 2

    removal = IndicatorRemoval.objects.get(name="研发经费投入强度")
    admin_client.post(f"/plans/{draft.pk}/review/removals/{removal.pk}/undo/")

    back = Indicator.objects.get(pk=third.pk)
    assert (back.name, back.category, back.targets.get().value, back.targets.get().comparator) == (
        "研发经费投入强度",
        "创新投入",
        3.5,
        "~",
    )


def test_bulk_drop_with_one_entry_holding_entered_figures_drops_none(admin_client, draft):
    first, second, _ = draft.indicators.order_by("position")
    record_observation(indicator=second, area=draft.area, period="2024", value=1100, source="statistics")

    admin_client.post(f"/plans/{draft.pk}/review/drop/", {"selected": [str(first.pk), str(second.pk)]})

    assert draft.indicators.count() == 3
    assert not IndicatorRemoval.objects.exists()


def test_each_doubtful_entry_is_warned_about_on_the_page(admin_client, draft):
    hnte = CatalogIndicator.objects.get(code="HNTE_COUNT")
    _indicator(draft, 4, "市级科技企业孵化器", value=3, year=2027)
    _indicator(draft, 5, "新增众创空间", value=0)
    Indicator.objects.filter(position=2).update(catalog=hnte, unit="个")
    _indicator(draft, 6, "科技型中小企业数", value=500)  # the same goal as position 1, worded apart

    html = _page(admin_client, draft)

    def warnings_of(position: int) -> list[str]:
        pk = draft.indicators.get(position=position).pk
        section = html.split(f'id="ind-{pk}"')[1].split("</details>")[0]
        found = re.search(r'<ul class="warnings">(.*?)</ul>', section, re.S)
        return re.findall(r"<li>([^<]+)</li>", found.group(1)) if found else []

    assert warnings_of(4) == ["目标年 2027 超出规划期（2024–2026年），请核对是否读错"]
    assert warnings_of(5) == ["目标“2026年不低于 0家”为零，等于没有目标，请核对是否读错"]
    assert warnings_of(2) == ["单位“个”与标准指标“高新技术企业数”的单位“家”不一致，请核对单位或对应关系"]
    assert warnings_of(1) == ["与“科技型中小企业数”的目标相同（2026年不低于 500家），可能重复，可合并"]
    assert warnings_of(6) == ["与“科技型中小企业”的目标相同（2026年不低于 500家），可能重复，可合并"]
    assert warnings_of(3) == []
    assert "5 项有提醒" in html


def test_catalogue_entries_are_named_in_chinese_and_no_code_reaches_the_page(admin_client, draft):
    Indicator.objects.filter(position=2).update(catalog=CatalogIndicator.objects.get(code="HNTE_COUNT"))

    html = _page(admin_client, draft)

    codes = list(CatalogIndicator.objects.values_list("code", flat=True))
    assert len(codes) > 40
    assert [c for c in codes if c in html] == []
    assert ">高新技术企业数</option>" in html


def test_a_thirty_indicator_plan_opens_one_section_and_has_one_save_button(admin_client, draft):
    for n in range(4, 34):
        _indicator(draft, n, f"指标{n}", category=f"类别{n % 5}", value=n)

    html = _page(admin_client, draft)

    sections = re.findall(r'<details class="review-section" id="(sec-\d+)"( open)?>', html)
    assert len(sections) == 7
    assert [key for key, is_open in sections if is_open] == ["sec-1"]
    assert html.count('<details class="review-item') == 33
    opened = re.findall(r'<details class="review-item[^"]*" id="ind-\d+" open>', html)
    assert len(opened) == 1  # where to start; the rest is one line each
    assert html.count("data-save>保存全部修改</button>") == 1
    assert html.count('href="#ind-') == 33  # the side list jumps to each


def test_a_hundred_indicator_plan_is_saved_in_one_post(admin_client, draft):
    for n in range(4, 104):
        ind = _indicator(draft, n, f"指标{n}", category=f"类别{n % 7}", value=n)
        Target.objects.create(indicator=ind, year=2025, value=n / 2)
    data = _form_values(_page(admin_client, draft))
    last = draft.indicators.get(position=103)
    data[f"ind{last.pk}-reviewed"] = "on"

    response = admin_client.post(f"/plans/{draft.pk}/review/save/", data)

    assert len(data) > 1000  # more fields than Django lets a form send by default
    assert response.status_code == 302
    assert Indicator.objects.get(pk=last.pk).reviewed
