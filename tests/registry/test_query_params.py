"""Numbers in query strings and URLs are checked: out of range is a Chinese message (pages) or a 400
(API), an id no database column can hold is 404 — never a 500."""

from __future__ import annotations

import re

import pytest
from django.urls import URLResolver, get_resolver
from django.utils import timezone

from kechuang.tenancy.domain.tokens import issue_api_token

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999999"


@pytest.mark.parametrize("year", ["-1", HUGE, "1800", "abc"])
def test_funnel_with_an_impossible_year_shows_this_year_and_says_why(client, world, year):
    client.force_login(world.admin)
    this_year = timezone.localdate().year

    response = client.get("/registry/funnel/", {"year": year})

    page = response.content.decode()
    assert response.status_code == 200
    assert f"{this_year} 年</h1>" in page
    expected = "年份应为整数" if year == "abc" else "年份应在 1949 至 2100 之间"
    assert f"{expected}，已显示 {this_year} 年。" in page


def test_funnel_with_a_real_year_shows_it_without_complaint(client, world):
    client.force_login(world.admin)

    response = client.get("/registry/funnel/", {"year": "2023"})

    assert "2023 年</h1>" in response.content.decode()
    assert 'role="alert"' not in response.content.decode()


@pytest.mark.parametrize("path", ["/api/registry/enterprises", "/api/registry/qualifications"])
@pytest.mark.parametrize("offset", [HUGE, "9223372036854775808", "1000001", "-1"])
def test_api_offset_out_of_range_is_a_400_saying_so(client, world, path, offset):
    _, raw = issue_api_token(world.admin, name="园区系统")

    response = client.get(path, {"offset": offset}, HTTP_AUTHORIZATION=f"Bearer {raw}")

    assert (response.status_code, response.json()) == (
        400,
        {"detail": "偏移量（offset）应在 0 至 1000000 之间"},
    )


def test_api_paging_still_works(client, world):
    _, raw = issue_api_token(world.admin, name="园区系统")

    first = client.get("/api/registry/enterprises", {"limit": 1}, HTTP_AUTHORIZATION=f"Bearer {raw}").json()
    second = client.get(
        "/api/registry/enterprises", {"limit": 1, "offset": 1}, HTTP_AUTHORIZATION=f"Bearer {raw}"
    ).json()

    assert [e["name"] for e in first + second] == ["甲科技有限公司", "乙科技有限公司"]


def test_an_id_no_column_can_hold_is_not_found(client, world):
    client.force_login(world.operator_a)
    _, raw = issue_api_token(world.admin, name="园区系统")

    page = client.get(f"/registry/enterprises/{HUGE}/")
    api = client.get(f"/api/registry/enterprises/{HUGE}", HTTP_AUTHORIZATION=f"Bearer {raw}")
    filtered = client.get(
        "/api/registry/qualifications", {"enterprise_id": HUGE}, HTTP_AUTHORIZATION=f"Bearer {raw}"
    )

    assert page.status_code == 404
    assert (api.status_code, api.json()) == (404, {"detail": "对象不存在或无权访问"})
    assert (filtered.status_code, filtered.json()) == (200, [])


def _patterns(resolver: URLResolver, prefix: str = "") -> list[str]:
    out = []
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            out += _patterns(p, prefix + str(p.pattern))
        else:
            out.append("/" + prefix + str(p.pattern))
    return out


QUERY_NUMBERS = ["year", "months", "area", "area_id", "enterprise_id", "offset", "limit", "page", "period"]


def test_no_page_or_api_call_answers_500_to_hostile_numbers(client, world):
    """Every route (a view added tomorrow included): huge ids in the path, hostile numbers in the query."""
    client.force_login(world.admin)
    _, raw = issue_api_token(world.admin, name="园区系统")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    failures = []
    for pattern in sorted(set(_patterns(get_resolver()))):
        if pattern.startswith(("/admin/", "/logout/")) or "^" in pattern or "(?P" in pattern:
            continue
        path = re.sub(r"<int:\w+>|\{int:\w+\}", HUGE, pattern)
        path = re.sub(r"<\w+:\w+>|<\w+>|\{\w+(:\w+)?\}", "2025-01", path)
        queries = [{}]
        if pattern == path:  # no arguments: try the query parameters, one at a time, then all negative
            queries = [{name: HUGE} for name in QUERY_NUMBERS] + [dict.fromkeys(QUERY_NUMBERS, "-1")]
        for query in queries:
            status = client.get(path, query, **auth).status_code
            if status >= 500:
                failures.append((path, query, status))

    assert failures == []
