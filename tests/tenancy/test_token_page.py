"""The token page: a person creates a named token with an expiry, sees it once, sees when it was last
used and revokes it; a revoked or expired token is answered 401 with the reason; a superuser sees
and revokes everyone's, nobody else anyone else's."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.utils import timezone

from kechuang.tenancy.domain.tokens import issue_api_token
from kechuang.tenancy.models import ApiToken, AuditEntry

pytestmark = pytest.mark.django_db

PAGE = "/account/tokens/"
API = "/api/plans/"


def _create(client, name: str = "园区填报系统", days: int = 30) -> str:
    page = client.post(PAGE, {"name": name, "days": days}).content.decode()
    return re.search(r'<code class="secret">([^<]+)</code>', page).group(1)


def test_a_person_creates_a_token_sees_it_once_and_its_last_use(client, django_user_model):
    user = django_user_model.objects.create_user("liaison", first_name="联络员")
    client.force_login(user)

    raw = _create(client)
    used = client.get(API, HTTP_AUTHORIZATION=f"Bearer {raw}")
    again = client.get(PAGE).content.decode()

    token = ApiToken.objects.get(user=user)
    assert used.status_code == 200
    assert token.name == "园区填报系统" and token.last_used is not None
    assert (token.expires - timezone.now()).days in (29, 30)
    assert raw not in again and f"{token.prefix}…" in again and "有效" in again and "从未使用" not in again
    assert AuditEntry.objects.filter(action="issue_token").exists()


def test_a_revoked_token_stops_working_with_the_reason(client, django_user_model):
    user = django_user_model.objects.create_user("liaison")
    client.force_login(user)
    raw = _create(client)
    token = ApiToken.objects.get(user=user)

    revoked = client.post(f"{PAGE}{token.pk}/revoke/", follow=True)
    client.logout()
    refused = client.get(API, HTTP_AUTHORIZATION=f"Bearer {raw}")

    assert "已吊销令牌“园区填报系统”" in revoked.content.decode()
    assert (refused.status_code, refused.json()) == (
        401,
        {"detail": "API 令牌已吊销（或其用户已修改密码），请重新签发"},
    )


def test_an_expired_token_stops_working_and_the_page_says_so(client, django_user_model):
    user = django_user_model.objects.create_user("liaison")
    client.force_login(user)
    raw = _create(client, days=7)
    later = timezone.now() + dt.timedelta(days=8)

    with time_machine.travel(later, tick=False):
        page = client.get(PAGE).content.decode()
        client.logout()
        refused = client.get(API, HTTP_AUTHORIZATION=f"Bearer {raw}")

    assert "已过期" in page
    assert (refused.status_code, refused.json()) == (401, {"detail": "API 令牌已过期，请重新签发"})


def test_only_a_superuser_sees_and_revokes_other_peoples_tokens(client, django_user_model, admin_user):
    owner = django_user_model.objects.create_user("owner", first_name="甲园区")
    other = django_user_model.objects.create_user("other")
    token, _ = issue_api_token(owner, name="甲园区系统")

    client.force_login(other)
    hidden = client.get(PAGE).content.decode()
    refused = client.post(f"{PAGE}{token.pk}/revoke/")
    client.force_login(admin_user)
    listed = client.get(PAGE).content.decode()
    revoked = client.post(f"{PAGE}{token.pk}/revoke/")

    assert "甲园区系统" not in hidden and refused.status_code == 404
    assert "甲园区系统" in listed and "甲园区" in listed
    assert revoked.status_code == 302
    token.refresh_from_db()
    assert token.revoked


def test_the_header_links_to_the_token_page(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("viewer"))

    assert 'href="/account/tokens/">接口令牌</a>' in client.get("/").content.decode()


def test_form_labels_end_in_the_chinese_colon(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("标签", "label@example.org"))
    page = client.get(PAGE).content.decode()
    assert "名称：</label>" in page and "名称:</label>" not in page
