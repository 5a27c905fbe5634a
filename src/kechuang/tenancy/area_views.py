"""District administrators' area pages: the areas they administer (/areas/) and one area's
boundary changes (/areas/<pk>/changes/): its history and a form to record a change.

The views translate: the rules are ``domain.area_changes``; the scope is the one of the
area import (a district administrator's district and what lies below it, superusers all).
"""

from __future__ import annotations

from collections import Counter

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
from kechuang.tenancy.domain import AreaAmbiguous, AreaNotFound, find_area
from kechuang.tenancy.domain.area_changes import (
    AreaChangeRefused,
    merge_areas,
    move_area,
    names_by_date,
    rename_area,
)
from kechuang.tenancy.models import Area, AreaChangeKind, AreaKind

AREAS_PER_PAGE = 50


# Up to this many areas may be merged into or moved under, the field suggests them all as one
# types; beyond (a superuser's nation, a province) it is found by name or code as typed.
SUGGESTED_TARGETS = 300


class AreaChangeForm(ChineseForm):
    kind = forms.ChoiceField(label="调整类型", choices=AreaChangeKind.choices)
    effective_on = forms.DateField(label="生效日期", widget=forms.DateInput(attrs={"type": "date"}))
    new_name = forms.CharField(label="新名称（改名时填写）", required=False, max_length=100)
    target = forms.CharField(
        label="并入地区或新上级（合并、改属时填写名称或代码）", required=False, max_length=100
    )
    note = forms.CharField(
        label="说明（如批复文号）", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: object, area: Area, allowed: set[int] | None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        targets = Area.objects.in_use().exclude(pk=area.pk)
        if allowed is not None:
            targets = targets.filter(pk__in=allowed)
        self._targets = targets
        few = list(targets.order_by("code").values_list("name", "code", "kind")[: SUGGESTED_TARGETS + 1])
        self.suggestions: list[tuple[str, str]] = []
        if len(few) <= SUGGESTED_TARGETS:
            names = Counter(name for name, _, _ in few)
            kinds = dict(AreaKind.choices)
            # A name two areas share is suggested as its code (the name alone would be refused).
            self.suggestions = [
                (name if names[name] == 1 else code, f"{kinds.get(kind, kind)} {code}")
                for name, code, kind in few
            ]
            self.fields["target"].widget.attrs["list"] = "area-targets"

    def clean_target(self) -> Area | None:
        """The area named by its code or name (`find_area`) among those it may be."""
        text = (self.cleaned_data.get("target") or "").strip()
        if not text:
            return None
        try:
            return find_area(text, among=self._targets)
        except AreaAmbiguous as exc:
            listed = "、".join(
                f"{a.code}（{a.parent.name if a.parent else '无上级'}）" for a in exc.areas[:5]
            )
            raise forms.ValidationError(f"有多个名为“{text}”的地区，请填写代码：{listed}") from None
        except AreaNotFound:
            raise forms.ValidationError(
                f"没有找到名称或代码为“{text}”的地区（须在您管理的范围内且未撤并）"
            ) from None

    def clean(self) -> dict:
        data = super().clean()
        kind = data.get("kind")
        if kind == AreaChangeKind.RENAME and not (data.get("new_name") or "").strip():
            self.add_error("new_name", "改名时请填写新名称")
        needs_target = kind in (AreaChangeKind.MERGE, AreaChangeKind.MOVE)
        if needs_target and not data.get("target") and "target" not in self.errors:  # one message
            self.add_error("target", "合并时请填写并入的地区，改属时请填写新上级")
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
