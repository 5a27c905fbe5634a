"""Refusals and missing pages speak Chinese, in the site's own layout, never Django's English pages."""

from __future__ import annotations

import pytest
from django.test import Client

from kechuang.tenancy.models import Membership, Role


@pytest.fixture
def viewer(db, shanghai, django_user_model):
    user = django_user_model.objects.create_user("viewer", "v@example.org")
    Membership.objects.create(user=user, role=Role.VIEWER, area=shanghai["jinshan"])
    return user


def test_forbidden_page_is_chinese_and_says_why(client, viewer):
    client.force_login(viewer)

    response = client.get("/registry/import/")

    page = response.content.decode()
    assert response.status_code == 403
    assert "无权访问" in page and "您的账号不能导入企业" in page
    assert "Forbidden" not in page


def test_missing_page_is_chinese(client, viewer):
    client.force_login(viewer)

    response = client.get("/plans/999999/")

    page = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in page and "Not Found" not in page


def test_expired_form_is_explained_in_chinese(viewer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(viewer)

    response = client.post("/logout/")

    page = response.content.decode()
    assert response.status_code == 403
    assert "页面已过期" in page and "CSRF" not in page


def test_a_form_too_large_for_django_says_so_in_chinese(client, settings):
    """Django refuses a form body over DATA_UPLOAD_MAX_MEMORY_SIZE itself; the page says why."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024

    response = client.post("/login/", {"username": "x", "password": "y" * (2 * 1024 * 1024)})

    page = response.content.decode()
    assert response.status_code == 400
    assert "请求无效" in page and "提交的表单内容过大" in page and "1 MB" in page
    assert "返回首页" in page and "Request body exceeded" not in page
