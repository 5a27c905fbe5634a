"""`kechuang serve`: a real WSGI server in production mode, refusing to start without a secret key."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KECHUANG_", "DJANGO_", "DATABASE_URL"))}
    env.update(KECHUANG_DATA_DIR=str(tmp_path / "data"), PYTHONPATH=str(REPO / "src"), **extra)
    return env


def test_serve_refuses_to_start_without_a_secret_key(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "kechuang", "serve"],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert proc.returncode == 2
    assert proc.stderr.startswith("错误：生产模式必须设置环境变量 KECHUANG_SECRET_KEY")
    assert not (tmp_path / "data" / "kechuang.sqlite3").exists()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # loopback only
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


def test_serve_runs_production_mode_on_an_empty_data_folder(tmp_path):
    port = _free_port()
    env = _env(tmp_path, KECHUANG_SECRET_KEY="test-secret-" + "x" * 40)
    proc = subprocess.Popen(
        [sys.executable, "-m", "kechuang", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        status = None
        while time.monotonic() < deadline:
            try:
                status, login = _get(f"http://127.0.0.1:{port}/login/")
                break
            except (ConnectionError, urllib.error.URLError):
                time.sleep(0.3)
        css_status, css = _get(f"http://127.0.0.1:{port}/static/kechuang/site.css")
        missing_status, missing = _get(f"http://127.0.0.1:{port}/no-such-page/")
    finally:
        proc.terminate()
        proc.communicate(timeout=10)  # also closes the pipes

    assert status == 200
    assert "登录" in login
    assert (css_status, "topbar" in css) == (200, True)  # static files without a separate web server
    assert missing_status == 404
    assert "Traceback" not in missing and "DEBUG = True" not in missing  # debug is off
    assert (tmp_path / "data" / "kechuang.sqlite3").exists()  # created and migrated on first use


def _wait_until_up(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            _get(f"http://127.0.0.1:{port}/login/")
            return
        except (ConnectionError, urllib.error.URLError):
            time.sleep(0.3)


def _declare_body(port: int, length: int) -> str:
    """Send only the headers of a POST declaring ``length`` bytes; return the status line answered."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(
            (
                "POST /login/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                "Content-Type: application/x-www-form-urlencoded\r\n"
                f"Content-Length: {length}\r\n\r\n"
            ).encode("ascii")
        )
        try:
            answer = conn.recv(200)
        except TimeoutError:  # still waiting for the body
            return "no answer"
        with contextlib.suppress(TimeoutError, ConnectionError):
            while chunk := conn.recv(4096):
                answer += chunk
        _declared_answers.append(answer.decode("utf-8", "replace"))
        return answer.decode("latin-1").split("\r\n")[0]


_declared_answers: list[str] = []  # the whole answers, for what the person sees


def test_server_refuses_a_body_larger_than_the_upload_limit_before_reading_it(tmp_path):
    port = _free_port()
    env = _env(
        tmp_path,
        KECHUANG_SECRET_KEY="test-secret-" + "x" * 40,
        KECHUANG_MAX_UPLOAD_BYTES=str(64 * 1024),
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "kechuang", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_until_up(port)
        started = time.monotonic()
        too_big = _declare_body(port, 3 * 1024 * 1024)  # the limit plus 1 MB of room is far below
        answered_in = time.monotonic() - started
    finally:
        proc.terminate()
        proc.communicate(timeout=10)

    assert too_big == "HTTP/1.1 413 Request Entity Too Large"
    page = _declared_answers[-1]  # what the browser shows: a Chinese page, not waitress's English
    assert "text/html" in page and "上传的内容过大" in page and "64 KB" in page
    assert "generated by" not in page and "exceeds" not in page
    assert answered_in < 5  # at once, without waiting for (or buffering) the 3 MB
