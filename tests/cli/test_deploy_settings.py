"""The documented production set-up: behind an HTTPS reverse proxy (KECHUANG_HTTPS=1) Django's deploy
check is clean and the real server redirects to HTTPS, sends HSTS and secure cookies; on a trusted
network over plain HTTP (no KECHUANG_HTTPS) a browser can still log in."""

from __future__ import annotations

import http.client
import re
import subprocess
import sys
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.cli.test_serve_cli import _env, _free_port, _wait_until_up

HOST = "kechuang.example.gov.cn"
SECRET = "kc-test-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return _env(
        tmp_path,
        KECHUANG_PRODUCTION="1",
        KECHUANG_SECRET_KEY=SECRET,
        KECHUANG_ALLOWED_HOSTS=HOST,
        **extra,
    )


def _deploy_check(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kechuang", "manage", "check", "--deploy"],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_deploy_check_is_clean_behind_the_https_proxy(tmp_path):
    proc = _deploy_check(_production_env(tmp_path, KECHUANG_HTTPS="1"))

    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "System check identified no issues (0 silenced)."
    assert "WARNINGS" not in proc.stderr


def test_without_https_the_deploy_check_names_what_plain_http_lacks(tmp_path):
    proc = _deploy_check(_production_env(tmp_path))

    warnings = set(re.findall(r"security\.W\d+", proc.stdout + proc.stderr))
    assert warnings == {"security.W004", "security.W008", "security.W012", "security.W016"}


@contextmanager
def _server(tmp_path: Path, env: dict[str, str]) -> Iterator[int]:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "kechuang", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_until_up(port)
        yield port
    finally:
        proc.terminate()
        proc.communicate(timeout=10)


def _request(port: int, method: str, path: str, headers: dict, body: str | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request(method, path, body=body, headers={"Host": HOST, **headers})
        response = conn.getresponse()
        response.read()
        return response
    finally:
        conn.close()


def test_behind_the_proxy_http_is_redirected_and_https_gets_hsts_and_secure_cookies(tmp_path):
    with _server(tmp_path, _production_env(tmp_path, KECHUANG_HTTPS="1")) as port:
        plain = _request(port, "GET", "/login/", {})
        proxied = _request(port, "GET", "/login/", {"X-Forwarded-Proto": "https"})

    assert (plain.status, plain.getheader("Location")) == (301, f"https://{HOST}/login/")
    assert proxied.status == 200
    assert proxied.getheader("Strict-Transport-Security") == "max-age=31536000; includeSubDomains; preload"
    assert "upgrade-insecure-requests" in proxied.getheader("Content-Security-Policy")
    assert "; secure" in proxied.getheader("Set-Cookie").lower()  # the CSRF cookie, HTTPS only


def _cookies(response) -> dict[str, str]:
    found = {}
    for header in response.msg.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        found[name] = rest
    return found


def test_on_a_trusted_network_a_browser_logs_in_over_plain_http(tmp_path):
    env = _production_env(tmp_path, DJANGO_SUPERUSER_PASSWORD="pw-chief-4711")
    created = subprocess.run(
        [sys.executable, "-m", "kechuang", "manage", "createsuperuser", "--noinput"]
        + ["--username", "chief", "--email", "chief@example.org"],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert created.returncode == 0, created.stderr

    with _server(tmp_path, env) as port:
        form = _request(port, "GET", "/login/", {})
        csrf_cookie = _cookies(form)["csrftoken"]
        token = csrf_cookie.split(";")[0]
        login = _request(
            port,
            "POST",
            "/login/",
            {
                "Cookie": f"csrftoken={token}",
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://{HOST}/login/",
            },
            urllib.parse.urlencode(
                {"csrfmiddlewaretoken": token, "username": "chief", "password": "pw-chief-4711"}
            ),
        )

    assert "secure" not in csrf_cookie.lower()  # a browser sends it back over http://
    assert (login.status, login.getheader("Location")) == (302, "/")
    assert "secure" not in _cookies(login)["sessionid"].lower()
