"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Playwright never downloads a browser here (`scripts/ensure_chromium.sh` installs Debian's);
every page must load with the network unplugged, so any request that leaves the live server
fails the test, and so does any console error.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # sync Playwright runs inside an event loop

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    executable = shutil.which("chromium")
    if executable is None:
        pytest.skip("未安装 Chromium：先运行 bash scripts/ensure_chromium.sh")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class BrowserPage:
    """A page with the console errors and off-site requests it produced."""

    def __init__(self, page: object, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        self.console_errors: list[str] = []
        self.offsite: list[str] = []

    def goto(self, path: str) -> object:
        return self.page.goto(self.base_url + path)


@pytest.fixture
def browser_page(chromium, live_server) -> Iterator[BrowserPage]:
    context = chromium.new_context(locale="zh-CN")
    page = context.new_page()
    wrapper = BrowserPage(page, live_server.url)
    page.on("console", lambda msg: msg.type == "error" and wrapper.console_errors.append(msg.text))
    page.on("pageerror", lambda exc: wrapper.console_errors.append(str(exc)))

    def only_local(route) -> None:
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:  # the network is "unplugged": nothing may be fetched from elsewhere
            wrapper.offsite.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    yield wrapper
    context.close()
