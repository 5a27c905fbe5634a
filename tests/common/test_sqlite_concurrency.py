"""SQLite under concurrent writes, through the real server (waitress) on a real database file.

Twenty figures and twenty monthly reports saved at the same moment all land; readers are
served while a writer holds the lock; a write that cannot get the lock in time is told, in
Chinese, to try again (503), never a 500.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import socket
import sqlite3
import string
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
N = 20
PERIOD = "2025-05"
BUSY = "系统正忙，请稍后重试"

# Runs in a child process against the file database the servers use: the world, sessions, a token.
SETUP = r"""
import json, sys
from kechuang.cli.django_setup import setup_django
setup_django()
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from kechuang.collection.domain import open_report
from kechuang.plans.models import Indicator, Plan
from kechuang.tenancy.domain.tokens import issue_api_token
from kechuang.registry.models import Carrier
from kechuang.tenancy.models import Area, Membership, Role

n = int(sys.argv[1])
city = Area.objects.create(code="310000", name="上海市", kind="city")
district = Area.objects.create(code="310116", name="金山区", kind="district", parent=city)
town = Area.objects.create(code="310116001", name="朱泾镇", kind="town", parent=district)
plan = Plan.objects.create(title="金山区科技创新规划", area=district, period_start=2021, period_end=2025, status="published")
indicator = Indicator.objects.create(plan=plan, name="高新技术企业数量", unit="家", position=1)
User = get_user_model()
admin = User.objects.create_user("district")
Membership.objects.create(user=admin, role=Role.DISTRICT_ADMIN, area=district)
reports = []
for i in range(n + 1):
    carrier = Carrier.objects.create(name=f"孵化器{i:02d}", kind="incubator", level="district", area=town)
    reports.append(open_report(carrier=carrier, period=sys.argv[2])[0].pk)

def session(user):
    s = SessionStore()
    s[SESSION_KEY] = str(user.pk)
    s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    s[HASH_SESSION_KEY] = user.get_session_auth_hash()
    s.create()
    return s.session_key

_, token = issue_api_token(admin, name="并发测试")
print(json.dumps({
    "plan": plan.pk, "indicator": indicator.pk, "area": district.pk, "reports": reports,
    "carrier": Carrier.objects.get(name=f"孵化器{n:02d}").pk, "session": session(admin), "token": token,
}))
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`kechuang serve` in a child process; ``request`` speaks HTTP to it without following redirects."""

    def __init__(self, env: dict[str, str], threads: int) -> None:
        self.port = _free_port()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kechuang", "serve", "--port", str(self.port), "--threads", str(threads)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )

    def wait_ready(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                self.request("GET", "/login/")
                return
            except OSError:
                time.sleep(0.2)
        raise AssertionError("服务未能启动")

    def request(
        self, method: str, path: str, *, body: bytes | None = None, headers: dict | None = None
    ) -> tuple[int, str, dict[str, str]]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return response.status, response.read().decode("utf-8", "replace"), dict(response.getheaders())
        finally:
            conn.close()

    def stop(self) -> str:
        self.proc.terminate()
        _, err = self.proc.communicate(timeout=20)
        return err


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    data = tmp_path_factory.mktemp("concurrency") / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KECHUANG_", "DJANGO_", "DATABASE_URL"))}
    env.update(
        KECHUANG_DATA_DIR=str(data),
        KECHUANG_SECRET_KEY="concurrency-" + "k" * 40,
        KECHUANG_PRODUCTION="1",
        KECHUANG_INSECURE_COOKIES="1",
        PYTHONPATH=str(REPO / "src"),
    )
    setup = subprocess.run(
        [sys.executable, "-c", SETUP, str(N), PERIOD],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    world = json.loads(setup.stdout.strip().splitlines()[-1])
    # One server as deployed; a second on the same file that gives up on the lock after one second.
    patient = Server(env, threads=2 * N + 8)
    hasty = Server({**env, "KECHUANG_SQLITE_TIMEOUT": "1"}, threads=4)
    servers = {"patient": patient, "hasty": hasty}
    try:
        patient.wait_ready()
        hasty.wait_ready()
        yield world, servers, data / "kechuang.sqlite3"
    finally:
        errors = {name: s.stop() for name, s in servers.items()}
    for name, err in errors.items():
        assert "Traceback" not in err, f"{name}: {err[-3000:]}"


def _form(world: dict, csrf: str, **fields: str) -> tuple[bytes, dict[str, str]]:
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": csrf, **fields}).encode()
    headers = {
        "Cookie": f"sessionid={world['session']}; csrftoken={csrf}",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    return body, headers


def _csrf() -> str:
    return "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))


def test_twenty_figures_and_twenty_reports_saved_at_once_all_land(deployment):
    world, servers, db = deployment
    server = servers["patient"]
    csrf = _csrf()
    outcomes: dict[str, tuple[int, str]] = {}
    barrier = threading.Barrier(2 * N + 5)

    def save_figure(i: int) -> None:
        body, headers = _form(
            world,
            csrf,
            indicator=str(world["indicator"]),
            area=str(world["area"]),
            period=str(2001 + i),
            value=str(100 + i),
            source="statistics",
            status="final",
            reason="",
        )
        barrier.wait()
        status, page, _ = server.request(
            "POST", f"/observations/plans/{world['plan']}/", body=body, headers=headers
        )
        outcomes[f"figure{i}"] = (status, page)

    def save_report(i: int) -> None:
        body, headers = _form(world, csrf, action="save", tenants=str(10 + i), events=str(i))
        barrier.wait()
        status, page, _ = server.request(
            "POST", f"/collection/reports/{world['reports'][i]}/", body=body, headers=headers
        )
        outcomes[f"report{i}"] = (status, page)

    def read(i: int) -> None:
        barrier.wait()
        status, page, _ = server.request(
            "GET",
            f"/observations/plans/{world['plan']}/",
            headers={"Cookie": f"sessionid={world['session']}"},
        )
        outcomes[f"read{i}"] = (status, page)

    threads = [threading.Thread(target=save_figure, args=(i,)) for i in range(N)]
    threads += [threading.Thread(target=save_report, args=(i,)) for i in range(N)]
    threads += [threading.Thread(target=read, args=(i,)) for i in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    statuses = {key: status for key, (status, _) in outcomes.items()}
    assert 500 not in statuses.values(), statuses
    busy = {key for key, (status, page) in outcomes.items() if status == 503}
    assert all(BUSY in outcomes[key][1] for key in busy)
    saved_figures = {k for k, s in statuses.items() if k.startswith("figure") and s == 302}
    saved_reports = {k for k, s in statuses.items() if k.startswith("report") and s == 302}
    assert len(saved_figures) + len({k for k in busy if k.startswith("figure")}) == N
    assert len(saved_reports) + len({k for k in busy if k.startswith("report")}) == N, outcomes["report0"]
    assert all(statuses[f"read{i}"] == 200 for i in range(5))
    # With writers queueing for the lock, every one of them lands on this machine.
    assert (len(saved_figures), len(saved_reports)) == (N, N)
    with sqlite3.connect(db) as conn:
        figures = conn.execute(
            "SELECT period, value FROM observations_observation ORDER BY period"
        ).fetchall()
        drafts = conn.execute('SELECT id, "values" FROM collection_carrierreport').fetchall()
    assert figures == [(str(2001 + i), float(100 + i)) for i in range(N)]
    tenants = {pk: json.loads(values).get("tenants") for pk, values in drafts}
    assert [tenants[world["reports"][i]] for i in range(N)] == [10 + i for i in range(N)]


def test_a_writer_that_cannot_get_the_lock_is_asked_to_retry_and_readers_go_on(deployment):
    world, servers, db = deployment
    server = servers["hasty"]
    csrf = _csrf()
    holder = sqlite3.connect(db, isolation_level=None, timeout=30)
    holder.execute("BEGIN IMMEDIATE")  # another writer (a long import) holds the write lock
    try:
        body, headers = _form(
            world,
            csrf,
            indicator=str(world["indicator"]),
            area=str(world["area"]),
            period="2030",
            value="1",
            source="statistics",
            status="final",
            reason="",
        )
        started = time.monotonic()
        page_status, page, page_headers = server.request(
            "POST", f"/observations/plans/{world['plan']}/", body=body, headers=headers
        )
        waited = time.monotonic() - started
        api_status, api_body, _ = server.request(
            "PUT",
            f"/api/collection/carriers/{world['carrier']}/reports/{PERIOD}",
            body=json.dumps({"values": {"tenants": 5}}).encode(),
            headers={"Authorization": f"Bearer {world['token']}", "Content-Type": "application/json"},
        )
        read_status, read_page, _ = server.request(
            "GET",
            f"/observations/plans/{world['plan']}/",
            headers={"Cookie": f"sessionid={world['session']}"},
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()

    assert page_status == 503
    assert BUSY in page and "Traceback" not in page
    assert page_headers.get("Retry-After")
    assert 0.5 < waited < 15  # it waited for the lock before giving up
    assert api_status == 503
    assert json.loads(api_body)["detail"].startswith(BUSY)
    assert read_status == 200 and "高新技术企业数量" in read_page  # readers are not blocked by the writer
    with sqlite3.connect(db) as conn:
        assert conn.execute(
            "SELECT count(*) FROM observations_observation WHERE period = '2030'"
        ).fetchone() == (0,)


def test_twenty_corrections_of_one_figure_from_the_same_version_one_wins_the_rest_are_asked(deployment):
    """The version check and increment hold under real concurrency: no save is lost, none is a 500."""
    world, servers, db = deployment
    server = servers["patient"]
    csrf = _csrf()
    opened = server.request(
        "GET",
        f"/observations/plans/{world['plan']}/?indicator={world['indicator']}&area={world['area']}&period=2040",
        headers={"Cookie": f"sessionid={world['session']}"},
    )[1]
    version = re.search(r'name="version" value="(\d+)"', opened).group(1)
    assert version == "0"  # a figure nobody has entered yet
    outcomes: dict[int, int] = {}
    barrier = threading.Barrier(N)

    def correct(i: int) -> None:
        body, headers = _form(
            world,
            csrf,
            indicator=str(world["indicator"]),
            area=str(world["area"]),
            period="2040",
            value=str(1000 + i),
            source="statistics",
            status="final",
            reason="",
            version=version,
        )
        barrier.wait()
        outcomes[i] = server.request(
            "POST", f"/observations/plans/{world['plan']}/", body=body, headers=headers
        )[0]

    threads = [threading.Thread(target=correct, args=(i,)) for i in range(N)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(outcomes.values()) == [302] + [409] * (N - 1)
    winner = next(i for i, status in outcomes.items() if status == 302)
    with sqlite3.connect(db) as conn:
        assert conn.execute(
            "SELECT value, version FROM observations_observation WHERE period = '2040'"
        ).fetchall() == [(float(1000 + winner), 1)]


def test_twenty_saves_of_one_report_from_the_same_version_one_wins_the_rest_are_asked(deployment):
    world, servers, db = deployment
    server = servers["patient"]
    csrf = _csrf()
    pk = world["reports"][N]
    page = server.request(
        "GET", f"/collection/reports/{pk}/", headers={"Cookie": f"sessionid={world['session']}"}
    )[1]
    version = re.search(r'name="_version" value="(\d+)"', page).group(1)
    outcomes: dict[int, tuple[int, str]] = {}
    barrier = threading.Barrier(N)

    def save(i: int) -> None:
        body, headers = _form(world, csrf, action="save", tenants=str(50 + i), _version=version)
        barrier.wait()
        status, page, _ = server.request("POST", f"/collection/reports/{pk}/", body=body, headers=headers)
        outcomes[i] = (status, page)

    threads = [threading.Thread(target=save, args=(i,)) for i in range(N)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(status for status, _ in outcomes.values()) == [302] + [409] * (N - 1)
    assert all("请确认后重新保存" in page for status, page in outcomes.values() if status == 409)
    winner = next(i for i, (status, _) in outcomes.items() if status == 302)
    with sqlite3.connect(db) as conn:
        values, saved_version = conn.execute(
            'SELECT "values", version FROM collection_carrierreport WHERE id = ?', (pk,)
        ).fetchone()
    assert (json.loads(values)["tenants"], saved_version) == (50 + winner, int(version) + 1)
