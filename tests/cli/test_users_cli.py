"""`kechuang users import|lock|unlock`: accounts in bulk, all or nothing; the welcome mail sets the password."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from kechuang.cli import main
from kechuang.registry.models import Carrier
from kechuang.tenancy.models import AuditEntry, Membership, Role

pytestmark = pytest.mark.django_db

HEADER = "姓名,用户名,电子邮箱,角色,地区,载体\n"


@pytest.fixture
def carrier(shanghai):
    return Carrier.objects.create(
        name="枫泾众创空间", kind="maker_space", level="district", area=shanghai["town"]
    )


def write(tmp_path, text: str):
    path = tmp_path / "users.csv"
    path.write_text(HEADER + text, encoding="utf-8")
    return path


def test_import_creates_accounts_with_roles_and_a_link_that_sets_the_password(
    shanghai,
    carrier,
    tmp_path,
    capsys,
    client,
    django_user_model,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.KECHUANG_SITE_URL = "https://kc.example.cn"
    path = write(
        tmp_path,
        "张三,zhangsan,zs@example.cn,科技联络员,310116001,\n"
        "李四,lisi,ls@example.cn,只读用户,310116,\n"
        f"王五,wangwu,ww@example.cn,载体运营方,,{carrier.pk}\n",
    )

    with django_capture_on_commit_callbacks(execute=True):  # the mail goes out once the accounts are saved
        assert main(["users", "import", str(path)]) == 0

    assert "新增账号 3 个" in capsys.readouterr().out
    zs = django_user_model.objects.get(username="zhangsan")
    assert (zs.first_name, zs.email, zs.is_active) == ("张三", "zs@example.cn", True)
    assert Membership.objects.get(user=zs).role == Role.LIAISON
    assert Membership.objects.get(user__username="wangwu").carrier == carrier
    assert sorted(m.to[0] for m in mail.outbox) == ["ls@example.cn", "ww@example.cn", "zs@example.cn"]
    message = next(m for m in mail.outbox if m.to == ["zs@example.cn"])
    assert "您的账号已开通" in message.subject and "用户名：zhangsan" in message.body
    link = re.search(r"https://kc\.example\.cn(/password/reset/\S+/)", message.body).group(1)
    assert AuditEntry.objects.filter(model="auth.user", action="create").count() == 3

    form = client.get(link, follow=True)
    assert "设置新密码" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Kc-Wenzhou-8831", "new_password2": "Kc-Wenzhou-8831"},
        follow=True,
    )
    assert "密码已设置" in done.content.decode(), re.findall(r"class=.error.>([^<]*)", done.content.decode())
    assert client.login(username="zhangsan", password="Kc-Wenzhou-8831")

    again = write(tmp_path, "张三,zhangsan,zs@example.cn,只读用户,310116,\n")
    assert main(["users", "import", str(again)]) == 0
    assert "已有账号新增角色 1 个" in capsys.readouterr().out
    assert django_user_model.objects.filter(username="zhangsan").count() == 1
    assert len(mail.outbox) == 3


def test_every_bad_row_is_named_and_nothing_is_written(
    shanghai, tmp_path, capsys, django_user_model, admin_user
):
    path = write(
        tmp_path,
        "张三,zhangsan,zs@example.cn,科技联络员,310116001,\n"
        "张三二,zhangsan,zs2@example.cn,科技联络员,310116001,\n"
        "李四,lisi,不是邮箱,只读用户,310116,\n"
        "王五,wangwu,ww@example.cn,局长,310116,\n"
        "赵六,zhaoliu,zl@example.cn,只读用户,999999,\n"
        "钱七,qianqi,qq@example.cn,载体运营方,,不存在的载体\n"
        "孙八,sunba,chief@example.org,只读用户,310116,\n",
    )

    assert main(["users", "import", str(path)]) == 1

    err = capsys.readouterr().err
    for line in (
        "第 3 行：用户名“zhangsan”与第 2 行重复",
        "第 4 行：电子邮箱“不是邮箱”格式不正确",
        "第 5 行：角色“局长”无法识别，应为区级管理员、科技联络员、载体运营方、只读用户之一",
        "第 6 行：地区代码“999999”不存在",
        "第 7 行：载体“不存在的载体”不存在或重名，请写载体编号",
        "第 8 行：电子邮箱“chief@example.org”已被账号“chief”使用",
    ):
        assert line in err
    assert err.strip().endswith("未写入任何数据")
    assert list(django_user_model.objects.values_list("username", flat=True)) == ["chief"]
    assert not mail.outbox


def test_lock_stops_the_session_and_unlock_restores_it(shanghai, client, django_user_model, capsys):
    user = django_user_model.objects.create_user("liaison1", "l1@example.cn", "pw-liaison-1")
    Membership.objects.create(user=user, role=Role.LIAISON, area=shanghai["jinshan"])
    client.force_login(user)
    assert client.get("/plans/").status_code == 200

    assert main(["users", "lock", "liaison1"]) == 0
    assert client.get("/plans/").status_code == 302  # the open session no longer logs anyone in
    assert not client.login(username="liaison1", password="pw-liaison-1")

    assert main(["users", "unlock", "liaison1"]) == 0
    assert client.login(username="liaison1", password="pw-liaison-1")
    actions = list(AuditEntry.objects.filter(model="auth.user").values_list("action", flat=True))
    assert sorted(actions) == ["lock", "unlock"]
    assert "已锁定账号“liaison1”" in capsys.readouterr().out
