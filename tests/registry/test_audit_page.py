"""The audit page pages through the whole trail and filters by kind, person and date in the URL."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.utils import timezone

from kechuang.tenancy.models import AuditEntry
from tests.access.world import build_world


def _admin(django_user_model):
    world = build_world(django_user_model)
    client = Client()
    client.force_login(world.users["admin_here"])
    return world, client


def test_the_trail_pages_beyond_a_hundred_rows(django_user_model):
    world, client = _admin(django_user_model)
    AuditEntry.objects.bulk_create(
        AuditEntry(
            user_name="张三",
            action="update",
            model="registry.enterprise",
            object_id=str(world.enterprise.pk),
            object_repr=f"第{i}条",
            changes={"name": [f"旧{i}", f"新{i}"]},
            area=world.town,
        )
        for i in range(150)
    )
    total = AuditEntry.objects.filter(area__in=[world.district, world.town, world.other_town]).count()
    first = client.get("/audit/").content.decode()
    assert f"共 {total} 条" in first and "第 1/2 页" in first and "下一页" in first and "末页" in first
    second = client.get("/audit/?page=2").content.decode()
    assert "第 2/2 页" in second and "上一页" in second and "首页" in second
    assert "旧0 → 新0" in second and "旧0 → 新0" not in first  # the oldest of the 150, beyond row 100


def test_filters_by_kind_person_and_date_and_keep_them_in_the_page_links(django_user_model):
    world, client = _admin(django_user_model)
    for _ in range(120):
        AuditEntry.objects.create(
            user_name="李四",
            action="update",
            model="registry.carrier",
            object_id=str(world.carrier.pk),
            object_repr="朱泾科创孵化器",
            changes={},
            area=world.town,
        )
    old = AuditEntry.objects.create(
        user_name="王五",
        action="update",
        model="registry.enterprise",
        object_id=str(world.enterprise.pk),
        object_repr="去年的修改",
        changes={},
        area=world.town,
    )
    AuditEntry.objects.filter(pk=old.pk).update(at=timezone.now() - dt.timedelta(days=400))

    page = client.get("/audit/").content.decode()
    assert '<option value="registry.carrier">科创载体</option>' in page  # kinds by their Chinese name
    assert '<option value="李四">李四</option>' in page

    by_person = client.get("/audit/", {"user": "王五"}).content.decode()
    assert "去年的修改" in by_person and "朱泾科创孵化器" not in by_person.split("<table", 1)[1]

    by_kind = client.get("/audit/", {"model": "registry.carrier", "user": "李四"}).content.decode()
    assert "第 1/2 页" in by_kind
    assert (
        "model=registry.carrier&amp;user=%E6%9D%8E%E5%9B%9B&amp;page=2" in by_kind
    )  # filters survive paging

    since = (timezone.localdate() - dt.timedelta(days=30)).isoformat()
    recent = client.get("/audit/", {"from": since}).content.decode()
    assert "去年的修改" not in recent
    until = (timezone.localdate() - dt.timedelta(days=300)).isoformat()
    older = client.get("/audit/", {"to": until}).content.decode()
    assert "去年的修改" in older and "朱泾科创孵化器" not in older.split("<table", 1)[1]
    assert "没有符合条件的记录" in client.get("/audit/", {"user": "无此人"}).content.decode()


def test_only_district_administrators_see_the_trail(django_user_model):
    world = build_world(django_user_model)
    for role in ("liaison_here", "op_here", "viewer"):
        client = Client()
        client.force_login(world.users[role])
        response = client.get("/audit/")
        assert response.status_code == 403
        assert "仅区级管理员可查看变更记录" in response.content.decode()


def test_keys_that_are_not_fields_read_as_chinese_and_internal_ids_stay_hidden(django_user_model):
    """作为新版本上传 once showed matched_indicators and plan ids; each key now has a Chinese label
    or is left out, and a linked plan is named by its title."""
    world, client = _admin(django_user_model)
    plan = world.published.plan
    AuditEntry.objects.create(
        user_name="张三",
        action="version",
        model="plans.plan",
        object_id=str(world.draft.plan.pk),
        object_repr=world.draft.plan.title,
        changes={
            "previous": [None, plan.pk],
            "matched_indicators": [None, 2],
            "removal": [None, 99],
            "revoked": [False, True],
            "someone_new": [None, "x"],
        },
        area=world.town,
    )
    table = client.get("/audit/", {"user": "张三"}).content.decode().split("<table", 1)[1]
    assert "作为新版本上传" in table
    assert f"上一版本：{plan}" in table
    assert "与上一版对应的指标数：2" in table
    assert "其他：— → x" in table  # a key nobody labelled yet: never shown as its code
    for code in ("matched_indicators", "previous", "removal", "someone_new", "plans.plan"):
        assert code not in table, code
