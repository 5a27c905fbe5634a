"""`kechuang areas import|load|find`: a district's own tree from a file or the national list, all or nothing."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from kechuang.cli import main
from kechuang.tenancy.models import Area, AreaKind, AuditEntry

pytestmark = pytest.mark.django_db

HEADER = "code,name,kind,parent\n"


def write(tmp_path, text: str, name: str = "areas.csv"):
    path = tmp_path / name
    path.write_text(HEADER + text, encoding="utf-8")
    return path


def tree() -> dict[str, tuple[str, str, str | None]]:
    return {
        a.code: (a.name, a.kind, a.parent.code if a.parent else None)
        for a in Area.objects.select_related("parent")
    }


def test_load_brings_a_city_with_its_counties_and_ancestors_and_is_idempotent(capsys):
    assert main(["areas", "load", "--under", "330300"]) == 0
    first = tree()
    assert main(["areas", "load", "--under", "330300"]) == 0

    out = capsys.readouterr().out
    assert "已载入浙江省温州市" in out and "新增 14 个" in out and "未变 14 个" in out
    assert tree() == first
    assert first["330000"] == ("浙江省", AreaKind.PROVINCE, None)
    assert first["330300"] == ("温州市", AreaKind.CITY, "330000")
    assert first["330302"] == ("鹿城区", AreaKind.DISTRICT, "330300")
    assert "330100" not in first  # 杭州市 is not below 温州市
    assert AuditEntry.objects.filter(model="tenancy.area", action="create").count() == 14


def test_load_of_a_municipality_hangs_its_districts_directly_under_it(capsys):
    assert main(["areas", "load", "--under", "310000"]) == 0

    areas = tree()
    assert areas["310000"] == ("上海市", AreaKind.CITY, None)
    assert areas["310116"] == ("金山区", AreaKind.DISTRICT, "310000")
    assert len(areas) == 17


def test_load_leaves_a_renamed_area_as_it_is(capsys):
    main(["areas", "load", "--under", "330302"])
    Area.objects.filter(code="330302").update(name="鹿城区（新）")

    assert main(["areas", "load", "--under", "330300"]) == 0
    assert Area.objects.get(code="330302").name == "鹿城区（新）"


def test_unknown_code_is_refused(capsys):
    assert main(["areas", "load", "--under", "999999"]) == 1
    assert "全国行政区划中没有代码“999999”" in capsys.readouterr().err
    assert Area.objects.count() == 0


def test_find_lists_namesakes_with_their_province_and_city(capsys):
    assert main(["areas", "find", "鼓楼区"]) == 0
    out = capsys.readouterr().out
    assert "江苏省南京市鼓楼区" in out and "福建省福州市鼓楼区" in out


def test_import_in_any_order_onto_stored_areas_then_reimport_updates_without_duplicates(tmp_path, capsys):
    main(["areas", "load", "--under", "330302"])
    path = write(
        tmp_path,
        "330302901,科创分园,分园,330302900\n330302900,鹿城科创园,园区,330302001\n330302001,五马街道,街镇,330302\n",
    )
    assert main(["areas", "import", str(path)]) == 0
    assert "新增 3 个" in capsys.readouterr().out
    assert tree()["330302901"] == ("科创分园", AreaKind.SUBPARK, "330302900")

    again = write(tmp_path, "330302001,五马街道办事处,街镇,330302\n330302900,鹿城科创园,园区,330302\n")
    assert main(["areas", "import", str(again)]) == 0

    assert "新增 0 个，更新 2 个" in capsys.readouterr().out
    areas = tree()
    assert areas["330302001"][0] == "五马街道办事处"
    assert areas["330302900"][2] == "330302"
    assert Area.objects.filter(code="330302900").count() == 1
    moved = AuditEntry.objects.get(
        model="tenancy.area", object_id=str(Area.objects.get(code="330302900").pk), action="update"
    )
    assert dict(moved.changes_shown)["上级地区"] == "五马街道办事处 → 鹿城区"  # named as it is called now


def test_every_bad_row_is_named_and_nothing_is_written(tmp_path, capsys):
    main(["areas", "load", "--under", "330302"])
    before = tree()
    path = write(
        tmp_path,
        "A1,甲街道,街镇,A2\n"
        "A2,乙街道,街镇,A1\n"
        "33030,鹿城,区县,330300\n"
        "B1,某村,村,330302\n"
        "A1,又一个,街镇,330302\n"
        "B2,某园区,园区,ZZZ\n"
        "B3,好街道,街镇,330302\n",
    )

    assert main(["areas", "import", str(path)]) == 1

    err = capsys.readouterr().err
    assert "第 4 行：区县“鹿城”的代码“33030”应为六位数字（GB/T 2260 行政区划代码）" in err
    assert "第 5 行：类型“村”无法识别，应为省、市、区县、街镇、园区、分园之一" in err
    assert "第 6 行：代码“A1”与第 2 行重复" in err
    assert "第 7 行：上级代码“ZZZ”既不在文件中，也不是已有地区" in err
    assert "第 2、3 行：上级关系形成循环（A1 → A2 → A1）" in err
    assert err.strip().endswith("未写入任何数据")
    assert tree() == before


def test_a_cycle_through_a_stored_area_is_refused(tmp_path, capsys):
    main(["areas", "load", "--under", "330302"])
    write(tmp_path, "330302001,五马街道,街镇,330302\n", "town.csv")
    main(["areas", "import", str(tmp_path / "town.csv")])
    path = write(tmp_path, "330302,鹿城区,区县,330302001\n")

    assert main(["areas", "import", str(path)]) == 1
    assert "上级关系形成循环" in capsys.readouterr().err
    assert tree()["330302"][2] == "330300"


def test_import_reads_an_xlsx_with_chinese_headers(tmp_path, capsys):
    main(["areas", "load", "--under", "330302"])
    book = Workbook()
    sheet = book.active
    sheet.append(["代码", "名称", "类型", "上级代码"])
    sheet.append(["330302001", "五马街道", "街镇", 330302])
    path = tmp_path / "areas.xlsx"
    book.save(path)

    assert main(["areas", "import", str(path)]) == 0
    assert tree()["330302001"] == ("五马街道", AreaKind.TOWN, "330302")


def test_check_only_writes_nothing(tmp_path, capsys):
    main(["areas", "load", "--under", "330302"])
    path = write(tmp_path, "330302001,五马街道,街镇,330302\n")

    assert main(["areas", "import", "--check", str(path)]) == 0
    assert "校验通过：共 1 行" in capsys.readouterr().out
    assert not Area.objects.filter(code="330302001").exists()


# --- 区划调整: rename, merge, move, history ---------------------------------------------------------


def _loaded_wenzhou(tmp_path) -> None:
    main(["areas", "load", "--under", "330300"])
    main(["areas", "import", str(write(tmp_path, "330302900,鹿城科创园,园区,330302\n"))])


def test_rename_merge_move_and_history_from_the_command_line(tmp_path, capsys):
    _loaded_wenzhou(tmp_path)

    assert (
        main(["areas", "rename", "330302900", "鹿城科技园", "--on", "2024-01-01", "--note", "温政发1号"]) == 0
    )
    assert main(["areas", "move", "330302900", "--parent", "330303", "--on", "2024-07-01"]) == 0
    assert main(["areas", "merge", "330305", "--into", "330303", "--on", "2025-01-01"]) == 0

    out = capsys.readouterr().out
    assert "已登记：“鹿城科创园”改名为“鹿城科技园”，2024年1月1日起，已生效" in out
    assert "“鹿城科技园”由“鹿城区”改属“龙湾区”" in out
    park = Area.objects.get(code="330302900")
    assert (park.name, park.parent.code) == ("鹿城科技园", "330303")
    assert Area.objects.get(code="330305").ended_on.isoformat() == "2025-01-01"

    assert main(["areas", "history", "330302900"]) == 0
    history = capsys.readouterr().out
    assert "2024年1月1日  改名  “鹿城科创园”改名为“鹿城科技园”；说明：温政发1号" in history
    assert "最初至2023年12月31日  鹿城科创园（上级：鹿城区）" in history
    assert "2024年1月1日至2024年6月30日  鹿城科技园（上级：鹿城区）" in history
    assert "2024年7月1日至今  鹿城科技园（上级：龙湾区）" in history
    assert main(["areas", "history", "330305"]) == 0
    assert "（已撤并，2025年1月1日）" in capsys.readouterr().out


def test_a_future_rename_waits_until_its_date(tmp_path, capsys):
    import datetime as dt

    from django.utils import timezone

    _loaded_wenzhou(tmp_path)
    later = timezone.localdate() + dt.timedelta(days=30)

    assert main(["areas", "rename", "330302900", "鹿城科技园", "--on", later.isoformat()]) == 0

    assert "到期后由定时任务（kechuang run-scheduled）执行" in capsys.readouterr().out
    assert Area.objects.get(code="330302900").name == "鹿城科创园"
    assert main(["run-scheduled", "--date", later.isoformat()]) == 0
    assert Area.objects.get(code="330302900").name == "鹿城科技园"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["areas", "rename", "999999", "某区", "--on", "2024-01-01"], "地区代码“999999”不存在"),
        (["areas", "rename", "330302900", "", "--on", "2024-01-01"], "新名称不能为空"),
        (["areas", "rename", "330302900", "鹿城科创园", "--on", "2024-13-01"], "生效日期“2024-13-01”无效"),
        (["areas", "move", "330302", "--parent", "330302900", "--on", "2024-01-01"], "形成循环"),
        (["areas", "merge", "330302", "--into", "330302900", "--on", "2024-01-01"], "并入它的下级地区"),
        (["areas", "merge", "330302", "--into", "000000", "--on", "2024-01-01"], "地区代码“000000”不存在"),
    ],
)
def test_bad_changes_fail_in_chinese_and_write_nothing(tmp_path, capsys, argv, message):
    _loaded_wenzhou(tmp_path)
    before = tree()
    capsys.readouterr()

    assert main(argv) == 1

    err = capsys.readouterr().err
    assert message in err and err.startswith("错误：")
    assert tree() == before


def test_merging_into_a_merged_area_is_refused(tmp_path, capsys):
    _loaded_wenzhou(tmp_path)
    assert main(["areas", "merge", "330305", "--into", "330303", "--on", "2025-01-01"]) == 0

    assert main(["areas", "merge", "330304", "--into", "330305", "--on", "2025-02-01"]) == 1
    assert "已撤并" in capsys.readouterr().err
    assert Area.objects.get(code="330304").ended_on is None
