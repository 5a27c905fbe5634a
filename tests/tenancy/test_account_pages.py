"""The district administrator's pages: area and account import (upload → preview → confirm), lock and
unlock, and the password reset by e-mail — through the real HTTP stack."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from kechuang.tenancy.api_auth import hash_token
from kechuang.tenancy.models import ApiToken, Area, AuditEntry, Membership, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def district_admin(shanghai, django_user_model):
    user = django_user_model.objects.create_user(
        "jsadmin", "js@example.cn", "pw-js-admin-1", first_name="金山管理员"
    )
    Membership.objects.create(user=user, role=Role.DISTRICT_ADMIN, area=shanghai["jinshan"])
    return user


def csv_upload(text: str, name: str = "表.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), "text/csv")


def test_area_import_previews_then_writes_on_confirmation(client, district_admin):
    client.force_login(district_admin)
    upload = csv_upload(
        "code,name,kind,parent\n310116900,金山科创园,园区,310116\n310116001,朱泾镇（新）,街镇,310116\n"
    )

    preview = client.post("/areas/import/", {"file": upload})

    text = preview.content.decode()
    assert preview.status_code == 200
    assert "尚未写入任何数据" in text and "金山科创园" in text and "朱泾镇（新）" in text
    assert not Area.objects.filter(code="310116900").exists()
    token = re.search(r'name="token" value="([^"]+)"', text).group(1)

    done = client.post("/areas/import/confirm/", {"token": token, "action": "confirm"}, follow=True)

    assert "导入完成：新增 1 个，更新 1 个" in done.content.decode()
    assert Area.objects.get(code="310116900").parent.code == "310116"
    assert Area.objects.get(code="310116001").name == "朱泾镇（新）"
    assert AuditEntry.objects.filter(model="tenancy.area", user=district_admin).count() == 2


def test_a_district_admin_cannot_reach_outside_their_district(client, district_admin, shanghai):
    client.force_login(district_admin)
    upload = csv_upload(
        "code,name,kind,parent\n310117900,松江某园区,园区,310117\n310117,松江区改名,区县,310000\n999000,某省,省,\n"
    )

    response = client.post("/areas/import/", {"file": upload})

    text = response.content.decode()
    assert response.status_code == 400
    assert "第 3 行：地区“松江区”不在您管理的范围内，不能修改" in text
    assert "第 4 行：只有系统管理员可以导入没有上级的地区" in text
    assert Area.objects.count() == 4


def test_a_liaison_may_not_import_areas_or_see_accounts(client, shanghai, django_user_model):
    liaison = django_user_model.objects.create_user("l1", "l1@example.cn", "pw-l1-000000")
    Membership.objects.create(user=liaison, role=Role.LIAISON, area=shanghai["town"])
    client.force_login(liaison)

    assert client.get("/areas/import/").status_code == 403
    assert client.get("/users/").status_code == 403


def test_account_import_through_the_page_sends_the_welcome_mail(
    client, district_admin, django_user_model, django_capture_on_commit_callbacks
):
    client.force_login(district_admin)
    upload = csv_upload(
        "姓名,用户名,电子邮箱,角色,地区,载体\n张三,zhangsan,zs@example.cn,科技联络员,310116001,\n"
    )
    text = client.post("/users/import/", {"file": upload}).content.decode()
    assert "新增账号" in text and "zhangsan" in text
    token = re.search(r'name="token" value="([^"]+)"', text).group(1)

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post("/users/import/confirm/", {"token": token, "action": "confirm"}, follow=True)

    assert "新增账号 1 个" in done.content.decode()
    assert Membership.objects.get(user__username="zhangsan").role == Role.LIAISON
    assert [m.to for m in mail.outbox] == [["zs@example.cn"]]


def test_account_import_outside_the_district_is_refused(client, district_admin):
    client.force_login(district_admin)
    upload = csv_upload("姓名,用户名,电子邮箱,角色,地区,载体\n李四,lisi,ls@example.cn,只读用户,310117,\n")

    text = client.post("/users/import/", {"file": upload}).content.decode()

    assert "第 2 行：您不能为“松江区”创建账号：只能在您管理的地区内" in text


def test_locking_an_account_ends_its_session_and_its_token(
    client, district_admin, shanghai, django_user_model
):
    liaison = django_user_model.objects.create_user(
        "l2", "l2@example.cn", "pw-l2-000000", first_name="联络员乙"
    )
    Membership.objects.create(user=liaison, role=Role.LIAISON, area=shanghai["town"])
    raw = "kc_test_token_for_l2"
    ApiToken.objects.create(
        user=liaison, name="接口", key_hash=hash_token(raw), expires="2099-01-01T00:00:00Z"
    )
    other = django_user_model.objects.create_user("sj", "sj@example.cn", "pw-sj-000000")
    Membership.objects.create(user=other, role=Role.LIAISON, area=shanghai["songjiang"])
    liaison_client = type(client)()
    liaison_client.force_login(liaison)
    assert liaison_client.get("/plans/").status_code == 200
    assert type(client)().get("/api/registry/areas", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200

    client.force_login(district_admin)
    page = client.get("/users/").content.decode()
    assert "联络员乙" in page and "sj@example.cn" not in page  # only accounts of the admin's own district
    done = client.post(f"/users/{liaison.pk}/lock/", {"action": "lock"}, follow=True)

    assert "已锁定账号“联络员乙”" in done.content.decode()
    assert liaison_client.get("/plans/").status_code == 302
    assert type(client)().get("/api/registry/areas", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    assert client.post(f"/users/{other.pk}/lock/", {"action": "lock"}).status_code == 404
    client.post(f"/users/{liaison.pk}/lock/", {"action": "unlock"})
    liaison.refresh_from_db()
    assert liaison.is_active
    entries = AuditEntry.objects.filter(model="auth.user", object_id=str(liaison.pk))
    assert sorted(e.action_label for e in entries) == ["解锁账号", "锁定账号"]


def test_password_reset_by_mail_is_limited_and_never_says_whether_the_address_is_known(
    client, django_user_model, settings
):
    settings.KECHUANG_SITE_URL = "https://kc.example.cn"
    django_user_model.objects.create_user("l3", "l3@example.cn", "pw-l3-000000")
    assert "忘记密码" in client.get("/login/").content.decode()

    known = client.post("/password/reset/", {"email": "l3@example.cn"}, follow=True)
    unknown = client.post("/password/reset/", {"email": "nobody@example.cn"}, follow=True)

    assert "请查收邮件" in known.content.decode() and "请查收邮件" in unknown.content.decode()
    assert [m.to for m in mail.outbox] == [["l3@example.cn"]]
    assert "设置新密码" in mail.outbox[0].subject
    link = re.search(r"https://kc\.example\.cn(/password/reset/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    client.post(
        form.redirect_chain[-1][0], {"new_password1": "Kc-Lucheng-7731", "new_password2": "Kc-Lucheng-7731"}
    )
    assert client.login(username="l3", password="Kc-Lucheng-7731")
    client.logout()

    for _ in range(4):
        client.post("/password/reset/", {"email": "l3@example.cn"})
    assert len(mail.outbox) == 3  # three an hour for one address
    for _ in range(6):
        last = client.post("/password/reset/", {"email": "x@example.cn"})
    assert "找回密码的请求过于频繁，请一小时后再试。" in last.content.decode()


def test_a_district_admin_may_rename_their_own_district_in_place(client, district_admin):
    client.force_login(district_admin)
    text = client.post(
        "/areas/import/", {"file": csv_upload("code,name,kind,parent\n310116,金山区（新）,区县,310000\n")}
    )
    token = re.search(r'name="token" value="([^"]+)"', text.content.decode()).group(1)

    client.post("/areas/import/confirm/", {"token": token, "action": "confirm"})

    assert Area.objects.get(code="310116").name == "金山区（新）"


def test_a_provinces_areas_are_found_by_name_code_and_kind_a_page_at_a_time(client, shanghai, admin_user):
    for k in range(1, 121):
        Area.objects.create(
            code=f"310116{100 + k}", name=f"测试{k:03d}镇", kind="town", parent=shanghai["jinshan"]
        )
    client.force_login(admin_user)

    first = client.get("/areas/").content.decode()
    assert "共 124 项 · 第 1/3 页" in first and first.count("<tr>") == 1 + 50
    third = client.get("/areas/?page=3").content.decode()
    assert "测试120镇" in third and "测试001镇" not in third  # by code: the last towns

    found = client.get("/areas/?q=测试11").content.decode()
    assert "共 10 个地区" in found and "测试110镇" in found and "测试011镇" not in found
    by_code = client.get("/areas/?q=3101161").content.decode()  # codes starting so: 101–199
    assert "共 99 项 · 第 1/2 页" in by_code
    paged = client.get("/areas/?q=3101161&page=2").content.decode()
    assert 'href="?q=3101161&amp;page=1"' in paged  # the search is kept while paging
    districts = client.get("/areas/?kind=district").content.decode()
    assert "共 2 个地区" in districts and "金山区" in districts and "测试001镇" not in districts
    assert "没有符合条件的地区" in client.get("/areas/?q=不存在的地方").content.decode()


def test_accounts_are_found_by_name_login_or_mail_a_page_at_a_time(
    client, district_admin, shanghai, django_user_model
):
    for k in range(60):
        user = django_user_model.objects.create_user(
            f"op{k:02d}", f"op{k:02d}@example.cn", first_name=f"运营{k:02d}"
        )
        Membership.objects.create(user=user, role=Role.VIEWER, area=shanghai["town"])
    client.force_login(district_admin)

    first = client.get("/users/").content.decode()
    assert "共 61 项 · 第 1/2 页" in first and first.count("<tr>") == 1 + 50
    assert "运营59" in client.get("/users/?page=2").content.decode()
    found = client.get("/users/?q=运营0").content.decode()
    assert "共 10 个账号" in found and "运营09" in found and "运营10" not in found
    assert "运营42" in client.get("/users/?q=op42@").content.decode()
    assert "没有符合条件的账号" in client.get("/users/?q=nobody").content.decode()
    # The export holds every account found, not one page.
    csv = client.get("/users/?q=运营&format=csv").content.decode("utf-8-sig")
    assert csv.count("example.cn") == 60


def test_accounts_may_name_their_area_and_a_shared_name_is_the_importers_own(
    client, district_admin, shanghai
):
    Area.objects.create(
        code="310117900", name="朱泾镇", kind="town", parent=shanghai["songjiang"]
    )  # namesake
    client.force_login(district_admin)
    upload = csv_upload(
        "姓名,用户名,电子邮箱,角色,地区\n王五,wangwu,ww@example.cn,科技联络员,朱泾镇\n"
        "赵六,zhaoliu,zl@example.cn,科技联络员,火星镇\n"
    )

    refused = client.post("/users/import/", {"file": upload}).content.decode()
    assert "第 3 行：地区“火星镇”不存在" in refused and "第 2 行" not in refused

    fixed = csv_upload("姓名,用户名,电子邮箱,角色,地区\n王五,wangwu,ww@example.cn,科技联络员,朱泾镇\n")
    preview = client.post("/users/import/", {"file": fixed}).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', preview).group(1)
    client.post("/users/import/confirm/", {"token": token, "action": "confirm"})
    assert (
        Membership.objects.get(user__username="wangwu").area == shanghai["town"]
    )  # Jinshan's, not Songjiang's
