"""District administrators' area pages: the areas they administer (/areas/) and one area's
boundary changes (/areas/<pk>/changes/): its history and a form to record a change.

The views translate: the rules are ``domain.area_changes``; the scope is the one of the
area import (a district administrator's district and what lies below it, superusers all).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from kechuang.common.forms import ChineseForm
from kechuang.tenancy.account_views import _administrator
from kechuang.tenancy.domain.area_changes import (
    AreaChangeRefused,
    merge_areas,
    move_area,
    names_by_date,
    rename_area,
)
from kechuang.tenancy.models import Area, AreaChangeKind, AreaKind

AREAS_PER_PAGE = 50


class AreaChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Area) -> str:
        return f"{obj.name}（{obj.code}，{obj.get_kind_display()}）"


class AreaChangeForm(ChineseForm):
    kind = forms.ChoiceField(label="调整类型", choices=AreaChangeKind.choices)
    effective_on = forms.DateField(label="生效日期", widget=forms.DateInput(attrs={"type": "date"}))
    new_name = forms.CharField(label="新名称（改名时填写）", required=False, max_length=100)
    target = AreaChoice(
        label="并入地区或新上级（合并、改属时选择）", queryset=Area.objects.none(), required=False
    )
    note = forms.CharField(
        label="说明（如批复文号）", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: object, area: Area, allowed: set[int] | None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        targets = Area.objects.in_use().exclude(pk=area.pk)
        if allowed is not None:
            targets = targets.filter(pk__in=allowed)
        self.fields["target"].queryset = targets.order_by("code")
        self.fields["target"].empty_label = "（不选）"

    def clean(self) -> dict:
        data = super().clean()
        kind = data.get("kind")
        if kind == AreaChangeKind.RENAME and not (data.get("new_name") or "").strip():
            self.add_error("new_name", "改名时请填写新名称")
        if kind in (AreaChangeKind.MERGE, AreaChangeKind.MOVE) and not data.get("target"):
            self.add_error("target", "合并时请选择并入的地区，改属时请选择新上级")
        return data


def _scoped_area(request: HttpRequest, pk: int) -> tuple[Area, set[int] | None]:
    allowed = _administrator(request)
    area = Area.objects.select_related("parent").filter(pk=pk).first()
    if area is None or (allowed is not None and area.pk not in allowed):
        raise Http404("没有这个地区，或它不在您管理的范围内")
    return area, allowed


@login_required
def area_list(request: HttpRequest) -> HttpResponse:
    """The areas a district administrator may change, merged ones marked, each with its history."""
    allowed = _administrator(request)
    areas = Area.objects.select_related("parent").order_by("code")
    if allowed is not None:
        areas = areas.filter(pk__in=allowed)
    # A province's tree is thousands of areas: found by name or code and kind, a page at a time.
    q, kind = request.GET.get("q", "").strip(), request.GET.get("kind", "")
    if q:
        areas = areas.filter(Q(name__icontains=q) | Q(code__startswith=q))
    if kind in AreaKind.values:
        areas = areas.filter(kind=kind)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": Paginator(areas, AREAS_PER_PAGE).get_page(request.GET.get("page")),
        "q": q,
        "kind": kind,
        "kinds": AreaKind.choices,
        "filtered": bool(q or kind in AreaKind.values),
        "query": query.urlencode(),
    }
    return render(request, "tenancy/areas.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def area_changes(request: HttpRequest, pk: int) -> HttpResponse:
    """One area's boundary changes and names over time; a form records a new change."""
    area, allowed = _scoped_area(request, pk)
    form = AreaChangeForm(request.POST or None, area=area, allowed=allowed)
    error = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        common = {"acting_user": request.user, "note": data["note"], "allowed_area_ids": allowed}
        try:
            if data["kind"] == AreaChangeKind.RENAME:
                change = rename_area(area, data["new_name"], data["effective_on"], **common)
            elif data["kind"] == AreaChangeKind.MERGE:
                change = merge_areas(area, data["target"], data["effective_on"], **common)
            else:
                change = move_area(area, data["target"], data["effective_on"], **common)
        except AreaChangeRefused as exc:
            error = str(exc)
        else:
            when = "已生效" if change.applied_at else "将于生效日期由定时任务执行"
            messages.success(request, f"已登记{change.get_kind_display()}，{when}")
            return redirect("tenancy:area_changes", pk=area.pk)
    changes = area.changes.select_related("old_parent", "new_parent", "merged_into", "recorded_by")
    context = {
        "area": area,
        "form": form,
        "error": error,
        "changes": changes,
        "periods": names_by_date(area),
        "can_change": area.ended_on is None,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "tenancy/area_changes.html", context, status=status)
