"""API tokens end: after their validity (90 days unless issued for fewer), and when their user's
password changes; a token that has ended is answered 401 with the reason in Chinese."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone

from kechuang.tenancy.domain.tokens import issue_api_token
from kechuang.tenancy.models import ApiToken, AuditEntry

pytestmark = pytest.mark.django_db

CARRIERS = "/api/registry/carriers"


def bearer(raw: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _issue(username: str, *args: str) -> str:
    out = StringIO()
    call_command("issue_token", username, "园区系统", *args, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def test_a_token_works_for_90_days_then_is_refused_as_expired(client, world):
    raw = _issue("operator_a")
    now = timezone.now()

    with time_machine.travel(now + dt.timedelta(days=89), tick=False):
        still = client.get(CARRIERS, **bearer(raw))
    with time_machine.travel(now + dt.timedelta(days=91), tick=False):
        expired = client.get(CARRIERS, **bearer(raw))

    assert still.status_code == 200
    assert (expired.status_code, expired.json()) == (401, {"detail": "API 令牌已过期，请重新签发"})


def test_the_issuer_sets_a_shorter_validity_and_is_told_when_it_ends(client, world):
    err = StringIO()
    out = StringIO()
    call_command("issue_token", "operator_a", "临时对接", "--days", "7", stdout=out, stderr=err)
    raw = out.getvalue().strip()
    token = ApiToken.objects.get(user=world.operator_a)
    now = timezone.now()

    with time_machine.travel(now + dt.timedelta(days=6), tick=False):
        day6 = client.get(CARRIERS, **bearer(raw)).status_code
    with time_machine.travel(now + dt.timedelta(days=8), tick=False):
        day8 = client.get(CARRIERS, **bearer(raw)).status_code

    assert (day6, day8) == (200, 401)
    assert f"有效至 {timezone.localtime(token.expires):%Y年%m月%d日}" in err.getvalue()
    with pytest.raises(CommandError, match="令牌有效期应为 1 至 730 天"):
        call_command("issue_token", "operator_a", "x", "--days", "0", stdout=StringIO(), stderr=StringIO())


def test_changing_the_password_in_the_admin_ends_the_users_tokens(client, world, admin_user):
    raw = _issue("operator_a")
    before = client.get(CARRIERS, **bearer(raw)).status_code
    client.force_login(admin_user)

    changed = client.post(
        f"/admin/auth/user/{world.operator_a.pk}/password/",
        {"password1": "new-Secret-4711", "password2": "new-Secret-4711"},
    )
    client.logout()
    after = client.get(CARRIERS, **bearer(raw))

    assert before == 200
    assert changed.status_code == 302
    assert (after.status_code, after.json()) == (
        401,
        {"detail": "API 令牌已吊销（或其用户已修改密码），请重新签发"},
    )
    assert AuditEntry.objects.filter(action="revoke_token", user=world.operator_a).count() == 1
    fresh = _issue("operator_a")  # a new token works again
    assert client.get(CARRIERS, **bearer(fresh)).status_code == 200


def test_set_password_anywhere_ends_the_tokens_but_other_users_keep_theirs(client, world):
    mine = _issue("operator_a")
    theirs = _issue("operator_b")

    world.operator_a.set_password("another-Secret-815")
    world.operator_a.save()

    assert client.get(CARRIERS, **bearer(mine)).status_code == 401
    assert client.get(CARRIERS, **bearer(theirs)).status_code == 200


def test_rehashing_an_unchanged_password_at_login_keeps_the_tokens(client, world, settings):
    raw = _issue("operator_a")
    stored = world.operator_a.password
    # A stronger hasher becomes the default (as after a Django upgrade): the next login re-hashes.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]

    client.post("/login/", {"username": "operator_a", "password": "pw-operator_a-123"})
    client.logout()
    world.operator_a.refresh_from_db()

    assert world.operator_a.password != stored  # re-hashed
    assert client.get(CARRIERS, **bearer(raw)).status_code == 200


def test_no_or_unknown_credentials_get_a_chinese_401(client, world):
    anonymous = client.get(CARRIERS)
    unknown = client.get(CARRIERS, **bearer("kc_not-a-token"))

    assert (anonymous.status_code, anonymous.json()) == (401, {"detail": "未登录或 API 令牌无效"})
    assert (unknown.status_code, unknown.json()) == (401, {"detail": "未登录或 API 令牌无效"})


def test_issued_tokens_default_to_90_days(world):
    token, _ = issue_api_token(world.operator_a, name="园区系统")

    assert abs(token.expires - (timezone.now() + dt.timedelta(days=90))) < dt.timedelta(minutes=1)
