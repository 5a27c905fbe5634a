"""Draft plans in the domain: reading a document into a draft, correcting it, publishing it."""

from __future__ import annotations

import io
import zipfile

import pytest
import time_machine

from kechuang.observations.domain import record_observation
from kechuang.observations.models import Observation
from kechuang.plans.access import visible_plans
from kechuang.plans.drafts import DraftError, create_draft_from_document, sniff_document
from kechuang.plans.models import CatalogIndicator, Indicator, Plan, Target
from kechuang.plans.review import (
    drop_indicator,
    merge_indicators,
    publish_plan,
    update_indicator,
    update_target,
)
from kechuang.plans.transfer import import_plan
from kechuang.tenancy.models import Membership, Role

pytestmark = pytest.mark.django_db

PLAN_TEXT = """金山区科技创新三年行动方案（2024—2026年）

上海市金山区科学技术委员会

一、主要目标

到2026年，科技型中小企业达到500家，全社会研发经费支出占GDP比重达到3.5%左右。
"""


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Personas are created per test; the production hasher would make each take most of a second.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return settings.MEDIA_ROOT


def _draft(area, **overrides) -> Plan:
    """A draft imported from extraction data written here, so merge details do not hang on the reader."""
    data = {
        "document": {
            "title": "某区科技创新行动方案",
            "region": area.name,
            "period": {"start": 2024, "end": 2026},
        },
        "indicators": [
            {
                "name": "高新技术企业数量",
                "unit": "家",
                "attribute": "预期性",
                "evidence": "到2026年，高新技术企业数量达到1200家。",
                "targets": [
                    {
                        "year": 2026,
                        "value": 1200,
                        "comparator": ">=",
                        "kind": "level",
                        "text": "1200家",
                        "evidence": "到2026年，高新技术企业数量达到1200家。",
                    }
                ],
                "actuals": [{"year": 2023, "value": 900}],
            },
            {
                "name": "高企总数",
                "unit": None,
                "category": "创新主体",
                "evidence": "| 高企总数 | 家 | 900 | 1200 | 1300 |",
                "baseline": {"year": 2023, "value": 900},
                "targets": [
                    {"year": 2026, "value": 1200, "comparator": ">=", "kind": "level", "text": "1200"},
                    {"year": 2027, "value": 1300, "comparator": ">=", "kind": "level", "text": "1300"},
                ],
                "actuals": [{"year": 2023, "value": 900}, {"year": 2022, "value": 850}],
            },
        ],
        "series": [],
        "tasks": [],
        **overrides,
    }
    return import_plan(data, area=area, status="draft")


def test_draft_from_text_document_holds_indicator_with_evidence(shanghai, admin_user, media_root):
    plan = create_draft_from_document(
        PLAN_TEXT.encode("utf-8"), "规划.txt", area=None, acting_user=admin_user
    )

    indicator = plan.indicators.get(name="科技型中小企业")
    target = indicator.targets.get()
    assert plan.status == "draft"
    assert plan.area == shanghai["jinshan"]
    assert plan.created_by == admin_user
    assert (target.year, target.value, target.comparator) == (2026, 500, ">=")
    assert "科技型中小企业达到500家" in indicator.evidence
    assert plan.source_file.name.startswith("plans/")
    assert plan.source_file.name.endswith(".txt")
    assert (media_root / plan.source_file.name).read_bytes() == PLAN_TEXT.encode("utf-8")


def test_draft_from_gb18030_text_is_read(shanghai, admin_user):
    plan = create_draft_from_document(
        PLAN_TEXT.encode("gb18030"), "plan.txt", area=shanghai["jinshan"], acting_user=admin_user
    )

    assert plan.indicators.filter(name="科技型中小企业").exists()


def _docx_without_document() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("hello.txt", "not a word file")
    return buf.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "文件为空"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10", "无法识别的文件类型"),
        (bytes(range(256)) * 8, "无法识别的文件类型"),
        (b"PK\x03\x04garbage-that-is-no-zip", "不是有效的 Word"),
        (_docx_without_document(), "不是 Word"),
    ],
    ids=["empty", "png", "binary", "broken-zip", "zip-not-docx"],
)
def test_bad_bytes_give_one_line_error_and_write_nothing(shanghai, admin_user, media_root, data, message):
    with pytest.raises(DraftError) as caught:
        create_draft_from_document(data, "plan.pdf", area=shanghai["jinshan"], acting_user=admin_user)

    assert message in str(caught.value)
    assert "\n" not in str(caught.value)
    assert Plan.objects.count() == 0
    assert not media_root.exists() or not any(media_root.rglob("*.*"))


def test_sniff_judges_by_content_not_name():
    assert sniff_document(b"%PDF-1.7\n...") == "pdf"
    assert sniff_document("到2026年，达到500家".encode()) == "txt"
    assert sniff_document("\ufeff到2026年".encode("utf-16")) == "txt"


def test_oversize_document_is_refused_before_reading(shanghai, admin_user):
    with pytest.raises(DraftError) as caught:
        create_draft_from_document(
            PLAN_TEXT.encode(), "plan.txt", area=shanghai["jinshan"], acting_user=admin_user, max_bytes=100
        )

    assert "文件过大" in str(caught.value)
    assert Plan.objects.count() == 0


def test_document_without_region_needs_an_area(admin_user, shanghai):
    text = "某某行动方案（2024—2026年）\n\n到2026年，科技型中小企业达到500家。\n"

    with pytest.raises(DraftError) as caught:
        create_draft_from_document(text.encode(), "plan.txt", area=None, acting_user=admin_user)

    assert "请在上传时选择地区" in str(caught.value)
    assert Plan.objects.count() == 0


def test_same_document_twice_waits_for_a_decision_the_second_time(shanghai, admin_user):
    first = create_draft_from_document(PLAN_TEXT.encode(), "a.txt", area=None, acting_user=admin_user)

    second = create_draft_from_document(PLAN_TEXT.encode(), "a.txt", area=None, acting_user=admin_user)

    assert second.duplicate_of == first
    assert first.duplicate_of is None
    with pytest.raises(DraftError, match="疑似重复"):
        publish_plan(second, acting_user=admin_user)


def test_liaison_cannot_draft_into_another_district(shanghai, django_user_model):
    liaison = django_user_model.objects.create_user("sj", password="pw-sj-12345")
    Membership.objects.create(user=liaison, role=Role.LIAISON, area=shanghai["songjiang"])

    with pytest.raises(DraftError) as caught:
        create_draft_from_document(PLAN_TEXT.encode(), "a.txt", area=None, acting_user=liaison)

    assert "文件所写地区为“金山区”，不在您负责的“松江区”范围内" in str(caught.value)
    assert Plan.objects.count() == 0


def test_update_target_corrects_value_year_and_comparator(shanghai, admin_user):
    plan = _draft(shanghai["jinshan"])
    target = Target.objects.get(indicator__plan=plan, indicator__name="高新技术企业数量")

    update_target(target, year=2025, value=1250.5, comparator="~", kind="level", acting_user=admin_user)

    target.refresh_from_db()
    assert (target.year, target.value, target.comparator, target.kind) == (2025, 1250.5, "~", "level")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"year": 1800}, "年份 1800 超出合理范围（1949–2100）"),
        ({"year": 2101}, "年份 2101 超出合理范围"),
        ({"value": float("inf")}, "不是有效数字"),
        ({"value": float("nan")}, "不是有效数字"),
        ({"comparator": "≥"}, "比较方式“≥”无效"),
        ({"kind": "stock"}, "目标类型“stock”无效"),
    ],
)
def test_update_target_refuses_bad_values_and_keeps_the_old_ones(shanghai, admin_user, changes, message):
    plan = _draft(shanghai["jinshan"])
    target = Target.objects.get(indicator__plan=plan, indicator__name="高新技术企业数量")
    args = {"year": 2026, "value": 1200.0, "comparator": ">=", "kind": "level", **changes}

    with pytest.raises(DraftError) as caught:
        update_target(target, **args, acting_user=admin_user)

    assert message in str(caught.value)
    target.refresh_from_db()
    assert (target.year, target.value, target.comparator, target.kind) == (2026, 1200.0, ">=", "level")


def test_update_indicator_renames_and_maps_to_catalogue(shanghai, admin_user):
    plan = _draft(shanghai["jinshan"])
    indicator = plan.indicators.get(name="高企总数")
    entry = CatalogIndicator.objects.get(code="HNTE_COUNT")

    update_indicator(
        indicator,
        name="高新技术企业总数",
        unit="家",
        category="创新主体",
        attribute="binding",
        catalog=entry,
        acting_user=admin_user,
    )

    indicator.refresh_from_db()
    assert (indicator.name, indicator.unit, indicator.attribute, indicator.catalog) == (
        "高新技术企业总数",
        "家",
        "binding",
        entry,
    )
    assert set(Observation.objects.filter(indicator=indicator).values_list("catalog_id", flat=True)) == {
        entry.pk
    }


def test_update_indicator_refuses_empty_name(shanghai, admin_user):
    plan = _draft(shanghai["jinshan"])
    indicator = plan.indicators.get(name="高企总数")

    with pytest.raises(DraftError) as caught:
        update_indicator(
            indicator, name="  ", unit="", category="", attribute="", catalog=None, acting_user=admin_user
        )

    assert str(caught.value) == "指标名称不能为空"
    assert Indicator.objects.get(pk=indicator.pk).name == "高企总数"


def test_merge_moves_targets_and_figures_and_keeps_both_evidence(shanghai, admin_user):
    plan = _draft(shanghai["jinshan"])
    keep = plan.indicators.get(name="高新技术企业数量")
    drop = plan.indicators.get(name="高企总数")

    merge_indicators(keep, drop, acting_user=admin_user)

    keep.refresh_from_db()
    assert list(plan.indicators.values_list("name", flat=True)) == ["高新技术企业数量"]
    assert list(keep.targets.values_list("year", "value")) == [(2026, 1200.0), (2027, 1300.0)]
    assert sorted(Observation.objects.filter(indicator=keep).values_list("period", "value")) == [
        ("2022", 850.0),
        ("2023", 900.0),
    ]
    assert keep.category == "创新主体"  # filled from the merged entry
    assert (keep.baseline_year, keep.baseline_value) == (2023, 900.0)
    assert "达到1200家" in keep.evidence
    assert "| 高企总数 |" in keep.evidence


def test_merge_refuses_conflicting_figures_and_changes_nothing(shanghai, admin_user):
    plan = _draft(shanghai["jinshan"])
    keep = plan.indicators.get(name="高新技术企业数量")
    drop = plan.indicators.get(name="高企总数")
    record_observation(indicator=drop, area=plan.area, period="2023", value=905, source="plan_document")

    with pytest.raises(DraftError) as caught:
        merge_indicators(keep, drop, acting_user=admin_user)

    assert "2023 的数值不一致（900 与 905）" in str(caught.value)
    assert plan.indicators.count() == 2
    assert drop.targets.count() == 2


def test_drop_removes_indicator_its_targets_and_document_figures(shanghai, admin_user):
    plan = _draft(shanghai["jinshan"])
    indicator = plan.indicators.get(name="高企总数")

    drop_indicator(indicator, acting_user=admin_user)

    assert list(plan.indicators.values_list("name", flat=True)) == ["高新技术企业数量"]
    assert Target.objects.filter(indicator__plan=plan).count() == 1
    assert Observation.objects.filter(indicator__plan=plan).count() == 1


def test_drop_refuses_an_indicator_with_recorded_figures(shanghai, admin_user):
    plan = _draft(shanghai["jinshan"])
    indicator = plan.indicators.get(name="高企总数")
    record_observation(indicator=indicator, area=plan.area, period="2024", value=1000, source="statistics")

    with pytest.raises(DraftError) as caught:
        drop_indicator(indicator, acting_user=admin_user)

    assert str(caught.value) == "指标“高企总数”已有录入的数据，不能删除"
    assert plan.indicators.count() == 2


def test_publish_records_who_and_when_and_ends_editing(shanghai, admin_user):
    plan = _draft(shanghai["jinshan"])
    target = Target.objects.filter(indicator__plan=plan).first()

    publish_plan(plan, acting_user=admin_user)

    plan.refresh_from_db()
    assert plan.status == "published"
    assert plan.published_by == admin_user
    assert plan.published_at is not None
    with pytest.raises(DraftError) as caught:
        update_target(target, year=2026, value=1, comparator=">=", kind="level", acting_user=admin_user)
    assert str(caught.value) == "规划已发布，不能再修改"
    with pytest.raises(DraftError):
        publish_plan(plan, acting_user=admin_user)


def test_publish_refuses_an_empty_plan(shanghai, admin_user):
    plan = _draft(shanghai["jinshan"], indicators=[])

    with pytest.raises(DraftError) as caught:
        publish_plan(plan, acting_user=admin_user)

    assert str(caught.value) == "规划没有任何指标或任务，不能发布"
    plan.refresh_from_db()
    assert plan.status == "draft"


def test_drafts_are_hidden_from_viewers_but_not_from_liaisons(shanghai, django_user_model):
    draft = _draft(shanghai["jinshan"])
    published = _draft(shanghai["jinshan"], document={**_doc("已发布方案")})
    publish_plan(published, acting_user=None)
    viewer = django_user_model.objects.create_user("v", password="pw-v-123456")
    Membership.objects.create(user=viewer, role=Role.VIEWER, area=shanghai["jinshan"])
    liaison = django_user_model.objects.create_user("l", password="pw-l-123456")
    Membership.objects.create(user=liaison, role=Role.LIAISON, area=shanghai["jinshan"])

    assert list(visible_plans(viewer)) == [published]
    assert set(visible_plans(liaison)) == {draft, published}


def _doc(title: str) -> dict:
    return {"title": title, "region": "金山区", "period": {"start": 2024, "end": 2026}}


def test_a_note_without_title_or_period_becomes_a_draft_named_after_its_file(admin_user, shanghai):
    plan = create_draft_from_document(
        "到2026年，科技型中小企业达到500家。".encode(),
        "科技型中小企业培育要点.txt",
        area=shanghai["jinshan"],
        acting_user=admin_user,
    )

    assert (plan.title, plan.period_start, plan.period_end) == ("科技型中小企业培育要点", 2026, 2026)
    assert plan.status == "draft"


@time_machine.travel("2027-03-01 10:00 +0800")
def test_a_text_without_goals_or_years_becomes_an_empty_draft_for_this_year(admin_user, shanghai):
    plan = create_draft_from_document(
        "加强科技创新工作，提升服务水平。".encode(),
        "note.txt",
        area=shanghai["jinshan"],
        acting_user=admin_user,
    )

    assert (plan.status, plan.period_start, plan.period_end) == ("draft", 2027, 2027)
    assert not plan.indicators.exists() and not plan.tasks.exists()


def test_review_edits_and_publishing_are_kept_in_the_audit_trail(admin_user, shanghai):
    from kechuang.tenancy.models import AuditEntry

    plan = create_draft_from_document(
        "到2026年，科技型中小企业达到500家。".encode(),
        "要点.txt",
        area=shanghai["jinshan"],
        acting_user=admin_user,
    )
    target = Target.objects.get(indicator__plan=plan)

    update_target(target, year=2026, value=600, comparator=">=", kind="level", acting_user=admin_user)
    publish_plan(plan, acting_user=admin_user)

    entries = list(AuditEntry.objects.order_by("pk").values_list("action", "model", "changes", "user_name"))
    assert entries == [
        ("review", "plans.target", {"value": [500.0, 600.0]}, "chief"),
        ("publish", "plans.plan", {"status": ["draft", "published"]}, "chief"),
    ]
