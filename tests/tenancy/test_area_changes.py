"""Boundary changes (区划调整): dated renames, merges and moves; records stay with their area and
history says what the area was called then. Domain rules, the scheduled job and the page over HTTP."""

from __future__ import annotations

import datetime as dt

import pytest

from kechuang.cli.scheduled import JOBS
from kechuang.plans.models import Plan
from kechuang.tenancy.domain.area_changes import (
    AreaChangeRefused,
    apply_due_changes,
    area_name_on,
    merge_areas,
    move_area,
    names_by_date,
    parent_on,
    rename_area,
)
from kechuang.tenancy.models import Area, AreaChange, AuditEntry, Membership, Role

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 1)


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def town(parent: Area, code: str, name: str, kind: str = "town") -> Area:
    return Area.objects.create(code=code, name=name, kind=kind, parent=parent)


def test_a_rename_keeps_the_old_name_for_earlier_dates(shanghai):
    zhujing = shanghai["town"]

    change = rename_area(zhujing, "朱泾街道", day("2026-01-01"), note="沪府〔2025〕1号", today=TODAY)

    zhujing.refresh_from_db()
    assert zhujing.name == "朱泾街道" and change.applied_at is not None
    assert area_name_on(Area.objects.get(pk=zhujing.pk), day("2025-12-31")) == "朱泾镇"
    assert area_name_on(Area.objects.get(pk=zhujing.pk), day("2026-01-01")) == "朱泾街道"
    entry = AuditEntry.objects.get(action="area_rename")
    shown = dict(entry.changes_shown)
    assert entry.action_label == "区划调整：改名"
    assert shown["名称"] == "朱泾镇 → 朱泾街道" and shown["生效日期"] == "2026年1月1日"
    assert shown["说明"] == "沪府〔2025〕1号"
    periods = names_by_date(zhujing)
    assert [(p.span, p.name, p.parent) for p in periods] == [
        ("最初至2025年12月31日", "朱泾镇", "金山区"),
        ("2026年1月1日至今", "朱泾街道", "金山区"),
    ]


def test_a_merged_area_keeps_its_plans_is_marked_ended_and_its_towns_move(shanghai):
    jinshan, songjiang = shanghai["jinshan"], shanghai["songjiang"]
    plan = Plan.objects.create(
        title="金山区科技创新规划", area=jinshan, period_start=2021, period_end=2025, status="published"
    )

    merge_areas(jinshan, songjiang, day("2026-03-01"), today=TODAY)

    jinshan.refresh_from_db()
    plan.refresh_from_db()
    assert plan.area_id == jinshan.pk
    assert jinshan.ended_on == day("2026-03-01")
    assert str(jinshan) == "金山区（已撤并，2026年3月1日）"
    assert Area.objects.get(code="310116001").parent_id == songjiang.pk  # 朱泾镇 moved along
    zhujing = Area.objects.get(code="310116001")
    assert parent_on(zhujing, day("2026-02-28")) == jinshan
    assert zhujing.changes.get().note == "随“金山区”并入“松江区”"
    assert jinshan not in Area.objects.in_use()
    with pytest.raises(AreaChangeRefused, match="已撤并"):
        rename_area(jinshan, "新金山区", day("2026-04-01"), today=TODAY)
    with pytest.raises(AreaChangeRefused, match="不能作为并入或改属的目标"):
        merge_areas(songjiang, jinshan, day("2026-04-01"), today=TODAY)


def test_a_park_moves_to_another_district_with_its_history(shanghai):
    park = town(shanghai["jinshan"], "310116900", "金山科创园", "park")

    move_area(park, shanghai["songjiang"], day("2026-05-01"), today=TODAY)

    park.refresh_from_db()
    assert park.parent == shanghai["songjiang"]
    assert parent_on(park, day("2026-04-30")) == shanghai["jinshan"]
    assert [p.parent for p in names_by_date(park)] == ["金山区", "松江区"]
    assert dict(AuditEntry.objects.get(action="area_move").changes_shown)["上级地区"] == "金山区 → 松江区"


def test_a_future_change_waits_for_the_scheduled_job(shanghai):
    zhujing = shanghai["town"]

    change = rename_area(zhujing, "朱泾街道", day("2026-09-01"), today=TODAY)

    zhujing.refresh_from_db()
    assert zhujing.name == "朱泾镇" and change.applied_at is None
    assert dict(AuditEntry.objects.get(action="area_rename").changes_shown)["状态"] == "待生效"
    assert area_name_on(zhujing, day("2026-08-31")) == "朱泾镇"
    assert apply_due_changes(day("2026-08-31")) == 0
    assert ("区划调整生效", "kechuang.tenancy.domain.area_changes:apply_due_changes") in JOBS

    assert apply_due_changes(day("2026-09-01")) == 1
    assert apply_due_changes(day("2026-09-02")) == 0  # once only
    zhujing.refresh_from_db()
    assert zhujing.name == "朱泾街道"
    assert area_name_on(zhujing, day("2026-06-01")) == "朱泾镇"
    assert AuditEntry.objects.get(action="area_apply").user_name == "系统"


def test_the_scheduled_command_runs_the_due_changes(shanghai, capsys):
    from kechuang.cli import main

    rename_area(shanghai["town"], "朱泾街道", day("2026-09-01"), today=TODAY)

    main(["run-scheduled", "--date", "2026-09-01"])

    assert "区划调整生效：执行 1 项" in capsys.readouterr().out
    assert Area.objects.get(code="310116001").name == "朱泾街道"


@pytest.mark.parametrize(
    ("action", "message"),
    [
        (lambda s: rename_area(s["town"], "  ", TODAY, today=TODAY), "新名称不能为空"),
        (lambda s: rename_area(s["town"], "朱泾镇", TODAY, today=TODAY), "与现名称“朱泾镇”相同"),
        (
            lambda s: rename_area(s["jinshan"], "松江区", TODAY, today=TODAY),
            "“上海市”下已有名为“松江区”的地区",
        ),
        (lambda s: move_area(s["jinshan"], s["town"], TODAY, today=TODAY), "形成循环"),
        (lambda s: move_area(s["jinshan"], s["jinshan"], TODAY, today=TODAY), "上级不能是它自己"),
        (lambda s: move_area(s["town"], s["songjiang"], day("2028-01-01"), today=TODAY), "最晚为一年之内"),
        (lambda s: merge_areas(s["jinshan"], s["jinshan"], TODAY, today=TODAY), "不能把地区并入它自己"),
        (lambda s: merge_areas(s["jinshan"], s["town"], TODAY, today=TODAY), "并入它的下级地区"),
        (lambda s: merge_areas(s["town"], s["songjiang"], TODAY, today=TODAY), "只能合并同类型的地区"),
        (
            lambda s: rename_area(
                s["town"], "某镇", TODAY, today=TODAY, allowed_area_ids={s["songjiang"].pk}
            ),
            "不在您管理的范围内",
        ),
    ],
)
def test_bad_changes_are_refused_in_chinese_and_write_nothing(shanghai, action, message):
    before = list(Area.objects.values_list("code", "name", "parent_id", "ended_on"))

    with pytest.raises(AreaChangeRefused, match=message):
        action(shanghai)

    assert list(Area.objects.values_list("code", "name", "parent_id", "ended_on")) == before
    assert not AreaChange.objects.exists() and not AuditEntry.objects.exists()


def test_a_change_may_not_be_dated_before_the_last_one(shanghai):
    rename_area(shanghai["town"], "朱泾街道", day("2026-03-01"), today=TODAY)

    with pytest.raises(AreaChangeRefused, match="不能早于该地区上一次调整的生效日期（2026年3月1日）"):
        rename_area(shanghai["town"], "朱泾新镇", day("2026-02-01"), today=TODAY)


def test_an_ended_parent_is_refused_by_the_area_import(shanghai):
    from kechuang.tenancy.domain.areas_import import check_area_rows, rows_of

    merge_areas(shanghai["jinshan"], shanghai["songjiang"], day("2026-03-01"), today=TODAY)

    errors = check_area_rows(rows_of([("310116900", "金山科创园", "园区", "310116")]))
    assert errors == ["第 2 行：上级“金山区（已撤并，2026年3月1日）”已撤并，不能再挂下级地区"]


# --- the page -------------------------------------------------------------------------------------


@pytest.fixture
def district_admin(shanghai, django_user_model):
    user = django_user_model.objects.create_user(
        "jsadmin", "js@example.cn", "pw-js-admin-1", first_name="金山管理员"
    )
    Membership.objects.create(user=user, role=Role.DISTRICT_ADMIN, area=shanghai["jinshan"])
    return user


def test_the_page_records_a_rename_and_shows_the_history(client, district_admin, shanghai):
    client.force_login(district_admin)
    url = f"/areas/{shanghai['town'].pk}/changes/"

    done = client.post(
        url,
        {"kind": "rename", "effective_on": "2026-01-01", "new_name": "朱泾街道", "note": "批复"},
        follow=True,
    )

    text = done.content.decode()
    assert done.status_code == 200
    assert "已登记改名，已生效" in text
    assert "“朱泾镇”改名为“朱泾街道”" in text and "2026年1月1日至今" in text
    assert Area.objects.get(pk=shanghai["town"].pk).name == "朱泾街道"
    assert AuditEntry.objects.get(action="area_rename").user == district_admin
    assert "朱泾街道" in client.get("/areas/").content.decode()


def test_the_page_refuses_a_cycle_in_chinese(client, district_admin, shanghai):
    park = town(shanghai["town"], "310116900", "金山科创园", "park")
    client.force_login(district_admin)

    response = client.post(
        f"/areas/{shanghai['town'].pk}/changes/",
        {"kind": "move", "effective_on": "2026-01-01", "target": park.code},
    )

    assert response.status_code == 400
    assert "未登记：" in response.content.decode() and "形成循环" in response.content.decode()
    assert Area.objects.get(pk=shanghai["town"].pk).parent == shanghai["jinshan"]
    assert not AreaChange.objects.exists()


def test_the_page_asks_for_what_each_kind_needs(client, district_admin, shanghai):
    client.force_login(district_admin)

    response = client.post(
        f"/areas/{shanghai['town'].pk}/changes/", {"kind": "merge", "effective_on": "2026-01-01"}
    )

    assert response.status_code == 400
    assert "合并时请填写并入的地区" in response.content.decode()


def test_another_districts_admin_and_a_liaison_are_refused(client, shanghai, django_user_model):
    other = django_user_model.objects.create_user("sjadmin", "sj@example.cn", "pw-sj-admin-1")
    Membership.objects.create(user=other, role=Role.DISTRICT_ADMIN, area=shanghai["songjiang"])
    liaison = django_user_model.objects.create_user("l1", "l1@example.cn", "pw-l1-000000")
    Membership.objects.create(user=liaison, role=Role.LIAISON, area=shanghai["town"])
    url = f"/areas/{shanghai['town'].pk}/changes/"

    client.force_login(other)
    refused = client.get(url)
    assert refused.status_code == 404 and "页面不存在" in refused.content.decode()
    posted = client.post(url, {"kind": "rename", "effective_on": "2026-01-01", "new_name": "某镇"})
    assert posted.status_code == 404
    assert "朱泾镇" not in client.get("/areas/").content.decode()

    client.force_login(liaison)
    assert client.get(url).status_code == 403
    assert client.get("/areas/").status_code == 403
    assert Area.objects.get(pk=shanghai["town"].pk).name == "朱泾镇"


def test_the_area_merged_into_is_named_by_name_or_code_and_a_shared_name_asks_for_the_code(
    client, district_admin, shanghai
):
    lucky = town(shanghai["jinshan"], "310116002", "枫泾镇")
    town(shanghai["songjiang"], "310117002", "枫泾镇")  # the same name, outside the district
    town(shanghai["jinshan"], "310116003", "新城镇")
    town(shanghai["jinshan"], "310116004", "新城镇", kind="park")
    client.force_login(district_admin)
    url = f"/areas/{shanghai['town'].pk}/changes/"
    form = client.get(url).content.decode()
    assert '<datalist id="area-targets">' in form and '<option value="枫泾镇">' in form
    assert '<option value="310116003">' in form  # a shared name is suggested as its code

    unknown = client.post(url, {"kind": "merge", "effective_on": "2026-01-01", "target": "不存在镇"})
    assert unknown.status_code == 400 and "没有找到名称或代码为“不存在镇”的地区" in unknown.content.decode()
    assert "合并时请填写" not in unknown.content.decode()  # one message, the one that says why
    outside = client.post(url, {"kind": "merge", "effective_on": "2026-01-01", "target": "310117002"})
    assert "没有找到名称或代码为“310117002”的地区" in outside.content.decode()  # another district's
    shared = client.post(url, {"kind": "merge", "effective_on": "2026-01-01", "target": "新城镇"})
    assert (
        "有多个名为“新城镇”的地区，请填写代码：310116003（金山区）、310116004（金山区）"
        in shared.content.decode()
    )
    assert not AreaChange.objects.exists()

    done = client.post(url, {"kind": "merge", "effective_on": "2026-01-01", "target": "枫泾镇"}, follow=True)
    assert "已登记合并，已生效" in done.content.decode()
    assert AreaChange.objects.get().merged_into == lucky


def test_a_nation_of_areas_is_not_suggested_but_found_by_code(client, admin_user, shanghai):
    Area.objects.bulk_create(
        Area(code=f"31011{k:04d}", name=f"测试{k}镇", kind="town", parent=shanghai["songjiang"])
        for k in range(1000, 1310)
    )
    client.force_login(admin_user)
    url = f"/areas/{shanghai['town'].pk}/changes/"
    form = client.get(url).content.decode()
    assert "<datalist" not in form  # 300 suggestions at most

    moved = client.post(url, {"kind": "move", "effective_on": "2026-01-01", "target": "310117"}, follow=True)
    assert "已登记改属，已生效" in moved.content.decode()
    assert Area.objects.get(pk=shanghai["town"].pk).parent == shanghai["songjiang"]
