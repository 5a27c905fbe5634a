"""Upload → review → publish through the real HTTP stack (Django's test client and database)."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kechuang.plans.models import CatalogIndicator, Indicator, Plan, Target
from kechuang.reader.formats.encoding import UNKNOWN_TYPE
from kechuang.tenancy.models import Membership, Role

pytestmark = pytest.mark.django_db

PLAN_TEXT = """金山区科技创新三年行动方案（2024—2026年）

上海市金山区科学技术委员会

一、主要目标

到2026年，科技型中小企业达到500家，高新技术企业数量达到1200家，全社会研发经费支出占GDP比重达到3.5%左右。

二、重点任务

| 序号 | 重点任务 | 责任单位 |
| 1 | 建设科技企业孵化器 | 区科委、朱泾镇 |
"""


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Personas are created per test; the production hasher would make each take most of a second.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return settings.MEDIA_ROOT


def _member(django_user_model, username: str, role: str, area) -> object:
    user = django_user_model.objects.create_user(username, password=f"pw-{username}-12345")
    Membership.objects.create(user=user, role=role, area=area)
    return user


@pytest.fixture
def jinshan_liaison(shanghai, django_user_model):
    return _member(django_user_model, "js-liaison", Role.LIAISON, shanghai["jinshan"])


@pytest.fixture
def liaison_client(client, jinshan_liaison):
    client.force_login(jinshan_liaison)
    return client


def _upload(client: Client, data: bytes, name: str = "plan.txt", **fields) -> object:
    return client.post("/plans/upload/", {"document": SimpleUploadedFile(name, data), **fields})


def _error_line(page: str) -> str:
    found = re.search(r'<p class="error upload-error" role="alert">([^<]*)</p>', page)
    return found.group(1) if found else ""


@pytest.fixture
def draft(liaison_client, shanghai) -> Plan:
    response = _upload(liaison_client, PLAN_TEXT.encode(), "规划.txt", area=shanghai["jinshan"].pk)
    assert response.status_code == 302, _error_line(response.content.decode())
    return Plan.objects.get()


def test_upload_makes_draft_shown_beside_its_evidence(liaison_client, shanghai, jinshan_liaison):
    response = _upload(liaison_client, PLAN_TEXT.encode(), "规划.txt", area=shanghai["jinshan"].pk)

    plan = Plan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/plans/{plan.pk}/review/"
    assert (plan.status, plan.area, plan.created_by) == ("draft", shanghai["jinshan"], jinshan_liaison)
    page = liaison_client.get(response["Location"]).content.decode()
    indicator = plan.indicators.get(name="科技型中小企业")
    section = page.split(f'id="ind-{indicator.pk}"')[1].split("</section>")[0]
    assert '<blockquote class="evidence">到2026年，科技型中小企业达到500家' in section
    assert f'name="ind{indicator.pk}-name" value="科技型中小企业"' in section
    target = indicator.targets.get()
    assert f'name="t{target.pk}-value" value="500"' in section  # as written, not 500.0
    assert "已读取“金山区科技创新三年行动方案（2024—2026年）”" in page
    assert '<span class="owner">朱泾镇</span>' in page  # tasks are listed with their owners


def test_upload_page_offers_only_areas_the_user_may_change(liaison_client, shanghai):
    page = liaison_client.get("/plans/upload/").content.decode()

    assert f'<option value="{shanghai["jinshan"].pk}"' in page
    assert f'<option value="{shanghai["town"].pk}"' in page
    assert f'<option value="{shanghai["songjiang"].pk}"' not in page


def test_upload_into_an_area_outside_scope_is_refused(liaison_client, shanghai):
    response = _upload(liaison_client, PLAN_TEXT.encode(), area=shanghai["songjiang"].pk)

    assert response.status_code == 400
    assert "选择一个有效的选项" in _error_line(response.content.decode())
    assert Plan.objects.count() == 0


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (PNG, "plan.pdf", UNKNOWN_TYPE),
        (b"", "plan.txt", "规划文件：文件为空"),
        (
            bytes(range(256)) * 16,
            "plan.docx",
            UNKNOWN_TYPE,
        ),
        (b"%PDF-1.4\n" + b"\x00\xff" * 300, "plan.pdf", ""),
    ],
    ids=["png-renamed-pdf", "empty", "binary-junk", "broken-pdf"],
)
def test_bad_upload_shows_one_line_chinese_error_and_writes_nothing(
    liaison_client, shanghai, media_root, data, name, message
):
    response = _upload(liaison_client, data, name, area=shanghai["jinshan"].pk)

    error = _error_line(response.content.decode())
    assert response.status_code == 400
    assert error
    assert message in error
    assert re.search(r"[\u4e00-\u9fff]", error)
    assert "Traceback" not in response.content.decode()
    assert Plan.objects.count() == 0
    assert not media_root.exists() or not any(p.is_file() for p in media_root.rglob("*"))


def test_oversize_upload_is_refused(liaison_client, shanghai, settings):
    settings.KECHUANG_MAX_UPLOAD_BYTES = 1000

    response = _upload(liaison_client, PLAN_TEXT.encode() * 5, area=shanghai["jinshan"].pk)

    assert response.status_code == 413
    assert _error_line(response.content.decode()) == "文件过大（1.914 KB），上限为 1000 字节"
    assert Plan.objects.count() == 0


def test_oversize_body_is_refused_by_its_declared_length(liaison_client, shanghai, settings):
    settings.KECHUANG_MAX_UPLOAD_BYTES = 1000

    response = _upload(liaison_client, b"x" * 200_000, area=shanghai["jinshan"].pk)

    assert response.status_code == 413
    assert _error_line(response.content.decode()) == "文件过大，上限为 1000 字节"
    assert Plan.objects.count() == 0


def test_upload_still_checks_csrf(jinshan_liaison, shanghai):
    client = Client(enforce_csrf_checks=True)
    client.force_login(jinshan_liaison)

    response = _upload(client, PLAN_TEXT.encode(), area=shanghai["jinshan"].pk)

    assert response.status_code == 403
    assert Plan.objects.count() == 0


def test_anonymous_visitor_is_sent_to_login(client, shanghai):
    upload = _upload(client, PLAN_TEXT.encode())
    review = client.get("/plans/1/review/")

    assert upload.status_code == 302
    assert upload["Location"] == "/login/?next=/plans/upload/"
    assert review["Location"] == "/login/?next=/plans/1/review/"
    assert Plan.objects.count() == 0


def test_viewer_cannot_upload(client, shanghai, django_user_model):
    client.force_login(_member(django_user_model, "viewer", Role.VIEWER, shanghai["jinshan"]))

    page = client.get("/plans/upload/")
    post = _upload(client, PLAN_TEXT.encode(), area=shanghai["jinshan"].pk)
    listing = client.get("/plans/").content.decode()

    assert (page.status_code, post.status_code) == (403, 403)
    assert Plan.objects.count() == 0
    assert "上传规划文件" not in listing


def test_correct_value_and_comparator(liaison_client, draft):
    target = Target.objects.get(indicator__plan=draft, indicator__name="科技型中小企业")
    prefix = f"t{target.pk}"

    response = liaison_client.post(
        f"/plans/{draft.pk}/review/save/",
        {
            f"{prefix}-year": "2026",
            f"{prefix}-value": "550",
            f"{prefix}-comparator": "~",
            f"{prefix}-kind": "level",
        },
    )

    target.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == f"/plans/{draft.pk}/review/"
    assert (target.value, target.comparator) == (550.0, "~")


def test_bad_year_is_shown_on_the_form_and_not_saved(liaison_client, draft):
    target = Target.objects.get(indicator__plan=draft, indicator__name="科技型中小企业")
    prefix = f"t{target.pk}"

    response = liaison_client.post(
        f"/plans/{draft.pk}/review/save/",
        {
            f"{prefix}-year": "3026",
            f"{prefix}-value": "1e999",
            f"{prefix}-comparator": ">=",
            f"{prefix}-kind": "level",
        },
    )

    page = response.content.decode()
    target.refresh_from_db()
    assert response.status_code == 400
    assert "有 1 处输入有误，本次修改均未保存：目标年：" in page
    assert 'value="3026"' in page  # the user's input is kept for correction
    assert (target.year, target.value) == (2026, 500.0)


def test_correct_indicator_and_map_it_to_the_catalogue(liaison_client, draft):
    indicator = draft.indicators.get(name="科技型中小企业")
    p = f"ind{indicator.pk}"

    hnte = CatalogIndicator.objects.get(code="HNTE_COUNT")
    liaison_client.post(
        f"/plans/{draft.pk}/review/save/",
        {f"{p}-name": "科技型中小企业数量", f"{p}-unit": "家", f"{p}-category": "创新主体",
         f"{p}-attribute": "binding", f"{p}-catalog": str(hnte.pk)},
    )  # fmt: skip
    page = liaison_client.get(f"/plans/{draft.pk}/review/").content.decode()

    indicator.refresh_from_db()
    assert (indicator.name, indicator.category, indicator.attribute) == (
        "科技型中小企业数量",
        "创新主体",
        "binding",
    )
    assert indicator.catalog.code == "HNTE_COUNT"
    assert f'<option value="{hnte.pk}" selected>高新技术企业数</option>' in page
    assert "HNTE_COUNT" not in page  # the catalogue by its Chinese name only


def test_merge_two_indicators(liaison_client, draft):
    keep = draft.indicators.get(name="科技型中小企业")
    drop = draft.indicators.get(name="高新技术企业数量")
    keep_targets = keep.targets.count()

    response = liaison_client.post(f"/plans/{draft.pk}/review/indicators/{drop.pk}/merge/", {"into": keep.pk})

    assert response["Location"] == f"/plans/{draft.pk}/review/#ind-{keep.pk}"
    assert not Indicator.objects.filter(pk=drop.pk).exists()
    assert keep.targets.count() == keep_targets + 1
    assert "高新技术企业数量达到1200家" in Indicator.objects.get(pk=keep.pk).evidence


def test_merge_into_an_indicator_of_another_plan_is_refused(liaison_client, draft, shanghai):
    other = Plan.objects.create(
        title="另一规划", area=shanghai["jinshan"], period_start=2021, period_end=2025
    )
    foreign = Indicator.objects.create(plan=other, name="外部指标")
    drop = draft.indicators.get(name="高新技术企业数量")

    liaison_client.post(f"/plans/{draft.pk}/review/indicators/{drop.pk}/merge/", {"into": foreign.pk})

    assert Indicator.objects.filter(pk=drop.pk).exists()
    assert foreign.targets.count() == 0


def test_drop_an_indicator(liaison_client, draft):
    indicator = draft.indicators.get(name="全社会研发经费支出占GDP比重")

    response = liaison_client.post(f"/plans/{draft.pk}/review/drop/", {"drop": indicator.pk})

    assert response.status_code == 302
    assert not Indicator.objects.filter(pk=indicator.pk).exists()
    assert f'id="ind-{indicator.pk}"' not in liaison_client.get(f"/plans/{draft.pk}/review/").content.decode()


def test_nothing_is_published_without_the_publish_step(liaison_client, draft, shanghai, django_user_model):
    viewer = Client()
    viewer.force_login(_member(django_user_model, "js-viewer", Role.VIEWER, shanghai["jinshan"]))

    listing = liaison_client.get("/plans/").content.decode()

    assert Plan.objects.filter(status="published").count() == 0
    assert f'href="/plans/{draft.pk}/review/">审核</a>' in listing
    assert draft.title not in viewer.get("/plans/").content.decode()
    assert viewer.get(f"/plans/{draft.pk}/").status_code == 404
    assert viewer.get(f"/plans/{draft.pk}/review/").status_code == 404


def test_publish_makes_the_plan_visible_on_the_list(liaison_client, draft, shanghai, django_user_model):
    viewer = Client()
    viewer.force_login(_member(django_user_model, "js-viewer", Role.VIEWER, shanghai["jinshan"]))
    chief = _member(django_user_model, "js-admin", Role.DISTRICT_ADMIN, shanghai["jinshan"])
    district = Client()
    district.force_login(chief)

    response = district.post(f"/plans/{draft.pk}/publish/", {"reason": "经区科委主任办公会审议通过"})

    draft.refresh_from_db()
    assert response["Location"] == f"/plans/{draft.pk}/"
    assert (draft.status, draft.published_by) == ("published", chief)
    assert draft.title in viewer.get("/plans/").content.decode()
    detail = district.get(f"/plans/{draft.pk}/").content.decode()
    assert "已发布“金山区科技创新三年行动方案（2024—2026年）”" in detail
    assert f'href="/plans/{draft.pk}/review/">审核</a>' not in liaison_client.get("/plans/").content.decode()


def test_published_plan_cannot_be_edited_through_review(liaison_client, draft):
    from kechuang.plans.review import publish_plan

    publish_plan(draft, acting_user=None)
    target = Target.objects.filter(indicator__plan=draft).first()
    prefix = f"t{target.pk}"

    liaison_client.post(
        f"/plans/{draft.pk}/review/save/",
        {
            f"{prefix}-year": "2030",
            f"{prefix}-value": "1",
            f"{prefix}-comparator": ">=",
            f"{prefix}-kind": "level",
        },
    )
    review = liaison_client.get(f"/plans/{draft.pk}/review/")

    assert Target.objects.get(pk=target.pk).year == target.year
    assert review["Location"] == f"/plans/{draft.pk}/"


def test_liaison_of_another_district_cannot_review_or_publish(draft, shanghai, django_user_model):
    outsider = Client()
    outsider.force_login(_member(django_user_model, "sj-liaison", Role.LIAISON, shanghai["songjiang"]))
    indicator = draft.indicators.get(name="科技型中小企业")
    target = indicator.targets.get()
    p, tp = f"ind{indicator.pk}", f"t{target.pk}"

    responses = [
        outsider.get(f"/plans/{draft.pk}/review/"),
        outsider.post(f"/plans/{draft.pk}/review/save/", {f"{p}-name": "改名"}),
        outsider.post(
            f"/plans/{draft.pk}/review/save/",
            {f"{tp}-year": "2030", f"{tp}-value": "1", f"{tp}-comparator": ">=", f"{tp}-kind": "level"},
        ),
        outsider.post(f"/plans/{draft.pk}/review/drop/", {"drop": indicator.pk}),
        outsider.post(f"/plans/{draft.pk}/publish/"),
    ]

    assert [r.status_code for r in responses] == [404] * 5
    draft.refresh_from_db()
    assert draft.status == "draft"
    assert Indicator.objects.get(pk=indicator.pk).name == "科技型中小企业"
    assert Target.objects.get(pk=target.pk).year == 2026


def test_viewer_of_the_district_cannot_change_a_draft(draft, shanghai, django_user_model):
    viewer = Client()
    viewer.force_login(_member(django_user_model, "js-viewer", Role.VIEWER, shanghai["jinshan"]))

    response = viewer.post(f"/plans/{draft.pk}/publish/")

    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_review_page_query_count_does_not_grow_with_indicators(liaison_client, draft):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        liaison_client.get(f"/plans/{draft.pk}/review/")
    for k in range(3):
        extra = Indicator.objects.create(plan=draft, name=f"新增指标{k}", evidence="原文")
        Target.objects.create(indicator=extra, year=2026, value=k)
    with CaptureQueriesContext(connection) as after:
        page = liaison_client.get(f"/plans/{draft.pk}/review/").content.decode()

    assert len(after) == len(before)
    assert page.count('<details class="review-item') == draft.indicators.count()
