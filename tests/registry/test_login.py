"""Failed logins are slowed down: after five failures the name is refused for fifteen minutes."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def _login(client, password):
    return client.post("/login/", {"username": "liaison_x", "password": password})


def test_five_failures_then_even_the_right_password_is_refused(client, world):
    failures = [_login(client, "wrong").status_code for _ in range(5)]

    refused = _login(client, "pw-liaison_x-123")

    assert failures == [200] * 5
    assert refused.status_code == 200
    assert "登录失败次数过多，请 15 分钟后再试。" in refused.content.decode()
    assert "_auth_user_id" not in client.session


def test_right_password_after_fewer_failures_logs_in_and_resets(client, world):
    for _ in range(4):
        _login(client, "wrong")

    ok = _login(client, "pw-liaison_x-123")

    assert ok.status_code == 302
    assert client.session["_auth_user_id"] == str(world.liaison_x.pk)


def test_passwords_are_hashed(world):
    assert world.liaison_x.password.split("$")[0] in {"md5", "pbkdf2_sha256", "argon2", "bcrypt_sha256"}
    assert "pw-liaison_x-123" not in world.liaison_x.password


def test_wrong_password_message_is_chinese(client, world):
    response = _login(client, "wrong")

    assert "用户名或密码不正确，请重试。" in response.content.decode()


def _admin_login(client, password, username="chief"):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password})


def test_admin_login_is_throttled_like_the_site_login(client, admin_user):
    failures = [_admin_login(client, "wrong").status_code for _ in range(6)]

    refused = _admin_login(client, "pw-chief-123")

    assert failures == [200] * 6
    assert refused.status_code == 200
    assert "登录失败次数过多，请 15 分钟后再试。" in refused.content.decode()
    assert "_auth_user_id" not in client.session


def test_site_and_admin_logins_share_one_counter(client, admin_user):
    for _ in range(3):
        _login_as(client, "chief", "wrong")
    for _ in range(2):
        _admin_login(client, "wrong")

    site = _login_as(client, "chief", "pw-chief-123")
    admin = _admin_login(client, "pw-chief-123")

    assert "登录失败次数过多，请 15 分钟后再试。" in site.content.decode()
    assert "登录失败次数过多，请 15 分钟后再试。" in admin.content.decode()
    assert "_auth_user_id" not in client.session


def test_admin_login_with_the_right_password_still_works(client, admin_user):
    _admin_login(client, "wrong")

    ok = _admin_login(client, "pw-chief-123")

    assert (ok.status_code, ok["Location"]) == (302, "/admin/")
    assert client.session["_auth_user_id"] == str(admin_user.pk)


def _login_as(client, username, password):
    return client.post("/login/", {"username": username, "password": password})
