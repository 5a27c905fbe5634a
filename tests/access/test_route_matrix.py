"""Every route, every role, inside and outside its scope: the generated access matrix.

The route list comes from Django's URL resolver and the API's OpenAPI document,
so a view or endpoint added tomorrow fails ``test_every_route_is_in_the_matrix``
until someone writes down who may use it (tests/access/matrix.py). Each case runs
as every role in its own savepoint; refused writes must leave every table as it
was, and allowed writes with a valid body must change something.
"""

from __future__ import annotations

import hashlib
import json

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from kechuang.api import api
from tests.access.matrix import API, HTML, Case
from tests.access.world import ROLES, build_world
from tests.responses import finish

SKIPPED_TABLES = {"sessions.session", "auth.permission", "contenttypes.contenttype"}


@pytest.fixture(autouse=True)
def _fast(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from django.core.cache import cache

    cache.clear()


def _fingerprint_queries() -> list[str]:
    queries = []
    qn = connection.ops.quote_name
    for model in apps.get_models():
        if model._meta.label_lower in SKIPPED_TABLES:
            continue
        columns = [f.column for f in model._meta.concrete_fields if f.attname != "last_login"]
        pk = model._meta.pk.column
        queries.append(
            f"SELECT {', '.join(qn(c) for c in columns)} FROM {qn(model._meta.db_table)} ORDER BY {qn(pk)}"
        )
    return queries


def db_fingerprint() -> str:
    """A hash of every row of every table people's requests could change."""
    digest = hashlib.sha256()
    with connection.cursor() as cursor:
        for sql in _fingerprint_queries():
            cursor.execute(sql)
            digest.update(sql.encode())
            digest.update(repr(cursor.fetchall()).encode())
    return digest.hexdigest()


def _clients(world) -> dict[str, Client]:
    clients = {}
    for role in ROLES:
        client = Client()
        if world.users[role] is not None:
            client.force_login(world.users[role])
        clients[role] = client
    return clients


def _send(client: Client, case: Case, world) -> object:
    url = case.url(world)
    body = case.body(world)
    if case.json:
        if case.method == "GET":
            return client.get(url)
        return client.generic(
            case.method, url, json.dumps(body or {}, default=str), content_type="application/json"
        )
    if case.method == "GET":
        return client.get(url)
    return client.post(url, body or {})


def _refused(response: object, role: str, case: Case, world: object) -> bool:
    status = response.status_code
    if role == "anon":
        if case.json or case.url(world).startswith("/api/"):  # an API form upload is still the API
            return status == 401
        to_login = status == 302 and response["Location"].startswith("/login/")
        return to_login or status in (403, 404)
    return status in (403, 404)


def _body(response: object) -> str:
    """The page's text; a file download (streamed) is read and closed."""
    if getattr(response, "streaming", False):
        return finish(response).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def _check_case(case: Case, world, clients: dict[str, Client], baseline: str) -> list[str]:
    problems = []
    write = case.method != "GET"
    for role in ROLES:
        where = f"{case.label}（{case.method} {case.url(world)}）以{role}"
        with transaction.atomic():
            try:
                response = _send(clients[role], case, world)
            except Exception as exc:  # a crash is a finding, reported with the others
                problems.append(f"{where}：异常 {exc!r}")
                transaction.set_rollback(True)
                continue
            status = response.status_code
            changed = write and db_fingerprint() != baseline
            transaction.set_rollback(True)
        if status >= 500:
            problems.append(f"{where}：{status}")
            continue
        if role in case.fk_out:
            if changed:
                problems.append(f"{where}：外键指向范围之外却写入了数据（{status}）")
            continue
        if role in case.allowed:
            if _refused(response, role, case, world) or status in (401, 403, 404):
                problems.append(f"{where}：应允许，却得到 {status}")
            elif case.effect and not changed:
                problems.append(f"{where}：应写入，数据未变（{status}）")
            elif status == 200 and not write:
                body = _body(response)
                for texts, may_see in case.hidden:
                    if role in may_see:
                        continue
                    for text in texts(world):
                        if text in body:
                            problems.append(f"{where}：看到了范围外的“{text}”")
        else:
            if not _refused(response, role, case, world):
                problems.append(f"{where}：应拒绝，却得到 {status}")
            if changed:
                problems.append(f"{where}：被拒绝却改变了数据")
    return problems


def _html_route_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace in ("admin", "api"):
                    continue
                walk(p.url_patterns, f"{namespace}{p.namespace}:" if p.namespace else namespace)
            elif isinstance(p, URLPattern):
                assert p.name, f"未命名的路由 {p.pattern}"
                names.add(namespace + p.name)

    walk(get_resolver().url_patterns, "")
    return names


def _api_operations() -> set[str]:
    schema = api.get_openapi_schema()
    ops = set()
    for path, methods in schema["paths"].items():
        for method in methods:
            ops.add(f"{method.upper()} {path.rstrip('/')}")
    return ops


def test_every_route_is_in_the_matrix():
    """A new page or endpoint fails here until its access rule is written into the matrix."""
    assert _html_route_names() == set(HTML), "HTML 路由与访问矩阵不一致"
    assert _api_operations() == set(API), "API 操作与访问矩阵不一致"


@pytest.mark.parametrize("route", sorted(HTML))
def test_page_access(route, django_user_model):
    world = build_world(django_user_model)
    for case in HTML[route]:
        case.prepare(world)
    clients = _clients(world)
    baseline = db_fingerprint()
    problems = [p for case in HTML[route] for p in _check_case(case, world, clients, baseline)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("operation", sorted(API))
def test_api_access(operation, django_user_model):
    world = build_world(django_user_model)
    for case in API[operation]:
        case.prepare(world)
    clients = _clients(world)
    baseline = db_fingerprint()
    problems = [p for case in API[operation] for p in _check_case(case, world, clients, baseline)]
    assert not problems, "\n".join(problems)


def _admin_urls(world) -> list[str]:
    """Every admin page, with a real object where the page needs one."""
    urls = [reverse("admin:index"), reverse("admin:password_change")]
    for model, _ in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        urls.append(reverse("admin:app_list", args=[model._meta.app_label]))
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        urls.append(reverse("admin:{}_{}_add".format(*info)))
        obj = model._default_manager.order_by("pk").first()
        pk = obj.pk if obj is not None else 1
        for view in ("change", "delete", "history"):
            urls.append(reverse(f"admin:{info[0]}_{info[1]}_{view}", args=[pk]))
    return sorted(set(urls))


@pytest.mark.django_db
def test_admin_is_for_superusers_only(django_user_model):
    """No role but the superuser reaches any admin page, and a refused POST changes nothing."""
    world = build_world(django_user_model)
    clients = _clients(world)
    baseline = db_fingerprint()
    problems = []
    for url in _admin_urls(world):
        for role in ROLES:
            client = clients[role]
            with transaction.atomic():
                get = client.get(url)
                post = client.post(url, {"name": "改名", "post": "yes"})
                changed = db_fingerprint() != baseline
                transaction.set_rollback(True)
            if role == "superuser":
                if get.status_code >= 500:
                    problems.append(f"{url} 超级管理员打开得到 {get.status_code}")
                continue
            for response in (get, post):
                if not (response.status_code == 302 and "/admin/login/" in response["Location"]):
                    problems.append(f"{url} 以{role}：{response.status_code}")
            if changed:
                problems.append(f"{url} 以{role}：被拒绝却改变了数据")
    assert not problems, "\n".join(problems)
