"""Excel import: all-or-nothing with row-numbered errors; re-importing the same file changes nothing."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook, load_workbook

from kechuang.registry.imports import ImportRefused, build_template, import_enterprises
from kechuang.registry.models import Enterprise, LadderStage, Qualification
from kechuang.registry.uscc import validate_uscc
from kechuang.tenancy.models import AuditEntry
from tests.registry.conftest import uscc

pytestmark = pytest.mark.django_db

E_HEAD = [
    "统一社会信用代码",
    "企业名称",
    "所在地区",
    "所属行业",
    "地址",
    "联系人",
    "联系电话",
    "培育阶段",
    "阶段起始日期",
]
Q_HEAD = ["统一社会信用代码", "资质类型", "证书/登记编号", "发证/认定日期", "登记年度"]


def workbook(enterprises, qualifications=()) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "企业"
    ws.append(E_HEAD)
    for row in enterprises:
        ws.append(list(row))
    q = wb.create_sheet("资质")
    q.append(Q_HEAD)
    for row in qualifications:
        q.append(list(row))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def good_file() -> bytes:
    return workbook(
        [
            (uscc(1), "甲科技", "朱泾镇", "新材料", "", "王", "", "入库培育", dt.date(2024, 1, 1)),
            (uscc(2), "乙科技", "310116", "", "", "", "", "", None),
        ],
        [
            (uscc(1), "hnte", "GR2022001", dt.date(2022, 12, 1), None),
            (uscc(1), "科技型中小企业", "2024310116000001", None, 2024),
            (uscc(2), "tech_sme", "", "2023-05-06", None),
        ],
    )


def test_import_creates_enterprises_qualifications_and_stages(shanghai, admin_user):
    result = import_enterprises(good_file(), user=admin_user, filename="a.xlsx")

    a = Enterprise.objects.get(uscc=uscc(1))
    assert result.counts() == {
        "enterprises_created": 2,
        "enterprises_updated": 0,
        "qualifications_created": 3,
        "qualifications_updated": 0,
        "stages_changed": 1,
        "rows": 5,
    }
    assert (a.name, a.area.name, a.stage) == ("甲科技", "朱泾镇", "cultivating")
    assert sorted((q.type.code, q.valid_until) for q in a.qualifications.all()) == [
        ("hnte", dt.date(2025, 11, 30)),
        ("tech_sme", dt.date(2024, 12, 31)),
    ]
    assert Qualification.objects.get(enterprise__uscc=uscc(2)).year == 2023
    entry = AuditEntry.objects.get(action="import")
    assert (entry.user, entry.changes["enterprises_created"]) == (admin_user, 2)


def test_reimporting_the_same_file_changes_nothing(shanghai, admin_user):
    data = good_file()
    import_enterprises(data, user=admin_user)
    before = (
        list(Enterprise.objects.values().order_by("pk")),
        list(Qualification.objects.values().order_by("pk")),
        LadderStage.objects.count(),
        AuditEntry.objects.count(),
    )

    result = import_enterprises(data, user=admin_user)

    after = (
        list(Enterprise.objects.values().order_by("pk")),
        list(Qualification.objects.values().order_by("pk")),
        LadderStage.objects.count(),
        AuditEntry.objects.count(),
    )
    assert result.changed is False
    assert after == before


def test_import_with_any_error_writes_nothing_and_names_every_row(shanghai, admin_user):
    wrong = uscc(3)[:-1] + ("0" if uscc(3)[-1] != "0" else "1")
    expected_check = validate_uscc.__globals__["check_character"](uscc(3)[:17])
    data = workbook(
        [
            (uscc(1), "甲科技", "朱泾镇"),
            (wrong, "丙科技", "朱泾镇"),
            (uscc(4), "", "火星镇"),
            (uscc(1), "甲科技重复", "朱泾镇"),
            (uscc(5), "戊科技", "朱泾镇", "", "", "", "", "上市"),
        ],
        [
            (uscc(1), "hnte", "GR1", None, None),
            (uscc(1), "不存在的资质", "", dt.date(2022, 1, 1), None),
            (uscc(9), "hnte", "", "2022/13/01", None),
        ],
    )

    with pytest.raises(ImportRefused) as exc:
        import_enterprises(data, user=admin_user)

    assert exc.value.errors == [
        f"第 3 行 统一社会信用代码：校验位应为 {expected_check}，实际为 {wrong[-1]}",
        "第 4 行 企业名称：不能为空",
        "第 4 行 所在地区：地区“火星镇”不存在",
        "第 5 行 统一社会信用代码：与第 2 行重复",
        "第 6 行 培育阶段：“上市”无效，可选：摸底、入库培育、认定、领军",
        "资质表第 2 行 发证/认定日期：高新技术企业须填写",
        "资质表第 3 行 资质类型：“不存在的资质”不存在",
        "资质表第 4 行 发证/认定日期：日期“2022/13/01”无法识别，请写成 2024-03-01",
    ]
    assert (Enterprise.objects.count(), Qualification.objects.count(), AuditEntry.objects.count()) == (
        0,
        0,
        0,
    )


def test_import_refuses_a_qualification_of_an_unknown_enterprise(shanghai, admin_user):
    data = workbook([(uscc(1), "甲科技", "朱泾镇")], [(uscc(9), "hnte", "", dt.date(2022, 1, 1), None)])

    with pytest.raises(ImportRefused) as exc:
        import_enterprises(data, user=admin_user)

    assert exc.value.errors == [f"资质表第 2 行 统一社会信用代码：{uscc(9)} 不在企业表中，也未在系统中登记"]
    assert Enterprise.objects.count() == 0


def test_import_refuses_areas_outside_a_liaisons_scope(world):
    data = workbook([(uscc(50), "新企业", "枫泾镇"), (world.e_b.uscc, "乙科技改名", "朱泾镇")])

    with pytest.raises(ImportRefused) as exc:
        import_enterprises(data, user=world.liaison_x)

    assert exc.value.errors == [
        "第 2 行 所在地区：无权在“枫泾镇”登记企业",
        "第 3 行 统一社会信用代码：该企业已登记在其他地区，无权修改",
    ]
    assert Enterprise.objects.get(pk=world.e_b.pk).name == "乙科技有限公司"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not a spreadsheet", "文件不是 Excel（.xlsx）格式"),
        (b"PK\x03\x04broken", "文件不是 Excel（.xlsx）格式"),
    ],
)
def test_import_refuses_files_that_are_not_xlsx(shanghai, admin_user, data, message):
    with pytest.raises(ImportRefused) as exc:
        import_enterprises(data, user=admin_user)

    assert exc.value.errors == [message]


def test_import_refuses_files_over_the_size_limit(shanghai, admin_user, settings):
    settings.KECHUANG_MAX_UPLOAD_BYTES = 1024

    with pytest.raises(ImportRefused) as exc:
        import_enterprises(good_file(), user=admin_user)

    assert exc.value.errors[0].startswith("文件过大")


def test_template_has_both_sheets_with_headers_and_imports_as_empty(shanghai, admin_user):
    data = build_template()
    wb = load_workbook(io.BytesIO(data))

    result = import_enterprises(data, user=admin_user)

    assert wb.sheetnames == ["企业", "资质", "说明"]
    assert [c.value for c in wb["企业"][1]] == E_HEAD
    assert [c.value for c in wb["资质"][1]] == Q_HEAD
    assert result.changed is False


def test_a_liaisons_import_is_filed_under_their_area_in_the_audit_trail(world):
    data = workbook([(uscc(51), "朱泾新材料有限公司", "朱泾镇")])

    import_enterprises(data, user=world.liaison_x)

    entry = AuditEntry.objects.get(action="import")
    assert (entry.area, entry.changes["enterprises_created"]) == (world.town_x, 1)
