"""Plan pages: thin translations from requests to queries and templates."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from kechuang.plans import queries


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return redirect("plans:list")


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = queries.plans_for_user(request.user)
    return render(request, "plans/plan_list.html", {"plans": plans})


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(queries.plans_for_user(request.user), pk=pk)
    groups, series = queries.plan_indicator_groups(plan)
    return render(
        request,
        "plans/plan_detail.html",
        {"plan": plan, "groups": groups, "series": series, "tasks": queries.plan_tasks(plan)},
    )
