"""Say why: the method page (internal; the public site renders it too) and the thresholds form for district administrators.

The method page explains in plain Chinese how 时序进度, the statuses, verdicts, forecasts and
the likelihood are computed, with the thresholds in force filled in. District administrators
change those thresholds in a Chinese form (never raw JSON); every change is in the audit trail.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from kechuang.observations.monitor_forms import NUMBER_FIELDS, PERCENT_FIELDS, ThresholdsForm
from kechuang.observations.monitoring import explain, load_thresholds
from kechuang.observations.monitoring.settings import (
    FIELD_LABELS,
    StaleSettings,
    can_edit_thresholds,
    save_thresholds,
    settings_version,
    shown_value,
)
from kechuang.observations.progress import Thresholds
from kechuang.tenancy.models import Membership, Role


def method_context(th: Thresholds, *, public: bool) -> dict[str, Any]:
    s = explain.share
    return {
        "public": public,
        "base_template": "base.html",  # the public site passes its own
        "groups": explain.legend(th),
        "alert_note": explain.alert_note(th),
        "t": {
            "ahead": s(th.ahead),
            "on_track": s(th.on_track),
            "behind": s(th.behind),
            "nearly_met": s(th.nearly_met),
            "warn": s(th.likelihood_warn),
            "red": s(th.likelihood_red),
            "confidence": s(th.confidence),
            "tolerance": s(th.approx_tolerance),
            "min_points": int(th.forecast_min_points),
            "max_points": int(th.forecast_max_points),
            "min_years": f"{th.min_elapsed_years:g}",
        },
        "table": [
            (FIELD_LABELS[key], shown_value(key, getattr(th, key)))
            for key in (*PERCENT_FIELDS, *NUMBER_FIELDS)
        ],
    }


@login_required
def method(request: HttpRequest) -> HttpResponse:
    """How every status on the monitoring pages is reached, with the thresholds in force."""
    context = method_context(load_thresholds(), public=False)
    context["can_edit"] = can_edit_thresholds(request.user)
    return render(request, "monitor/method.html", context)


def _audit_area(user: object) -> object | None:
    """The district the change is filed under, so its administrators see it in their trail."""
    membership = (
        Membership.objects.filter(user=user, role=Role.DISTRICT_ADMIN).select_related("area").first()
        if getattr(user, "is_authenticated", False)
        else None
    )
    return membership.area if membership is not None else None


@login_required
def threshold_settings(request: HttpRequest) -> HttpResponse:
    """The system administrator edits the status thresholds; bad input changes nothing and says why."""
    if not can_edit_thresholds(request.user):
        raise PermissionDenied("评估阈值对平台上所有区生效，仅系统管理员可以修改；如需调整，请联系系统管理员")
    current = load_thresholds()
    status = 200
    if request.method == "POST":
        form = ThresholdsForm(request.POST)
        if form.is_valid():
            try:
                new = form.thresholds(current)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                try:
                    changes = save_thresholds(
                        new,
                        acting_user=request.user,
                        version=form.cleaned_data.get("version") or "",
                        area=_audit_area(request.user),
                    )
                except StaleSettings:
                    latest = ThresholdsForm.initial_from(load_thresholds(), settings_version())
                    form = ThresholdsForm({k: str(v) for k, v in latest.items()})
                    form.is_valid()
                    form.add_error(None, "保存前阈值已被其他管理员修改：下面是最新的阈值，请核对后重新修改。")
                    status = 409
                else:
                    if changes:
                        messages.success(
                            request, f"已保存评估阈值，修改了 {len(changes)} 项，已记入变更记录。"
                        )
                    else:
                        messages.info(request, "阈值没有变化，未保存。")
                    return redirect("monitor:settings")
        if status == 200:
            status = 400
    else:
        form = ThresholdsForm(initial=ThresholdsForm.initial_from(current, settings_version()))
    context = {"form": form, "groups": explain.legend(current)}
    return render(request, "monitor/settings.html", context, status=status)
