"""No page shows a person a link they may not follow: every on-site link on every page a role can
open answers that role with something other than 403 or 404.

Why: a link that ends on a refusal ("您无权访问") tells the person the product is broken; the
page should not have offered it. The pages are the access matrix's GET routes, as in
test_chinese_screens, so a page added tomorrow is checked too.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.access.world import ROLE_LABELS, ROLES
from tests.common.test_chinese_screens import _pages, _world
from tests.responses import finish

HREF = re.compile(r'<a\s[^>]*href="(/[^"#]*)"')
SKIP = ("/admin/", "/static/", "/logout/", "/api/docs")


@pytest.fixture(autouse=True)
def _fast(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anon"])
def test_no_page_offers_a_link_its_reader_is_refused(role, django_user_model):
    world = _world(django_user_model)
    client = Client()
    client.force_login(world.users[role])
    links: dict[str, str] = {}
    for where, url in _pages(world, role):
        response = client.get(url)
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            finish(response)
            continue
        for href in HREF.findall(response.content.decode("utf-8", "replace")):
            href = href.replace("&amp;", "&")
            if not href.startswith(SKIP):
                links.setdefault(href, where)
    problems = []
    for href, where in sorted(links.items()):
        response = client.get(href)
        finish(response)
        if response.status_code in (403, 404):
            problems.append(f"{where} 上的链接 {href} → {response.status_code}")
    assert not problems, f"以{ROLE_LABELS[role]}身份：\n" + "\n".join(problems)
