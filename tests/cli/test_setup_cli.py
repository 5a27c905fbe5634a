"""A fresh install outside Shanghai: `kechuang setup`, a plan of that county, its figures, its statuses.

No demo and no fixture areas: the database starts empty, as on a district's new server.
"""

from __future__ import annotations

import json

import pytest

from kechuang.cli import main
from kechuang.common.site_config import read_site_config
from kechuang.plans.models import CatalogIndicator, Plan
from kechuang.tenancy.models import Area, AuditEntry, Membership, Role

pytestmark = pytest.mark.django_db

PASSWORD = "Lucheng-kc-2026!"


def setup_args(**extra: str) -> list[str]:
    args = {
        "--district": "330302",
        "--admin-username": "lcadmin",
        "--admin-name": "鹿城区科技局管理员",
        "--admin-email": "kj@lucheng.example.cn",
        "--admin-password": PASSWORD,
        **extra,
    }
    return ["setup", "--no-input", *[part for pair in args.items() for part in pair]]


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


def plan_document() -> dict:
    return {
        "document": {
            "title": "鹿城区科技创新发展“十四五”规划",
            "region": "鹿城区",
            "period": {"start": 2021, "end": 2025},
        },
        "indicators": [
            {
                "name": "高新技术企业数量",
                "unit": "家",
                "baseline": {"year": 2020, "value": 300},
                "targets": [{"year": 2025, "value": 600, "comparator": ">=", "kind": "level", "text": "600"}],
            },
            {
                "name": "研发经费支出占地区生产总值比重",
                "unit": "%",
                "baseline": {"year": 2020, "value": 2.0},
                "targets": [{"year": 2025, "value": 3.0, "comparator": ">=", "kind": "level", "text": "3.0"}],
            },
        ],
        "series": [],
        "tasks": [],
    }


def test_setup_then_plan_then_figures_then_statuses_on_an_empty_database(data_dir, tmp_path, capsys, client):
    assert Area.objects.count() == 0

    assert (
        main(setup_args(**{"--site-name": "鹿城区科创监测平台", "--email-host": "smtp.lucheng.example.cn"}))
        == 0
    )
    out = capsys.readouterr().out
    assert "本地区：浙江省温州市鹿城区（330302）" in out
    assert [a.code for a in Area.objects.order_by("code")] == ["330000", "330300", "330302"]
    assert CatalogIndicator.objects.exists()
    admin = Membership.objects.get(role=Role.DISTRICT_ADMIN, area__code="330302").user
    assert admin.username == "lcadmin" and admin.is_superuser and admin.check_password(PASSWORD)
    assert read_site_config(data_dir) == {
        "site_name": "鹿城区科创监测平台",
        "email_host": "smtp.lucheng.example.cn",
    }
    assert AuditEntry.objects.filter(model="tenancy.area").count() == 3

    plan_file = tmp_path / "plan.json"
    plan_file.write_text(json.dumps(plan_document(), ensure_ascii=False), encoding="utf-8")
    assert main(["plan", "import", str(plan_file)]) == 0
    plan = Plan.objects.get(pk=int(capsys.readouterr().out.strip()))
    assert plan.area.code == "330302"

    figures = tmp_path / "figures.csv"
    figures.write_text(
        "地区,指标,期间,数值,来源\n"
        "鹿城区,高新技术企业数量,2022,420,统计数据\n"
        "鹿城区,高新技术企业数量,2023,480,统计数据\n"
        "鹿城区,研发经费支出占地区生产总值比重,2022,2.2,统计数据\n"
        "鹿城区,研发经费支出占地区生产总值比重,2023,2.3,统计数据\n",
        encoding="utf-8",
    )
    assert main(["observations", "import", str(figures), "--plan", str(plan.pk)]) == 0
    assert "已导入 4 条" in capsys.readouterr().out

    assert main(["progress", str(plan.pk), "--at", "2024-06-30", "--json"]) == 0
    rows = {r["indicator"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["高新技术企业数量"]["latest_value"] == 480
    assert rows["高新技术企业数量"]["status"] and rows["研发经费支出占地区生产总值比重"]["status"]

    client.force_login(admin)
    page = client.get(f"/monitor/plans/{plan.pk}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "鹿城区科技创新发展“十四五”规划" in text and "高新技术企业数量" in text
    assert rows["高新技术企业数量"]["status"] in text


def test_setup_again_keeps_the_admin_and_its_password(data_dir, capsys):
    assert main(setup_args()) == 0
    assert main(setup_args(**{"--admin-password": "another-Pass-99"})) == 0

    assert "已存在，保留原密码" in capsys.readouterr().out
    admin = Membership.objects.get(role=Role.DISTRICT_ADMIN).user
    assert admin.check_password(PASSWORD)
    assert Area.objects.count() == 3


def test_setup_names_namesakes_and_missing_answers_without_writing(data_dir, capsys):
    assert main(setup_args(**{"--district": "鼓楼区"})) == 1
    err = capsys.readouterr().err
    assert "“鼓楼区”对应 4 个地区" in err and "350102  福建省福州市鼓楼区" in err

    assert main(["setup", "--no-input", "--district", "330302"]) == 1
    assert capsys.readouterr().err.strip() == "错误：缺少 --admin-username"
    assert Area.objects.count() == 0


def test_a_weak_password_is_refused_in_chinese(data_dir, capsys):
    assert main(setup_args(**{"--admin-password": "123"})) == 1
    err = capsys.readouterr().err
    assert err.startswith("错误：密码不符合要求：")
    assert not Membership.objects.exists() and Area.objects.count() == 0


def test_the_site_name_is_shown_in_every_page_header(data_dir, settings, client, admin_user):
    settings.KECHUANG_SITE_NAME = "鹿城区科创监测平台"
    client.force_login(admin_user)

    text = client.get("/").content.decode()
    assert "<title>" in text and "鹿城区科创监测平台</title>" in text
    assert '">鹿城区科创监测平台</a>' in text


def test_the_login_page_shows_the_site_name_not_the_host(data_dir, settings, client):
    settings.KECHUANG_SITE_NAME = "鹿城区科创监测平台"

    text = client.get("/login/").content.decode()

    assert '">鹿城区科创监测平台</a>' in text and "testserver" not in text


def test_interactive_setup_asks_and_lets_one_pick_among_namesakes(data_dir, monkeypatch, capsys):
    class Terminal:
        def isatty(self) -> bool:
            return True

    answers = iter(["鼓楼区", "350102", "", "fzadmin", "kj@gulou.example.cn", ""])
    monkeypatch.setattr("sys.stdin", Terminal())
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "Gulou-kc-2026!")

    assert main(["setup"]) == 0

    out = capsys.readouterr().out
    assert "“鼓楼区”对应 4 个地区，请输入代码" in out and "本地区：福建省福州市鼓楼区（350102）" in out
    assert Membership.objects.get(role=Role.DISTRICT_ADMIN).area.code == "350102"
    assert read_site_config(data_dir) == {"site_name": "鼓楼区科创规划监测评估平台"}
