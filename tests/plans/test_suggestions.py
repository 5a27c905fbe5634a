"""Suggested tasks on the review page: a plan whose tasks are chapters, accepted in bulk with owners
and deadlines, through the real HTTP stack and database."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kechuang.plans.enums import PlanStatus
from kechuang.plans.models import Plan, Task, TaskSuggestion
from kechuang.plans.transfer import export_plan, import_plan
from kechuang.tenancy.models import AuditEntry, Membership, Role

pytestmark = pytest.mark.django_db

PLAN_TEXT = """金山区科技创新三年行动方案（2024—2026年）

上海市金山区科学技术委员会

一、主要目标

到2026年，高新技术企业数量达到1200家。

二、重点任务

（一）建设科技企业孵化器

支持各镇（园区）建设孵化器，提升孵化能级。

（二）培育科技型中小企业（责任单位：区科委）

实施科技型中小企业梯度培育计划，壮大创新主体。

（三）深化产学研合作

推动企业与高校共建研发平台。

三、保障措施

（一）加强组织领导

成立工作领导小组。
"""


@pytest.fixture(autouse=True)
def fast_hasher(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _member(django_user_model, username: str, role: str, area) -> object:
    user = django_user_model.objects.create_user(username, password=f"pw-{username}-12345")
    Membership.objects.create(user=user, role=role, area=area)
    return user


@pytest.fixture
def admin(shanghai, django_user_model):
    return _member(django_user_model, "js-admin", Role.DISTRICT_ADMIN, shanghai["jinshan"])


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


@pytest.fixture
def draft(admin_client, shanghai) -> Plan:
    response = admin_client.post(
        "/plans/upload/",
        {"document": SimpleUploadedFile("方案.txt", PLAN_TEXT.encode()), "area": shanghai["jinshan"].pk},
    )
    assert response.status_code == 302
    return Plan.objects.get()


def _url(plan: Plan) -> str:
    return f"/plans/{plan.pk}/review/suggestions/accept/"


def _suggestion(plan: Plan, title: str) -> TaskSuggestion:
    return plan.task_suggestions.get(title=title)


def _section(page: str) -> str:
    if 'id="suggestions"' not in page:
        return ""
    return page.split('id="suggestions"')[1].split("</details>")[0]


def _messages(page: str) -> str:
    return " ".join(re.findall(r'<li class="(?:error|success)[^"]*"[^>]*>([^<]*)</li>', page)) or page


def _accept(client, plan: Plan, rows: dict[TaskSuggestion, tuple[str, str]], **extra) -> object:
    body = {"suggestion": [str(s.pk) for s in rows], **extra}
    for s, (owners, year) in rows.items():
        body[f"sug{s.pk}-owners"] = owners
        body[f"sug{s.pk}-deadline"] = year
    return client.post(_url(plan), body)


def test_a_plan_whose_tasks_are_chapters_offers_them_on_the_review_page(admin_client, draft):
    assert draft.tasks.count() == 0
    page = admin_client.get(f"/plans/{draft.pk}/review/").content.decode()
    section = _section(page)

    assert "1 项指标、0 项任务，另有 3 项建议任务（来自规划章节）待采纳" in page  # the upload's note
    assert "建议任务（来自规划章节）" in section
    assert "3 项待采纳" in section
    for title in ("建设科技企业孵化器", "培育科技型中小企业", "深化产学研合作"):
        assert title in section
    assert "加强组织领导" not in section  # 保障措施 is not a task chapter
    assert "支持各镇（园区）建设孵化器，提升孵化能级。" in section  # the heading's first sentence
    cultivate = _suggestion(draft, "培育科技型中小企业")
    assert f'name="sug{cultivate.pk}-owners" id="sug{cultivate.pk}-owners" value="区科委"' in section
    assert '<option value="2026" selected>2026年</option>' in section  # the plan's end year
    assert f'name="suggestion" value="{cultivate.pk}" id="sug{cultivate.pk}" data-suggest>' in section
    assert "采纳所选" in section


def test_accepting_two_suggestions_makes_two_tasks_with_owners_audit_and_takes_them_off_the_list(
    admin_client, draft, admin
):
    incubators = _suggestion(draft, "建设科技企业孵化器")
    cultivate = _suggestion(draft, "培育科技型中小企业")

    response = _accept(
        admin_client,
        draft,
        {incubators: ("区科委、各镇（园区）", "2025"), cultivate: ("区科委，区财政局", "2026")},
    )

    assert response.status_code == 302
    assert response["Location"] == f"/plans/{draft.pk}/review/#tasks"
    tasks = list(draft.tasks.order_by("position"))
    assert [(t.goal, t.title, t.code, t.deadline, t.owner_names) for t in tasks] == [
        ("建设科技企业孵化器", "重点任务", "（一）", 2025, ["区科委", "各镇（园区）"]),
        ("培育科技型中小企业", "重点任务", "（二）", 2026, ["区科委", "区财政局"]),
    ]
    entries = list(AuditEntry.objects.filter(action="accept_task").order_by("pk"))
    assert [e.object_id for e in entries] == [str(t.pk) for t in tasks]
    assert {e.user_id for e in entries} == {admin.pk}
    assert entries[0].action_label == "采纳建议任务"
    assert entries[0].model_label == "任务"
    labelled = dict(entries[0].changes_labelled)
    assert labelled["目标/项目"] == [None, "建设科技企业孵化器"]
    assert labelled["完成年限"] == [None, 2025]
    assert labelled["责任单位"] == [None, "区科委、各镇（园区）"]

    page = admin_client.get(response["Location"]).content.decode()
    assert "已采纳 2 项建议任务：“建设科技企业孵化器”、“培育科技型中小企业”" in page
    section = _section(page)
    assert "1 项待采纳" in section
    assert "深化产学研合作" in section
    assert "建设科技企业孵化器" not in section
    tasks_table = page.split('id="tasks"')[1].split("</details>")[0]
    assert '<span class="owner">区财政局</span>' in tasks_table

    again = _accept(admin_client, draft, {incubators: ("区科委", "2025")})
    assert again.status_code == 400
    assert "“建设科技企业孵化器”已采纳为任务，不能重复采纳" in _messages(again.content.decode())
    assert draft.tasks.count() == 2


def test_owners_may_be_left_empty(admin_client, draft):
    response = _accept(admin_client, draft, {_suggestion(draft, "深化产学研合作"): ("", "2026")})

    assert response.status_code == 302
    task = draft.tasks.get()
    assert (task.goal, task.owner_names, task.deadline) == ("深化产学研合作", [], 2026)


@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("2030", "“建设科技企业孵化器”的完成年限 2030 年不在规划期 2024–2026 年内"),
        ("2023", "“建设科技企业孵化器”的完成年限 2023 年不在规划期 2024–2026 年内"),
        ("明年", "“建设科技企业孵化器”的完成年限“明年”应为四位年份"),
        ("", "请填写“建设科技企业孵化器”的完成年限"),
    ],
)
def test_a_deadline_outside_the_plan_period_is_refused_and_nothing_is_created(
    admin_client, draft, year, message
):
    incubators = _suggestion(draft, "建设科技企业孵化器")
    cultivate = _suggestion(draft, "培育科技型中小企业")
    indicator = draft.indicators.get()

    response = _accept(
        admin_client,
        draft,
        {cultivate: ("区科委", "2025"), incubators: ("区经委", year)},
        **{f"ind{indicator.pk}-name": "高新技术企业总数"},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert message in _messages(page)
    assert "本次未采纳任何任务" in page
    assert Task.objects.count() == 0
    assert not TaskSuggestion.objects.filter(accepted_at__isnull=False).exists()
    indicator.refresh_from_db()
    assert indicator.name != "高新技术企业总数"  # the page's edits wait too, shown as typed
    assert 'value="高新技术企业总数"' in page
    section = _section(page)
    assert 'value="区经委"' in section  # what was typed stays on the page
    assert (
        f'name="suggestion" value="{incubators.pk}" id="sug{incubators.pk}" data-suggest checked>' in section
    )


def test_nothing_ticked_says_so(admin_client, draft):
    response = admin_client.post(_url(draft), {})

    assert response.status_code == 400
    assert "请先勾选要采纳的建议任务" in _messages(response.content.decode())
    assert Task.objects.count() == 0


def test_edits_on_the_page_are_saved_with_the_acceptance(admin_client, draft):
    indicator = draft.indicators.get()
    response = _accept(
        admin_client,
        draft,
        {_suggestion(draft, "深化产学研合作"): ("区科委", "2026")},
        **{f"ind{indicator.pk}-name": "高新技术企业总数"},
    )

    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.name == "高新技术企业总数"
    assert draft.tasks.count() == 1


def test_only_the_drafts_reviewers_may_accept(client, draft, shanghai, django_user_model):
    suggestion = _suggestion(draft, "建设科技企业孵化器")
    viewer = _member(django_user_model, "js-viewer", Role.VIEWER, shanghai["jinshan"])
    other = _member(django_user_model, "sj-liaison", Role.LIAISON, shanghai["songjiang"])
    for user in (viewer, other):
        client.force_login(user)
        response = _accept(client, draft, {suggestion: ("区科委", "2025")})
        # A draft does not exist for those who do not review it (as on every draft page).
        assert response.status_code == 404
        assert "不在您的查看范围内" in response.content.decode()
    liaison = _member(django_user_model, "js-liaison", Role.LIAISON, shanghai["jinshan"])
    client.force_login(liaison)
    assert _accept(client, draft, {suggestion: ("区科委", "2025")}).status_code == 302
    assert Task.objects.count() == 1


def test_a_withdrawn_plan_refuses_in_chinese(admin_client, draft):
    Plan.objects.filter(pk=draft.pk).update(status=PlanStatus.WITHDRAWN)

    response = _accept(admin_client, draft, {_suggestion(draft, "深化产学研合作"): ("区科委", "2026")})

    assert response.status_code == 403
    assert "只能查阅，不能修改" in response.content.decode()
    assert Task.objects.count() == 0


def test_a_published_plan_shows_no_suggestions_and_accepts_none(admin_client, draft):
    Plan.objects.filter(pk=draft.pk).update(status=PlanStatus.PUBLISHED)

    review = admin_client.get(f"/plans/{draft.pk}/review/")
    assert review.status_code == 302  # a published plan is not reviewed any more
    detail = admin_client.get(review["Location"]).content.decode()
    assert "采纳所选" not in detail and "建议任务（来自规划章节）</span>" not in detail
    response = _accept(admin_client, draft, {_suggestion(draft, "深化产学研合作"): ("区科委", "2026")})
    assert response.status_code == 302
    assert Task.objects.count() == 0


def test_suggestions_of_another_plan_are_refused(admin_client, draft, shanghai):
    other = import_plan(
        {
            "document": {"title": "另一规划", "region": "金山区", "period": {"start": 2021, "end": 2025}},
            "task_suggestions": [{"title": "另一规划的任务", "chapter": "主要任务"}],
        },
        status=PlanStatus.DRAFT,
    )
    foreign = other.task_suggestions.get()

    response = _accept(admin_client, draft, {foreign: ("区科委", "2025")})

    assert response.status_code == 400
    assert "所选建议任务不属于本规划" in _messages(response.content.decode())
    assert Task.objects.count() == 0


def test_export_keeps_the_suggestions_not_yet_accepted(admin_client, draft):
    _accept(admin_client, draft, {_suggestion(draft, "建设科技企业孵化器"): ("区科委", "2025")})

    exported = export_plan(draft)

    assert [s["title"] for s in exported["task_suggestions"]] == ["培育科技型中小企业", "深化产学研合作"]
    assert exported["task_suggestions"][0]["owners"] == ["区科委"]
    assert [t["goal"] for t in exported["tasks"]] == ["建设科技企业孵化器"]
