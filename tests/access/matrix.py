"""Who may do what on every route: the access matrix the generated test walks.

Each route (a Django URL name, or ``"METHOD /api/path"`` for the API) lists its
cases. A case is one request: its method, its URL and body built from the
world, and the roles allowed to make it. Every other role must be refused
(login page or 401 for the anonymous, 403/404 for the rest) and, for writes,
leave the database exactly as it was. ``effect=True`` marks writes whose body
is valid, so an allowed role's request must change the database: that proves
the refusals are refusals and not a bad body. ``hidden`` lists text that a role
outside the given set must not find on the page (names of things outside its
scope on list pages). ``fk_out`` cases send a body whose foreign key points
outside the caller's scope: nobody in the listed roles may change anything.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.access.world import REPORT_VALUES
from tests.common import sample_files

ALL = frozenset(
    {
        "superuser",
        "admin_here",
        "admin_other",
        "liaison_here",
        "liaison_other",
        "op_here",
        "op_other",
        "viewer",
        "anon",
    }
)
LOGIN = ALL - {"anon"}
AREA_READ = frozenset({"superuser", "admin_here", "liaison_here", "viewer"})
AREA_WRITE = frozenset({"superuser", "admin_here", "liaison_here"})
CARRIER_READ = AREA_READ | {"op_here"}
CARRIER_WRITE = AREA_WRITE | {"op_here"}
REVIEW = frozenset({"superuser", "admin_here"})
DISTRICT_ADMINS = frozenset({"superuser", "admin_here", "admin_other"})
HAS_AREA = frozenset({"superuser", "admin_here", "admin_other", "liaison_here", "liaison_other", "viewer"})
HAS_WRITABLE_AREA = frozenset({"superuser", "admin_here", "admin_other", "liaison_here", "liaison_other"})
NOBODY = frozenset()
OWNER = frozenset({"op_here"})  # the one person a notification was written for

# What each allowed set means, for docs/access.md.
RULE_NAMES = {
    ALL: "所有人（含未登录）",
    LOGIN: "已登录用户（内容按范围过滤）",
    AREA_READ: "能查看该地区者",
    AREA_WRITE: "能修改该地区者",
    CARRIER_READ: "能查看该地区者 + 本载体运营方",
    CARRIER_WRITE: "能修改该地区者 + 本载体运营方",
    REVIEW: "区级管理员",
    DISTRICT_ADMINS: "区级管理员（各看本区）",
    HAS_AREA: "有地区角色者",
    HAS_WRITABLE_AREA: "有可修改地区者",
    NOBODY: "无人",
    OWNER: "通知的接收人本人",
    frozenset({"superuser", "admin_here", "viewer"}): "能查看该区者（区级）",
    frozenset({"superuser", "admin_here", "op_here"}): "区级管理员 + 申诉单位本身",
    frozenset({"op_other"}): "参评单位本身（该载体运营方）",
}

Url = Callable[[SimpleNamespace], str]
Body = Callable[[SimpleNamespace], dict | None]
Texts = Callable[[SimpleNamespace], list[str]]


@dataclass(frozen=True)
class Case:
    label: str
    method: str
    url: Url
    allowed: frozenset[str]
    body: Body = lambda w: None
    effect: bool = False
    json: bool = False
    hidden: tuple[tuple[Texts, frozenset[str]], ...] = ()
    fk_out: frozenset[str] = field(default_factory=frozenset)
    # Runs once before the baseline is taken: state the case needs that no role's request may create
    # (e.g. an upload waiting for its uploader's confirmation).
    prepare: Callable[[SimpleNamespace], None] = lambda w: None


def _xlsx(rows: list[list[object]], title: str = "Sheet") -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def plan_document(w: SimpleNamespace, area_pk: int) -> dict:
    text = "朱泾镇科技企业培育三年行动计划（2024—2026年）\n\n一、主要目标\n\n到2026年，科技型中小企业达到300家，高新技术企业达到120家。\n"
    return {
        "document": SimpleUploadedFile("计划.txt", text.encode("utf-8"), "text/plain"),
        "area": str(area_pk),
    }


def plan_document_api(w: SimpleNamespace, area_pk: int) -> dict:
    return {"document": plan_document(w, area_pk)["document"], "area_id": str(area_pk)}


def operator_token(w: SimpleNamespace) -> None:
    """A token of the carrier operator's, for the token pages: only they and a superuser see or revoke it."""
    from kechuang.tenancy.domain.tokens import issue_api_token
    from kechuang.tenancy.models import ApiToken

    w.token = ApiToken.objects.filter(name="运营方填报系统").first()
    if w.token is None:
        w.token, _ = issue_api_token(w.users["op_here"], name="运营方填报系统")


def figures_json(w: SimpleNamespace, indicator: object, **item: object) -> dict:
    return {"items": [{"indicator_id": indicator.pk, "period": "2024", "value": 177, **item}]}


def threshold_form(w: SimpleNamespace) -> dict:
    """The thresholds form as stored, with the 基本完成 line moved from 95 % to 90 %."""
    from kechuang.observations.monitor_forms import ThresholdsForm
    from kechuang.observations.monitoring import load_thresholds
    from kechuang.observations.monitoring.settings import settings_version

    data = ThresholdsForm.initial_from(load_thresholds(), settings_version())
    return {**{k: str(v) for k, v in data.items()}, "nearly_met": "90"}


def public_feedback(w: SimpleNamespace) -> None:
    """A message from the public on the town's published plan, waiting for an answer."""
    from kechuang.public.models import Feedback

    if not hasattr(w, "feedback"):
        w.feedback = Feedback.objects.create(plan=w.published.plan, message="孵化器什么时候建成？")


def enterprise_form(w: SimpleNamespace, area_pk: int, n: int = 21) -> dict:
    from kechuang.registry.uscc import make_uscc

    return {
        "uscc": make_uscc(n, division="310116"),
        "name": f"新登记企业{n}",
        "area": str(area_pk),
        "industry": "软件",
    }


def enterprise_json(w: SimpleNamespace, area_pk: int, n: int = 22) -> dict:
    from kechuang.registry.uscc import make_uscc

    return {"uscc": make_uscc(n, division="310116"), "name": f"接口登记企业{n}", "area_id": area_pk}


def registry_workbook(w: SimpleNamespace, area_name: str) -> dict:
    from kechuang.registry.imports.workbook import ENTERPRISE_COLUMNS
    from kechuang.registry.uscc import make_uscc

    header = [label for _, label, _ in ENTERPRISE_COLUMNS]
    row = [make_uscc(31, division="310116"), "导入企业甲", area_name] + [""] * (len(header) - 3)
    data = _xlsx([header, row], title="企业")
    return {"file": SimpleUploadedFile("企业.xlsx", data)}


def observation_csv(w: SimpleNamespace, area_name: str) -> dict:
    ind = w.published.indicator
    data = f"area,indicator,period,value,source\r\n{area_name},{ind.name},2024,177,statistics\r\n".encode()
    return {"file": SimpleUploadedFile("figures.csv", data, "text/csv")}


def pending_figures(w: SimpleNamespace) -> None:
    """A figures file previewed by this town's liaison, waiting for their confirmation (``w.figures_token``)."""
    from kechuang.common.staging import stash_upload
    from kechuang.observations.imports import preview_observations

    user = w.users["liaison_here"]
    data = observation_csv(w, w.town.name)["file"].read()
    digest = preview_observations(data, "figures.csv", plan=w.published.plan, acting_user=user).digest
    w.figures_token = stash_upload(
        user=user,
        kind="observations",
        scope=str(w.published.plan.pk),
        filename="figures.csv",
        data=data,
        digest=digest,
    )


def pending_registry(w: SimpleNamespace) -> None:
    """An enterprise workbook previewed by this town's liaison, waiting for their confirmation (``w.registry_token``)."""
    from kechuang.common.staging import stash_upload
    from kechuang.registry.imports import preview_enterprises

    user = w.users["liaison_here"]
    data = registry_workbook(w, w.town.name)["file"].read()
    digest = preview_enterprises(data, user=user).digest
    w.registry_token = stash_upload(
        user=user, kind="registry", scope="", filename="企业.xlsx", data=data, digest=digest
    )


def area_file(w: SimpleNamespace) -> dict:
    text = f"code,name,kind,parent\n310116900,金山科创园,园区,{w.district.code}\n"
    return {"file": SimpleUploadedFile("地区.csv", text.encode("utf-8"), "text/csv")}


def account_file(w: SimpleNamespace) -> dict:
    text = f"姓名,用户名,电子邮箱,角色,地区,载体\n新联络员,new_liaison,new@example.org,科技联络员,{w.town.code},\n"
    return {"file": SimpleUploadedFile("账号.csv", text.encode("utf-8"), "text/csv")}


def pending_areas(w: SimpleNamespace) -> None:
    """An area table previewed by the district administrator, waiting for their confirmation."""
    from kechuang.common.staging import stash_upload

    data = area_file(w)["file"].read()
    w.areas_token = stash_upload(
        user=w.users["admin_here"], kind="areas", scope="", filename="地区.csv", data=data, digest="-"
    )


def pending_accounts(w: SimpleNamespace) -> None:
    """An account table previewed by the district administrator, waiting for their confirmation."""
    from kechuang.common.staging import stash_upload

    data = account_file(w)["file"].read()
    w.accounts_token = stash_upload(
        user=w.users["admin_here"], kind="users", scope="", filename="账号.csv", data=data, digest="-"
    )


def stored_report(w: SimpleNamespace) -> None:
    """A plan report generated earlier by the district administrator (``w.stored_report``)."""
    from django.utils import timezone

    from kechuang.reports.stored import generate, parse_request

    asked = parse_request(
        "plan", {"plan": str(w.published.plan.pk), "format": "xlsx"}, today=timezone.localdate()
    )
    w.stored_report = generate(asked, user=w.users["admin_here"])


def pending_report(w: SimpleNamespace) -> None:
    """A filled monthly report previewed by its carrier's operator, waiting for them (``w.report_token``)."""
    from kechuang.collection.upload_preview import preview_upload
    from kechuang.common.staging import stash_upload

    data = report_workbook(w)["file"].read()
    report = w.draft_report
    digest = preview_upload(report, {**report.values, "tenants": 41}, submit=False).digest
    w.report_token = stash_upload(
        user=w.users["op_here"],
        kind="collection",
        scope=f"{report.pk}:0",
        filename="月报.xlsx",
        data=data,
        digest=digest,
    )


def grid_cells(w: SimpleNamespace, area_pk: int) -> dict:
    """The plan grid posted with one new cell (2024) for an area, as the page would post it."""
    ind = w.published.indicator
    return {
        "area": str(area_pk),
        "by": "year",
        "source": "statistics",
        "status": "final",
        "reason": "",
        f"v{ind.pk}_2024": "181",
        f"s{ind.pk}_2024": "0|",
    }


def report_workbook(w: SimpleNamespace) -> dict:
    from openpyxl import load_workbook

    from kechuang.collection.excel import build_template

    wb = load_workbook(io.BytesIO(build_template(w.draft_report)))
    ws = wb.active
    for row in ws.iter_rows(min_row=1):
        if row[0].value == "tenants":
            row[3].value = 41
    buf = io.BytesIO()
    wb.save(buf)
    return {"file": SimpleUploadedFile("月报.xlsx", buf.getvalue())}


def observation_entry(w: SimpleNamespace, area_pk: int, indicator_pk: int | None = None) -> dict:
    return {
        "indicator": str(indicator_pk or w.published.indicator.pk),
        "area": str(area_pk),
        "period": "2024",
        "value": "181",
        "source": "statistics",
        "status": "final",
        "reason": "年报数据",
    }


def report_values(w: SimpleNamespace, **overrides: object) -> dict:
    from kechuang.collection.validation import form_fields

    values = {f.code: "" for f in form_fields(w.form)}
    values.update({"tenants": "39"}, **{k: str(v) for k, v in overrides.items()})
    return values


# Names the list pages must keep from roles outside their scope.
def _here_plan(w):
    return [w.published.plan.title]


def _draft(w):
    return [w.draft.plan.title]


def _here_enterprise(w):
    return [w.enterprise.name]


def _here_carrier(w):
    return [w.carrier.name]


def _here_contact(w):
    return [w.enterprise.contact_phone, w.enterprise.contact_name]


def _notice(w):
    return [w.notice.title]


PLAN_LISTS = ((_here_plan, AREA_READ), (_draft, AREA_WRITE))
ENTERPRISE_LISTS = ((_here_enterprise, AREA_READ), (_here_contact, AREA_READ))
PLOT_LISTS = (
    (lambda w: [w.plot.name], AREA_READ),
    (lambda w: [w.far_plot.name], frozenset({"superuser", "admin_other"})),
)


def plot_form(w: SimpleNamespace, area_pk: int, code: str = "ZJ2024-99") -> dict:
    return {
        "area": str(area_pk),
        "code": code,
        "name": "新登记地块",
        "area_mu": "18.5",
        "land_use": "industrial",
        "status": "producing",
    }


def plot_csv(w: SimpleNamespace, area_name: str) -> dict:
    head = "地块编号,地块名称,所在街镇/园区,面积（亩）,用地类型,状态\n"
    text = f"{head}ZJ2024-77,导入地块,{area_name},9,工业,在产\n"
    return {"file": SimpleUploadedFile("地块.csv", text.encode("utf-8"), "text/csv")}


CARRIER_LISTS = ((_here_carrier, CARRIER_READ),)

P = "/plans"
OB = "/observations"
R = "/registry"
C = "/collection"
A = "/api"

# --- evaluation: appeals and money (issue 15) ---------------------------------------------------
DISTRICT_READ = frozenset({"superuser", "admin_here", "viewer"})  # who may read the district itself
APPEAL_READ = frozenset({"superuser", "admin_here", "op_here"})  # the district and the unit
E = "/evaluation"


def appeal_world(w: SimpleNamespace) -> None:
    """A confirmed district carrier run with an appeal by carrier A's operator (with evidence), the
    district's subsidy rules for the year and a draft payment list."""
    if hasattr(w, "appeal_run"):
        return
    from kechuang.evaluation.appeals import file_appeal
    from kechuang.evaluation.domain import confirm_run, import_scheme, run_scheme
    from kechuang.evaluation.subsidies import compute_payment_list, save_rules

    scheme = import_scheme(
        {
            "name": "孵化载体绩效评价",
            "pillars": [{"name": "孵化成效", "indicators": [{"code": "x", "name": "综合指标"}]}],
            "ratings": {"cutoffs": [{"label": "优秀", "min_score": 80}], "otherwise": "合格"},
        },
        area=w.district,
    )
    units = {
        f"carrier:{c.pk}": {"kind": "carrier", "id": c.pk, "name": c.name, "area_id": c.area_id}
        for c in (w.carrier, w.other_carrier)
    }
    values = {f"carrier:{w.carrier.pk}": {"x": 1}, f"carrier:{w.other_carrier.pk}": {"x": 2}}
    w.appeal_run = run_scheme(scheme, values, year=2025, units=units)
    confirm_run(w.appeal_run)
    w.appeal_unit = f"carrier:{w.carrier.pk}"
    w.appeal = file_appeal(
        w.appeal_run,
        w.appeal_unit,
        acting_user=w.users["op_here"],
        reason="在孵企业数统计有误",
        upload=SimpleUploadedFile("证明.png", sample_files.png()),
    )
    w.appeal_evidence = w.appeal.files.get()
    save_rules(w.district, 2025, {"amounts": "优秀 众创空间 市级 20"}, acting_user=None)
    w.payments = compute_payment_list(w.appeal_run, acting_user=None)


def subsidy_rules_form(w: SimpleNamespace) -> dict:
    return {"amounts": "优秀 孵化器 区级 30", "carrier_cap": "50", "total_cap": "", "matching_ratio": ""}


HTML: dict[str, list[Case]] = {
    "home": [Case("首页", "GET", lambda w: "/", LOGIN)],
    "area": [
        Case(
            "街镇全貌",
            "GET",
            lambda w: f"/monitor/areas/{w.town.pk}/",
            AREA_READ,
            hidden=((lambda w: [w.other_carrier.name, w.enterprise_other.name], NOBODY),),
        ),
        Case(  # that town's own liaison, not this town's
            "另一街镇全貌",
            "GET",
            lambda w: f"/monitor/areas/{w.other_town.pk}/",
            (AREA_READ - {"liaison_here"}) | {"liaison_other"},
        ),
    ],
    "login": [Case("登录页", "GET", lambda w: "/login/", ALL)],
    "healthz": [Case("健康检查（供监控）", "GET", lambda w: "/healthz", ALL)],
    "logout": [Case("退出", "POST", lambda w: "/logout/", LOGIN)],
    "password_reset": [
        Case("找回密码页", "GET", lambda w: "/password/reset/", ALL),
        Case(
            "申请重设密码",
            "POST",
            lambda w: "/password/reset/",
            ALL,
            body=lambda w: {"email": "nobody@example.org"},
        ),
    ],
    "password_reset_done": [Case("邮件已发送", "GET", lambda w: "/password/reset/sent/", ALL)],
    "password_reset_confirm": [
        Case("失效的重设链接", "GET", lambda w: "/password/reset/MQ/invalid-token/", ALL),
    ],
    "password_reset_complete": [Case("密码已设置", "GET", lambda w: "/password/reset/complete/", ALL)],
    # --- plans
    "plans:list": [Case("规划列表", "GET", lambda w: f"{P}/", LOGIN, hidden=PLAN_LISTS)],
    "plans:upload": [
        Case("上传页", "GET", lambda w: f"{P}/upload/", HAS_WRITABLE_AREA),
        Case(
            "上传规划",
            "POST",
            lambda w: f"{P}/upload/",
            AREA_WRITE,
            body=lambda w: plan_document(w, w.town.pk),
            effect=True,
            fk_out=frozenset({"admin_other", "liaison_other"}),
        ),
        Case(
            "上传到范围外地区",
            "POST",
            lambda w: f"{P}/upload/",
            frozenset({"superuser", "admin_other"}),
            body=lambda w: plan_document(w, w.far_town.pk),
            fk_out=frozenset({"admin_here", "liaison_here", "liaison_other"}),
        ),
    ],
    "plans:detail": [
        Case("已发布规划", "GET", lambda w: f"{P}/{w.published.plan.pk}/", AREA_READ),
        Case("草稿规划", "GET", lambda w: f"{P}/{w.draft.plan.pk}/", AREA_WRITE),
    ],
    "plans:review": [Case("审核页", "GET", lambda w: f"{P}/{w.draft.plan.pk}/review/", AREA_WRITE)],
    "plans:review_save": [
        Case(
            "保存审核页",
            "POST",
            lambda w: f"{P}/{w.draft.plan.pk}/review/save/",
            AREA_WRITE,
            body=lambda w: {
                f"ind{w.draft.indicator.pk}-name": "高新技术企业数量",
                f"ind{w.draft.indicator.pk}-unit": "家",
                f"ind{w.draft.indicator.pk}-reviewed": "on",
                **{
                    f"t{w.draft.target.pk}-{k}": v
                    for k, v in {"year": "2025", "value": "210", "comparator": ">=", "kind": "level"}.items()
                },
            },
            effect=True,
        ),
        Case(
            "审核页改范围外指标",
            "POST",
            lambda w: f"{P}/{w.draft.plan.pk}/review/save/",
            NOBODY,
            body=lambda w: {
                f"ind{w.far_plan.indicator.pk}-name": "改名",
                f"t{w.far_plan.target.pk}-year": "2030",
                f"t{w.far_plan.target.pk}-value": "1",
            },
            fk_out=AREA_WRITE,
        ),
    ],
    "plans:merge_indicator": [
        Case(
            "合并页",
            "GET",
            lambda w: f"{P}/{w.draft.plan.pk}/review/indicators/{w.draft.other_indicator.pk}/merge/",
            AREA_WRITE,
        ),
        Case(
            "合并指标",
            "POST",
            lambda w: f"{P}/{w.draft.plan.pk}/review/indicators/{w.draft.other_indicator.pk}/merge/",
            AREA_WRITE,
            body=lambda w: {"into": str(w.draft.indicator.pk)},
            effect=True,
        ),
        Case(
            "合并到范围外指标",
            "POST",
            lambda w: f"{P}/{w.draft.plan.pk}/review/indicators/{w.draft.other_indicator.pk}/merge/",
            NOBODY,
            body=lambda w: {"into": str(w.far_plan.indicator.pk)},
            fk_out=AREA_WRITE,
        ),
    ],
    "plans:drop_indicators": [
        Case(
            "批量删除指标",
            "POST",
            lambda w: f"{P}/{w.draft.plan.pk}/review/drop/",
            AREA_WRITE,
            body=lambda w: {"selected": [str(w.draft.other_indicator.pk)]},
            effect=True,
        ),
        Case(
            "删除范围外指标",
            "POST",
            lambda w: f"{P}/{w.draft.plan.pk}/review/drop/",
            NOBODY,
            body=lambda w: {"selected": [str(w.far_plan.indicator.pk)]},
            fk_out=AREA_WRITE,
        ),
    ],
    "plans:accept_suggestions": [
        Case(
            "采纳建议任务",
            "POST",
            lambda w: f"{P}/{w.draft.plan.pk}/review/suggestions/accept/",
            AREA_WRITE,
            body=lambda w: {
                "suggestion": [str(w.draft.suggestion.pk)],
                f"sug{w.draft.suggestion.pk}-owners": "区科委、朱泾镇",
                f"sug{w.draft.suggestion.pk}-deadline": "2025",
            },
            effect=True,
        ),
        Case(
            "采纳范围外建议任务",
            "POST",
            lambda w: f"{P}/{w.draft.plan.pk}/review/suggestions/accept/",
            NOBODY,
            body=lambda w: {
                "suggestion": [str(w.far_plan.suggestion.pk)],
                f"sug{w.far_plan.suggestion.pk}-deadline": "2025",
            },
            fk_out=AREA_WRITE,
        ),
    ],
    "plans:undo_removal": [
        Case(
            "撤销删除",
            "POST",
            lambda w: f"{P}/{w.draft.plan.pk}/review/removals/{w.draft.removal.pk}/undo/",
            AREA_WRITE,
            effect=True,
        )
    ],
    # The plan's life: whoever may change the area submits; the district's administrators
    # (of the plan's district or above) publish, withdraw and revise.
    "plans:submit": [
        Case("提交审核", "POST", lambda w: f"{P}/{w.draft.plan.pk}/submit/", AREA_WRITE, effect=True)
    ],
    "plans:publish": [
        Case("发布确认页", "GET", lambda w: f"{P}/{w.draft.plan.pk}/publish/", REVIEW),
        Case(
            "发布（附理由）",
            "POST",
            lambda w: f"{P}/{w.draft.plan.pk}/publish/",
            REVIEW,
            body=lambda w: {"reason": "经区科委主任办公会审议通过", "in_force_since": "2025-06-01"},
            effect=True,
        ),
    ],
    "plans:withdraw": [
        Case("撤回确认页", "GET", lambda w: f"{P}/{w.published.plan.pk}/withdraw/", REVIEW),
        Case(
            "撤回（附理由）",
            "POST",
            lambda w: f"{P}/{w.published.plan.pk}/withdraw/",
            REVIEW,
            body=lambda w: {"reason": "发布有误，待修订后重新发布"},
            effect=True,
        ),
    ],
    "plans:revise": [
        Case("中期调整页", "GET", lambda w: f"{P}/{w.published.plan.pk}/revise/", REVIEW),
        Case(
            "中期调整（建立新版本）",
            "POST",
            lambda w: f"{P}/{w.published.plan.pk}/revise/",
            REVIEW,
            body=lambda w: {"reason": "中期评估后调整部分目标"},
            effect=True,
        ),
    ],
    "plans:duplicate": [
        Case("重复处理页", "GET", lambda w: f"{P}/{w.duplicate.pk}/duplicate/", AREA_WRITE),
        Case(
            "作为已发布规划的新版本",
            "POST",
            lambda w: f"{P}/{w.duplicate.pk}/duplicate/",
            AREA_WRITE,
            body=lambda w: {"choice": f"version:{w.published.plan.pk}"},
            effect=True,
        ),
        Case(
            "取消上传",
            "POST",
            lambda w: f"{P}/{w.duplicate.pk}/duplicate/",
            AREA_WRITE,
            body=lambda w: {"choice": "cancel"},
            effect=True,
        ),
        Case(
            "替换范围外的草稿",
            "POST",
            lambda w: f"{P}/{w.duplicate.pk}/duplicate/",
            NOBODY,
            body=lambda w: {"choice": f"replace:{w.far_plan.plan.pk}"},
            fk_out=AREA_WRITE,
        ),
    ],
    # --- observations
    "observations:index": [Case("数据录入首页", "GET", lambda w: f"{OB}/", LOGIN, hidden=PLAN_LISTS)],
    "observations:plan": [
        Case("录入页", "GET", lambda w: f"{OB}/plans/{w.published.plan.pk}/", AREA_WRITE),
        Case("草稿录入页", "GET", lambda w: f"{OB}/plans/{w.draft.plan.pk}/", AREA_WRITE),
        Case(
            "录入数值",
            "POST",
            lambda w: f"{OB}/plans/{w.published.plan.pk}/",
            AREA_WRITE,
            body=lambda w: observation_entry(w, w.town.pk),
            effect=True,
        ),
        Case(
            "录入到范围外地区",
            "POST",
            lambda w: f"{OB}/plans/{w.published.plan.pk}/",
            frozenset({"superuser"}),
            body=lambda w: observation_entry(w, w.far_town.pk),
            fk_out=AREA_WRITE - {"superuser"},
        ),
        Case(
            "录入范围外规划的指标",
            "POST",
            lambda w: f"{OB}/plans/{w.published.plan.pk}/",
            NOBODY,
            body=lambda w: observation_entry(w, w.town.pk, w.far_plan.indicator.pk),
            fk_out=AREA_WRITE,
        ),
    ],
    "observations:import": [
        Case("导入页", "GET", lambda w: f"{OB}/plans/{w.published.plan.pk}/import/", AREA_WRITE),
        Case(
            "导入数值",
            "POST",
            lambda w: f"{OB}/plans/{w.published.plan.pk}/import/",
            AREA_WRITE,
            body=lambda w: observation_csv(w, w.town.name),
            effect=True,
        ),
        Case(
            "导入范围外地区的数值",
            "POST",
            lambda w: f"{OB}/plans/{w.published.plan.pk}/import/",
            frozenset({"superuser"}),
            body=lambda w: observation_csv(w, w.far_town.name),
            fk_out=AREA_WRITE - {"superuser"},
        ),
    ],
    "observations:import_confirm": [
        Case(
            "确认导入（上传人本人）",
            "POST",
            lambda w: f"{OB}/plans/{w.published.plan.pk}/import/confirm/",
            frozenset({"liaison_here"}),  # only the uploader confirms: a superuser or colleague is refused
            body=lambda w: {"token": w.figures_token, "action": "confirm"},
            effect=True,
            prepare=pending_figures,
        ),
    ],
    "observations:grid": [
        Case("表格录入页", "GET", lambda w: f"{OB}/plans/{w.published.plan.pk}/grid/", AREA_WRITE),
        Case("草稿的表格录入页", "GET", lambda w: f"{OB}/plans/{w.draft.plan.pk}/grid/", AREA_WRITE),
        Case(
            "表格录入保存",
            "POST",
            lambda w: f"{OB}/plans/{w.published.plan.pk}/grid/",
            AREA_WRITE,
            body=lambda w: grid_cells(w, w.town.pk),
            effect=True,
        ),
        Case(
            "表格录入到另一街镇",
            "POST",
            lambda w: f"{OB}/plans/{w.published.plan.pk}/grid/",
            NOBODY,  # the area is outside the plan's area, whoever asks
            body=lambda w: grid_cells(w, w.other_town.pk),
            fk_out=AREA_WRITE,
        ),
        Case(
            "表格录入范围外的规划",
            "POST",
            lambda w: f"{OB}/plans/{w.far_plan.plan.pk}/grid/",
            frozenset({"superuser", "admin_other"}),  # the other district's own plan
            body=lambda w: {**grid_cells(w, w.far_town.pk), f"v{w.far_plan.indicator.pk}_2024": "9"},
            effect=True,
            fk_out=frozenset({"admin_here", "liaison_here", "liaison_other"}),
        ),
    ],
    "observations:template": [
        Case("导入模板", "GET", lambda w: f"{OB}/plans/{w.published.plan.pk}/template.xlsx", AREA_READ),
        Case("草稿的导入模板", "GET", lambda w: f"{OB}/plans/{w.draft.plan.pk}/template.xlsx", AREA_WRITE),
    ],
    "observations:history": [
        Case("数值历史", "GET", lambda w: f"{OB}/{w.published.obs.pk}/history/", AREA_READ),
        Case("草稿数值历史", "GET", lambda w: f"{OB}/{w.draft.obs.pk}/history/", AREA_WRITE),
    ],
    "observations:task_attachment": [
        Case(
            "下载任务进展附件", "GET", lambda w: f"{OB}/tasks/attachments/{w.task_attachment.pk}/", AREA_READ
        )
    ],
    "observations:task_update": [
        Case("任务进展页", "GET", lambda w: f"{OB}/tasks/{w.published.task.pk}/update/", AREA_WRITE),
        Case(
            "报告任务进展",
            "POST",
            lambda w: f"{OB}/tasks/{w.published.task.pk}/update/",
            AREA_WRITE,
            body=lambda w: {
                "reported_on": "2025-01-10",
                "unit": "区科委",
                "text": "已开工",
                "progress": "30",
            },
            effect=True,
        ),
        Case(
            "报告任务进展并上传佐证附件",
            "POST",
            lambda w: f"{OB}/tasks/{w.published.task.pk}/update/",
            AREA_WRITE,
            body=lambda w: {
                "reported_on": "2025-01-10",
                "unit": "区科委",
                "text": "已开工",
                "progress": "30",
                "attachment": SimpleUploadedFile("开工照片.png", sample_files.png()),
            },
            effect=True,
        ),
    ],
    # --- registry
    "registry:enterprise_list": [
        Case("企业列表", "GET", lambda w: f"{R}/enterprises/", LOGIN, hidden=ENTERPRISE_LISTS),
        Case("企业列表导出", "GET", lambda w: f"{R}/enterprises/?format=csv", LOGIN, hidden=ENTERPRISE_LISTS),
    ],
    "registry:enterprise_new": [
        Case("登记企业页", "GET", lambda w: f"{R}/enterprises/new/", HAS_WRITABLE_AREA),
        Case(
            "登记企业",
            "POST",
            lambda w: f"{R}/enterprises/new/",
            AREA_WRITE,
            body=lambda w: enterprise_form(w, w.town.pk),
            effect=True,
            fk_out=frozenset({"admin_other", "liaison_other"}),
        ),
        Case(
            "登记到范围外地区",
            "POST",
            lambda w: f"{R}/enterprises/new/",
            frozenset({"superuser", "admin_other"}),
            body=lambda w: enterprise_form(w, w.far_town.pk),
            fk_out=frozenset({"admin_here", "liaison_here", "liaison_other"}),
        ),
    ],
    "registry:enterprise_detail": [
        Case(
            "企业详情",
            "GET",
            lambda w: f"{R}/enterprises/{w.enterprise.pk}/",
            CARRIER_READ,  # the operator of a carrier that hosts it now gets the tenant view only
            hidden=((_here_contact, AREA_READ),),
        )
    ],
    "registry:enterprise_edit": [
        Case("修改企业页", "GET", lambda w: f"{R}/enterprises/{w.enterprise.pk}/edit/", AREA_WRITE),
        Case(
            "修改企业",
            "POST",
            lambda w: f"{R}/enterprises/{w.enterprise.pk}/edit/",
            AREA_WRITE,
            body=lambda w: {**enterprise_form(w, w.town.pk, 11), "name": "朱泾新材料（更名）有限公司"},
            effect=True,
        ),
        Case(
            "把企业移到范围外地区",
            "POST",
            lambda w: f"{R}/enterprises/{w.enterprise.pk}/edit/",
            frozenset({"superuser"}),
            body=lambda w: {**enterprise_form(w, w.far_town.pk, 11), "name": w.enterprise.name},
            fk_out=frozenset({"admin_here", "liaison_here"}),
        ),
    ],
    "registry:qualification_add": [
        Case(
            "登记资质",
            "POST",
            lambda w: f"{R}/enterprises/{w.enterprise.pk}/qualifications/",
            AREA_WRITE,
            body=lambda w: {
                "qtype": str(w.hnte.pk),
                "certificate_no": "GR2024999",
                "issued_on": "2024-06-01",
            },
            effect=True,
        )
    ],
    "registry:stage_move": [
        Case(
            "调整培育阶段",
            "POST",
            lambda w: f"{R}/enterprises/{w.enterprise.pk}/stage/",
            AREA_WRITE,
            body=lambda w: {"stage": "cultivating", "since": "2024-01-01", "note": ""},
            effect=True,
        )
    ],
    "registry:renewals": [
        Case("到期提醒", "GET", lambda w: f"{R}/renewals/?days=100000", LOGIN, hidden=ENTERPRISE_LISTS[:1]),
        Case(
            "到期提醒导出",
            "GET",
            lambda w: f"{R}/renewals/?months=36&format=csv",
            LOGIN,
            hidden=ENTERPRISE_LISTS[:1],
        ),
    ],
    "registry:funnel": [
        Case("培育梯度", "GET", lambda w: f"{R}/funnel/", HAS_AREA),
        Case("本街镇培育梯度", "GET", lambda w: f"{R}/funnel/?area={w.town.pk}", AREA_READ),
    ],
    "registry:import": [
        Case("企业导入页", "GET", lambda w: f"{R}/import/", HAS_WRITABLE_AREA),
        Case(
            "导入企业",
            "POST",
            lambda w: f"{R}/import/",
            AREA_WRITE,
            body=lambda w: registry_workbook(w, w.town.name),
            effect=True,
            fk_out=frozenset({"admin_other", "liaison_other"}),
        ),
        Case(
            "导入到范围外地区",
            "POST",
            lambda w: f"{R}/import/",
            frozenset({"superuser", "admin_other"}),
            body=lambda w: registry_workbook(w, w.far_town.name),
            fk_out=frozenset({"admin_here", "liaison_here", "liaison_other"}),
        ),
    ],
    "registry:import_confirm": [
        Case(
            "确认企业导入（上传人本人）",
            "POST",
            lambda w: f"{R}/import/confirm/",
            frozenset({"liaison_here"}),  # only the uploader confirms: a superuser or colleague is refused
            body=lambda w: {"token": w.registry_token, "action": "confirm"},
            effect=True,
            prepare=pending_registry,
        ),
    ],
    "registry:import_template": [Case("企业导入模板", "GET", lambda w: f"{R}/import/template.xlsx", LOGIN)],
    "registry:carrier_list": [
        Case("载体列表", "GET", lambda w: f"{R}/carriers/", LOGIN, hidden=CARRIER_LISTS),
        Case("载体列表导出", "GET", lambda w: f"{R}/carriers/?format=csv", LOGIN, hidden=CARRIER_LISTS),
    ],
    "registry:carrier_detail": [
        Case(
            "载体详情",
            "GET",
            lambda w: f"{R}/carriers/{w.carrier.pk}/",
            CARRIER_READ,
            hidden=((_here_contact, AREA_READ),),
        ),
        Case(
            "载体入驻企业导出",
            "GET",
            lambda w: f"{R}/carriers/{w.carrier.pk}/?format=csv",
            CARRIER_READ,
            hidden=((_here_contact, NOBODY),),  # the export lists no contact, whoever asks
        ),
    ],
    "registry:tenant_add": [
        Case(
            "添加在孵企业",
            "POST",
            lambda w: f"{R}/carriers/{w.carrier.pk}/tenants/",
            CARRIER_WRITE,
            body=lambda w: {
                "enterprise_uscc": w.enterprise_other.uscc,
                "enterprise_name": "",
                "entered_on": "2024-03-01",
            },
            effect=True,
        ),
        Case(
            "添加外区企业为在孵企业",
            "POST",
            lambda w: f"{R}/carriers/{w.carrier.pk}/tenants/",
            NOBODY,
            body=lambda w: {
                "enterprise_uscc": w.enterprise_far.uscc,
                "enterprise_name": "",
                "entered_on": "2024-03-01",
            },
            fk_out=CARRIER_WRITE,
        ),
    ],
    "registry:tenant_exit": [
        Case(
            "在孵企业毕业",
            "POST",
            lambda w: f"{R}/tenants/{w.tenancy.pk}/exit/",
            CARRIER_WRITE,
            body=lambda w: {"left_on": "2024-12-31", "exit_reason": "graduated"},
            effect=True,
        )
    ],
    # --- land plots: the area's officers write, its viewers read, carrier operators see none
    "registry:plot_list": [
        Case("地块列表", "GET", lambda w: f"{R}/plots/?year=2024", HAS_AREA, hidden=PLOT_LISTS),
        Case(
            "低效闲置地块",
            "GET",
            lambda w: f"{R}/plots/?flag=any&status=producing",
            HAS_AREA,
            hidden=PLOT_LISTS,
        ),
        Case("本街镇地块", "GET", lambda w: f"{R}/plots/?area={w.town.pk}", AREA_READ),
    ],
    "registry:plot_ranking": [
        Case("亩均排名", "GET", lambda w: f"{R}/plots/ranking/?year=2024", HAS_AREA, hidden=PLOT_LISTS),
        Case(
            "亩均排名导出",
            "GET",
            lambda w: f"{R}/plots/ranking/?year=2024&by=output_per_mu&format=csv",
            HAS_AREA,
            hidden=PLOT_LISTS,
        ),
        Case("本街镇亩均排名", "GET", lambda w: f"{R}/plots/ranking/?area={w.town.pk}", AREA_READ),
    ],
    "registry:plot_new": [
        Case("登记地块页", "GET", lambda w: f"{R}/plots/new/", HAS_WRITABLE_AREA),
        Case(
            "登记地块",
            "POST",
            lambda w: f"{R}/plots/new/",
            AREA_WRITE,
            body=lambda w: plot_form(w, w.town.pk),
            effect=True,
            fk_out=frozenset({"admin_other", "liaison_other"}),
        ),
    ],
    "registry:plot_detail": [
        Case("地块详情", "GET", lambda w: f"{R}/plots/{w.plot.pk}/", AREA_READ),
    ],
    "registry:plot_edit": [
        Case("修改地块页", "GET", lambda w: f"{R}/plots/{w.plot.pk}/edit/", AREA_WRITE),
        Case(
            "修改地块",
            "POST",
            lambda w: f"{R}/plots/{w.plot.pk}/edit/",
            AREA_WRITE,
            body=lambda w: {**plot_form(w, w.town.pk, w.plot.code), "name": "朱泾一号地块（更名）"},
            effect=True,
        ),
        Case(
            "把地块移到外区",
            "POST",
            lambda w: f"{R}/plots/{w.plot.pk}/edit/",
            frozenset({"superuser"}),
            body=lambda w: plot_form(w, w.far_town.pk, w.plot.code),
            effect=True,
            fk_out=frozenset({"admin_here", "liaison_here"}),
        ),
    ],
    "registry:plot_occupancy_add": [
        Case(
            "登记用地企业",
            "POST",
            lambda w: f"{R}/plots/{w.plot.pk}/enterprises/",
            AREA_WRITE,
            body=lambda w: {"enterprise_uscc": w.enterprise_other.uscc, "started_on": "2024-01-01"},
            effect=True,
        ),
        Case(
            "登记外区企业为用地企业",
            "POST",
            lambda w: f"{R}/plots/{w.plot.pk}/enterprises/",
            NOBODY,
            body=lambda w: {"enterprise_uscc": w.enterprise_far.uscc, "started_on": "2024-01-01"},
            fk_out=AREA_WRITE,
        ),
    ],
    "registry:plot_figures_save": [
        Case(
            "填报地块年度数据",
            "POST",
            lambda w: f"{R}/plots/{w.plot.pk}/figures/",
            AREA_WRITE,
            body=lambda w: {"enterprise_uscc": w.enterprise.uscc, "year": "2024", "tax": "160"},
            effect=True,
        )
    ],
    "registry:plot_import": [
        Case("地块导入页", "GET", lambda w: f"{R}/plots/import/", HAS_WRITABLE_AREA),
        Case(
            "导入地块",
            "POST",
            lambda w: f"{R}/plots/import/",
            AREA_WRITE,
            body=lambda w: plot_csv(w, w.town.name),
            effect=True,
            fk_out=frozenset({"admin_other", "liaison_other"}),
        ),
        Case(
            "导入地块到外区",
            "POST",
            lambda w: f"{R}/plots/import/",
            frozenset({"superuser", "admin_other"}),
            body=lambda w: plot_csv(w, w.far_town.name),
            effect=True,
            fk_out=frozenset({"admin_here", "liaison_here", "liaison_other"}),
        ),
    ],
    "registry:plot_import_template": [
        Case("地块导入模板", "GET", lambda w: f"{R}/plots/import/template.xlsx", HAS_AREA)
    ],
    # --- reports: generating reads the area's figures; a kept report is for those who may see its area
    "reports:list": [
        Case("报告", "GET", lambda w: "/reports/", LOGIN),
        # Everyone may export the list, but only the reports they may see: not the district's report.
        Case(
            "已生成的报告导出",
            "GET",
            lambda w: "/reports/?format=csv",
            LOGIN,
            hidden=((lambda w: [w.stored_report.title], AREA_READ),),
            prepare=stored_report,
        ),
    ],
    "reports:generate": [
        Case(
            "生成规划评估报告",
            "POST",
            lambda w: "/reports/generate/plan/",
            AREA_READ,
            body=lambda w: {"plan": str(w.published.plan.pk), "format": "xlsx"},
            effect=True,
        ),
        Case(
            "生成草稿的评估报告",
            "POST",
            lambda w: "/reports/generate/plan/",
            AREA_WRITE,
            body=lambda w: {"plan": str(w.draft.plan.pk), "format": "xlsx"},
            effect=True,
        ),
        Case(
            "生成评价结果通知",
            "POST",
            lambda w: "/reports/generate/evaluation_notice/",
            DISTRICT_READ,
            body=lambda w: {"run": str(w.appeal_run.pk), "format": "xlsx"},
            effect=True,
            prepare=appeal_world,
        ),
        Case(
            "生成年度报告",
            "POST",
            lambda w: "/reports/generate/annual/",
            AREA_READ,
            body=lambda w: {"area": w.town.code, "year": "2025", "format": "xlsx"},
            effect=True,
        ),
    ],
    "reports:download": [
        Case(
            "下载已生成的报告",
            "GET",
            lambda w: f"/reports/{w.stored_report.pk}/download/",
            AREA_READ,
            prepare=stored_report,
        )
    ],
    "reports:public_plan_report": [
        Case(
            "公开规划报告", "GET", lambda w: f"/public/plans/{w.published.plan.pk}/report/?format=xlsx", ALL
        ),
        Case(
            "草稿的公开报告", "GET", lambda w: f"/public/plans/{w.draft.plan.pk}/report/?format=xlsx", NOBODY
        ),
    ],
    "tenancy:tokens": [
        Case(
            "接口令牌",
            "GET",
            lambda w: "/account/tokens/",
            LOGIN,
            hidden=((lambda w: ["运营方填报系统"], frozenset({"superuser", "op_here"})),),
            prepare=operator_token,
        ),
        Case(
            "创建接口令牌",
            "POST",
            lambda w: "/account/tokens/",
            LOGIN,
            body=lambda w: {"name": "园区系统", "days": "30"},
            effect=True,
        ),
    ],
    "tenancy:token_revoke": [
        Case(
            "吊销接口令牌",
            "POST",
            lambda w: f"/account/tokens/{w.token.pk}/revoke/",
            frozenset({"superuser", "op_here"}),
            effect=True,
            prepare=operator_token,
        )
    ],
    "tenancy:audit": [
        Case("变更记录", "GET", lambda w: "/audit/", DISTRICT_ADMINS),
        Case("变更记录导出", "GET", lambda w: "/audit/?format=csv", DISTRICT_ADMINS, hidden=CARRIER_LISTS),
    ],
    "tenancy:users": [
        Case("账号列表", "GET", lambda w: "/users/", DISTRICT_ADMINS),
        Case("账号列表导出", "GET", lambda w: "/users/?format=csv", DISTRICT_ADMINS),
    ],
    "tenancy:user_lock": [
        Case(
            "锁定本区账号",
            "POST",
            lambda w: f"/users/{w.users['liaison_here'].pk}/lock/",
            frozenset({"superuser", "admin_here"}),
            body=lambda w: {"action": "lock"},
            effect=True,
        ),
    ],
    "tenancy:user_import": [
        Case("账号导入页", "GET", lambda w: "/users/import/", DISTRICT_ADMINS),
        Case(
            "上传账号表（预览）",
            "POST",
            lambda w: "/users/import/",
            frozenset({"superuser", "admin_here"}),
            body=account_file,
            effect=True,  # the file waits for confirmation
            fk_out=frozenset({"admin_other"}),  # another district: every row refused, nothing kept
        ),
    ],
    "tenancy:user_import_confirm": [
        Case(
            "确认账号导入（上传人本人）",
            "POST",
            lambda w: "/users/import/confirm/",
            frozenset({"admin_here"}),
            body=lambda w: {"token": w.accounts_token, "action": "confirm"},
            effect=True,
            prepare=pending_accounts,
        ),
    ],
    "tenancy:area_import": [
        Case("地区导入页", "GET", lambda w: "/areas/import/", DISTRICT_ADMINS),
        Case(
            "上传地区表（预览）",
            "POST",
            lambda w: "/areas/import/",
            frozenset({"superuser", "admin_here"}),
            body=area_file,
            effect=True,  # the file waits for confirmation
            fk_out=frozenset({"admin_other"}),  # another district: every row refused, nothing kept
        ),
    ],
    # 区划调整: a district administrator changes the areas of their district, a superuser any area.
    "tenancy:areas": [
        Case(
            "地区与区划调整",
            "GET",
            lambda w: "/areas/",
            DISTRICT_ADMINS,
            hidden=(
                (lambda w: [w.town.name], frozenset({"superuser", "admin_here"})),
                (lambda w: [w.far_town.name], frozenset({"superuser", "admin_other"})),
            ),
        ),
    ],
    "tenancy:area_changes": [
        Case(
            "地区区划调整页",
            "GET",
            lambda w: f"/areas/{w.town.pk}/changes/",
            frozenset({"superuser", "admin_here"}),
        ),
        Case(
            "登记地区改名",
            "POST",
            lambda w: f"/areas/{w.town.pk}/changes/",
            frozenset({"superuser", "admin_here"}),
            body=lambda w: {"kind": "rename", "effective_on": "2025-01-01", "new_name": "朱泾街道"},
            effect=True,
        ),
        Case(
            "改属到外区地区之下",
            "POST",
            lambda w: f"/areas/{w.town.pk}/changes/",
            frozenset({"superuser"}),
            body=lambda w: {"kind": "move", "effective_on": "2025-01-01", "target": w.other_district.code},
            effect=True,
            fk_out=frozenset({"admin_here"}),  # 松江区 is not theirs to choose: nothing written
        ),
    ],
    "tenancy:area_import_confirm": [
        Case(
            "确认地区导入（上传人本人）",
            "POST",
            lambda w: "/areas/import/confirm/",
            frozenset({"admin_here"}),
            body=lambda w: {"token": w.areas_token, "action": "confirm"},
            effect=True,
            prepare=pending_areas,
        ),
    ],
    # --- collection
    "collection:list": [
        Case("月报列表", "GET", lambda w: f"{C}/", LOGIN, hidden=CARRIER_LISTS),
        Case("月报列表导出", "GET", lambda w: f"{C}/?format=csv", LOGIN, hidden=CARRIER_LISTS),
    ],
    "collection:completeness": [
        Case("报送情况", "GET", lambda w: f"{C}/completeness/?period=2025-05", LOGIN, hidden=CARRIER_LISTS),
        Case(
            "报送情况导出",
            "GET",
            lambda w: f"{C}/completeness/?period=2025-05&format=csv",
            LOGIN,
            hidden=CARRIER_LISTS,
        ),
    ],
    # 催报: each administrator or liaison reminds the late carriers of their own areas (none elsewhere).
    "collection:chase": [
        Case(
            "一键催报",
            "POST",
            lambda w: f"{C}/completeness/remind/",
            HAS_WRITABLE_AREA,
            body=lambda w: {"period": "2025-04"},
        )
    ],
    "collection:open": [
        Case(
            "开始填报",
            "POST",
            lambda w: f"{C}/carriers/{w.carrier.pk}/open/",
            CARRIER_WRITE,
            body=lambda w: {"period": "2025-06"},
            effect=True,
        )
    ],
    "collection:detail": [
        Case("月报", "GET", lambda w: f"{C}/reports/{w.submitted_report.pk}/", CARRIER_READ),
        Case(
            "保存月报草稿",
            "POST",
            lambda w: f"{C}/reports/{w.draft_report.pk}/",
            CARRIER_WRITE,
            body=lambda w: {
                **report_values(w),
                "action": "save",
                "version": str(w.draft_report.version) if hasattr(w.draft_report, "version") else "",
            },
            effect=True,
        ),
    ],
    "collection:review": [
        Case(
            "审核通过",
            "POST",
            lambda w: f"{C}/reports/{w.submitted_report.pk}/review/",
            REVIEW,
            body=lambda w: {"decision": "approve", "comment": ""},
            effect=True,
        )
    ],
    "collection:correct": [
        Case(
            "更正已通过月报",
            "POST",
            lambda w: f"{C}/reports/{w.approved_report.pk}/correct/",
            REVIEW,
            body=lambda w: {**report_values(w, **{"tenants": 42}), "reason": "统计口径更正"},
        )
    ],
    "collection:months": [
        Case("载体各月月报", "GET", lambda w: f"{C}/carriers/{w.carrier.pk}/months/", CARRIER_READ)
    ],
    "collection:settings": [
        Case("月报审核设置", "GET", lambda w: f"{C}/settings/{w.district.pk}/", REVIEW),
        Case(
            "修改月报审核设置",
            "POST",
            lambda w: f"{C}/settings/{w.district.pk}/",
            REVIEW,
            body=lambda w: {"liaison_review": "on", "change_threshold": "25"},
            effect=True,
        ),
    ],
    "collection:attach": [
        Case(
            "上传月报附件",
            "POST",
            lambda w: f"{C}/reports/{w.draft_report.pk}/attachments/",
            CARRIER_WRITE,
            body=lambda w: {"file": SimpleUploadedFile("租赁合同.pdf", sample_files.pdf())},
            effect=True,
        )
    ],
    "collection:attachment": [
        Case("下载月报附件", "GET", lambda w: f"{C}/attachments/{w.attachment.pk}/", CARRIER_READ)
    ],
    "collection:detach": [
        Case(
            "删除月报附件",
            "POST",
            lambda w: f"{C}/attachments/{w.attachment.pk}/delete/",
            CARRIER_WRITE,
            effect=True,
        )
    ],
    "collection:template": [
        Case("月报模板", "GET", lambda w: f"{C}/reports/{w.draft_report.pk}/template.xlsx", CARRIER_READ)
    ],
    "collection:upload": [
        Case(
            "上传月报",
            "POST",
            lambda w: f"{C}/reports/{w.draft_report.pk}/upload/",
            CARRIER_WRITE,
            body=report_workbook,
            effect=True,
        )
    ],
    # --- notifications: everyone their own inbox and settings; one person's notification is theirs alone
    "notifications:inbox": [
        Case("通知", "GET", lambda w: "/notifications/", LOGIN, hidden=((_notice, OWNER),))
    ],
    "notifications:settings": [
        Case("通知设置", "GET", lambda w: "/notifications/settings/", LOGIN),
        Case(
            "保存通知设置",
            "POST",
            lambda w: "/notifications/settings/",
            LOGIN,
            body=lambda w: {"report_approved": "on"},
        ),
    ],
    "notifications:read_all": [Case("全部标为已读", "POST", lambda w: "/notifications/read-all/", LOGIN)],
    "notifications:open": [Case("打开通知", "GET", lambda w: f"/notifications/{w.notice.pk}/", OWNER)],
    "notifications:read": [
        Case("标为已读", "POST", lambda w: f"/notifications/{w.notice.pk}/read/", OWNER, effect=True)
    ],
    "collection:upload_confirm": [
        Case(
            "确认上传月报（上传人本人）",
            "POST",
            lambda w: f"{C}/reports/{w.draft_report.pk}/upload/confirm/",
            frozenset({"op_here"}),  # only the uploader confirms
            body=lambda w: {"token": w.report_token, "submit": "0", "action": "confirm"},
            effect=True,
            prepare=pending_report,
        )
    ],
    # --- monitoring and public pages
    "monitor:monitor": [
        Case("监测总览", "GET", lambda w: "/monitor/", LOGIN, hidden=PLAN_LISTS),
        Case("监测总览导出", "GET", lambda w: "/monitor/?format=csv", LOGIN, hidden=PLAN_LISTS),
    ],
    "monitor:plan": [
        Case("规划监测", "GET", lambda w: f"/monitor/plans/{w.published.plan.pk}/", AREA_READ),
        Case("规划监测导出", "GET", lambda w: f"/monitor/plans/{w.published.plan.pk}/?format=csv", AREA_READ),
        Case("草稿监测导出", "GET", lambda w: f"/monitor/plans/{w.draft.plan.pk}/?format=xlsx", AREA_WRITE),
        Case("草稿监测", "GET", lambda w: f"/monitor/plans/{w.draft.plan.pk}/", AREA_WRITE),
    ],
    "monitor:tasks": [
        Case("任务看板", "GET", lambda w: f"/monitor/plans/{w.published.plan.pk}/tasks/", AREA_READ),
        Case(
            "任务看板导出",
            "GET",
            lambda w: f"/monitor/plans/{w.published.plan.pk}/tasks/?format=csv",
            AREA_READ,
        ),
        Case("草稿任务看板", "GET", lambda w: f"/monitor/plans/{w.draft.plan.pk}/tasks/", AREA_WRITE),
        # The district plan's task names town X: its liaison sees it, the other town's does not.
        Case(
            "区规划点名本街镇的任务",
            "GET",
            lambda w: f"/monitor/plans/{w.district_plan.plan.pk}/tasks/",
            AREA_READ,
        ),
    ],
    "monitor:indicator": [
        Case("指标详情", "GET", lambda w: f"/monitor/indicators/{w.published.indicator.pk}/", AREA_READ),
        Case(
            "指标观测值导出",
            "GET",
            lambda w: f"/monitor/indicators/{w.published.indicator.pk}/?format=csv",
            AREA_READ,
        ),
        Case("草稿指标详情", "GET", lambda w: f"/monitor/indicators/{w.draft.indicator.pk}/", AREA_WRITE),
    ],
    "monitor:compare": [
        Case("横向对比", "GET", lambda w: "/monitor/compare/", LOGIN, hidden=PLAN_LISTS),
        Case("横向对比导出", "GET", lambda w: "/monitor/compare/?format=csv", LOGIN, hidden=PLAN_LISTS),
    ],
    "monitor:alerts": [
        Case("预警", "GET", lambda w: "/monitor/alerts/", LOGIN, hidden=PLAN_LISTS),
        Case("预警导出", "GET", lambda w: "/monitor/alerts/?state=all&format=csv", LOGIN, hidden=PLAN_LISTS),
        Case(
            "一个规划的预警",
            "GET",
            lambda w: f"/monitor/alerts/?plan={w.published.plan.pk}&state=all",
            LOGIN,
            hidden=PLAN_LISTS,
        ),
    ],
    "monitor:alert_case": [
        Case("预警事项", "GET", lambda w: f"/monitor/alerts/{w.alert_case.pk}/", AREA_READ),
        # A district plan's case handed to town X: the town's liaison sees it, the other town's does not.
        Case("指派给本街镇的预警事项", "GET", lambda w: f"/monitor/alerts/{w.district_case.pk}/", AREA_READ),
        Case(
            "确认预警",
            "POST",
            lambda w: f"/monitor/alerts/{w.alert_case.pk}/",
            AREA_WRITE,
            body=lambda w: {"action": "acknowledge", "version": w.alert_case.version},
            effect=True,
        ),
        Case(
            "预警备注",
            "POST",
            lambda w: f"/monitor/alerts/{w.alert_case.pk}/",
            AREA_WRITE,
            body=lambda w: {"action": "comment", "version": w.alert_case.version, "comment": "已督促"},
            effect=True,
        ),
        Case(
            "指派给本街镇的预警备注",
            "POST",
            lambda w: f"/monitor/alerts/{w.district_case.pk}/",
            AREA_WRITE,
            body=lambda w: {"action": "comment", "version": w.district_case.version, "comment": "已核实"},
            effect=True,
        ),
        Case(
            "指派预警",
            "POST",
            lambda w: f"/monitor/alerts/{w.alert_case.pk}/",
            REVIEW,
            body=lambda w: {
                "action": "assign",
                "version": w.alert_case.version,
                "area": w.town.pk,
                "due_on": (dt.date.today() + dt.timedelta(days=30)).isoformat(),
            },
            effect=True,
        ),
        Case(
            "指派给外区单位",
            "POST",
            lambda w: f"/monitor/alerts/{w.alert_case.pk}/",
            NOBODY,
            body=lambda w: {
                "action": "assign",
                "version": w.alert_case.version,
                "area": w.far_town.pk,
                "due_on": (dt.date.today() + dt.timedelta(days=30)).isoformat(),
            },
            fk_out=REVIEW,
        ),
        Case(
            "关闭预警",
            "POST",
            lambda w: f"/monitor/alerts/{w.alert_case.pk}/",
            REVIEW,
            body=lambda w: {"action": "close", "version": w.alert_case.version, "reason": "已核实"},
            effect=True,
        ),
        # Closing is the district's verification, even for the case handed to the town.
        Case(
            "关闭指派给本街镇的预警",
            "POST",
            lambda w: f"/monitor/alerts/{w.district_case.pk}/",
            REVIEW,
            body=lambda w: {"action": "close", "version": w.district_case.version, "reason": "已整改"},
            effect=True,
        ),
        Case(
            "重新打开预警",
            "POST",
            lambda w: f"/monitor/alerts/{w.closed_case.pk}/",
            REVIEW,
            body=lambda w: {"action": "reopen", "version": w.closed_case.version},
            effect=True,
        ),
    ],
    "monitor:method": [Case("评估方法", "GET", lambda w: "/monitor/method/", LOGIN)],
    "monitor:settings": [
        Case("评估阈值设置页", "GET", lambda w: "/monitor/settings/", frozenset({"superuser"})),
        Case(
            "修改评估阈值",
            "POST",
            lambda w: "/monitor/settings/",
            frozenset({"superuser"}),
            body=threshold_form,
            effect=True,
        ),
    ],
    # --- public site (no login; published plans and final figures only)
    "public:index": [Case("公开进展页", "GET", lambda w: "/public/", ALL, hidden=((_draft, NOBODY),))],
    "public:plan": [
        Case("公开规划", "GET", lambda w: f"/public/plans/{w.published.plan.pk}/", ALL),
        Case("公开页上的草稿", "GET", lambda w: f"/public/plans/{w.draft.plan.pk}/", NOBODY),
        Case(
            "公众留言",
            "POST",
            lambda w: f"/public/plans/{w.published.plan.pk}/",
            ALL,
            body=lambda w: {
                "message": "希望公开更多孵化载体的数据",
                "name": "",
                "contact": "",
                "website": "",
            },
            effect=True,
        ),
        Case(
            "对草稿留言",
            "POST",
            lambda w: f"/public/plans/{w.draft.plan.pk}/",
            NOBODY,
            body=lambda w: {
                "message": "希望公开更多孵化载体的数据",
                "name": "",
                "contact": "",
                "website": "",
            },
        ),
    ],
    "public:indicator": [
        Case("公开指标", "GET", lambda w: f"/public/indicators/{w.published.indicator.pk}/", ALL),
        Case("草稿的指标", "GET", lambda w: f"/public/indicators/{w.draft.indicator.pk}/", NOBODY),
    ],
    "public:indicator_data": [
        Case(
            "公开指标数据", "GET", lambda w: f"/public/indicators/{w.published.indicator.pk}/figures.csv", ALL
        ),
        Case(
            "公开指标数据表",
            "GET",
            lambda w: f"/public/indicators/{w.published.indicator.pk}/figures.xlsx",
            ALL,
        ),
        Case(
            "公开指标数据文件",
            "GET",
            lambda w: f"/public/indicators/{w.published.indicator.pk}/figures.json",
            ALL,
        ),
        Case(
            "草稿的指标数据",
            "GET",
            lambda w: f"/public/indicators/{w.draft.indicator.pk}/figures.csv",
            NOBODY,
        ),
    ],
    "public:method": [Case("公开评估方法", "GET", lambda w: "/public/method/", ALL)],
    "public:feedback": [Case("公众留言列表", "GET", lambda w: "/public/feedback/", DISTRICT_ADMINS)],
    "public:feedback_detail": [
        Case(
            "公众留言", "GET", lambda w: f"/public/feedback/{w.feedback.pk}/", REVIEW, prepare=public_feedback
        ),
        Case(
            "答复公众留言",
            "POST",
            lambda w: f"/public/feedback/{w.feedback.pk}/",
            REVIEW,
            body=lambda w: {"answer": "感谢关注，已转责任单位办理", "public": "on"},
            effect=True,
            prepare=public_feedback,
        ),
    ],
    # --- evaluation: appeals (the unit files, the district decides) and money (the district's)
    "evaluation:file_appeal": [
        Case(
            "申诉页",
            "GET",
            lambda w: f"{E}/runs/{w.appeal_run.pk}/units/{w.appeal_unit}/appeal/",
            OWNER,
            prepare=appeal_world,
        ),
        Case(
            "提出申诉",
            "POST",
            lambda w: f"{E}/runs/{w.appeal_run.pk}/units/carrier:{w.other_carrier.pk}/appeal/",
            frozenset({"op_other"}),
            body=lambda w: {"reason": "得分偏低", "file": SimpleUploadedFile("说明.pdf", sample_files.pdf())},
            effect=True,
            prepare=appeal_world,
        ),
    ],
    "evaluation:run_appeals": [
        Case(
            "本次评价的申诉",
            "GET",
            lambda w: f"{E}/runs/{w.appeal_run.pk}/appeals/",
            REVIEW,
            prepare=appeal_world,
        )
    ],
    "evaluation:appeal": [
        Case("申诉详情", "GET", lambda w: f"{E}/appeals/{w.appeal.pk}/", APPEAL_READ, prepare=appeal_world)
    ],
    "evaluation:decide_appeal": [
        Case(
            "驳回申诉",
            "POST",
            lambda w: f"{E}/appeals/{w.appeal.pk}/decide/",
            REVIEW,
            body=lambda w: {"decision": "reject", "reason": "材料不足"},
            effect=True,
            prepare=appeal_world,
        ),
        Case(
            "采纳申诉并调整",
            "POST",
            lambda w: f"{E}/appeals/{w.appeal.pk}/decide/",
            REVIEW,
            body=lambda w: {"decision": "accept", "reason": "核实", "score": "90", "rating": "优秀"},
            effect=True,
            prepare=appeal_world,
        ),
    ],
    "evaluation:appeal_evidence": [
        Case(
            "下载申诉证据",
            "GET",
            lambda w: f"{E}/appeals/evidence/{w.appeal_evidence.pk}/",
            APPEAL_READ,
            prepare=appeal_world,
        )
    ],
    "evaluation:subsidy_rules": [
        Case("补助规则", "GET", lambda w: f"{E}/subsidies/{w.district.pk}/2025/", REVIEW),
        Case(
            "修改补助规则",
            "POST",
            lambda w: f"{E}/subsidies/{w.district.pk}/2026/",
            REVIEW,
            body=subsidy_rules_form,
            effect=True,
        ),
    ],
    "evaluation:run_payments": [
        Case(
            "支付清单版本",
            "GET",
            lambda w: f"{E}/runs/{w.appeal_run.pk}/payments/",
            DISTRICT_READ,
            prepare=appeal_world,
        )
    ],
    "evaluation:compute_payments": [
        Case(
            "计算支付清单",
            "POST",
            lambda w: f"{E}/runs/{w.appeal_run.pk}/payments/compute/",
            REVIEW,
            effect=True,
            prepare=appeal_world,
        )
    ],
    "evaluation:payment_list": [
        Case(
            "支付清单",
            "GET",
            lambda w: f"{E}/payments/{w.payments.pk}/",
            DISTRICT_READ,
            prepare=appeal_world,
        )
    ],
    "evaluation:approve_payments": [
        Case(
            "审批支付清单",
            "POST",
            lambda w: f"{E}/payments/{w.payments.pk}/approve/",
            REVIEW,
            effect=True,
            prepare=appeal_world,
        )
    ],
    "evaluation:export_payments": [
        Case(
            "导出支付清单",
            "GET",
            lambda w: f"{E}/payments/{w.payments.pk}/export.xlsx",
            DISTRICT_READ,
            prepare=appeal_world,
        )
    ],
}

ER = f"{A}/registry"
CA = f"{A}/collection"


def _here_case(w):
    return [w.published.indicator.name]


API: dict[str, list[Case]] = {
    "POST /api/reports/plan/{plan_id}": [
        Case(
            "接口生成规划评估报告",
            "POST",
            lambda w: f"{A}/reports/plan/{w.published.plan.pk}?format=xlsx",
            AREA_READ,
            json=True,
            effect=True,
        )
    ],
    "POST /api/reports/bulletin": [
        Case(
            "接口生成月报简报",
            "POST",
            lambda w: f"{A}/reports/bulletin?area={w.town.code}&month=2025-03&format=xlsx",
            AREA_READ,
            json=True,
            effect=True,
        )
    ],
    "POST /api/reports/annual": [
        Case(
            "接口生成年度报告",
            "POST",
            lambda w: f"{A}/reports/annual?area={w.town.code}&year=2025&format=xlsx",
            AREA_READ,
            json=True,
            effect=True,
        )
    ],
    "GET /api/observations/alert-cases": [
        Case(
            "预警事项列表",
            "GET",
            lambda w: f"{A}/observations/alert-cases",
            LOGIN,
            json=True,
            hidden=((_here_case, AREA_READ),),
        )
    ],
    "GET /api/observations/alert-cases/{pk}": [
        Case(
            "预警事项详情",
            "GET",
            lambda w: f"{A}/observations/alert-cases/{w.alert_case.pk}",
            AREA_READ,
            json=True,
        ),
        Case(
            "指派给本街镇的预警事项详情",
            "GET",
            lambda w: f"{A}/observations/alert-cases/{w.district_case.pk}",
            AREA_READ,
            json=True,
        ),
    ],
    "GET /api/registry/areas": [Case("地区", "GET", lambda w: f"{ER}/areas", LOGIN, json=True)],
    "GET /api/registry/enterprises": [
        Case(
            "企业", "GET", lambda w: f"{ER}/enterprises?limit=500", LOGIN, json=True, hidden=ENTERPRISE_LISTS
        )
    ],
    "POST /api/registry/enterprises": [
        Case(
            "登记企业",
            "POST",
            lambda w: f"{ER}/enterprises",
            AREA_WRITE,
            body=lambda w: enterprise_json(w, w.town.pk),
            json=True,
            effect=True,
            fk_out=frozenset({"admin_other", "liaison_other"}),
        ),
        Case(
            "登记到范围外地区",
            "POST",
            lambda w: f"{ER}/enterprises",
            frozenset({"superuser", "admin_other"}),
            body=lambda w: enterprise_json(w, w.far_town.pk),
            json=True,
            fk_out=frozenset({"admin_here", "liaison_here", "liaison_other"}),
        ),
    ],
    "GET /api/registry/enterprises/{pk}": [
        Case("企业详情", "GET", lambda w: f"{ER}/enterprises/{w.enterprise.pk}", AREA_READ, json=True)
    ],
    "PATCH /api/registry/enterprises/{pk}": [
        Case(
            "修改企业",
            "PATCH",
            lambda w: f"{ER}/enterprises/{w.enterprise.pk}",
            AREA_WRITE,
            body=lambda w: {"industry": "集成电路"},
            json=True,
            effect=True,
        ),
        Case(
            "把企业移到范围外",
            "PATCH",
            lambda w: f"{ER}/enterprises/{w.enterprise.pk}",
            frozenset({"superuser"}),
            body=lambda w: {"area_id": w.far_town.pk},
            json=True,
            fk_out=frozenset({"admin_here", "liaison_here"}),
        ),
    ],
    "PUT /api/registry/enterprises/{pk}": [
        Case(
            "替换企业",
            "PUT",
            lambda w: f"{ER}/enterprises/{w.enterprise.pk}",
            AREA_WRITE,
            body=lambda w: {
                "uscc": w.enterprise.uscc,
                "name": "朱泾新材料（接口更名）",
                "area_id": w.town.pk,
            },
            json=True,
            effect=True,
        )
    ],
    "GET /api/registry/qualifications": [
        Case("资质", "GET", lambda w: f"{ER}/qualifications?limit=500", LOGIN, json=True)
    ],
    "GET /api/registry/enterprises/{pk}/qualifications": [
        Case(
            "企业资质",
            "GET",
            lambda w: f"{ER}/enterprises/{w.enterprise.pk}/qualifications",
            AREA_READ,
            json=True,
        )
    ],
    "POST /api/registry/enterprises/{pk}/qualifications": [
        Case(
            "登记资质",
            "POST",
            lambda w: f"{ER}/enterprises/{w.enterprise.pk}/qualifications",
            AREA_WRITE,
            body=lambda w: {"type": "hnte", "certificate_no": "GR2024888", "issued_on": "2024-06-01"},
            json=True,
            effect=True,
        )
    ],
    "GET /api/registry/hnte-count": [
        Case("高企数", "GET", lambda w: f"{ER}/hnte-count", LOGIN, json=True),
        Case("本街镇高企数", "GET", lambda w: f"{ER}/hnte-count?area_id={w.town.pk}", AREA_READ, json=True),
    ],
    "GET /api/registry/plots": [
        Case("地块", "GET", lambda w: f"{ER}/plots?year=2024&limit=500", LOGIN, json=True, hidden=PLOT_LISTS),
        Case("本街镇地块", "GET", lambda w: f"{ER}/plots?area_id={w.town.pk}", AREA_READ, json=True),
    ],
    "GET /api/registry/plots/{pk}": [
        Case("地块详情", "GET", lambda w: f"{ER}/plots/{w.plot.pk}", AREA_READ, json=True)
    ],
    "GET /api/registry/carriers": [
        Case("载体", "GET", lambda w: f"{ER}/carriers", LOGIN, json=True, hidden=CARRIER_LISTS)
    ],
    "GET /api/registry/carriers/{pk}": [
        Case("载体详情", "GET", lambda w: f"{ER}/carriers/{w.carrier.pk}", CARRIER_READ, json=True)
    ],
    "GET /api/registry/carriers/{pk}/tenants": [
        Case(
            "在孵企业",
            "GET",
            lambda w: f"{ER}/carriers/{w.carrier.pk}/tenants",
            CARRIER_READ,
            json=True,
            hidden=((_here_contact, AREA_READ),),
        )
    ],
    "POST /api/registry/carriers/{pk}/tenants": [
        Case(
            "添加在孵企业",
            "POST",
            lambda w: f"{ER}/carriers/{w.carrier.pk}/tenants",
            CARRIER_WRITE,
            body=lambda w: {"enterprise_uscc": w.enterprise_other.uscc, "entered_on": "2024-03-01"},
            json=True,
            effect=True,
        ),
        Case(
            "添加外区企业",
            "POST",
            lambda w: f"{ER}/carriers/{w.carrier.pk}/tenants",
            NOBODY,
            body=lambda w: {"enterprise_uscc": w.enterprise_far.uscc, "entered_on": "2024-03-01"},
            json=True,
            fk_out=CARRIER_WRITE,
        ),
    ],
    "GET /api/registry/tenants/{pk}": [
        Case("在孵记录", "GET", lambda w: f"{ER}/tenants/{w.tenancy.pk}", CARRIER_READ, json=True)
    ],
    "PATCH /api/registry/tenants/{pk}": [
        Case(
            "在孵企业毕业",
            "PATCH",
            lambda w: f"{ER}/tenants/{w.tenancy.pk}",
            CARRIER_WRITE,
            body=lambda w: {"left_on": "2024-12-31", "exit_reason": "graduated"},
            json=True,
            effect=True,
        )
    ],
    "GET /api/collection/forms": [Case("月报表单", "GET", lambda w: f"{CA}/forms", LOGIN, json=True)],
    "GET /api/collection/reports": [
        Case("月报", "GET", lambda w: f"{CA}/reports", LOGIN, json=True, hidden=CARRIER_LISTS)
    ],
    "GET /api/collection/carriers/{carrier_id}/reports/{period}": [
        Case(
            "某月月报",
            "GET",
            lambda w: f"{CA}/carriers/{w.carrier.pk}/reports/2025-05",
            CARRIER_READ,
            json=True,
        )
    ],
    "GET /api/collection/carriers/{carrier_id}/reports/{period}/status": [
        Case(
            "月报状态",
            "GET",
            lambda w: f"{CA}/carriers/{w.carrier.pk}/reports/2025-05/status",
            CARRIER_READ,
            json=True,
        )
    ],
    "PUT /api/collection/carriers/{carrier_id}/reports/{period}": [
        Case(
            "保存草稿",
            "PUT",
            lambda w: f"{CA}/carriers/{w.carrier.pk}/reports/2025-04",
            CARRIER_WRITE,
            body=lambda w: {"values": {"tenants": 37}, "version": getattr(w.draft_report, "version", None)},
            json=True,
            effect=True,
        )
    ],
    "POST /api/collection/carriers/{carrier_id}/reports/{period}/submit": [
        Case(
            "提交月报",
            "POST",
            lambda w: f"{CA}/carriers/{w.carrier.pk}/reports/2025-04/submit",
            CARRIER_WRITE,
            body=lambda w: {"values": dict(REPORT_VALUES)},
            json=True,
            effect=True,
        )
    ],
    "POST /api/collection/carriers/{carrier_id}/reports/{period}/approve": [
        Case(
            "审核通过",
            "POST",
            lambda w: f"{CA}/carriers/{w.carrier.pk}/reports/2025-05/approve",
            REVIEW,
            body=lambda w: {"comment": ""},
            json=True,
            effect=True,
        )
    ],
    "POST /api/collection/carriers/{carrier_id}/reports/{period}/return": [
        Case(
            "退回月报",
            "POST",
            lambda w: f"{CA}/carriers/{w.carrier.pk}/reports/2025-05/return",
            REVIEW,
            body=lambda w: {"comment": "请补充融资数据"},
            json=True,
            effect=True,
        )
    ],
    # --- plans
    "GET /api/plans": [
        Case(
            "规划列表",
            "GET",
            lambda w: f"{A}/plans/?limit=500",
            LOGIN,
            json=True,
            hidden=(
                (lambda w: [w.draft.plan.title], AREA_WRITE),
                (lambda w: [w.far_plan.plan.title], frozenset({"superuser", "admin_other"})),
                (lambda w: [w.published.plan.title], AREA_READ),
            ),
        )
    ],
    "GET /api/plans/{pk}": [
        Case("规划详情", "GET", lambda w: f"{A}/plans/{w.published.plan.pk}", AREA_READ, json=True),
        Case("草稿详情", "GET", lambda w: f"{A}/plans/{w.draft.plan.pk}", AREA_WRITE, json=True),
    ],
    "GET /api/plans/{pk}/indicators": [
        Case(
            "规划指标", "GET", lambda w: f"{A}/plans/{w.published.plan.pk}/indicators", AREA_READ, json=True
        ),
        Case("草稿指标", "GET", lambda w: f"{A}/plans/{w.draft.plan.pk}/indicators", AREA_WRITE, json=True),
    ],
    "GET /api/plans/{pk}/targets": [
        Case("规划目标值", "GET", lambda w: f"{A}/plans/{w.published.plan.pk}/targets", AREA_READ, json=True)
    ],
    "GET /api/plans/{pk}/tasks": [
        Case("规划任务", "GET", lambda w: f"{A}/plans/{w.published.plan.pk}/tasks", AREA_READ, json=True),
        Case(
            "区规划交给本街镇的任务",
            "GET",
            lambda w: f"{A}/plans/{w.district_plan.plan.pk}/tasks",
            AREA_READ,
            json=True,
        ),
    ],
    "GET /api/plans/catalog": [Case("标准指标目录", "GET", lambda w: f"{A}/plans/catalog", LOGIN, json=True)],
    "POST /api/plans/tasks/{pk}/updates": [
        Case(
            "接口报告任务进展",
            "POST",
            lambda w: f"{A}/plans/tasks/{w.published.task.pk}/updates",
            AREA_WRITE,
            body=lambda w: {"reported_on": "2025-01-10", "unit": "区科委", "text": "已开工", "progress": 30},
            json=True,
            effect=True,
        )
    ],
    "POST /api/plans/upload": [
        Case(
            "接口上传规划",
            "POST",
            lambda w: f"{A}/plans/upload",
            AREA_WRITE,
            body=lambda w: plan_document_api(w, w.town.pk),
            effect=True,
            fk_out=frozenset({"admin_other", "liaison_other"}),
        ),
        Case(
            "接口上传到范围外地区",
            "POST",
            lambda w: f"{A}/plans/upload",
            frozenset({"superuser", "admin_other"}),
            body=lambda w: plan_document_api(w, w.far_town.pk),
            fk_out=frozenset({"admin_here", "liaison_here", "liaison_other"}),
        ),
    ],
    "POST /api/plans/{pk}/submit": [
        Case(
            "接口提交审核",
            "POST",
            lambda w: f"{A}/plans/{w.draft.plan.pk}/submit",
            AREA_WRITE,
            json=True,
            effect=True,
        )
    ],
    # --- figures and progress
    "GET /api/observations": [
        Case(
            "观测值列表",
            "GET",
            lambda w: f"{A}/observations/?limit=500",
            LOGIN,
            json=True,
            hidden=(
                (lambda w: [w.draft.indicator.name], AREA_WRITE),
                (lambda w: [w.far_plan.indicator.name], frozenset({"superuser", "admin_other"})),
                (lambda w: [w.published.indicator.name], AREA_READ),
            ),
        )
    ],
    "GET /api/observations/{pk}": [
        Case("观测值详情", "GET", lambda w: f"{A}/observations/{w.published.obs.pk}", AREA_READ, json=True),
        Case("草稿的观测值", "GET", lambda w: f"{A}/observations/{w.draft.obs.pk}", AREA_WRITE, json=True),
    ],
    "POST /api/observations": [
        Case(
            "接口录入观测值",
            "POST",
            lambda w: f"{A}/observations/",
            AREA_WRITE,
            body=lambda w: figures_json(w, w.published.indicator, source="statistics"),
            json=True,
            effect=True,
        ),
        Case(
            "录入范围外规划的观测值",
            "POST",
            lambda w: f"{A}/observations/",
            frozenset({"superuser", "admin_other"}),
            body=lambda w: figures_json(w, w.far_plan.indicator),
            json=True,
            effect=True,
        ),
        Case(
            "录入到规划地区之外",
            "POST",
            lambda w: f"{A}/observations/",
            NOBODY,
            body=lambda w: figures_json(w, w.published.indicator, area_id=w.other_town.pk),
            json=True,
        ),
    ],
    "GET /api/observations/progress/plans": [
        Case(
            "各规划进度概览",
            "GET",
            lambda w: f"{A}/observations/progress/plans?limit=500",
            LOGIN,
            json=True,
            hidden=(
                (lambda w: [w.draft.plan.title], AREA_WRITE),
                (lambda w: [w.far_plan.plan.title], frozenset({"superuser", "admin_other"})),
                (lambda w: [w.published.plan.title], AREA_READ),
            ),
        )
    ],
    "GET /api/observations/progress/plans/{plan_id}": [
        Case(
            "规划进度",
            "GET",
            lambda w: f"{A}/observations/progress/plans/{w.published.plan.pk}?at=2024-06-30",
            AREA_READ,
            json=True,
        ),
        Case(
            "草稿进度",
            "GET",
            lambda w: f"{A}/observations/progress/plans/{w.draft.plan.pk}",
            AREA_WRITE,
            json=True,
        ),
    ],
    "GET /api/observations/progress/targets/{target_id}": [
        Case(
            "目标进度",
            "GET",
            lambda w: f"{A}/observations/progress/targets/{w.published.target.pk}",
            AREA_READ,
            json=True,
        )
    ],
}


# --- evaluation (issue 15: runs and interfaces) ---------------------------------------------------

EV = "/evaluation"
RUN_READ = frozenset({"superuser", "admin_here", "viewer"})  # those who read the district's ranking
RULE_NAMES[RUN_READ] = "能查看本区者（区级管理员、本区只读用户）"
EVAL_SCHEME = {
    "name": "载体评价（访问测试）",
    "subject": "incubator_comprehensive",
    "missing": "zero",
    "pillars": [
        {
            "name": "孵化绩效",
            "weight": 1,
            "indicators": [
                {
                    "code": "tenants",
                    "name": "在孵企业数",
                    "weight": 1,
                    "source": {"kind": "monthly", "field": "tenants", "how": "last"},
                }
            ],
        }
    ],
    "vetoes": [
        {
            "code": "false_report",
            "name": "虚报统计数据",
            "effect": "disqualify",
            "source": {"kind": "entered"},
        }
    ],
    "ratings": {
        "cutoffs": [{"label": "优秀", "min_score": 85}, {"label": "合格", "min_score": 60}],
        "otherwise": "不合格",
    },
}


def evaluation_world(w: SimpleNamespace) -> None:
    """A scheme of the district, a draft run over carriers A (朱泾) and B (枫泾), and an entered value with evidence."""
    if hasattr(w, "eval_run"):
        return
    from kechuang.evaluation.domain import confirm_run, import_scheme, run_scheme
    from kechuang.evaluation.entries import save_entered_value

    w.eval_scheme = import_scheme(EVAL_SCHEME, area=w.district)
    a, b = f"carrier:{w.carrier.pk}", f"carrier:{w.other_carrier.pk}"
    units = {
        a: {"kind": "carrier", "id": w.carrier.pk, "name": w.carrier.name, "area_id": w.town.pk},
        b: {
            "kind": "carrier",
            "id": w.other_carrier.pk,
            "name": w.other_carrier.name,
            "area_id": w.other_town.pk,
        },
    }
    w.eval_run = run_scheme(
        w.eval_scheme,
        {a: {"tenants": 40}, b: {"tenants": 12}},
        year=2025,
        units=units,
        sources={
            a: {"tenants": "2025 年 3–3 月已审核月报年末月份"},
            b: {"tenants": "2025 年 3–3 月已审核月报年末月份"},
        },
        draws=20,
    )
    # The same values confirmed: units (operators, liaisons) see their result only once it is.
    w.eval_confirmed = run_scheme(w.eval_scheme, dict(w.eval_run.values), year=2025, units=units)
    confirm_run(w.eval_confirmed)
    w.eval_entry = save_entered_value(
        w.eval_scheme,
        year=2025,
        unit_key=a,
        unit_name=w.carrier.name,
        code="false_report",
        value=0,
        evidence_note="区科委核查记录",
        upload=SimpleUploadedFile("核查记录.pdf", sample_files.pdf()),
    )
    w.eval_evidence = w.eval_entry.evidence_files.get()


def scheme_file(w: SimpleNamespace) -> dict:
    import json

    data = {**EVAL_SCHEME, "pillars": [{**EVAL_SCHEME["pillars"][0], "weight": 2}], "name": "导入的方案"}
    upload = SimpleUploadedFile(
        "方案.json", json.dumps(data, ensure_ascii=False).encode(), "application/json"
    )
    return {"file": upload, "area": str(w.district.pk)}


def _eval_names(w):
    return [w.eval_scheme.name]


def _unit(w: SimpleNamespace, carrier: object, *, draft: bool = False) -> str:
    run = w.eval_run if draft else w.eval_confirmed
    return f"{EV}/runs/{run.pk}/units/carrier/{carrier.pk}/"


HTML.update(
    {
        "evaluation:run_list": [
            Case(
                "评价列表",
                "GET",
                lambda w: f"{EV}/",
                LOGIN,
                prepare=evaluation_world,
                hidden=(
                    (lambda w: [w.carrier.name], RUN_READ | {"liaison_here", "op_here"}),
                    (lambda w: [w.other_carrier.name], RUN_READ | {"liaison_other", "op_other"}),
                ),
            )
        ],
        "evaluation:run_detail": [
            Case(
                "评价排名", "GET", lambda w: f"{EV}/runs/{w.eval_run.pk}/", RUN_READ, prepare=evaluation_world
            )
        ],
        "evaluation:run_confirm": [
            Case(
                "确认冻结",
                "POST",
                lambda w: f"{EV}/runs/{w.eval_run.pk}/confirm/",
                REVIEW,
                effect=True,
                prepare=evaluation_world,
            )
        ],
        "evaluation:run_compare": [
            Case(
                "评价比较",
                "GET",
                lambda w: f"{EV}/runs/{w.eval_run.pk}/compare/",
                RUN_READ,
                prepare=evaluation_world,
            )
        ],
        "evaluation:unit_result": [
            Case(
                "本载体评价结果",
                "GET",
                lambda w: _unit(w, w.carrier),
                CARRIER_READ,
                prepare=evaluation_world,
                hidden=((lambda w: [w.other_carrier.name], NOBODY),),
            ),
            Case(
                "另一载体评价结果",
                "GET",
                lambda w: _unit(w, w.other_carrier),
                RUN_READ | {"liaison_other", "op_other"},
                prepare=evaluation_world,
                hidden=((lambda w: [w.carrier.name], NOBODY),),
            ),
            Case(
                "草稿评价的本载体结果",
                "GET",
                lambda w: _unit(w, w.carrier, draft=True),
                RUN_READ,
                prepare=evaluation_world,
            ),
        ],
        "evaluation:scheme_list": [
            Case(
                "评价方案列表",
                "GET",
                lambda w: f"{EV}/schemes/",
                HAS_AREA,
                prepare=evaluation_world,
                hidden=((_eval_names, RUN_READ),),
            )
        ],
        "evaluation:scheme_import": [
            Case(
                "导入评价方案",
                "POST",
                lambda w: f"{EV}/schemes/import/",
                REVIEW,
                body=scheme_file,
                effect=True,
                prepare=evaluation_world,
            )
        ],
        "evaluation:scheme_detail": [
            Case(
                "评价方案",
                "GET",
                lambda w: f"{EV}/schemes/{w.eval_scheme.pk}/",
                RUN_READ,
                prepare=evaluation_world,
            )
        ],
        "evaluation:scheme_export": [
            Case(
                "导出评价方案",
                "GET",
                lambda w: f"{EV}/schemes/{w.eval_scheme.pk}/export/",
                RUN_READ,
                prepare=evaluation_world,
            )
        ],
        "evaluation:scheme_edit": [
            Case(
                "修改评价方案页",
                "GET",
                lambda w: f"{EV}/schemes/{w.eval_scheme.pk}/edit/",
                REVIEW,
                prepare=evaluation_world,
            ),
            Case(
                "保存评价方案新版本",
                "POST",
                lambda w: f"{EV}/schemes/{w.eval_scheme.pk}/edit/",
                REVIEW,
                body=lambda w: {"action": "save", "pw0": "1", "iw0_0": "1", "cut0": "90", "cut1": "60"},
                effect=True,
                prepare=evaluation_world,
            ),
        ],
        "evaluation:scheme_run": [
            Case(
                "按方案评价",
                "POST",
                lambda w: f"{EV}/schemes/{w.eval_scheme.pk}/run/",
                REVIEW,
                body=lambda w: {"year": "2025"},
                effect=True,
                prepare=evaluation_world,
            )
        ],
        "evaluation:entries": [
            Case(
                "录入值",
                "GET",
                lambda w: f"{EV}/schemes/{w.eval_scheme.pk}/entries/?year=2025",
                RUN_READ,
                prepare=evaluation_world,
            ),
            Case(
                "保存录入值",
                "POST",
                lambda w: f"{EV}/schemes/{w.eval_scheme.pk}/entries/",
                REVIEW,
                body=lambda w: {
                    "year": "2025",
                    "unit": f"carrier:{w.carrier.pk}",
                    "code": "false_report",
                    "value": "1",
                    "evidence_note": "统计局通报",
                    "evidence": SimpleUploadedFile("通报.pdf", sample_files.pdf()),
                },
                effect=True,
                prepare=evaluation_world,
            ),
        ],
        "evaluation:evidence_download": [
            Case(
                "依据文件下载",
                "GET",
                lambda w: f"{EV}/evidence/{w.eval_evidence.pk}/",
                RUN_READ,
                prepare=evaluation_world,
            )
        ],
    }
)


def _evaluation_api(w: SimpleNamespace, path: str) -> str:
    return f"{A}/evaluation{path}"


API.update(
    {
        "GET /api/evaluation/runs": [
            Case(
                "接口评价列表",
                "GET",
                lambda w: _evaluation_api(w, "/runs"),
                LOGIN,
                json=True,
                prepare=evaluation_world,
            )
        ],
        "GET /api/evaluation/runs/{pk}": [
            Case(
                "接口评价详情",
                "GET",
                lambda w: _evaluation_api(w, f"/runs/{w.eval_run.pk}"),
                RUN_READ,
                json=True,
                prepare=evaluation_world,
            )
        ],
        "GET /api/evaluation/runs/{pk}/results": [
            Case(
                "接口评价排名",
                "GET",
                lambda w: _evaluation_api(w, f"/runs/{w.eval_run.pk}/results"),
                RUN_READ,
                json=True,
                prepare=evaluation_world,
            )
        ],
        "GET /api/evaluation/runs/{pk}/units/{kind}/{unit_id}": [
            Case(
                "接口本载体评价结果",
                "GET",
                lambda w: _evaluation_api(w, f"/runs/{w.eval_confirmed.pk}/units/carrier/{w.carrier.pk}"),
                CARRIER_READ,
                json=True,
                hidden=((lambda w: [w.other_carrier.name], NOBODY),),
                prepare=evaluation_world,
            ),
            Case(
                "接口草稿评价的本载体结果",
                "GET",
                lambda w: _evaluation_api(w, f"/runs/{w.eval_run.pk}/units/carrier/{w.carrier.pk}"),
                RUN_READ,
                json=True,
                prepare=evaluation_world,
            ),
        ],
    }
)
