"""Importing figures from Excel and CSV: every row checked, row-numbered errors, all or nothing."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from kechuang.observations.domain import record_observation
from kechuang.observations.imports import (
    ImportFileError,
    build_template,
    import_observations,
    parse_observation_file,
)
from kechuang.observations.models import Observation, ObservationRevision
from kechuang.plans.enums import IndicatorRole
from kechuang.plans.models import CatalogIndicator, Indicator, Plan
from kechuang.tenancy.models import Membership, Role

pytestmark = pytest.mark.django_db

EN_HEADER = ["area", "indicator", "period", "value", "source"]
ZH_HEADER = ["地区", "指标", "期间", "数值", "来源"]


def xlsx(rows: list[list[object]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list[object]], encoding: str = "utf-8-sig") -> bytes:
    text = "\r\n".join(",".join("" if c is None else str(c) for c in row) for row in rows) + "\r\n"
    return text.encode(encoding)


def snapshot() -> list[tuple]:
    obs = list(Observation.objects.order_by("pk").values_list("pk", "value", "source", "status", "period"))
    return [obs, ObservationRevision.objects.count()]


@pytest.fixture
def plan(shanghai):
    plan = Plan.objects.create(
        title="金山区科技创新规划", area=shanghai["jinshan"], period_start=2021, period_end=2025
    )
    hnte = CatalogIndicator.objects.get(code="HNTE_COUNT")
    Indicator.objects.create(plan=plan, name="高新技术企业数量", unit="家", catalog=hnte, position=1)
    Indicator.objects.create(plan=plan, name="研发经费支出占比", unit="%", position=2)
    Indicator.objects.create(
        plan=plan, name="技术合同成交额", unit="亿元", role=IndicatorRole.SERIES, position=3
    )
    return plan


def ind(plan: Plan, name: str) -> Indicator:
    return plan.indicators.get(name=name)


def test_xlsx_with_chinese_headers_creates_each_row_with_a_revision(plan, shanghai, admin_user):
    data = xlsx(
        [
            ZH_HEADER + ["状态", "说明"],
            ["金山区", "高新技术企业数量", 2023, 512, "统计数据", "最终数", "统计局年报"],
            ["310116001", "研发经费支出占比", "2023Q2", "3.1", "月报", "初步数", None],
            ["金山区", "技术合同成交额", "2023-05", "1,234.5", "manual", None, None],
        ]
    )

    result = import_observations(data, "figures.xlsx", plan=plan, acting_user=admin_user)

    assert (result.errors, result.created, result.updated, result.unchanged) == ([], 3, 0, 0)
    rows = list(
        Observation.objects.order_by("pk").values_list(
            "indicator__name", "area__name", "period", "period_kind", "value", "source", "status", "note"
        )
    )
    assert rows == [
        ("高新技术企业数量", "金山区", "2023", "year", 512.0, "statistics", "final", "统计局年报"),
        ("研发经费支出占比", "朱泾镇", "2023Q2", "quarter", 3.1, "monthly_report", "provisional", ""),
        ("技术合同成交额", "金山区", "2023-05", "month", 1234.5, "manual", "final", ""),
    ]
    revisions = list(ObservationRevision.objects.values_list("action", "changed_by_name", "reason"))
    assert revisions == [("create", "chief", "从文件“figures.xlsx”导入")] * 3
    assert result.summary == "已导入 3 条（新增 3，更正 0，未变 0）"


def test_csv_utf8_bom_with_english_headers(plan, admin_user):
    data = csv_bytes([EN_HEADER, ["310116", "高新技术企业数量", "2022", "480", "statistics"]], "utf-8-sig")

    result = import_observations(data, "figures.csv", plan=plan, acting_user=admin_user)

    assert result.ok
    assert list(Observation.objects.values_list("area__code", "period", "value")) == [
        ("310116", "2022", 480.0)
    ]


def test_csv_gb18030_is_recognised(plan, admin_user):
    data = csv_bytes([ZH_HEADER, ["金山区", "研发经费支出占比", "2022", "2.9", "统计"]], "gb18030")

    result = import_observations(data, "统计局.csv", plan=plan, acting_user=admin_user)

    assert result.ok
    assert list(Observation.objects.values_list("indicator__name", "value", "source")) == [
        ("研发经费支出占比", 2.9, "statistics")
    ]


def test_plain_utf8_csv_without_bom(plan, admin_user):
    data = csv_bytes([ZH_HEADER, ["金山区", "研发经费支出占比", "2022", "2.9", "规划文件"]], "utf-8")

    assert import_observations(data, "a.csv", plan=plan, acting_user=admin_user).ok
    assert Observation.objects.get().source == "plan_document"


def test_catalogue_code_resolves_to_the_plans_linked_indicator(plan, admin_user):
    data = csv_bytes([EN_HEADER, ["金山区", "HNTE_COUNT", "2023", "500", "registry"]])

    assert import_observations(data, "a.csv", plan=plan, acting_user=admin_user).ok
    assert Observation.objects.get().indicator == ind(plan, "高新技术企业数量")


def test_catalogue_code_without_plan_indicator_records_a_catalogue_figure(plan, admin_user):
    data = csv_bytes([EN_HEADER, ["金山区", "TECH_SME", "2023", "1200", "statistics"]])

    assert import_observations(data, "a.csv", plan=plan, acting_user=admin_user).ok
    obs = Observation.objects.get()
    assert (obs.indicator, obs.catalog.code, obs.value) == (None, "TECH_SME", 1200.0)


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (["浦东新区", "高新技术企业数量", "2023", "1", "manual"], "第 3 行 地区：地区“浦东新区”不存在"),
        (
            ["金山区", "独角兽企业数量", "2023", "1", "manual"],
            "第 3 行 指标：指标“独角兽企业数量”不在本规划中，也不是标准指标",
        ),
        (["金山区", "高新技术企业数量", "2023-13", "1", "manual"], "第 3 行 期间：期间“2023-13”的月份无效"),
        (
            ["金山区", "高新技术企业数量", "去年", "1", "manual"],
            "第 3 行 期间：期间“去年”无法识别，应为 2023、2023Q2 或 2023-05",
        ),
        (["金山区", "高新技术企业数量", "2023", "约500", "manual"], "第 3 行 数值：数值“约500”不是数字"),
        (["金山区", "高新技术企业数量", "2023", "", "manual"], "第 3 行 数值：数值不能为空"),
        (
            ["金山区", "高新技术企业数量", "2023", "1", "rumour"],
            "第 3 行 来源：来源“rumour”无效，可选：统计数据、月度报表、登记库、手工录入、规划文件",
        ),
        (
            ["松江区", "高新技术企业数量", "2023", "1", "manual"],
            "第 3 行 地区：地区“松江区”不属于本规划的地区（金山区）",
        ),
    ],
)
def test_each_kind_of_bad_value_is_reported_with_its_row_and_nothing_is_written(
    plan, admin_user, row, expected
):
    data = xlsx([ZH_HEADER, ["金山区", "研发经费支出占比", "2023", "3", "manual"], row])

    result = import_observations(data, "bad.xlsx", plan=plan, acting_user=admin_user)

    assert [str(e) for e in result.errors] == [expected]
    assert Observation.objects.count() == 0


def test_bad_status_is_a_row_error(plan, admin_user):
    data = csv_bytes([ZH_HEADER + ["状态"], ["金山区", "研发经费支出占比", "2023", "3", "手工", "估计数"]])

    result = import_observations(data, "a.csv", plan=plan, acting_user=admin_user)

    assert [str(e) for e in result.errors] == ["第 2 行 状态：状态“估计数”无效，可选：最终数、初步数"]


def test_every_problem_in_every_row_is_reported(plan, admin_user):
    data = csv_bytes(
        [
            EN_HEADER,
            ["火星", "无此指标", "2023", "1", "manual"],
            ["金山区", "高新技术企业数量", "2023", "x", "bogus"],
        ]
    )

    result = import_observations(data, "a.csv", plan=plan, acting_user=admin_user)

    assert [str(e) for e in result.errors] == [
        "第 2 行 地区：地区“火星”不存在",
        "第 2 行 指标：指标“无此指标”不在本规划中，也不是标准指标",
        "第 3 行 数值：数值“x”不是数字",
        "第 3 行 来源：来源“bogus”无效，可选：统计数据、月度报表、登记库、手工录入、规划文件",
    ]


def test_duplicate_row_in_the_file_is_refused(plan, admin_user):
    data = csv_bytes(
        [
            EN_HEADER,
            ["金山区", "高新技术企业数量", "2023", "500", "manual"],
            ["310116", "HNTE_COUNT", "2023", "501", "manual"],
        ]
    )

    result = import_observations(data, "a.csv", plan=plan, acting_user=admin_user)

    assert [str(e) for e in result.errors] == ["第 3 行：与第 2 行重复（同一指标、地区、期间 2023）"]
    assert Observation.objects.count() == 0


def test_row_outside_the_users_scope_is_an_error_and_nothing_is_written(plan, shanghai, django_user_model):
    liaison = django_user_model.objects.create_user("town", password="pw-town-123")
    Membership.objects.create(user=liaison, role=Role.LIAISON, area=shanghai["town"])
    data = csv_bytes(
        [
            EN_HEADER,
            ["朱泾镇", "高新技术企业数量", "2023", "50", "manual"],
            ["金山区", "高新技术企业数量", "2023", "500", "manual"],
        ]
    )

    result = import_observations(data, "a.csv", plan=plan, acting_user=liaison)

    assert [str(e) for e in result.errors] == ["第 3 行 地区：无权修改地区“金山区”的数据"]
    assert Observation.objects.count() == 0


def test_row_numbers_count_blank_rows_and_title_lines_as_excel_does(plan, admin_user):
    data = xlsx(
        [
            ["2023年金山区科技统计"],
            ZH_HEADER,
            ["金山区", "研发经费支出占比", "2023", "3", "manual"],
            [None, None, None, None, None],
            ["金山区", "研发经费支出占比", "2024", "abc", "manual"],
        ]
    )

    result = import_observations(data, "a.xlsx", plan=plan, acting_user=admin_user)

    assert [str(e) for e in result.errors] == ["第 5 行 数值：数值“abc”不是数字"]


def test_a_failure_while_writing_rolls_back_earlier_rows(plan, admin_user, monkeypatch):
    from kechuang.observations.domain import ObservationError
    from kechuang.observations.imports import writing as imports

    calls = []

    def flaky(**kwargs):
        calls.append(kwargs)
        if len(calls) == 3:
            raise ObservationError("数据库拒绝")
        return record_observation(**kwargs)

    monkeypatch.setattr(imports, "record_observation", flaky)
    data = csv_bytes(
        [EN_HEADER]
        + [["金山区", "研发经费支出占比", str(year), "3", "manual"] for year in (2021, 2022, 2023)]
    )

    result = import_observations(data, "a.csv", plan=plan, acting_user=admin_user)

    assert [str(e) for e in result.errors] == ["第 4 行：数据库拒绝"]
    assert (Observation.objects.count(), ObservationRevision.objects.count()) == (0, 0)


def test_a_late_bad_row_stops_earlier_good_rows(plan, admin_user):
    rows = [EN_HEADER] + [
        ["金山区", "研发经费支出占比", str(2000 + i), str(i), "manual"] for i in range(1, 40)
    ]
    rows.append(["金山区", "研发经费支出占比", "2099-00", "1", "manual"])

    result = import_observations(csv_bytes(rows), "a.csv", plan=plan, acting_user=admin_user)

    assert [str(e) for e in result.errors] == ["第 41 行 期间：期间“2099-00”的月份无效"]
    assert Observation.objects.count() == 0


def test_reimporting_the_same_file_changes_nothing(plan, admin_user):
    data = xlsx(
        [
            ZH_HEADER,
            ["金山区", "高新技术企业数量", 2023, 512, "统计数据"],
            ["金山区", "研发经费支出占比", 2023, 3.2, "统计"],
        ]
    )
    import_observations(data, "a.xlsx", plan=plan, acting_user=admin_user)
    before = snapshot()

    again = import_observations(data, "a.xlsx", plan=plan, acting_user=admin_user)

    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert snapshot() == before


def test_a_correction_keeps_the_old_value_and_its_author(plan, admin_user, staff_user):
    record_observation(
        indicator=ind(plan, "高新技术企业数量"), area=plan.area, period="2023", value=500, source="manual"
    )
    staff_user.is_superuser = True
    staff_user.save()
    data = csv_bytes([EN_HEADER, ["金山区", "高新技术企业数量", "2023", "512", "statistics"]])

    result = import_observations(data, "统计局更正.csv", plan=plan, acting_user=staff_user)

    assert (result.created, result.updated) == (0, 1)
    latest = Observation.objects.get().revisions.first()
    assert (latest.old_value, latest.new_value, latest.old_source, latest.new_source, latest.changed_by) == (
        500.0,
        512.0,
        "manual",
        "statistics",
        staff_user,
    )
    assert latest.reason == "从文件“统计局更正.csv”导入"


def test_a_png_renamed_xlsx_is_refused(plan, admin_user):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64

    with pytest.raises(ImportFileError, match=r"文件不是 Excel（\.xlsx）格式"):
        parse_observation_file(png, "figures.xlsx")
    result = import_observations(png, "figures.xlsx", plan=plan, acting_user=admin_user)

    assert [str(e) for e in result.errors] == ["文件不是 Excel（.xlsx）格式"]
    assert Observation.objects.count() == 0


def test_a_png_renamed_csv_is_refused(plan):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64

    with pytest.raises(ImportFileError, match="不是 CSV 文本文件"):
        parse_observation_file(png, "figures.csv")


def test_a_zip_that_is_not_a_workbook_is_refused():
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("word/document.xml", "<w/>")

    with pytest.raises(ImportFileError, match=r"文件不是 Excel（\.xlsx）格式"):
        parse_observation_file(out.getvalue(), "figures.xlsx")


def test_an_oversize_file_is_refused_before_reading(settings):
    settings.KECHUANG_MAX_UPLOAD_BYTES = 100

    with pytest.raises(ImportFileError, match="文件超过"):
        parse_observation_file(b"a" * 101, "figures.csv")


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"area,indicator\r\n", "a.csv", "表头缺少列：期间（period）、数值（value）、来源（source）"),
        (b"x,y,z\r\n1,2,3\r\n", "a.csv", "找不到表头"),
        (b"area,indicator,period,value,source\r\n", "a.csv", "文件中没有数据行"),
        (b"a", "a.pdf", "只支持 Excel（.xlsx）或 CSV（.csv）文件"),
        (b"\xd0\xcf\x11\xe0rest", "a.xls", "不支持旧版 Excel"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(data, name, message):
    with pytest.raises(ImportFileError, match=message):
        parse_observation_file(data, name)


def test_ambiguous_indicator_name_asks_for_the_catalogue_code(plan, admin_user):
    Indicator.objects.create(plan=plan, name="研发经费支出占比", unit="%", position=9)
    data = csv_bytes([EN_HEADER, ["金山区", "研发经费支出占比", "2023", "3", "manual"]])

    result = import_observations(data, "a.csv", plan=plan, acting_user=admin_user)

    assert [str(e) for e in result.errors] == [
        "第 2 行 指标：规划中有多个名为“研发经费支出占比”的指标，请改用标准指标名称"
    ]


def test_template_has_headers_indicators_and_sources(plan):
    wb = load_workbook(io.BytesIO(build_template(plan)))

    assert wb.sheetnames == ["观测值", "指标", "取值说明"]
    assert [c.value for c in wb["观测值"][1]] == ["地区", "指标", "期间", "数值", "来源", "状态", "说明"]
    assert [row[:3] for row in wb["指标"].iter_rows(min_row=2, values_only=True)] == [
        ("高新技术企业数量", "家", CatalogIndicator.objects.get(code="HNTE_COUNT").name_zh),
        ("研发经费支出占比", "%", None),
        ("技术合同成交额", "亿元", None),
    ]
    help_rows = list(wb["取值说明"].iter_rows(min_row=2, values_only=True))
    assert [r[3] for r in help_rows if r[3]] == ["统计数据", "月度报表", "登记库", "手工录入", "规划文件"]
    assert [r[0] for r in help_rows if r[0]] == ["金山区", "朱泾镇"]
    assert len(wb["观测值"].data_validations.dataValidation) == 4


def test_a_filled_in_template_imports(plan, admin_user):
    wb = load_workbook(io.BytesIO(build_template(plan)))
    wb["观测值"].append(["金山区", "高新技术企业数量", "2024", 530, "统计数据", "初步数", None])
    out = io.BytesIO()
    wb.save(out)

    result = import_observations(out.getvalue(), "模板.xlsx", plan=plan, acting_user=admin_user)

    assert result.ok
    assert list(Observation.objects.values_list("period", "value", "status")) == [
        ("2024", 530.0, "provisional")
    ]


def test_a_month_excel_turned_into_a_date_is_read_as_that_month(plan, admin_user):
    import datetime as dt

    data = xlsx([EN_HEADER, ["金山区", "研发经费支出占比", dt.datetime(2023, 5, 1), 3, "monthly_report"]])

    assert import_observations(data, "a.xlsx", plan=plan, acting_user=admin_user).ok
    assert Observation.objects.get().period == "2023-05"


def test_a_row_may_name_the_catalogue_entry_in_chinese(plan, admin_user):
    """People write 高新技术企业数, not HNTE_COUNT: the catalogue's Chinese name resolves too."""
    entry = CatalogIndicator.objects.get(code="HNTE_COUNT")
    data = f"area,indicator,period,value,source\r\n金山区,{entry.name_zh},2023,512,statistics\r\n".encode()

    result = import_observations(data, "a.csv", plan=plan, acting_user=admin_user)

    assert result.ok, result.errors
    assert Observation.objects.get().indicator.catalog == entry
