"""Evaluation pages: schemes (read, import, export, edit with preview, run), runs (ranking, charts,
confirm, compare), one unit's result, and the values an evaluator enters with evidence.

Thin: access.py decides who sees what, domain.py / runs.py / entries.py do the work.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kechuang.common.attachments import ACCEPT, AttachmentRefused, serve_stored
from kechuang.common.untrusted import LimitExceeded
from kechuang.common.users import display_name
from kechuang.evaluation import access, appeals, presenting, subsidies
from kechuang.evaluation.collect import CollectError, entered_items, scheme_units
from kechuang.evaluation.domain import RuleError, compare_runs, confirm_run, export_scheme, import_scheme
from kechuang.evaluation.entries import save_entered_value
from kechuang.evaluation.index import SchemeError
from kechuang.evaluation.models import AppealStatus, EnteredValue, EvaluationRun, EvidenceFile, RunStatus
from kechuang.evaluation.runs import edited_definition, preview, run_for_year
from kechuang.evaluation.scheme_files import MAX_SCHEME_BYTES, SchemeFileError, read_scheme_file
from kechuang.evaluation.units import UNIT_KINDS, unit_key
from kechuang.tenancy.access import area_roles

RECENT_RUNS = 200


def _last_year() -> int:
    return timezone.localdate().year - 1


def _year(raw: str | None, default: int) -> int:
    try:
        year = int(raw or default)
    except (TypeError, ValueError):
        return default
    return year if 1990 <= year <= 2100 else default


def _require_area_role(user: object) -> None:
    if not (getattr(user, "is_superuser", False) or area_roles(user)):
        raise PermissionDenied("评价方案只对区、镇（园区）的管理员、联络员和只读用户开放")


# --- schemes ----------------------------------------------------------------------------------------


@login_required
@require_GET
def scheme_list(request: HttpRequest) -> HttpResponse:
    _require_area_role(request.user)
    schemes = access.visible_schemes(request.user).order_by("area__code", "name", "-version")
    latest: dict[tuple[int, str], object] = {}
    for s in schemes:
        latest.setdefault((s.area_id, s.name), s)
    districts = list(access.administered_districts(request.user))
    return render(
        request,
        "evaluation/scheme_list.html",
        {"schemes": list(latest.values()), "districts": districts, "accept": ".json"},
    )


@login_required
@require_GET
def scheme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = access.get_scheme_for_user(request.user, pk)
    versions = scheme.area.evaluation_schemes.filter(name=scheme.name).order_by("-version")
    runs = access.visible_runs(request.user).filter(scheme__area=scheme.area, scheme__name=scheme.name)[:20]
    return render(
        request,
        "evaluation/scheme_detail.html",
        {
            "scheme": scheme,
            "view": presenting.scheme_view(scheme),
            "versions": versions,
            "runs": runs,
            "can_admin": access.can_administer(request.user, scheme.area),
            "default_year": _last_year(),
            "has_entries": bool(entered_items(scheme)),
        },
    )


@login_required
@require_GET
def scheme_export(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = access.get_scheme_for_user(request.user, pk)
    body = json.dumps(export_scheme(scheme), ensure_ascii=False, indent=2)
    response = HttpResponse(body.encode("utf-8"), content_type="application/json; charset=utf-8")
    name = f"{scheme.name}（第{scheme.version}版）.json"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    return response


@login_required
@require_POST
def scheme_import(request: HttpRequest) -> HttpResponse:
    """Upload a scheme JSON: read in the limited child, validated, saved as the next version or refused whole."""
    districts = list(access.administered_districts(request.user))
    if not districts:
        raise PermissionDenied(access.ADMIN_ONLY)
    area = next((d for d in districts if str(d.pk) == request.POST.get("area", "")), None)
    if area is None:
        if request.POST.get("area") or len(districts) != 1:
            raise PermissionDenied("请选择您管理的区县")
        area = districts[0]
    errors: list[str] = []
    upload = request.FILES.get("file")
    if upload is None:
        errors = ["请选择方案文件（.json）"]
    else:
        data = upload.read(MAX_SCHEME_BYTES + 1)
        try:
            raw = read_scheme_file(data)
            scheme = import_scheme(raw, area=area, acting_user=request.user)
        except SchemeError as exc:
            errors = [presenting.chinese_error(e) for e in exc.errors]
        except (SchemeFileError, LimitExceeded) as exc:
            errors = [str(exc)]
        else:
            messages.success(request, f"已导入：{scheme}")
            return redirect("evaluation:scheme_detail", scheme.pk)
    schemes = access.visible_schemes(request.user).order_by("area__code", "name", "-version")
    latest: dict[tuple[int, str], object] = {}
    for s in schemes:
        latest.setdefault((s.area_id, s.name), s)
    return render(
        request,
        "evaluation/scheme_list.html",
        {
            "schemes": list(latest.values()),
            "districts": districts,
            "import_errors": errors,
            "accept": ".json",
        },
        status=400,
    )


def _float(raw: str | None, label: str, errors: list[str]) -> float | None:
    try:
        value = float((raw or "").strip())
    except ValueError:
        errors.append(f"{label}：应为数字，实为“{(raw or '').strip()}”")
        return None
    if value != value or value in (float("inf"), float("-inf")):
        errors.append(f"{label}：应为数字")
        return None
    return value


@login_required
@require_http_methods(["GET", "POST"])
def scheme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Weights and cut-offs: validated, previewed on last year's data, saved as a new version."""
    scheme = access.get_scheme_for_user(request.user, pk, write=True)
    definition = scheme.definition
    year = _year(request.POST.get("year") or request.GET.get("year"), _last_year())
    errors: list[str] = []
    preview_rows = None
    preview_note = ""
    form_pillars = []
    if request.method == "POST":
        pw, iw, cuts = [], [], []
        for p, pillar in enumerate(definition.get("pillars", [])):
            pw.append(_float(request.POST.get(f"pw{p}"), f"{pillar['name']} › 权重", errors))
            iw.append(
                [
                    _float(
                        request.POST.get(f"iw{p}_{i}"), f"{pillar['name']} › {ind.get('name')} › 权重", errors
                    )
                    for i, ind in enumerate(pillar.get("indicators", []))
                ]
            )
        for k, cut in enumerate((definition.get("ratings") or {}).get("cutoffs", [])):
            cuts.append(_float(request.POST.get(f"cut{k}"), f"“{cut.get('label')}”分数线", errors))
        new = edited_definition(scheme, pw, iw, cuts) if not errors else definition
        if not errors:
            try:
                from kechuang.evaluation.index import parse_scheme

                parse_scheme(new)
            except SchemeError as exc:
                errors = [presenting.chinese_error(e) for e in exc.errors]
        if not errors and request.POST.get("action") == "save":
            saved = import_scheme(new, area=scheme.area, acting_user=request.user)
            if saved.pk == scheme.pk:
                messages.info(request, "权重和分数线没有变化，未保存新版本")
            else:
                messages.success(request, f"已保存为第 {saved.version} 版")
            return redirect("evaluation:scheme_detail", saved.pk)
        if not errors:
            try:
                results, units = preview(new, scheme, year)
            except CollectError as exc:
                preview_note = str(exc)
            else:
                names = {k: v["name"] for k, v in units.items()}
                preview_rows = [{**r.to_dict(), "name": names.get(r.unit, r.unit)} for r in results]
        definition = new
    for p, pillar in enumerate(definition.get("pillars", [])):
        form_pillars.append(
            {
                "index": p,
                "name": pillar["name"],
                "weight": request.POST.get(f"pw{p}", pillar.get("weight", 1)),
                "indicators": [
                    {
                        "index": i,
                        "name": ind.get("name"),
                        "weight": request.POST.get(f"iw{p}_{i}", ind.get("weight", 1)),
                    }
                    for i, ind in enumerate(pillar.get("indicators", []))
                ],
            }
        )
    cutoffs = [
        {"index": k, "label": c.get("label"), "min_score": request.POST.get(f"cut{k}", c.get("min_score"))}
        for k, c in enumerate((definition.get("ratings") or {}).get("cutoffs", []))
    ]
    return render(
        request,
        "evaluation/scheme_edit.html",
        {
            "scheme": scheme,
            "pillars": form_pillars,
            "cutoffs": cutoffs,
            "errors": errors,
            "year": year,
            "preview_rows": preview_rows,
            "preview_note": preview_note,
            "pillar_names": [p["name"] for p in definition.get("pillars", [])],
        },
        status=400 if errors else 200,
    )


@login_required
@require_POST
def scheme_run(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = access.get_scheme_for_user(request.user, pk, write=True)
    year = _year(request.POST.get("year"), 0)
    if not year:
        messages.error(request, "请填写评价年度（如 2025）")
        return redirect("evaluation:scheme_detail", scheme.pk)
    try:
        run = run_for_year(scheme, year, acting_user=request.user)
    except (CollectError, RuleError) as exc:
        messages.error(request, f"未能评价：{exc}")
        return redirect("evaluation:scheme_detail", scheme.pk)
    messages.success(request, f"已完成 {year} 年评价（草稿），请核对后确认")
    return redirect("evaluation:run_detail", run.pk)


# --- entered values -----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def entries(request: HttpRequest, pk: int) -> HttpResponse:
    """Values the evaluator enters for a scheme and year (safety incidents, land, energy …), with evidence."""
    scheme = access.get_scheme_for_user(request.user, pk)
    can_admin = access.can_administer(request.user, scheme.area)
    year = _year(request.POST.get("year") or request.GET.get("year"), _last_year())
    items = entered_items(scheme)
    units = scheme_units(scheme, scheme.area, year)
    errors: list[str] = []
    if request.method == "POST":
        if not can_admin:
            raise PermissionDenied(access.ADMIN_ONLY)
        key = request.POST.get("unit", "")
        code = request.POST.get("code", "")
        if key not in units:
            errors.append("参评单位：请从列表中选择")
        if code not in dict(items):
            errors.append("指标：请从列表中选择")
        value = _float(request.POST.get("value"), "数值", errors)
        if not errors:
            try:
                save_entered_value(
                    scheme,
                    year=year,
                    unit_key=key,
                    unit_name=units[key]["name"],
                    code=code,
                    value=value,
                    evidence_note=request.POST.get("evidence_note", ""),
                    upload=request.FILES.get("evidence"),
                    acting_user=request.user,
                )
            except (RuleError, AttachmentRefused) as exc:
                errors.append(str(exc))
            else:
                messages.success(request, "已保存录入值")
                return redirect(f"{reverse('evaluation:entries', args=[scheme.pk])}?year={year}")
    names = dict(items)
    rows = (
        EnteredValue.objects.filter(area=scheme.area, scheme_name=scheme.name, year=year)
        .prefetch_related("evidence_files")
        .order_by("unit_key", "code")
    )
    return render(
        request,
        "evaluation/entries.html",
        {
            "scheme": scheme,
            "year": year,
            "items": items,
            "units": units,
            "rows": [
                (r, names.get(r.code, r.code), display_name(r.entered_by) if r.entered_by else "")
                for r in rows
                if r.unit_key in units
            ],
            "can_admin": can_admin,
            "errors": errors,
            "accept": ACCEPT,
        },
        status=400 if errors else 200,
    )


@login_required
@require_GET
def evidence_download(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = EvidenceFile.objects.select_related("entered_value__area").filter(pk=pk).first()
    if (
        evidence is None
        or not access.visible_schemes(request.user)
        .filter(area=evidence.entered_value.area, name=evidence.entered_value.scheme_name)
        .exists()
    ):
        raise Http404("依据文件不存在或无权访问")
    return serve_stored(
        stored_name=evidence.stored_name, original_name=evidence.original_name, kind=evidence.kind
    )


# --- runs --------------------------------------------------------------------------------------------


@login_required
@require_GET
def run_list(request: HttpRequest) -> HttpResponse:
    """Runs whose ranking the user may read; for others, the results of their own units one by one."""
    runs = list(access.visible_runs(request.user).order_by("-year", "-created_at", "-pk")[:RECENT_RUNS])
    seen = {r.pk for r in runs}
    others = EvaluationRun.objects.select_related("scheme", "area").exclude(pk__in=seen)
    own = access.own_units(request.user, others.order_by("-year", "-created_at", "-pk")[:RECENT_RUNS])
    own_rows = []
    for run, key in own:
        kind, _, unit_id = key.partition(":")
        own_rows.append({"run": run, "name": run.units[key]["name"], "kind": kind, "unit_id": unit_id})
    return render(
        request,
        "evaluation/run_list.html",
        {
            "runs": runs,
            "own_rows": own_rows,
            "sees_schemes": request.user.is_superuser or bool(area_roles(request.user)),
        },
    )


@login_required
@require_GET
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = access.get_run_for_user(request.user, pk)
    rows = presenting.result_rows(run)
    pillars = presenting.pillar_names(run)
    scored = [r for r in rows if not r["excluded"]]
    radar = presenting.radar_option(
        pillars,
        [(r["name"], [r["pillars"].get(p) for p in pillars]) for r in scored[:10]],
        "各维度得分（前 10 名）",
    )
    return render(
        request,
        "evaluation/run_detail.html",
        {
            "run": run,
            "rows": rows,
            "pillars": pillars,
            "radar": radar,
            "intervals": presenting.interval_option(rows),
            "interval_height": 90 + 28 * min(len(rows), 40),
            "can_admin": access.can_administer(request.user, run.area),
            "can_decide": appeals.can_decide(request.user, run),
            "sees_payments": subsidies.can_see_payments(request.user, run),
            "pending_appeals": run.appeals.filter(status=AppealStatus.PENDING).count() if run.frozen else 0,
            "may_change": [r for r in rows if r["may_change"]],
            "draws": run.options.get("draws", 0),
            "share": run.options.get("share", 0.25) * 100,
        },
    )


@login_required
@require_POST
def run_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    run = access.get_run_for_user(request.user, pk, write=True)
    try:
        confirm_run(run, acting_user=request.user)
    except RuleError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已确认：本次评价已冻结，之后的数据更正不再改变它")
    return redirect("evaluation:run_detail", run.pk)


@login_required
@require_GET
def run_compare(request: HttpRequest, pk: int) -> HttpResponse:
    run = access.get_run_for_user(request.user, pk)
    other = None
    if request.GET.get("with"):
        try:
            other = access.get_run_for_user(request.user, int(request.GET["with"]))
        except ValueError:
            raise Http404(access.NOT_FOUND_RUN) from None
    elif run.previous_id:
        other = access.visible_runs(request.user).filter(pk=run.previous_id).first()
    rows = []
    if other is not None:
        units = {**other.units, **run.units}
        from kechuang.evaluation.collect import unit_names

        names = unit_names(units.keys(), units)
        for row in compare_runs(other, run):
            rows.append({**row, "name": names.get(row["unit"], row["unit"])})
    choices = access.visible_runs(request.user).filter(area=run.area, year=run.year).exclude(pk=run.pk)
    return render(
        request,
        "evaluation/run_compare.html",
        {"run": run, "other": other, "rows": rows, "choices": choices[:50]},
    )


@login_required
@require_GET
def unit_result(request: HttpRequest, pk: int, kind: str, unit_id: int) -> HttpResponse:
    """One unit's result traced to each indicator; open to its own operator and area officers too."""
    if kind not in UNIT_KINDS:
        raise Http404(access.NOT_FOUND_UNIT)
    key = unit_key(kind, unit_id)
    run = access.get_unit_run_for_user(request.user, pk, key)
    result = appeals.effective_result(run, key) if run.frozen else None
    result = result or next((r for r in run.results if r["unit"] == key), None)
    if result is None:
        raise Http404(access.NOT_FOUND_UNIT)
    pillars = presenting.pillar_names(run)
    name = run.units.get(key, {}).get("name", key)
    radar = presenting.radar_option(
        pillars,
        [(name, [result["pillars"].get(p) for p in pillars]), ("参评单位平均", presenting.pillar_means(run))],
        f"{name}各维度得分",
    )
    rated = sum(1 for r in run.results if r.get("rank") is not None)
    return render(
        request,
        "evaluation/unit_result.html",
        {
            "run": run,
            "result": result,
            "name": name,
            "pillars": [(p, result["pillars"].get(p)) for p in pillars],
            "means": dict(zip(pillars, presenting.pillar_means(run), strict=True)),
            "rows": presenting.explanation_rows(run, result),
            "radar": radar,
            "rated": rated,
            "sens": result.get("sensitivity"),
            "sees_ranking": access.visible_runs(request.user).filter(pk=run.pk).exists(),
            "may_appeal": run.frozen and appeals.speaks_for(request.user, key),
            "own_appeals": list(
                run.appeals.filter(unit=key).order_by("-pk") if appeals.speaks_for(request.user, key) else []
            ),
            "kind_label": UNIT_KINDS[kind],
            "confirmed": run.status == RunStatus.CONFIRMED,
        },
    )
