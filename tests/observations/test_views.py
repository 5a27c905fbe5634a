"""Data entry pages through the real HTTP stack: access, entry, correction, import, history, task progress."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from kechuang.observations.domain import record_observation
from kechuang.observations.models import Observation, ObservationRevision
from kechuang.plans.enums import PlanStatus, TaskStatus
from kechuang.plans.models import Indicator, Plan, Task, TaskOwner, TaskUpdate
from kechuang.tenancy.models import Membership, Role

pytestmark = pytest.mark.django_db

CSV_OK = "地区,指标,期间,数值,来源\r\n金山区,高新技术企业数量,2023,512,统计数据\r\n".encode("utf-8-sig")


def snapshot() -> list:
    obs = list(Observation.objects.order_by("pk").values_list("pk", "value", "source", "status"))
    return [obs, ObservationRevision.objects.count(), list(TaskUpdate.objects.values_list("pk", flat=True))]


@pytest.fixture
def plan(shanghai):
    plan = Plan.objects.create(
        title="金山区科技创新规划", area=shanghai["jinshan"], period_start=2021, period_end=2025
    )
    Indicator.objects.create(plan=plan, name="高新技术企业数量", unit="家", position=1)
    return plan


@pytest.fixture
def indicator(plan):
    return plan.indicators.get()


@pytest.fixture
def task(plan):
    task = Task.objects.create(plan=plan, code="1", goal="建设碳谷绿湾科创园", deadline=2025)
    TaskOwner.objects.create(task=task, name="区科委", position=0)
    TaskOwner.objects.create(task=task, name="金山工业区", position=1)
    return task


def member(django_user_model, username, role, area):
    user = django_user_model.objects.create_user(username, password=f"pw-{username}-123")
    Membership.objects.create(user=user, role=role, area=area)
    return user


@pytest.fixture
def jinshan_liaison(django_user_model, shanghai):
    return member(django_user_model, "js", Role.LIAISON, shanghai["jinshan"])


@pytest.fixture
def songjiang_liaison(django_user_model, shanghai):
    return member(django_user_model, "sj", Role.LIAISON, shanghai["songjiang"])


@pytest.fixture
def jinshan_viewer(django_user_model, shanghai):
    return member(django_user_model, "jv", Role.VIEWER, shanghai["jinshan"])


def upload(data: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def entry(indicator, area, **extra) -> dict:
    data = {
        "indicator": indicator.pk,
        "area": area.pk,
        "period": "2023",
        "value": "512",
        "source": "statistics",
        "status": "final",
        "reason": "",
    }
    data.update(extra)
    return data


def urls(plan, obs_id=1, task_id=1) -> list[str]:
    return [
        "/observations/",
        f"/observations/plans/{plan.pk}/",
        f"/observations/plans/{plan.pk}/import/",
        f"/observations/plans/{plan.pk}/template.xlsx",
        f"/observations/{obs_id}/history/",
        f"/observations/tasks/{task_id}/update/",
    ]


def test_anonymous_visitor_is_sent_to_login_everywhere(client, plan, indicator, task):
    obs = record_observation(indicator=indicator, area=plan.area, period="2023", value=1, source="manual")

    for url in urls(plan, obs.observation.pk, task.pk):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(f"/login/?next={url}"), url
    response = client.post(f"/observations/plans/{plan.pk}/import/", {"file": upload(CSV_OK, "a.csv")})
    assert response["Location"].startswith("/login/")
    assert Observation.objects.count() == 1


def test_index_lists_only_plans_the_user_may_change(client, plan, shanghai, songjiang_liaison):
    Plan.objects.create(
        title="松江区行动计划", area=shanghai["songjiang"], period_start=2024, period_end=2026
    )
    client.force_login(songjiang_liaison)

    page = client.get("/observations/").content.decode()

    assert "松江区行动计划" in page
    assert "金山区科技创新规划" not in page


def test_index_query_count_does_not_grow(admin_client, shanghai, django_assert_num_queries):
    Plan.objects.create(title="甲", area=shanghai["jinshan"], period_start=2021, period_end=2025)
    with django_assert_num_queries(4):  # +1: the header's unread-notification count
        admin_client.get("/observations/")
    for title in ("乙", "丙"):
        Plan.objects.create(title=title, area=shanghai["jinshan"], period_start=2021, period_end=2025)
    with django_assert_num_queries(4):  # +1: the header's unread-notification count
        page = admin_client.get("/observations/").content.decode()
    assert page.count("/import/") == 3


def test_liaison_adds_a_value_through_the_form(client, plan, indicator, jinshan_liaison):
    client.force_login(jinshan_liaison)

    response = client.post(f"/observations/plans/{plan.pk}/", entry(indicator, plan.area), follow=True)

    page = response.content.decode()
    assert "已新增：高新技术企业数量 金山区 2023" in page
    obs = Observation.objects.get()
    assert (obs.value, obs.source, obs.entered_by) == (512.0, "statistics", jinshan_liaison)
    assert "512" in page


def test_correction_through_the_form_keeps_history_shown_on_the_history_page(
    client, plan, indicator, jinshan_liaison
):
    client.force_login(jinshan_liaison)
    client.post(f"/observations/plans/{plan.pk}/", entry(indicator, plan.area, value="500", source="manual"))

    response = client.post(
        f"/observations/plans/{plan.pk}/",
        entry(indicator, plan.area, value="512", reason="统计局更正", version="1"),  # opened via 更正
        follow=True,
    )

    assert "已更正：高新技术企业数量 金山区 2023（原值已记入修改记录）" in response.content.decode()
    obs = Observation.objects.get()
    assert [(r.old_value, r.new_value, r.changed_by, r.reason) for r in obs.revisions.all()] == [
        (500.0, 512.0, jinshan_liaison, "统计局更正"),
        (None, 500.0, jinshan_liaison, ""),
    ]
    history = client.get(f"/observations/{obs.pk}/history/").content.decode()
    assert "500 → 512" in history
    assert "统计局更正" in history
    assert "js" in history
    assert "手工录入 → 统计数据" in history


def test_form_rejects_a_bad_period_and_writes_nothing(client, plan, indicator, jinshan_liaison):
    client.force_login(jinshan_liaison)

    response = client.post(f"/observations/plans/{plan.pk}/", entry(indicator, plan.area, period="2023-13"))

    assert response.status_code == 200
    assert "期间“2023-13”的月份无效" in response.content.decode()
    assert Observation.objects.count() == 0


def test_form_offers_only_areas_within_plan_and_scope(client, plan, indicator, shanghai, django_user_model):
    town_admin = member(django_user_model, "tz", Role.DISTRICT_ADMIN, shanghai["jinshan"])
    client.force_login(town_admin)

    response = client.post(f"/observations/plans/{plan.pk}/", entry(indicator, shanghai["songjiang"]))

    assert "选择一个有效的选项" in response.content.decode()
    assert Observation.objects.count() == 0
    assert set(response.context["form"].fields["area"].queryset) == {shanghai["jinshan"], shanghai["town"]}


def test_songjiang_liaison_cannot_import_into_a_jinshan_plan(client, plan, indicator, songjiang_liaison):
    client.force_login(songjiang_liaison)
    before = snapshot()

    get = client.get(f"/observations/plans/{plan.pk}/import/")
    post = client.post(f"/observations/plans/{plan.pk}/import/", {"file": upload(CSV_OK, "a.csv")})
    entry_post = client.post(f"/observations/plans/{plan.pk}/", entry(indicator, plan.area))

    assert (get.status_code, post.status_code, entry_post.status_code) == (404, 404, 404)
    assert snapshot() == before


def test_viewer_cannot_post(client, plan, indicator, task, jinshan_viewer):
    client.force_login(jinshan_viewer)
    before = snapshot()

    responses = [
        client.post(f"/observations/plans/{plan.pk}/", entry(indicator, plan.area)),
        client.post(f"/observations/plans/{plan.pk}/import/", {"file": upload(CSV_OK, "a.csv")}),
        client.post(
            f"/observations/tasks/{task.pk}/update/",
            {"reported_on": "2024-03-31", "unit": "区科委", "text": "x", "progress": "50"},
        ),
    ]

    assert [r.status_code for r in responses] == [404, 404, 404]
    assert snapshot() == before
    assert "金山区科技创新规划" not in client.get("/observations/").content.decode()


def test_viewer_may_read_history_but_not_see_the_correct_link(client, plan, indicator, jinshan_viewer):
    # A draft's figures are its reviewers' only.
    Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.PUBLISHED)
    obs = record_observation(indicator=indicator, area=plan.area, period="2023", value=1, source="manual")
    client.force_login(jinshan_viewer)

    page = client.get(f"/observations/{obs.observation.pk}/history/").content.decode()

    assert "修改记录" in page
    assert "更正此数值" not in page


def test_history_outside_scope_is_404(client, plan, indicator, songjiang_liaison):
    obs = record_observation(indicator=indicator, area=plan.area, period="2023", value=1, source="manual")
    client.force_login(songjiang_liaison)

    assert client.get(f"/observations/{obs.observation.pk}/history/").status_code == 404


def test_csrf_is_enforced(plan, indicator, jinshan_liaison):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(jinshan_liaison)

    response = csrf_client.post(f"/observations/plans/{plan.pk}/", entry(indicator, plan.area))

    assert response.status_code == 403
    assert Observation.objects.count() == 0


def preview_token(response) -> str:
    """The token of the file waiting behind a preview page."""
    return response.context["form"].initial["token"]


def test_import_upload_success_shows_counts(client, plan, jinshan_liaison):
    client.force_login(jinshan_liaison)

    preview = client.post(f"/observations/plans/{plan.pk}/import/", {"file": upload(CSV_OK, "a.csv")})
    assert "新增 <b>1</b> 行" in preview.content.decode()
    assert Observation.objects.count() == 0
    response = client.post(
        f"/observations/plans/{plan.pk}/import/confirm/",
        {"token": preview_token(preview), "action": "confirm"},
        follow=True,
    )

    assert "已导入 1 条（新增 1，更正 0，未变 0）" in response.content.decode()
    assert list(Observation.objects.values_list("value", "source")) == [(512.0, "statistics")]
    assert ObservationRevision.objects.get().changed_by == jinshan_liaison


def test_import_errors_are_shown_in_a_table_and_nothing_is_written(client, plan, jinshan_liaison):
    client.force_login(jinshan_liaison)
    data = (
        "area,indicator,period,value,source\r\n"
        "金山区,高新技术企业数量,2023,512,statistics\r\n"
        "金山区,高新技术企业数量,2024,many,statistics\r\n"
    ).encode()

    response = client.post(f"/observations/plans/{plan.pk}/import/", {"file": upload(data, "a.csv")})

    page = response.content.decode()
    assert response.status_code == 200
    assert "发现 1 处错误，未写入任何数据" in page
    assert "<td>第 3 行</td><td>数值</td><td>数值“many”不是数字</td>" in page
    assert Observation.objects.count() == 0


def test_png_renamed_xlsx_upload_is_refused(client, plan, jinshan_liaison):
    client.force_login(jinshan_liaison)
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64

    response = client.post(f"/observations/plans/{plan.pk}/import/", {"file": upload(png, "figures.xlsx")})

    assert "文件不是 Excel（.xlsx）格式" in response.content.decode()
    assert Observation.objects.count() == 0


def test_oversize_upload_is_refused(client, plan, jinshan_liaison, settings):
    settings.KECHUANG_MAX_UPLOAD_BYTES = 1024
    client.force_login(jinshan_liaison)
    big = CSV_OK + b"x" * 2048

    response = client.post(f"/observations/plans/{plan.pk}/import/", {"file": upload(big, "a.csv")})

    assert "文件超过 1 KB 上限" in response.content.decode()
    assert Observation.objects.count() == 0


def test_template_download_opens_with_the_headers(client, plan, jinshan_viewer):
    Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.PUBLISHED)  # a draft's is not a viewer's
    client.force_login(jinshan_viewer)

    response = client.get(f"/observations/plans/{plan.pk}/template.xlsx")

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith("attachment;")
    wb = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in wb.worksheets[0][1]][:5] == ["地区", "指标", "期间", "数值", "来源"]


def test_template_outside_scope_is_404(client, plan, songjiang_liaison):
    client.force_login(songjiang_liaison)

    assert client.get(f"/observations/plans/{plan.pk}/template.xlsx").status_code == 404


def test_plan_entry_page_shows_latest_values_and_task_links(admin_client, plan, indicator, task):
    record_observation(indicator=indicator, area=plan.area, period="2022", value=480, source="statistics")
    obs = record_observation(
        indicator=indicator, area=plan.area, period="2023", value=1512, source="statistics"
    )

    page = admin_client.get(f"/observations/plans/{plan.pk}/").content.decode()

    assert "1,512（2023）" in page
    assert f"/observations/{obs.observation.pk}/history/" in page
    assert f"/observations/tasks/{task.pk}/update/" in page


def test_correct_link_prefills_the_form(admin_client, plan, indicator):
    obs = record_observation(indicator=indicator, area=plan.area, period="2023Q2", value=1, source="manual")
    history = admin_client.get(f"/observations/{obs.observation.pk}/history/").content.decode()
    link = f"/observations/plans/{plan.pk}/?indicator={indicator.pk}&amp;area={plan.area.pk}&amp;period=2023Q2#entry"
    assert link in history

    form = admin_client.get(link.replace("&amp;", "&")).context["form"]

    key = {k: form.initial[k] for k in ("indicator", "area", "period")}
    assert key == {"indicator": str(indicator.pk), "area": str(plan.area.pk), "period": "2023Q2"}
    # The saved figure and its version come along, so a concurrent change is noticed on saving.
    assert (form.initial["value"], form.initial["source"], form.initial["version"]) == (1.0, "manual", 1)


def test_task_progress_report_updates_the_task(client, task, jinshan_liaison):
    client.force_login(jinshan_liaison)

    response = client.post(
        f"/observations/tasks/{task.pk}/update/",
        {
            "reported_on": "2024-03-31",
            "unit": "金山工业区",
            "text": "一期竣工",
            "progress": "60",
            "evidence": "验收报告",
        },
        follow=True,
    )

    page = response.content.decode()
    assert "已记录任务进展：60%" in page
    assert "一期竣工" in page
    task.refresh_from_db()
    assert (task.progress, task.status) == (60, TaskStatus.IN_PROGRESS)
    update = TaskUpdate.objects.get()
    assert (update.reported_on, update.unit, update.author, update.evidence) == (
        dt.date(2024, 3, 31),
        "金山工业区",
        jinshan_liaison,
        "验收报告",
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"progress": "120"}, "确保该值小于或等于100"),
        ({"unit": "某不相干单位"}, "选择一个有效的选项"),
        ({"text": ""}, "这个字段是必填项"),
    ],
)
def test_task_progress_form_refuses_bad_input(client, task, jinshan_liaison, data, message):
    client.force_login(jinshan_liaison)
    post = {"reported_on": "2024-03-31", "unit": "区科委", "text": "推进中", "progress": "50"}
    post.update(data)

    response = client.post(f"/observations/tasks/{task.pk}/update/", post)

    assert message in response.content.decode()
    assert TaskUpdate.objects.count() == 0


def test_task_update_outside_scope_is_404(client, task, songjiang_liaison):
    client.force_login(songjiang_liaison)

    response = client.post(
        f"/observations/tasks/{task.pk}/update/",
        {"reported_on": "2024-03-31", "unit": "区科委", "text": "x", "progress": "50"},
    )

    assert response.status_code == 404
    assert TaskUpdate.objects.count() == 0


def test_plan_entry_query_count_does_not_grow(admin_client, plan, shanghai, django_assert_num_queries):
    def add(n: int) -> None:
        ind = Indicator.objects.create(plan=plan, name=f"指标{n}", unit="项", position=n)
        record_observation(indicator=ind, area=plan.area, period="2023", value=n, source="manual")
        record_observation(indicator=ind, area=shanghai["town"], period="2023", value=n, source="manual")
        task = Task.objects.create(plan=plan, code=str(n), goal=f"任务{n}")
        TaskOwner.objects.create(task=task, name=f"单位{n}")

    add(1)
    with django_assert_num_queries(14):  # +1: the header's unread-notification count
        admin_client.get(f"/observations/plans/{plan.pk}/")
    add(2)
    add(3)
    with django_assert_num_queries(14):  # +1: the header's unread-notification count
        page = admin_client.get(f"/observations/plans/{plan.pk}/").content.decode()
    assert page.count("填报进展") == 3
    assert page.count("修改记录</a>") == 6


def test_typing_over_a_figure_one_did_not_open_asks_first(client, plan, indicator, jinshan_liaison):
    """Someone else entered the figure meanwhile: the plain form shows theirs before replacing it."""
    client.force_login(jinshan_liaison)
    client.post(f"/observations/plans/{plan.pk}/", entry(indicator, plan.area, value="500"))

    response = client.post(f"/observations/plans/{plan.pk}/", entry(indicator, plan.area, value="512"))

    assert response.status_code == 409
    assert Observation.objects.get().value == 500.0
    confirm = client.post(
        f"/observations/plans/{plan.pk}/",
        entry(indicator, plan.area, value="512", version="1", reason="核对"),
    )
    assert confirm.status_code == 302
    assert Observation.objects.get().value == 512.0


def test_a_correction_through_the_form_needs_a_reason(client, plan, indicator, jinshan_liaison):
    record_observation(indicator=indicator, area=plan.area, period="2023", value=500, source="statistics")
    client.force_login(jinshan_liaison)

    response = client.post(
        f"/observations/plans/{plan.pk}/", entry(indicator, plan.area, value="512", version="1")
    )

    assert response.status_code == 200
    assert "更正已有数值时须填写修改原因" in response.content.decode()
    assert Observation.objects.get().value == 500.0
    assert ObservationRevision.objects.count() == 1
