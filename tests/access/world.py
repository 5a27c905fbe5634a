"""The world the access matrix runs in: two districts, two towns, carriers, plans, drafts, reports.

Everything a route can reach is built "here" (town X of district J, carrier A);
the other actors stand outside it in three ways: another town of the same
district (Y, carrier B), another district (S, carrier C) and another role.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile

from kechuang.collection.attachments import add_report_attachment
from kechuang.collection.domain import active_form, approve_report, open_report, save_draft, submit_report
from kechuang.notifications.domain import notify
from kechuang.observations.alert_cases import add_event
from kechuang.observations.domain import record_observation
from kechuang.observations.enums import AlertEvent, AlertState
from kechuang.observations.models import AlertCase
from kechuang.plans.attachments import add_task_attachment
from kechuang.plans.enums import PlanStatus
from kechuang.plans.models import Indicator, IndicatorRemoval, Plan, Target, Task, TaskOwner, TaskSuggestion
from kechuang.plans.review import drop_indicator
from kechuang.plans.tasks import report_task_progress
from kechuang.registry.domain import (
    add_qualification,
    add_tenant,
    record_plot_figures,
    save_carrier,
    save_enterprise,
    save_plot,
)
from kechuang.registry.models import QualificationType
from kechuang.registry.uscc import make_uscc
from kechuang.tenancy.models import Area, Membership, Role
from tests.common import sample_files

REPORT_VALUES = {
    "tenants": 40,
    "new_entries": 3,
    "graduates": 2,
    "tech_smes": 12,
    "hnte_tenants": 5,
    "occupancy": 85.5,
    "financing": 1200.5,
    "events": 4,
    "mentors": 9,
    "ip_count": 7,
    "staff": 320,
}

# Each role's user; "anon" has none. Order is the order failures are reported in.
ROLES = (
    "superuser",
    "admin_here",
    "admin_other",
    "liaison_here",
    "liaison_other",
    "op_here",
    "op_other",
    "viewer",
    "anon",
)

ROLE_LABELS = {
    "superuser": "超级管理员",
    "admin_here": "本区管理员",
    "admin_other": "外区管理员",
    "liaison_here": "本街镇联络员",
    "liaison_other": "同区另一街镇联络员",
    "op_here": "本载体运营方",
    "op_other": "另一载体运营方",
    "viewer": "本区只读用户",
    "anon": "未登录",
}


def _plan(area: Area, title: str, status: str) -> SimpleNamespace:
    plan = Plan.objects.create(title=title, area=area, period_start=2021, period_end=2025, status=status)
    first = Indicator.objects.create(plan=plan, position=1, name=f"{title}高新技术企业数", unit="家")
    second = Indicator.objects.create(plan=plan, position=2, name=f"{title}孵化载体数", unit="家")
    target = Target.objects.create(indicator=first, year=2025, value=200, comparator=">=", kind="level")
    Target.objects.create(indicator=second, year=2025, value=30, comparator=">=", kind="level")
    task = Task.objects.create(plan=plan, position=1, code="1", goal=f"{title}建设孵化器", deadline=2025)
    TaskOwner.objects.create(task=task, position=0, name="区科委")
    obs = record_observation(
        indicator=first, area=area, period="2023", value=150, source="statistics"
    ).observation
    return SimpleNamespace(
        plan=plan, indicator=first, other_indicator=second, target=target, task=task, obs=obs
    )


def build_world(django_user_model) -> SimpleNamespace:
    city = Area.objects.create(code="310000", name="上海市", kind="city")
    district = Area.objects.create(code="310116", name="金山区", kind="district", parent=city)
    other_district = Area.objects.create(code="310117", name="松江区", kind="district", parent=city)
    town = Area.objects.create(code="310116001", name="朱泾镇", kind="town", parent=district)
    other_town = Area.objects.create(code="310116002", name="枫泾镇", kind="town", parent=district)
    far_town = Area.objects.create(code="310117001", name="泗泾镇", kind="town", parent=other_district)

    carrier, _ = save_carrier(
        acting_user=None,
        name="朱泾科创孵化器",
        kind="incubator",
        level="district",
        area=town,
        operator="甲公司",
    )
    other_carrier, _ = save_carrier(
        acting_user=None, name="枫泾众创空间", kind="maker_space", level="municipal", area=other_town
    )
    far_carrier, _ = save_carrier(
        acting_user=None, name="泗泾创业园", kind="incubator", level="district", area=far_town
    )
    hnte = QualificationType.objects.get(code="hnte")

    def enterprise(n: int, name: str, area: Area, division: str) -> object:
        e, _ = save_enterprise(
            acting_user=None,
            uscc=make_uscc(n, division=division),
            name=name,
            area=area,
            industry="新材料",
            address=f"{area.name}创新路{n}号",
            contact_name=f"联系人{n}",
            contact_phone=f"1380000{n:04d}",
        )
        add_qualification(e, qtype=hnte, certificate_no=f"GR2023{n:04d}", issued_on=dt.date(2023, 5, 1))
        return e

    enterprise_here = enterprise(11, "朱泾新材料科技有限公司", town, "310116")
    enterprise_other = enterprise(12, "枫泾生物医药有限公司", other_town, "310116")
    enterprise_far = enterprise(13, "泗泾智能装备有限公司", far_town, "310117")
    tenancy, _ = add_tenant(carrier, enterprise=enterprise_here, entered_on=dt.date(2023, 1, 1))
    add_tenant(other_carrier, enterprise=enterprise_other, entered_on=dt.date(2023, 1, 1))
    add_tenant(far_carrier, enterprise=enterprise_far, entered_on=dt.date(2023, 1, 1))

    # Land plots: one in town X with a year of figures, one in town Y, one in the other district.
    plot, _ = save_plot(
        acting_user=None,
        area=town,
        code="ZJ2024-01",
        name="朱泾一号地块",
        area_mu="20",
        land_use="industrial",
    )
    record_plot_figures(plot, enterprise=enterprise_here, year=2024, output=2000, tax=150, rd_spending=60)
    other_plot, _ = save_plot(
        acting_user=None,
        area=other_town,
        code="FJ2024-01",
        name="枫泾一号地块",
        area_mu="12",
        land_use="research",
    )
    far_plot, _ = save_plot(
        acting_user=None,
        area=far_town,
        code="SJ2024-01",
        name="泗泾一号地块",
        area_mu="15",
        land_use="industrial",
    )

    published = _plan(town, "朱泾镇科技创新行动计划", PlanStatus.PUBLISHED)
    draft = _plan(town, "朱泾镇孵化载体建设方案（草稿）", PlanStatus.DRAFT)
    # An entry the reviewer dropped, kept so that the drop can be undone.
    dropped = Indicator.objects.create(plan=draft.plan, position=3, name="审核中删除的条目", unit="家")
    Target.objects.create(indicator=dropped, year=2025, value=5, comparator=">=", kind="level")
    drop_indicator(dropped, acting_user=None)
    draft.removal = IndicatorRemoval.objects.get(plan=draft.plan)
    # A heading of the draft's task chapter, offered as a task for the reviewer to accept.
    draft.suggestion = TaskSuggestion.objects.create(
        plan=draft.plan, position=0, code="（一）", title="建设科创载体", chapter="主要任务"
    )
    # The published plan uploaded again: the new draft waits for its uploader's decision.
    duplicate = Plan.objects.create(
        title=published.plan.title,
        area=town,
        period_start=2021,
        period_end=2025,
        status=PlanStatus.DRAFT,
        duplicate_of=published.plan,
    )
    again = Indicator.objects.create(plan=duplicate, position=1, name=published.indicator.name, unit="家")
    Target.objects.create(indicator=again, year=2025, value=220, comparator=">=", kind="level")
    far_plan = _plan(far_town, "泗泾镇科技创新行动计划", PlanStatus.PUBLISHED)
    far_plan.suggestion = TaskSuggestion.objects.create(
        plan=far_plan.plan, position=0, code="（一）", title="泗泾镇建设孵化器", chapter="主要任务"
    )
    # A district plan whose task names town X: that town's people see that task on its board.
    district_plan = _plan(district, "金山区科技创新规划", PlanStatus.PUBLISHED)
    TaskOwner.objects.create(task=district_plan.task, position=1, name=town.name)

    # Alert cases: one open and one closed on the town's plan, one of the district plan handed to town X.
    def case(target: Target, plan: Plan, **fields: object) -> AlertCase:
        return AlertCase.objects.create(
            plan=plan,
            target=target,
            first_seen=dt.date(2024, 6, 30),
            last_seen=dt.date(2024, 6, 30),
            status_text="严重滞后",
            reasons="预测2025年达标概率 5%",
            **fields,
        )

    alert_case = case(published.target, published.plan)
    closed_case = case(
        Target.objects.get(indicator=published.other_indicator),
        published.plan,
        state=AlertState.CLOSED,
        closed_reason="已核实",
    )
    district_case = case(
        district_plan.target,
        district_plan.plan,
        state=AlertState.ASSIGNED,
        assigned_area=town,
        due_on=dt.date.today() + dt.timedelta(days=30),
    )

    add_event(district_case, AlertEvent.OPENED, summary=district_case.reasons)
    add_event(district_case, AlertEvent.ASSIGNED, summary=f"指派给{town.name}", comment="请核实并报告")

    form = active_form()
    draft_report, _ = open_report(carrier=carrier, period="2025-04", form=form)
    save_draft(draft_report, values={"tenants": 38}, acting_user=None)
    submitted_report, _ = open_report(carrier=carrier, period="2025-05", form=form)
    submit_report(submitted_report, values=REPORT_VALUES, acting_user=None)
    approved_report, _ = open_report(carrier=carrier, period="2025-03", form=form)
    submit_report(approved_report, values=REPORT_VALUES, acting_user=None)
    approve_report(approved_report, acting_user=None)
    attachment = add_report_attachment(
        draft_report, SimpleUploadedFile("场地照片.png", sample_files.png()), acting_user=None
    )
    task_update = report_task_progress(
        published.task, reported_on=dt.date(2025, 3, 31), unit="区科委", text="已选址", progress=20
    )
    task_attachment = add_task_attachment(
        task_update, SimpleUploadedFile("选址批复.pdf", sample_files.pdf()), acting_user=None
    )

    users: dict[str, object | None] = {"anon": None}
    users["superuser"] = django_user_model.objects.create_superuser("root", "root@example.org", "x")

    def member(name: str, role: str, area: Area, carrier_=None) -> object:
        u = django_user_model.objects.create_user(name, f"{name}@example.org")
        Membership.objects.create(user=u, role=role, area=area, carrier=carrier_)
        return u

    users["admin_here"] = member("admin_here", Role.DISTRICT_ADMIN, district)
    users["admin_other"] = member("admin_other", Role.DISTRICT_ADMIN, other_district)
    users["liaison_here"] = member("liaison_here", Role.LIAISON, town)
    users["liaison_other"] = member("liaison_other", Role.LIAISON, other_town)
    users["op_here"] = member("op_here", Role.CARRIER_OPERATOR, town, carrier)
    users["op_other"] = member("op_other", Role.CARRIER_OPERATOR, other_town, other_carrier)
    users["viewer"] = member("viewer", Role.VIEWER, district)
    # One notification in the carrier operator's inbox: nobody else opens or marks it.
    [notice] = notify(
        [users["op_here"]],
        "report_approved",
        "2025年3月月报已审核通过",
        "",
        f"/collection/reports/{approved_report.pk}/",
    )

    return SimpleNamespace(
        city=city,
        district=district,
        other_district=other_district,
        town=town,
        other_town=other_town,
        far_town=far_town,
        carrier=carrier,
        other_carrier=other_carrier,
        far_carrier=far_carrier,
        enterprise=enterprise_here,
        enterprise_other=enterprise_other,
        enterprise_far=enterprise_far,
        tenancy=tenancy,
        plot=plot,
        other_plot=other_plot,
        far_plot=far_plot,
        published=published,
        draft=draft,
        duplicate=duplicate,
        far_plan=far_plan,
        district_plan=district_plan,
        form=form,
        draft_report=draft_report,
        submitted_report=submitted_report,
        approved_report=approved_report,
        attachment=attachment,
        task_attachment=task_attachment,
        hnte=hnte,
        notice=notice,
        alert_case=alert_case,
        closed_case=closed_case,
        district_case=district_case,
        users=users,
    )
