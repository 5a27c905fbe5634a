"""Every response carries a Content-Security-Policy that forbids inline scripts, and no template or
rendered page has one (so the policy holds without breaking a page); the other security headers too."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.responses import finish

pytestmark = pytest.mark.django_db

SRC = Path(__file__).resolve().parents[2] / "src" / "kechuang"


def _policy(response) -> dict[str, str]:
    header = response.headers.get("Content-Security-Policy", "")
    return {d.split()[0]: " ".join(d.split()[1:]) for d in header.split(";") if d.strip()}


@pytest.mark.parametrize("path", ["/login/", "/public/", "/api/registry/areas", "/static/kechuang/site.css"])
def test_every_response_has_a_policy_with_only_own_scripts(client, path):
    response = client.get(path)
    finish(response)  # a static file is streamed from disk

    policy = _policy(response)
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"  # no 'unsafe-inline', no 'unsafe-eval', no CDN
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_a_signed_in_page_has_the_policy_and_cannot_be_framed(admin_client):
    response = admin_client.get("/plans/")

    assert response.status_code == 200
    assert _policy(response)["script-src"] == "'self'"
    assert response.headers["X-Frame-Options"] == "DENY"


class _InlineCode(HTMLParser):
    """Collects what a policy without 'unsafe-inline' would block: inline scripts, handlers, <style>."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._in_inline_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            if name in {"href", "src", "action"} and (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:…>")
        if tag == "style":
            self.found.append("<style>")
        if tag == "script" and "src" not in names and names.get("type") != "application/json":
            self._in_inline_script = True

    def handle_data(self, data: str) -> None:
        if self._in_inline_script and data.strip():
            self.found.append(f"<script>{data.strip()[:40]}…")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_inline_script = False


def _inline_code(html: str) -> list[str]:
    parser = _InlineCode()
    parser.feed(html)
    return parser.found


def test_no_template_has_inline_script_handlers_or_style_blocks():
    templates = sorted(SRC.rglob("templates/**/*.html"))

    found = {str(t.relative_to(SRC)): _inline_code(t.read_text(encoding="utf-8")) for t in templates}

    assert len(templates) > 20
    assert {name: hits for name, hits in found.items() if hits} == {}


@pytest.mark.parametrize(
    "path", ["/login/", "/public/", "/", "/plans/", "/monitor/", "/admin/", "/admin/login/", "/api/docs"]
)
def test_rendered_pages_need_no_inline_code(admin_client, path):
    """What the browser gets, the admin's and the API docs' own templates included."""
    if path == "/admin/login/":
        admin_client.logout()
    response = admin_client.get(path, follow=True)

    assert response.status_code == 200
    assert _inline_code(response.content.decode()) == []
