"""Alerts as work items: the cases follow the monitoring, and people act on them by role.

The plan of tests/monitor/builders.py has, at AS_OF, two alerts: 研发经费投入强度 (严重滞后, red)
and 科技小巨人企业 (状态下降, red). Raising its 2023 R&D figure to 2.5 makes that alert a milder
one (滞后, warn); to 2.9 removes it.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from kechuang.notifications.enums import Kind
from kechuang.notifications.models import Notification
from kechuang.observations.alert_cases import recipients_for, sync_alert_cases, sync_all
from kechuang.observations.domain import record_observation
from kechuang.observations.enums import AlertEvent, AlertState
from kechuang.observations.models import AlertCase, AlertCaseEvent
from kechuang.observations.monitoring import judge_plan
from kechuang.plans.enums import PlanStatus
from kechuang.plans.models import Indicator
from kechuang.registry.domain import save_carrier
from kechuang.tenancy.models import Area, AuditEntry, Membership, Role
from tests.monitor.builders import AS_OF, build_plan

RD = "研发经费投入强度"
GIANTS = "科技小巨人企业"
DUE = dt.date.today() + dt.timedelta(days=30)  # due dates may not lie before the real today


@pytest.fixture
def world(shanghai, django_user_model):
    other_town = Area.objects.create(code="310116002", name="枫泾镇", kind="town", parent=shanghai["jinshan"])
    plan = build_plan(shanghai["jinshan"])
    carrier, _ = save_carrier(
        acting_user=None, name="朱泾科创孵化器", kind="incubator", level="district", area=shanghai["town"]
    )

    def member(name: str, role: str, area: Area, carrier_=None) -> object:
        user = django_user_model.objects.create_user(name, f"{name}@example.org", last_name=name)
        Membership.objects.create(user=user, role=role, area=area, carrier=carrier_)
        return user

    users = {
        "admin": member("区管理员", Role.DISTRICT_ADMIN, shanghai["jinshan"]),
        "admin_other": member("松江管理员", Role.DISTRICT_ADMIN, shanghai["songjiang"]),
        "liaison": member("朱泾联络员", Role.LIAISON, shanghai["town"]),
        "liaison_other": member("枫泾联络员", Role.LIAISON, other_town),
        "viewer": member("只读用户", Role.VIEWER, shanghai["jinshan"]),
        "operator": member("孵化器运营", Role.CARRIER_OPERATOR, shanghai["town"], carrier),
    }
    return {"plan": plan, "town": shanghai["town"], "other_town": other_town, "users": users, **shanghai}


def _sync(plan, today=AS_OF):
    return sync_alert_cases(plan, judge_plan(plan, as_of=today), today)


def _set_rd(plan, value: float) -> None:
    ind = Indicator.objects.get(plan=plan, name=RD)
    record_observation(
        indicator=ind, area=plan.area, period="2023", value=value, source="statistics", reason="统计局更正"
    )


def _case(name: str) -> AlertCase:
    return AlertCase.objects.get(target__indicator__name=name)


def _client(user) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


def _events(case: AlertCase) -> list[str]:
    return list(case.events.order_by("at", "pk").values_list("action", flat=True))


def _fingerprint() -> tuple:
    """Everything an action could change: the cases, their history and the audit trail."""
    cases = list(AlertCase.objects.order_by("pk").values_list("pk", "state", "version", "assigned_area_id"))
    return cases, AlertCaseEvent.objects.count(), AuditEntry.objects.count()


# --- the sync ------------------------------------------------------------------------------------


def test_sync_creates_one_case_per_alert_and_is_idempotent(world):
    first = _sync(world["plan"])
    second = _sync(world["plan"])

    cases = AlertCase.objects.filter(plan=world["plan"])
    assert sorted(c.target.indicator.name for c in cases) == sorted([RD, GIANTS])
    assert len(first.created) == 2 and not second.created and not second.escalated
    assert all(c.state == AlertState.OPEN and c.version == 1 for c in cases)
    assert all(_events(c) == [AlertEvent.OPENED] for c in cases)
    # The district's administrator hears of each new alert once, in the inbox and by e-mail.
    notices = Notification.objects.filter(kind=Kind.ALERT)
    assert sorted(n.recipient.username for n in notices) == ["区管理员", "区管理员"]
    assert {n.title for n in notices} == {f"预警事项出现预警：{RD}", f"预警事项出现预警：{GIANTS}"}
    assert _case(RD).level == "red" and "预测2025年达标概率" in _case(RD).reasons


def test_a_draft_plan_raises_no_case(world):
    draft = build_plan(world["jinshan"], title="草稿规划", status=PlanStatus.DRAFT)

    _sync(draft)

    assert not AlertCase.objects.filter(plan=draft).exists()


def test_an_alert_that_disappears_marks_the_case_resolved_and_keeps_its_history(world, admin_client):
    _sync(world["plan"])
    _set_rd(world["plan"], 2.9)

    result = _sync(world["plan"])

    case = _case(RD)
    assert [c.pk for c in result.resolved] == [case.pk]
    assert case.state == AlertState.RESOLVED and not case.active and case.resolved_on == AS_OF
    assert _events(case) == [AlertEvent.OPENED, AlertEvent.RESOLVED]
    assert _case(GIANTS).state == AlertState.OPEN  # the other alert is still there
    page = admin_client.get(f"/monitor/alerts/{case.pk}/").content.decode()
    assert "已解除" in page and "预警已消失" in page


def test_a_closed_case_stays_closed_when_its_alert_goes(world):
    _sync(world["plan"])
    case = _case(RD)
    r = _client(world["users"]["admin"]).post(
        f"/monitor/alerts/{case.pk}/",
        {"action": "close", "version": case.version, "reason": "口径问题，已核实"},
    )
    assert r.status_code == 302
    _set_rd(world["plan"], 2.9)

    _sync(world["plan"])

    case.refresh_from_db()
    assert case.state == AlertState.CLOSED and not case.active
    assert _events(case)[-1] == AlertEvent.RESOLVED


def test_a_worse_alert_marks_the_case_escalated_and_tells_the_district(world):
    _set_rd(world["plan"], 2.5)
    _sync(world["plan"])
    assert (_case(RD).level, _case(RD).status_text) == ("warn", "滞后")
    _set_rd(world["plan"], 2.1)

    result = _sync(world["plan"])

    case = _case(RD)
    assert [c.pk for c in result.escalated] == [case.pk]
    assert case.escalated and case.level == "red" and case.status_text == "严重滞后"
    assert _events(case) == [AlertEvent.OPENED, AlertEvent.ESCALATED]
    assert [u.username for u in recipients_for(case, AlertEvent.ESCALATED)] == ["区管理员"]
    told = Notification.objects.filter(kind=Kind.ALERT, title=f"预警事项预警升级：{RD}")
    assert [n.recipient.username for n in told] == ["区管理员"] and told[
        0
    ].link == f"/monitor/alerts/{case.pk}/"
    assert not _sync(world["plan"]).escalated  # the same alert again is no new escalation


def test_an_alert_that_comes_back_reopens_the_case_to_its_unit(world):
    _sync(world["plan"])
    case = _case(RD)
    _client(world["users"]["admin"]).post(
        f"/monitor/alerts/{case.pk}/",
        {"action": "assign", "version": case.version, "area": world["town"].pk, "due_on": DUE.isoformat()},
    )
    _set_rd(world["plan"], 2.9)
    _sync(world["plan"])
    _set_rd(world["plan"], 2.1)

    _sync(world["plan"])

    case.refresh_from_db()
    assert case.state == AlertState.ASSIGNED and case.active and case.assigned_area == world["town"]
    assert _events(case)[-2:] == [AlertEvent.RESOLVED, AlertEvent.REAPPEARED]


def test_sync_all_covers_plans_in_force_and_reminds_of_overdue_cases_once(world):
    draft = build_plan(world["jinshan"], title="草稿规划", status=PlanStatus.DRAFT)

    result = sync_all(AS_OF)

    assert len(result.created) == 2 and not AlertCase.objects.filter(plan=draft).exists()
    case = _case(RD)
    AlertCase.objects.filter(pk=case.pk).update(
        state=AlertState.ASSIGNED, due_on=AS_OF, assigned_area=world["town"]
    )
    later = AS_OF + dt.timedelta(days=3)
    assert [c.pk for c in sync_all(later).overdue] == [case.pk]
    assert not sync_all(later).overdue
    overdue = Notification.objects.filter(kind=Kind.ALERT, title__contains="逾期未办结")
    assert sorted(n.recipient.username for n in overdue) == sorted(["朱泾联络员", "区管理员"])
    assert _events(case)[-1] == AlertEvent.OVERDUE


def test_the_alerts_page_at_today_creates_the_cases_it_lists(world):
    client = _client(world["users"]["admin"])

    client.get("/monitor/alerts/")
    client.get("/monitor/alerts/")

    today_rows = [
        r for r in judge_plan(world["plan"], as_of=dt.date.today()) if r.slipped or r.forecast_miss or r.alert
    ]
    assert AlertCase.objects.count() == len(today_rows)
    assert AlertCaseEvent.objects.count() == len(today_rows)


# --- actions by role -----------------------------------------------------------------------------


def test_a_district_admin_acknowledges_assigns_comments_closes_and_reopens(world):
    _sync(world["plan"])
    case = _case(RD)
    admin = _client(world["users"]["admin"])
    url = f"/monitor/alerts/{case.pk}/"

    def post(**data):
        case.refresh_from_db()
        response = admin.post(url, {"version": case.version, **data})
        assert response.status_code == 302, response.content.decode()
        case.refresh_from_db()

    post(action="acknowledge")
    assert case.state == AlertState.ACKNOWLEDGED
    post(action="assign", area=world["town"].pk, due_on=DUE.isoformat(), comment="请朱泾镇核实研发投入")
    assert (case.state, case.assigned_area, case.due_on) == (AlertState.ASSIGNED, world["town"], DUE)
    post(action="comment", comment="已与统计局核对口径")
    post(action="close", reason="统计口径调整，下期复核")
    assert case.state == AlertState.CLOSED and case.closed_reason == "统计口径调整，下期复核"
    post(action="reopen", comment="复核发现仍滞后")
    assert case.state == AlertState.ASSIGNED

    history = list(case.events.order_by("at", "pk"))
    assert [e.action for e in history] == [
        AlertEvent.OPENED,
        AlertEvent.ACKNOWLEDGED,
        AlertEvent.ASSIGNED,
        AlertEvent.COMMENTED,
        AlertEvent.CLOSED,
        AlertEvent.REOPENED,
    ]
    assert {e.actor_name for e in history[1:]} == {"区管理员"} and history[0].actor_name == "系统"
    assert history[3].comment == "已与统计局核对口径" and history[4].comment == "统计口径调整，下期复核"
    audit = AuditEntry.objects.filter(model="observations.alertcase", object_id=str(case.pk)).order_by(
        "at", "pk"
    )
    assert [a.action_label for a in audit] == ["确认预警", "指派预警", "预警备注", "关闭预警", "重新打开预警"]
    assert all(a.area == world["jinshan"] and a.user_name == "区管理员" for a in audit)
    assert ("责任单位", "朱泾镇") in audit[1].changes_shown
    page = admin.get(url).content.decode()
    assert "统计口径调整，下期复核" in page and "复核发现仍滞后" in page and "处理中" in page


def test_the_assigned_towns_liaison_sees_comments_and_acknowledges_but_does_not_close(world):
    _sync(world["plan"])
    case = _case(RD)
    url = f"/monitor/alerts/{case.pk}/"
    liaison = _client(world["users"]["liaison"])
    assert liaison.get(url).status_code == 404  # a district plan's case, not handed to the town yet
    _client(world["users"]["admin"]).post(
        url,
        {"action": "assign", "version": case.version, "area": world["town"].pk, "due_on": DUE.isoformat()},
    )
    case.refresh_from_db()

    page = liaison.get(url)
    commented = liaison.post(
        url, {"action": "comment", "version": case.version, "comment": "已督促企业补报研发数据"}
    )
    case.refresh_from_db()
    before = _fingerprint()
    closing = liaison.post(url, {"action": "close", "version": case.version, "reason": "已处理"})

    assert page.status_code == 200 and "添加备注" in page.content.decode()
    assert "关闭预警事项" not in page.content.decode()
    assert commented.status_code == 302 and _events(case)[-1] == AlertEvent.COMMENTED
    assert closing.status_code == 403 and _fingerprint() == before
    listing = liaison.get("/monitor/alerts/").content.decode()
    assert world["plan"].title in listing and RD in listing


@pytest.mark.parametrize("who", ["liaison_other", "admin_other", "viewer", "operator", None])
@pytest.mark.parametrize(
    "data",
    [
        {"action": "acknowledge"},
        {"action": "comment", "comment": "越权备注"},
        {"action": "close", "reason": "越权关闭"},
        {"action": "assign", "area": "TOWN", "due_on": DUE.isoformat()},
    ],
    ids=["acknowledge", "comment", "close", "assign"],
)
def test_other_roles_are_refused_and_change_nothing(world, who, data):
    _sync(world["plan"])
    case = _case(RD)
    # Assigned to town Y's neighbour: the other town's liaison has no part in it.
    _client(world["users"]["admin"]).post(
        f"/monitor/alerts/{case.pk}/",
        {"action": "assign", "version": case.version, "area": world["town"].pk, "due_on": DUE.isoformat()},
    )
    case.refresh_from_db()
    data = {k: (world["town"].pk if v == "TOWN" else v) for k, v in data.items()}
    client = _client(world["users"][who] if who else None)
    before = _fingerprint()

    response = client.post(f"/monitor/alerts/{case.pk}/", {**data, "version": case.version})
    page = client.get(f"/monitor/alerts/{case.pk}/")

    assert _fingerprint() == before
    if who is None:
        assert response.status_code == 302 and response["Location"].startswith("/login/")
    elif who == "viewer":
        assert (response.status_code, page.status_code) == (403, 200)
        assert "处理</h2>" not in page.content.decode()  # no action forms for a reader
    else:
        assert (response.status_code, page.status_code) == (404, 404)


def test_closing_without_a_reason_is_refused(world):
    _sync(world["plan"])
    case = _case(RD)
    before = _fingerprint()

    r = _client(world["users"]["admin"]).post(
        f"/monitor/alerts/{case.pk}/", {"action": "close", "version": case.version, "reason": "  "}
    )

    assert r.status_code == 400 and "须填写关闭原因" in r.content.decode()
    assert _fingerprint() == before


def test_a_stale_form_is_refused_with_409(world):
    _sync(world["plan"])
    case = _case(RD)
    seen = case.version
    admin = _client(world["users"]["admin"])
    admin.post(f"/monitor/alerts/{case.pk}/", {"action": "comment", "version": seen, "comment": "第一条"})
    before = _fingerprint()

    r = admin.post(f"/monitor/alerts/{case.pk}/", {"action": "close", "version": seen, "reason": "已处理"})

    assert r.status_code == 409 and "已被他人处理" in r.content.decode()
    assert _fingerprint() == before


def test_assigning_outside_the_plans_area_or_in_the_past_is_refused(world):
    _sync(world["plan"])
    case = _case(RD)
    admin = _client(world["users"]["admin"])
    before = _fingerprint()

    outside = admin.post(
        f"/monitor/alerts/{case.pk}/",
        {"action": "assign", "version": case.version, "area": world["songjiang"].pk, "due_on": "2099-01-01"},
    )
    past = admin.post(
        f"/monitor/alerts/{case.pk}/",
        {"action": "assign", "version": case.version, "area": world["town"].pk, "due_on": "2000-01-01"},
    )

    assert outside.status_code == 400 and "责任单位" in outside.content.decode()
    assert past.status_code == 400 and "不能早于今天" in past.content.decode()
    assert _fingerprint() == before


# --- who is told --------------------------------------------------------------------------------


def test_recipients_of_an_assignment_are_the_units_people_and_never_the_actor(world, django_user_model):
    _sync(world["plan"])
    case = _case(RD)
    town_admin = django_user_model.objects.create_user("镇管理员")
    Membership.objects.create(user=town_admin, role=Role.DISTRICT_ADMIN, area=world["town"])
    case.assigned_area = world["town"]

    assigned = recipients_for(case, AlertEvent.ASSIGNED, actor=world["users"]["admin"])
    commented = recipients_for(case, AlertEvent.COMMENTED, actor=world["users"]["liaison"])

    assert sorted(u.username for u in assigned) == ["朱泾联络员", "镇管理员"]
    assert sorted(u.username for u in commented) == ["区管理员", "镇管理员"]
    assert [u.username for u in recipients_for(case, AlertEvent.OPENED)] == [
        "区管理员",
        "朱泾联络员",
        "镇管理员",
    ]


# --- the list and the overview ------------------------------------------------------------------


def test_the_list_shows_states_filters_and_links_each_case(world):
    _sync(world["plan"])
    rd, giants = _case(RD), _case(GIANTS)
    admin = _client(world["users"]["admin"])
    admin.post(
        f"/monitor/alerts/{rd.pk}/",
        {
            "action": "assign",
            "version": rd.version,
            "area": world["town"].pk,
            "due_on": dt.date.today().isoformat(),
        },
    )
    admin.post(
        f"/monitor/alerts/{giants.pk}/", {"action": "close", "version": giants.version, "reason": "已说明"}
    )
    AlertCase.objects.filter(pk=rd.pk).update(due_on=dt.date(2024, 1, 1))  # now overdue
    at = f"at={AS_OF.isoformat()}"

    default = admin.get(f"/monitor/alerts/?{at}").content.decode()
    closed = admin.get(f"/monitor/alerts/?{at}&state=closed").content.decode()
    by_unit = admin.get(f"/monitor/alerts/?{at}&state=all&area={world['town'].pk}").content.decode()
    overdue = admin.get(f"/monitor/alerts/?{at}&overdue=1").content.decode()
    index = admin.get(f"/monitor/?{at}").content.decode()

    assert f"/monitor/alerts/{rd.pk}/" in default and f"/monitor/alerts/{giants.pk}/" not in default
    assert "处理中" in default and "朱泾镇" in default
    assert f"/monitor/alerts/{giants.pk}/" in closed and f"/monitor/alerts/{rd.pk}/" not in closed
    assert f"/monitor/alerts/{rd.pk}/" in by_unit and f"/monitor/alerts/{giants.pk}/" not in by_unit
    assert f"/monitor/alerts/{rd.pk}/" in overdue and "逾期" in overdue
    assert "未办结预警事项 1 项" in index and "逾期 1 项" in index


def test_the_api_lists_only_the_cases_the_caller_may_see(world):
    _sync(world["plan"])
    case = _case(RD)
    _client(world["users"]["admin"]).post(
        f"/monitor/alerts/{case.pk}/",
        {"action": "assign", "version": case.version, "area": world["town"].pk, "due_on": DUE.isoformat()},
    )

    admin = _client(world["users"]["admin"]).get("/api/observations/alert-cases").json()
    liaison = _client(world["users"]["liaison"]).get("/api/observations/alert-cases").json()
    other = _client(world["users"]["liaison_other"]).get(f"/api/observations/alert-cases/{case.pk}")

    assert sorted(c["indicator"] for c in admin) == sorted([RD, GIANTS])
    assert [(c["indicator"], c["state_label"], c["assigned_area_id"]) for c in liaison] == [
        (RD, "处理中", world["town"].pk)
    ]
    assert other.status_code == 404
