"""The plan grid through the HTTP stack: indicators × years for one area, changed cells saved at once."""

from __future__ import annotations

import pytest

from kechuang.observations.domain import record_observation
from kechuang.observations.models import Observation, ObservationRevision
from kechuang.plans.models import Indicator, Plan
from kechuang.tenancy.models import Area, Membership, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(shanghai):
    plan = Plan.objects.create(
        title="金山区科技创新规划", area=shanghai["jinshan"], period_start=2021, period_end=2025
    )
    Indicator.objects.create(plan=plan, name="高新技术企业数量", unit="家", position=1)
    Indicator.objects.create(plan=plan, name="研发投入强度", unit="%", position=2)
    return plan


@pytest.fixture
def hnte(plan):
    return plan.indicators.get(name="高新技术企业数量")


@pytest.fixture
def rd(plan):
    return plan.indicators.get(name="研发投入强度")


def member(django_user_model, username, role, area):
    user = django_user_model.objects.create_user(username, password=f"pw-{username}-123")
    Membership.objects.create(user=user, role=role, area=area)
    return user


@pytest.fixture
def district_admin(django_user_model, shanghai):
    return member(django_user_model, "jsadmin", Role.DISTRICT_ADMIN, shanghai["jinshan"])


def grid_url(plan, area=None):
    return f"/observations/plans/{plan.pk}/grid/" + (f"?area={area.pk}" if area else "")


def loaded(client, plan, area=None) -> dict:
    """The grid's form as the page gives it: every cell's name and value (what a browser would post back)."""
    response = client.get(grid_url(plan, area))
    assert response.status_code == 200
    data = {"area": str(response.context["area"].pk), "by": "year", "source": "statistics", "status": "final"}
    for row in response.context["rows"]:
        for c in row["cells"]:
            data[f"v{c['key']}"] = c["text"]
            data[f"s{c['key']}"] = c["seen"]
    return data


def values(area) -> dict:
    return {(o.indicator.name, o.period): o.value for o in Observation.objects.filter(area=area)}


def test_grid_shows_indicators_by_year_with_saved_values(client, plan, hnte, district_admin):
    record_observation(indicator=hnte, area=plan.area, period="2022", value=512, source="statistics")
    client.force_login(district_admin)

    response = client.get(grid_url(plan))

    page = response.content.decode()
    assert "高新技术企业数量" in page and "（家）" in page
    assert [p.label for p in response.context["periods"]] == ["2021", "2022", "2023", "2024", "2025"]
    assert f'name="v{hnte.pk}_2022" value="512"' in page
    assert "金山区" in page


def test_only_changed_cells_are_saved_in_one_go(client, plan, hnte, rd, district_admin):
    record_observation(indicator=hnte, area=plan.area, period="2022", value=512, source="manual")
    client.force_login(district_admin)
    data = loaded(client, plan)
    data[f"v{hnte.pk}_2023"] = "530"
    data[f"v{rd.pk}_2023"] = "4.1"

    response = client.post(grid_url(plan), data, follow=True)

    assert "已保存 2 个单元格（新增 2，更正 0）" in response.content.decode()
    assert values(plan.area) == {
        ("高新技术企业数量", "2022"): 512.0,
        ("高新技术企业数量", "2023"): 530.0,
        ("研发投入强度", "2023"): 4.1,
    }
    # The untouched 2022 figure kept its source and got no new revision.
    assert Observation.objects.get(indicator=hnte, period="2022").source == "manual"
    assert ObservationRevision.objects.count() == 3
    assert ObservationRevision.objects.filter(changed_by=district_admin).count() == 2


def test_one_bad_cell_saves_nothing_and_is_named(client, plan, hnte, rd, district_admin):
    client.force_login(district_admin)
    data = loaded(client, plan)
    data[f"v{hnte.pk}_2023"] = "530"
    data[f"v{rd.pk}_2024"] = "四点一"

    response = client.post(grid_url(plan), data)

    page = response.content.decode()
    assert response.status_code == 400
    assert "有 1 个单元格填写有误（研发投入强度 2024年），本次没有保存任何数据" in page
    assert "数值“四点一”不是数字" in page
    assert f'name="v{hnte.pk}_2023" value="530"' in page  # the person's input is kept
    assert Observation.objects.count() == 0


def test_a_correction_needs_a_reason_which_goes_into_the_revision(client, plan, hnte, rd, district_admin):
    record_observation(indicator=hnte, area=plan.area, period="2023", value=512, source="statistics")
    client.force_login(district_admin)
    data = loaded(client, plan)
    data[f"v{hnte.pk}_2023"] = "515"
    data[f"v{rd.pk}_2023"] = "4.1"

    refused = client.post(grid_url(plan), data)

    assert refused.status_code == 400
    assert "更正已有数值时须填写修改原因：高新技术企业数量 2023年" in refused.content.decode()
    assert values(plan.area) == {("高新技术企业数量", "2023"): 512.0}

    data["reason"] = "统计局年报更正"
    client.post(grid_url(plan), data)

    assert values(plan.area) == {("高新技术企业数量", "2023"): 515.0, ("研发投入强度", "2023"): 4.1}
    revision = ObservationRevision.objects.get(action="update")
    assert (revision.old_value, revision.new_value, revision.reason) == (512.0, 515.0, "统计局年报更正")
    assert revision.changed_by == district_admin


def test_clearing_a_saved_value_is_refused(client, plan, hnte, district_admin):
    record_observation(indicator=hnte, area=plan.area, period="2023", value=512, source="statistics")
    client.force_login(district_admin)
    data = loaded(client, plan)
    data[f"v{hnte.pk}_2023"] = ""

    response = client.post(grid_url(plan), data)

    assert "已有数值不能清空" in response.content.decode()
    assert values(plan.area) == {("高新技术企业数量", "2023"): 512.0}


def test_a_cell_changed_by_someone_else_stops_the_save_and_is_named(
    client, plan, hnte, rd, district_admin, django_user_model, shanghai
):
    record_observation(indicator=hnte, area=plan.area, period="2023", value=512, source="statistics")
    client.force_login(district_admin)
    data = loaded(client, plan)
    other = member(django_user_model, "colleague", Role.DISTRICT_ADMIN, shanghai["jinshan"])
    record_observation(
        indicator=hnte,
        area=plan.area,
        period="2023",
        value=520,
        source="statistics",
        reason="核对",
        acting_user=other,
    )
    data[f"v{hnte.pk}_2023"] = "515"
    data[f"v{rd.pk}_2024"] = "4.3"
    data["reason"] = "更正"

    response = client.post(grid_url(plan), data)

    page = response.content.decode()
    assert response.status_code == 409
    assert "以下数据在您打开本页后已被他人修改，本次没有保存任何数据：高新技术企业数量 2023年" in page
    assert "已被colleague改为 520，您的输入为 515" in page
    assert values(plan.area) == {("高新技术企业数量", "2023"): 520.0}

    # The page now carries the current version: saving again means "mine wins".
    again = {k: v for k, v in data.items()}
    for row in response.context["rows"]:
        for c in row["cells"]:
            again[f"s{c['key']}"] = c["seen"]
    client.post(grid_url(plan), again)
    assert values(plan.area) == {("高新技术企业数量", "2023"): 515.0, ("研发投入强度", "2024"): 4.3}


def test_unchanged_cells_changed_elsewhere_are_left_alone(client, plan, hnte, rd, district_admin):
    record_observation(indicator=hnte, area=plan.area, period="2023", value=512, source="statistics")
    client.force_login(district_admin)
    data = loaded(client, plan)
    record_observation(indicator=hnte, area=plan.area, period="2023", value=520, source="statistics")
    data[f"v{rd.pk}_2023"] = "4.1"

    response = client.post(grid_url(plan), data, follow=True)

    assert response.status_code == 200
    assert values(plan.area) == {("高新技术企业数量", "2023"): 520.0, ("研发投入强度", "2023"): 4.1}


def test_another_towns_area_is_refused(client, shanghai, django_user_model):
    town = shanghai["town"]
    other_town = Area.objects.create(code="310116002", name="枫泾镇", kind="town", parent=shanghai["jinshan"])
    plan = Plan.objects.create(title="朱泾镇行动方案", area=town, period_start=2024, period_end=2026)
    ind = Indicator.objects.create(plan=plan, name="科技型中小企业数量", unit="家")
    liaison = member(django_user_model, "zj", Role.LIAISON, town)
    client.force_login(liaison)
    data = loaded(client, plan)
    assert [a.name for a in client.get(grid_url(plan)).context["areas"]] == ["朱泾镇"]
    data[f"v{ind.pk}_2024"] = "300"

    refused = client.post(grid_url(plan), {**data, "area": str(other_town.pk)})
    peek = client.get(grid_url(plan, other_town))

    assert (refused.status_code, peek.status_code) == (403, 403)
    assert Observation.objects.count() == 0
    # Another town's liaison cannot open the plan at all.
    client.force_login(member(django_user_model, "fj", Role.LIAISON, other_town))
    assert client.post(grid_url(plan), {**data, "area": str(other_town.pk)}).status_code == 404
    assert Observation.objects.count() == 0


def test_months_of_a_year_are_columns_too(client, plan, hnte, district_admin):
    client.force_login(district_admin)
    page = client.get(f"/observations/plans/{plan.pk}/grid/?by=month&year=2024")
    assert [p.label for p in page.context["periods"]][:2] == ["2024-01", "2024-02"]
    data = {
        "area": str(plan.area_id),
        "by": "month",
        "year": "2024",
        "source": "monthly_report",
        "status": "provisional",
        f"v{hnte.pk}_2024-03": "1,234",
        f"s{hnte.pk}_2024-03": "0|",
    }

    client.post(f"/observations/plans/{plan.pk}/grid/", data)

    obs = Observation.objects.get()
    assert (obs.period, obs.period_kind, obs.value, obs.status) == ("2024-03", "month", 1234.0, "provisional")


def test_viewer_cannot_use_the_grid(client, plan, hnte, django_user_model, shanghai):
    viewer = member(django_user_model, "jv", Role.VIEWER, shanghai["jinshan"])
    client.force_login(viewer)

    get = client.get(grid_url(plan))
    post = client.post(
        grid_url(plan), {f"v{hnte.pk}_2023": "1", f"s{hnte.pk}_2023": "0|", "source": "manual"}
    )

    assert (get.status_code, post.status_code) == (404, 404)
    assert Observation.objects.count() == 0
