"""The evaluation result notice (评价结果通知) of a confirmed run: ranking, ratings and subsidies.

Built from the run's effective results (accepted appeals applied, each such unit marked
经申诉调整) and, when the district has approved one, the latest approved payment list. A draft
run has no notice: its results are not final.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

from django.utils import timezone

from kechuang.evaluation.appeals import effective_results, rating_labels
from kechuang.evaluation.models import EvaluationRun, RunStatus
from kechuang.evaluation.subsidies import latest_approved, wan
from kechuang.reports.document import Column, Document, Heading, Paragraph, Table
from kechuang.reports.kinds import ReportKind, ReportParam, ReportRefused, register
from kechuang.reports.shared import SheetNames, require_area_reader


def get_run(run_id: int | str) -> EvaluationRun:
    text = str(run_id or "").strip()
    if not text.isdigit():
        raise ReportRefused(f"评价编号“{run_id}”无效，应为数字")
    run = EvaluationRun.objects.select_related("area", "scheme").filter(pk=int(text)).first()
    if run is None:
        raise ReportRefused(f"编号为 {text} 的评价不存在")
    return run


def build_notice(
    run_id: int | str, *, user: object | None, public: bool = False, today: dt.date | None = None
) -> Document:
    """The notice of a confirmed run; ``ReportRefused`` for a draft, ``PermissionDenied`` outside the user's areas."""
    run = get_run(run_id)
    require_area_reader(user, run.area)
    if run.status != RunStatus.CONFIRMED:
        raise ReportRefused("该次评价尚未确认，不能出具评价结果通知")
    today = today or timezone.localdate()
    results = effective_results(run)
    sheet = SheetNames()
    doc = Document(
        title=f"{run.area.name}{run.year}年度{run.scheme.name}结果通知",
        subtitle=f"{run.scheme.name}（第 {run.scheme.version} 版）",
        issuer=f"{run.area.name}科技主管部门",
        as_of=today,
        source=f"{run.scheme.name}（第 {run.scheme.version} 版）{run.year}年评价，"
        f"{run.confirmed_at:%Y年%m月%d日}确认；申诉调整与补助支付清单",
        kind="evaluation_notice",
    )
    adjusted = [r for r in results if r.get("adjusted")]
    doc.blocks.append(
        Paragraph(
            f"根据{run.scheme.name}，{run.area.name}对{len(results)}个参评单位开展了{run.year}年度评价，"
            f"现将评价结果通知如下。"
            + (f"其中{len(adjusted)}个单位的结果经申诉调整，已在表中注明。" if adjusted else "")
        )
    )
    doc.blocks.append(Heading("一、评价结果与排名"))
    doc.blocks.append(
        Table(
            title="评价结果与排名",
            sheet=sheet("评价结果与排名"),
            columns=[
                Column("名次", numeric=True),
                Column("参评单位"),
                Column("得分", numeric=True, digits=2),
                Column("评级"),
                Column("备注"),
            ],
            rows=[
                [r.get("rank"), r["name"], r.get("score"), r.get("rating") or "—", r.get("note") or ""]
                for r in results
            ],
        )
    )
    counts = Counter(r.get("rating") or "" for r in results)
    labels = [x for x in rating_labels(run) if counts.get(x)] + sorted(
        x for x in counts if x and x not in rating_labels(run)
    )
    if labels:
        doc.blocks.append(Heading("二、评级分布"))
        doc.blocks.append(
            Table(
                title="评级分布",
                sheet=sheet("评级分布"),
                columns=[Column("评级"), Column("单位数", "个", numeric=True), Column("参评单位")],
                rows=[
                    [x, counts[x], "、".join(r["name"] for r in results if r.get("rating") == x)]
                    for x in labels
                ],
            )
        )
    doc.blocks.append(Heading("三、补助"))
    payment_list = latest_approved(run)
    if payment_list is None:
        doc.blocks.append(Paragraph("补助支付清单尚未审批，审批后另行通知。", "note"))
        return doc
    lines = list(payment_list.lines.all())
    doc.blocks.append(
        Paragraph(
            f"按{payment_list.area.name}{payment_list.year}年补助规则，经审批的支付清单"
            f"（第 {payment_list.version} 版）合计 {wan(payment_list.total)} 万元。"
            + (payment_list.note and f"{payment_list.note}。")
        )
    )
    doc.blocks.append(
        Table(
            title="补助金额",
            sheet=sheet("补助金额"),
            columns=[
                Column("载体"),
                Column("评级"),
                Column("应拨付金额", "万元", numeric=True),
                Column("依据"),
            ],
            rows=[[x.name, x.rating or "—", Decimal(wan(x.amount)), "；".join(x.basis)] for x in lines]
            + [["合计", "", Decimal(wan(payment_list.total)), ""]],
        )
    )
    return doc


NOTICE = register(
    ReportKind(
        code="evaluation_notice",
        label="评价结果通知",
        build=build_notice,
        params=(ReportParam("run_id", "RUN_ID", "评价编号", kind="int", positional=True),),
    )
)
