"""A plan's life through the real HTTP stack: a town's liaison uploads and submits, the district
publishes with a reason, withdraws, revises into a second version; a document naming someone
else's area is refused; an upload that repeats a plan waits for its uploader's decision."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kechuang.observations.domain import record_observation
from kechuang.observations.models import Observation
from kechuang.plans import lifecycle
from kechuang.plans.models import Plan, PlanEvent, Target
from kechuang.plans.review import drop_indicator, update_target
from kechuang.plans.titles import title_key
from kechuang.tenancy.models import Area, AuditEntry, Membership, Role

pytestmark = pytest.mark.django_db

TOWN_PLAN = """朱泾镇科技企业培育三年行动计划（2024—2026年）

一、主要目标

到2026年，科技型中小企业达到300家，高新技术企业达到120家。
"""
DISTRICT_PLAN = """金山区科技创新三年行动方案（2024—2026年）

上海市金山区科学技术委员会

到2026年，科技型中小企业达到500家，高新技术企业数量达到1200家。
"""
OTHER_TOWN_PLAN = """枫泾镇科技企业培育三年行动计划（2024—2026年）

到2026年，科技型中小企业达到80家。
"""


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def fengjing(shanghai):
    return Area.objects.create(code="310116002", name="枫泾镇", kind="town", parent=shanghai["jinshan"])


def _client(django_user_model, name: str, role: str, area: Area) -> Client:
    user = django_user_model.objects.create_user(name, password=f"pw-{name}-12345")
    Membership.objects.create(user=user, role=role, area=area)
    client = Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def liaison(shanghai, django_user_model):
    """The liaison of 朱泾镇 (a town of 金山区)."""
    return _client(django_user_model, "zj-liaison", Role.LIAISON, shanghai["town"])


@pytest.fixture
def district(shanghai, django_user_model):
    """An administrator of 金山区."""
    return _client(django_user_model, "js-admin", Role.DISTRICT_ADMIN, shanghai["jinshan"])


@pytest.fixture
def viewer(shanghai, django_user_model):
    return _client(django_user_model, "js-viewer", Role.VIEWER, shanghai["jinshan"])


def _upload(client: Client, text: str, area: Area | None, name: str = "计划.txt") -> object:
    data = {"document": SimpleUploadedFile(name, text.encode("utf-8"), "text/plain")}
    data["area"] = str(area.pk) if area is not None else ""
    return client.post("/plans/upload/", data)


def _error_line(response: object) -> str:
    found = re.search(r'<p class="error upload-error" role="alert">([^<]*)</p>', response.content.decode())
    return found.group(1) if found else ""


def _messages(response: object) -> str:
    return " ".join(re.findall(r'<ul class="messages">(.*?)</ul>', response.content.decode(), re.S))


@pytest.fixture
def submitted(liaison, shanghai) -> Plan:
    response = _upload(liaison, TOWN_PLAN, shanghai["town"])
    assert response.status_code == 302, _error_line(response)
    plan = Plan.objects.get()
    assert liaison.post(f"/plans/{plan.pk}/submit/").status_code == 302
    plan.refresh_from_db()
    return plan


@pytest.fixture
def published(district, submitted) -> Plan:
    response = district.post(f"/plans/{submitted.pk}/publish/", {"reason": "经区科委主任办公会审议通过"})
    assert response.status_code == 302, _messages(district.get(f"/plans/{submitted.pk}/publish/"))
    submitted.refresh_from_db()
    return submitted


# --- submit and publish ---------------------------------------------------------------------------


def test_a_liaison_uploads_a_plan_of_their_town_and_submits_it(liaison, viewer, submitted, shanghai):
    assert (submitted.status, submitted.area) == ("pending", shanghai["town"])
    assert submitted.get_status_display() == "待审核"
    assert list(submitted.events.values_list("action", "user_name")) == [("submit", "zj-liaison")]
    # 待审核 is still the reviewers' only, like a draft
    assert viewer.get(f"/plans/{submitted.pk}/").status_code == 404
    assert submitted.title not in viewer.get("/plans/").content.decode()
    assert submitted.title not in Client().get("/public/").content.decode()
    page = liaison.get(f"/plans/{submitted.pk}/").content.decode()
    assert "已提交审核，等待区级管理员发布" in page


def test_a_liaison_cannot_publish(liaison, submitted):
    confirm = liaison.get(f"/plans/{submitted.pk}/publish/")
    response = liaison.post(f"/plans/{submitted.pk}/publish/", {"reason": "自行发布"})

    assert (confirm.status_code, response.status_code) == (403, 403)
    submitted.refresh_from_db()
    assert submitted.status == "pending"
    assert not PlanEvent.objects.filter(action="publish").exists()
    assert not AuditEntry.objects.filter(action="publish").exists()
    assert "发布…" not in liaison.get(f"/plans/{submitted.pk}/").content.decode()


def test_the_district_publishes_with_a_reason_kept_in_the_audit_trail(district, submitted, viewer):
    confirm = district.get(f"/plans/{submitted.pk}/publish/").content.decode()

    response = district.post(
        f"/plans/{submitted.pk}/publish/",
        {"reason": "经区科委主任办公会审议通过", "in_force_since": "2025-01-01"},
    )

    submitted.refresh_from_db()
    assert "本规划进入监测总览、预警和报告，并在公开进展页向社会公开" in confirm
    assert "发布理由（必填）" in confirm
    assert response["Location"] == f"/plans/{submitted.pk}/"
    assert (submitted.status, submitted.published_by, submitted.in_force_since) == (
        "published",
        district.user,
        dt.date(2025, 1, 1),
    )
    entry = AuditEntry.objects.get(action="publish")
    assert entry.changes == {
        "status": ["pending", "published"],
        "reason": [None, "经区科委主任办公会审议通过"],
    }
    assert entry.user == district.user and entry.area == submitted.area
    assert submitted.title in Client().get("/public/").content.decode()
    page = viewer.get(f"/plans/{submitted.pk}/").content.decode()
    assert "经区科委主任办公会审议通过" in page  # the plan's own record of steps


def test_publishing_without_a_reason_says_so_and_changes_nothing(district, submitted):
    response = district.post(f"/plans/{submitted.pk}/publish/", {"reason": "  "})

    assert response.status_code == 400
    assert "未发布：请填写发布理由" in _messages(response)
    submitted.refresh_from_db()
    assert (submitted.status, submitted.published_at) == ("pending", None)
    assert not AuditEntry.objects.filter(action="publish").exists()
    assert submitted.title not in Client().get("/public/").content.decode()


def test_an_administrator_of_another_district_cannot_publish(submitted, shanghai, django_user_model):
    outsider = _client(django_user_model, "sj-admin", Role.DISTRICT_ADMIN, shanghai["songjiang"])

    response = outsider.post(f"/plans/{submitted.pk}/publish/", {"reason": "越权发布"})

    assert response.status_code == 404
    submitted.refresh_from_db()
    assert submitted.status == "pending"


# --- withdraw ---------------------------------------------------------------------------------------


def test_withdrawing_takes_the_plan_off_the_public_page_and_the_counts(district, viewer, liaison, published):
    assert published.title in Client().get("/public/").content.decode()
    assert f"/monitor/plans/{published.pk}/" in district.get("/monitor/").content.decode()

    confirm = district.get(f"/plans/{published.pk}/withdraw/").content.decode()
    response = district.post(f"/plans/{published.pk}/withdraw/", {"reason": "发布的目标值有误，待修订"})

    published.refresh_from_db()
    assert "撤回理由（必填）" in confirm and "公开进展页不再显示本规划" in confirm
    assert response.status_code == 302
    assert published.status == "withdrawn"
    assert published.title not in Client().get("/public/").content.decode()
    assert Client().get(f"/public/plans/{published.pk}/").status_code == 404
    monitor = district.get("/monitor/").content.decode()
    assert (
        f"/monitor/plans/{published.pk}/" not in monitor and "您的范围内没有施行中或待审核的规划" in monitor
    )
    assert published.title not in district.get("/monitor/alerts/").content.decode()
    # still readable to officers, marked, with the reason; nobody changes it
    page = viewer.get(f"/plans/{published.pk}/").content.decode()
    assert "已撤回" in page and "发布的目标值有误，待修订" in page
    assert liaison.get(f"/observations/plans/{published.pk}/").status_code == 403
    entry = AuditEntry.objects.get(action="withdraw")
    assert entry.changes == {
        "status": ["published", "withdrawn"],
        "reason": [None, "发布的目标值有误，待修订"],
    }


def test_withdrawing_without_a_reason_changes_nothing(district, published):
    response = district.post(f"/plans/{published.pk}/withdraw/", {"reason": ""})

    assert response.status_code == 400
    assert "未撤回：请填写撤回理由" in _messages(response)
    published.refresh_from_db()
    assert published.status == "published"


def test_a_liaison_cannot_withdraw(liaison, published):
    response = liaison.post(f"/plans/{published.pk}/withdraw/", {"reason": "撤回"})

    assert response.status_code == 403
    published.refresh_from_db()
    assert published.status == "published"


# --- revise -----------------------------------------------------------------------------------------


def _figure(plan: Plan, name: str, period: str, value: float) -> Observation:
    indicator = plan.indicators.get(name=name)
    return record_observation(
        indicator=indicator, area=plan.area, period=period, value=value, source="statistics"
    ).observation


def test_a_mid_term_revision_becomes_version_2_and_keeps_the_figures(district, viewer, published):
    figure = _figure(published, "科技型中小企业", "2024", 210)

    response = district.post(f"/plans/{published.pk}/revise/", {"reason": "中期评估后调整目标"})

    second = Plan.objects.get(previous=published)
    assert response["Location"] == f"/plans/{second.pk}/review/"
    assert (second.version, second.status, second.title) == (2, "draft", published.title)
    target = Target.objects.get(indicator__plan=second, indicator__name="科技型中小企业")
    update_target(target, year=2026, value=350, comparator=">=", kind="level", acting_user=district.user)
    confirm = district.get(f"/plans/{second.pk}/publish/").content.decode()
    assert "第1版改为“已调整”" in confirm and "目标有变化的指标 1 项（科技型中小企业）" in confirm
    assert "1 项数值转入本版" in confirm

    district.post(
        f"/plans/{second.pk}/publish/", {"reason": "中期调整方案已审议", "in_force_since": "2025-06-01"}
    )

    published.refresh_from_db()
    second.refresh_from_db()
    assert (published.status, second.status) == ("superseded", "published")
    public = Client().get("/public/").content.decode()
    assert "第2版，自2025年6月1日起施行" in public
    assert public.count(published.title) == 1
    assert f"/public/plans/{second.pk}/" in public
    assert "第2版，自2025年6月1日起施行" in Client().get(f"/public/plans/{second.pk}/").content.decode()
    assert Client().get(f"/public/plans/{published.pk}/").status_code == 404
    # the figure now belongs to version 2 and is judged there
    figure.refresh_from_db()
    assert figure.indicator.plan_id == second.pk
    assert "210" in Client().get(f"/public/plans/{second.pk}/").content.decode()
    # version 1 stays readable, marked, pointing to the version in force
    old = viewer.get(f"/plans/{published.pk}/").content.decode()
    assert "已调整" in old and f'href="/plans/{second.pk}/">第2版</a>' in old
    assert "210（2024）" in old  # its figure, now kept by version 2, is still shown
    assert Target.objects.get(indicator__plan=published, indicator__name="科技型中小企业").value == 300
    assert district.get(f"/plans/{published.pk}/review/").status_code == 403  # read-only
    assert published.title in district.get("/monitor/").content.decode()
    assert district.get("/monitor/").content.decode().count(f"/monitor/plans/{published.pk}/") == 0


def test_a_revision_that_drops_a_target_with_figures_is_refused(district, published):
    _figure(published, "高新技术企业", "2024", 96)
    district.post(f"/plans/{published.pk}/revise/", {"reason": "中期调整"})
    second = Plan.objects.get(previous=published)
    drop_indicator(second.indicators.get(name="高新技术企业"), acting_user=district.user)

    response = district.post(f"/plans/{second.pk}/publish/", {"reason": "调整后发布"})

    assert response.status_code == 400
    assert "第2版删去了“高新技术企业”，而该指标已有录入的数据（2024）" in _messages(response)
    published.refresh_from_db()
    second.refresh_from_db()
    assert (published.status, second.status) == ("published", "draft")
    assert Observation.objects.get(period="2024", value=96).indicator.plan_id == published.pk


def test_only_one_revision_is_prepared_at_a_time(district, published):
    district.post(f"/plans/{published.pk}/revise/", {"reason": "中期调整"})

    response = district.post(f"/plans/{published.pk}/revise/", {"reason": "再次调整"})

    assert response.status_code == 400
    assert "第2版（草稿）已在准备中" in _messages(response)
    assert Plan.objects.filter(previous=published).count() == 1


# --- the document's own area --------------------------------------------------------------------------


def test_a_liaison_uploading_the_district_plan_is_refused_naming_both_areas(liaison, shanghai):
    response = _upload(liaison, DISTRICT_PLAN, shanghai["town"])

    assert response.status_code == 400
    assert _error_line(response).startswith("文件所写地区为“金山区”，不在您负责的“朱泾镇”范围内")
    assert "也不会改记到“朱泾镇”名下" in _error_line(response)
    assert Plan.objects.count() == 0


def test_a_liaison_uploading_another_towns_plan_is_refused_naming_both_areas(liaison, shanghai, fengjing):
    response = _upload(liaison, OTHER_TOWN_PLAN, None)

    assert response.status_code == 400
    assert "文件所写地区为“枫泾镇”，不在您负责的“朱泾镇”范围内" in _error_line(response)
    assert Plan.objects.count() == 0


def test_a_document_naming_another_area_than_the_one_chosen_is_refused(district, shanghai):
    response = _upload(district, DISTRICT_PLAN, shanghai["town"])

    assert response.status_code == 400
    assert "文件所写地区为“金山区”，与所选的“朱泾镇”不一致" in _error_line(response)
    assert Plan.objects.count() == 0


def test_a_town_named_after_its_district_in_the_title_is_the_towns_plan(liaison, shanghai):
    response = _upload(liaison, "金山区" + TOWN_PLAN, shanghai["town"])

    assert response.status_code == 302, _error_line(response)
    assert Plan.objects.get().area == shanghai["town"]


# --- duplicates ---------------------------------------------------------------------------------------

HALF_WIDTH = TOWN_PLAN.replace("（2024—2026年）", "(2024-2026年)")


def test_titles_are_compared_as_a_person_reads_them():
    assert title_key("朱泾镇科技企业培育三年行动计划（2024—2026年）") == title_key(
        "朱泾镇 科技企业培育三年行动计划【2024－2026年】"
    )
    assert (
        title_key("二〇二四年行动要点") == title_key("二○二四年行动要点") == title_key("二零二四年行动要点")
    )
    assert title_key(
        "上海市金山区科学技术委员会金山区科技创新规划", "上海市金山区科学技术委员会"
    ) == title_key("金山区科技创新规划")
    assert title_key("金山区科技创新规划") != title_key("松江区科技创新规划")


def test_an_upload_differing_only_in_bracket_width_is_caught(liaison, district, published, shanghai):
    response = _upload(liaison, HALF_WIDTH, shanghai["town"], "计划（再次）.txt")

    again = Plan.objects.exclude(pk=published.pk).get()
    assert response["Location"] == f"/plans/{again.pk}/duplicate/"
    assert again.duplicate_of == published
    page = liaison.get(response["Location"]).content.decode()
    assert "本次上传与已有规划疑似重复" in page
    assert f'value="version:{published.pk}"' in page and 'value="cancel"' in page
    # it goes nowhere before the decision, and there is never a second published copy
    assert liaison.post(f"/plans/{again.pk}/submit/").status_code == 302
    again.refresh_from_db()
    assert again.status == "draft"
    refused = district.post(f"/plans/{again.pk}/publish/", {"reason": "再发布一份"})
    assert refused.status_code == 400 and "疑似重复" in _messages(refused)
    assert Plan.objects.filter(status="published").count() == 1


def test_choosing_a_new_version_of_the_published_plan(liaison, district, published, shanghai):
    figure = _figure(published, "科技型中小企业", "2024", 205)
    _upload(liaison, HALF_WIDTH.replace("300家", "320家"), shanghai["town"])
    again = Plan.objects.get(duplicate_of=published)

    response = liaison.post(f"/plans/{again.pk}/duplicate/", {"choice": f"version:{published.pk}"})

    again.refresh_from_db()
    assert response["Location"] == f"/plans/{again.pk}/review/"
    assert (again.previous, again.version, again.duplicate_of) == (published, 2, None)
    assert again.indicators.get(name="科技型中小企业").revised_from.plan == published
    liaison.post(f"/plans/{again.pk}/submit/")
    district.post(f"/plans/{again.pk}/publish/", {"reason": "更新文件", "in_force_since": "2025-06-01"})
    published.refresh_from_db()
    again.refresh_from_db()
    assert (published.status, again.status) == ("superseded", "published")
    figure.refresh_from_db()
    assert figure.indicator.plan == again
    assert "第2版，自2025年6月1日起施行" in Client().get("/public/").content.decode()


def test_choosing_to_replace_the_earlier_draft(district, shanghai):
    _upload(district, TOWN_PLAN, shanghai["town"])
    first = Plan.objects.get()
    _upload(district, HALF_WIDTH.replace("120家", "130家"), shanghai["town"])
    again = Plan.objects.get(duplicate_of=first)
    page = district.get(f"/plans/{again.pk}/duplicate/").content.decode()
    assert f'value="replace:{first.pk}"' in page

    response = district.post(f"/plans/{again.pk}/duplicate/", {"choice": f"replace:{first.pk}"})

    assert response["Location"] == f"/plans/{again.pk}/review/"
    assert list(Plan.objects.values_list("pk", "duplicate_of", "status")) == [(again.pk, None, "draft")]
    assert Target.objects.get(indicator__plan=again, indicator__name="高新技术企业").value == 130
    assert again.events.get().action == "replace"


def test_choosing_to_cancel_leaves_the_existing_plan_alone(liaison, published, shanghai):
    _upload(liaison, HALF_WIDTH, shanghai["town"])
    again = Plan.objects.get(duplicate_of=published)

    response = liaison.post(f"/plans/{again.pk}/duplicate/", {"choice": "cancel"})

    assert response["Location"] == "/plans/"
    assert list(Plan.objects.values_list("pk", "status")) == [(published.pk, "published")]
    assert not Observation.objects.filter(indicator__plan_id=again.pk).exists()


def test_replacing_is_not_offered_for_a_published_plan(liaison, published, shanghai):
    _upload(liaison, HALF_WIDTH, shanghai["town"])
    again = Plan.objects.get(duplicate_of=published)

    response = liaison.post(f"/plans/{again.pk}/duplicate/", {"choice": f"replace:{published.pk}"})

    assert response.status_code == 400
    published.refresh_from_db()
    assert published.status == "published" and Plan.objects.count() == 2


def test_publishing_refuses_a_second_published_copy_under_another_spelling(district, published, shanghai):
    copy = Plan.objects.create(
        title=published.title.replace("（", "(").replace("）", ")"),
        area=published.area,
        period_start=published.period_start,
        period_end=published.period_end,
    )
    Target.objects.create(
        indicator=copy.indicators.create(name="科技型中小企业", unit="家"),
        year=2026,
        value=1,
        comparator=">=",
    )

    with pytest.raises(lifecycle.LifecycleError, match="不能再发布一份"):
        lifecycle.publish_plan(copy, acting_user=district.user, reason="再发布一份")

    copy.refresh_from_db()
    assert copy.status == "draft"
