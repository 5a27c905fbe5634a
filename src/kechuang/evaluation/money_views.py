"""Subsidy pages: a district's rules for a year, a run's payment lists (compute, view, approve, export).

Thin: the rules are in ``subsidies``; here requests are read and pages drawn.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kechuang.common.exports import Column, table_response
from kechuang.evaluation import subsidies
from kechuang.evaluation.appeals import can_decide
from kechuang.evaluation.forms import SubsidyRulesForm
from kechuang.evaluation.subsidies import SubsidyRulesError, wan
from kechuang.tenancy.domain.audit import RuleError


@login_required
@require_http_methods(["GET", "POST"])
def subsidy_rules(request: HttpRequest, district_id: int, year: int) -> HttpResponse:
    """The district administrator sets the year's amounts, caps, matching ratio and one-off awards."""
    district = subsidies.get_district_for_rules(request.user, district_id)
    rules = subsidies.rules_for(district, year)
    status = 200
    if request.method == "POST":
        form = SubsidyRulesForm(request.POST)
        if form.is_valid():
            try:
                _rules, changed = subsidies.save_rules(
                    district, year, form.cleaned_data, acting_user=request.user
                )
            except SubsidyRulesError as exc:
                for name, problems in exc.errors.items():
                    for problem in problems:
                        form.add_error(name if name in form.fields else None, problem)
            else:
                messages.success(request, "补助规则已保存，并记入变更记录" if changed else "补助规则没有变化")
                return redirect("evaluation:subsidy_rules", district_id=district.pk, year=year)
        status = 400
    else:
        form = SubsidyRulesForm(initial=subsidies.rules_form_values(rules))
    return render(
        request,
        "evaluation/subsidy_rules.html",
        {"district": district, "year": year, "rules": rules, "form": form, "years": [year - 1, year + 1]},
        status=status,
    )


@login_required
@require_GET
def run_payments(request: HttpRequest, pk: int) -> HttpResponse:
    """A run's payment list versions, newest first; the district computes a new version here."""
    run = subsidies.get_run_for_payments(request.user, pk)
    district = subsidies.district_of(run)
    return render(
        request,
        "evaluation/run_payments.html",
        {
            "run": run,
            "district": district,
            "lists": list(run.payment_lists.order_by("-version")),
            "can_decide": can_decide(request.user, run),
            "rules": subsidies.rules_for(district, run.year),
        },
    )


@login_required
@require_POST
def compute_payments(request: HttpRequest, pk: int) -> HttpResponse:
    run = subsidies.get_run_for_payments(request.user, pk)
    if not can_decide(request.user, run):
        raise PermissionDenied("只有区科委（本区管理员）可以计算支付清单")
    try:
        payment_list = subsidies.compute_payment_list(run, acting_user=request.user)
    except RuleError as exc:
        messages.error(request, f"未计算：{exc}")
        return redirect("evaluation:run_payments", pk=run.pk)
    messages.success(request, f"已生成第 {payment_list.version} 版支付清单（草稿），请核对后审批")
    return redirect("evaluation:payment_list", pk=payment_list.pk)


@login_required
@require_GET
def payment_list(request: HttpRequest, pk: int) -> HttpResponse:
    pl = subsidies.get_payment_list_for_user(request.user, pk)
    lines = list(pl.lines.all())
    latest = pl.run.payment_lists.order_by("-version").values_list("version", flat=True).first()
    return render(
        request,
        "evaluation/payment_list.html",
        {
            "pl": pl,
            "run": pl.run,
            "lines": lines,
            "total": wan(pl.total),
            "total_before_cap": wan(pl.total_before_cap),
            "can_approve": can_decide(request.user, pl.run) and not pl.approved and pl.version == latest,
            "latest": latest,
        },
    )


@login_required
@require_POST
def approve_payments(request: HttpRequest, pk: int) -> HttpResponse:
    pl = subsidies.get_payment_list_for_user(request.user, pk)
    if not can_decide(request.user, pl.run):
        raise PermissionDenied("只有区科委（本区管理员）可以审批支付清单")
    try:
        subsidies.approve_payment_list(pl, acting_user=request.user)
    except RuleError as exc:
        messages.error(request, f"未审批：{exc}")
    else:
        messages.success(request, f"第 {pl.version} 版支付清单已审批，不能再修改")
    return redirect("evaluation:payment_list", pk=pl.pk)


PAYMENT_COLUMNS = [
    Column("序号"),
    Column("载体"),
    Column("类型"),
    Column("级别"),
    Column("评级"),
    Column("评级补助", "万元"),
    Column("区级配套", "万元"),
    Column("一次性奖励", "万元"),
    Column("上限核减", "万元"),
    Column("总额缩减", "万元"),
    Column("应拨付金额", "万元"),
    Column("依据"),
]


def payment_rows(pl: object) -> list[list[object]]:
    """The list's lines as the workbook has them, with a 合计 row at the end."""
    rows: list[list[object]] = []
    sums = [0, 0, 0, 0, 0, 0]
    for line in pl.lines.all():
        amounts = [
            line.rating_amount,
            line.matching_amount,
            line.award_amount,
            line.cap_cut,
            line.scale_cut,
            line.amount,
        ]
        sums = [a + b for a, b in zip(sums, amounts, strict=True)]
        rating = line.rating + ("（经申诉调整）" if line.adjusted else "")
        rows.append(
            [
                line.position,
                line.name,
                line.kind_label,
                line.level_label,
                rating,
                *amounts,
                "；".join(line.basis),
            ]
        )
    rows.append(["合计", "", "", "", "", *sums, pl.note])
    return rows


@login_required
@require_GET
def export_payments(request: HttpRequest, pk: int) -> HttpResponse:
    """The list as an Excel workbook (Chinese headers, amounts as numbers, one row per carrier)."""
    pl = subsidies.get_payment_list_for_user(request.user, pk)
    title = f"{pl.area.name}{pl.year}年补助支付清单第{pl.version}版"
    filters = [
        ("评价", f"{pl.run.scheme.name}（{pl.year}年）"),
        ("状态", pl.get_status_display()),
        ("审批时间", f"{timezone.localtime(pl.approved_at):%Y-%m-%d %H:%M}" if pl.approved_at else ""),
    ]
    return table_response(request, title, PAYMENT_COLUMNS, payment_rows(pl), "xlsx", filters=filters)
