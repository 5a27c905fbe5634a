"""Every page, as every role, speaks Chinese: no English word in the text a person reads, and no
model label, stored code or id in a history or the audit trail.

The pages are the GET routes of the access matrix (tests/access/matrix.py), so a page added
tomorrow is crawled too; each role opens every page, and reads the refusal pages (403, 404)
of those it may not open. What counts as visible text is
what a browser shows: tags, attributes, scripts and styles are stripped.
"""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from kechuang.plans.enums import PlanStatus
from kechuang.plans.lifecycle import submit_plan
from kechuang.registry.domain import move_enterprise_stage, update_tenancy
from kechuang.registry.models import Stage
from tests.access.matrix import HTML
from tests.access.world import ROLE_LABELS, ROLES, _plan, build_world
from tests.responses import finish

# File formats and programs the user picks or opens by these names, in either case (.xlsx, XLSX).
FORMATS = {"api", "json", "csv", "xlsx", "xls", "docx", "doc", "pdf", "html", "htm", "txt", "wps", "ofd"}
FORMATS |= {"word", "excel", "url", "zip", "utf"}  # UTF-8, the encoding a CSV is saved in
FORMATS |= {"png", "jpg", "jpeg"}  # image attachments, named by the file names people gave them

# Other words a Chinese user reads as they are, each with its reason.
ALLOWED = {
    "PCT",  # PCT 国际专利申请: the treaty's name as statistics and plans print it
    "GDP",  # 地区生产总值, written GDP in every Chinese plan
    "R",  # R&D, the statistical term as plans print it
    "D",
    "km",  # units
    "kg",
    "MB",
    "KB",
    "GB",
    "kW",
    "kWh",
}

WORD = re.compile(r"[A-Za-z][A-Za-z]+|(?<![A-Za-z0-9])[A-Za-z](?![A-Za-z0-9])")
RAW_OBJECT = re.compile(r"\b[a-z_]+\.[a-z_]+#\d+")


class _Text(HTMLParser):
    """The text a browser shows: no tags, attributes, scripts or styles."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("script", "style", "template"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def english_words(text: str) -> set[str]:
    """Latin words outside the allow-list; an email address, web address or code in a name the
    user typed (a certificate number GR2023…) is data, not English, and is left out."""
    # An interface token's first characters (kc_XDGu…), shown so its owner can tell tokens apart: a
    # code. Removed first: the rules below would cut a prefix with a digit or a slash into pieces.
    text = re.sub(r"\bkc_[\w-]*", " ", text)
    text = re.sub(r"\S+@\S+|https?://\S+|/[\w/.-]*", " ", text)
    text = re.sub(r"[A-Za-z]*\d[A-Za-z0-9]*", " ", text)  # codes with digits: GR20230011, 2025Q1
    return {w for w in WORD.findall(text) if w not in ALLOWED and w.lower() not in FORMATS}


@pytest.fixture(autouse=True)
def _fast(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _world(django_user_model):
    """The access matrix's world, with people named as they are in a district and a few changes
    of the kinds the trail once showed as codes: a stage, a plan's status, a tenancy."""
    world = build_world(django_user_model)
    for role, user in world.users.items():
        if user is not None:
            user.first_name = ROLE_LABELS[role]
            user.save(update_fields=["first_name"])
    admin = world.users["admin_here"]
    move_enterprise_stage(
        world.enterprise, stage=Stage.SURVEYED, since=dt.date(2024, 1, 1), acting_user=admin
    )
    move_enterprise_stage(
        world.enterprise, stage=Stage.CULTIVATING, since=dt.date(2024, 6, 1), acting_user=admin
    )
    update_tenancy(world.tenancy, acting_user=admin, left_on=dt.date(2025, 1, 31), exit_reason="graduated")
    submit_plan(_plan(world.town, "朱泾镇人才发展计划", PlanStatus.DRAFT).plan, acting_user=admin)
    return world


def _pages(world, role: str) -> list[tuple[str, str]]:
    pages = []
    for route, cases in sorted(HTML.items()):
        for case in cases:
            if case.method == "GET" and not case.json:  # refused ones too: their 403/404 pages
                case.prepare(world)  # state the page needs (a stored report, a waiting upload)
                pages.append((f"{route}（{case.label}）", case.url(world)))
    return pages


@pytest.mark.parametrize("role", ROLES)
def test_every_page_speaks_chinese(role, django_user_model):
    world = _world(django_user_model)
    client = Client()
    if world.users[role] is not None:
        client.force_login(world.users[role])
    problems = []
    for where, url in _pages(world, role):
        response = client.get(url)
        finish(response)  # a file download is read to the end, so its file does not stay open
        # refusals too: a 403 or 404 page is read by the person refused
        if response.status_code in (301, 302) or not response.get("Content-Type", "").startswith("text/html"):
            continue
        text = visible_text(response.content.decode("utf-8", "replace"))
        words = english_words(text)
        if words:
            problems.append(f"{where} {url}：{'、'.join(sorted(words))}")
        if RAW_OBJECT.search(text):
            problems.append(f"{where} {url}：{RAW_OBJECT.search(text).group()}")
    assert not problems, f"以{ROLE_LABELS[role]}身份：\n" + "\n".join(problems)


def _table_text(html: str, marker: str) -> str:
    start = html.index(marker)
    return visible_text(html[start : html.index("</table>", start)])


def test_audit_trail_and_histories_name_things_as_people_do(django_user_model):
    """The trail the administrator reads: 阶段：摸底 → 入库培育, plan statuses by label, records by
    name; no field name, choice code or app.model#id anywhere in it."""
    world = _world(django_user_model)
    client = Client()
    client.force_login(world.users["admin_here"])
    trail = _table_text(client.get("/audit/").content.decode(), "<table")
    assert "阶段：摸底 → 入库培育" in trail
    assert "起始日期：2024年6月1日" in trail  # a note, not "— → 2024-06-01"
    assert "毕业/退出日期：— → 2025年1月31日" in trail and "退出原因：— → 毕业" in trail
    assert "状态：草稿 → 待审核" in trail
    assert "朱泾新材料科技有限公司" in trail
    codes = {"surveyed", "cultivating", "draft", "pending", "published", "graduated", "stage", "status"}
    assert not codes & set(re.findall(r"[a-z_]+", trail)), trail
    assert not RAW_OBJECT.search(trail)
    for path in (f"/registry/enterprises/{world.enterprise.pk}/", f"/registry/carriers/{world.carrier.pk}/"):
        page = client.get(path).content.decode()
        history = _table_text(page, "<h2>变更记录</h2>")
        assert not codes & set(re.findall(r"[a-z_]+", history)), history
        assert not english_words(history), history


@pytest.mark.parametrize("prefix", ["kc_Ab3x-Q", "kc_-x9Zq", "kc_q_1-Ab", "kc_AbCdE"])
def test_a_token_prefix_is_a_code_whatever_its_characters(prefix):
    assert english_words(f"园区填报系统（{prefix}…）") == set()
