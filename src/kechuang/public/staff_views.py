"""公众留言 for staff: the district administrators of a plan's area read and answer them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from kechuang.common.exports import Column, export_format, table_response
from kechuang.public import feedback
from kechuang.public.forms import AnswerForm
from kechuang.public.models import Feedback
from kechuang.tenancy.access import is_district_admin


def _admin_only(request: HttpRequest) -> None:
    if not is_district_admin(request.user):
        raise PermissionDenied("仅区级管理员可查看公众留言")


@login_required
def feedback_list(request: HttpRequest) -> HttpResponse:
    """Messages on the plans of the areas the user administers; ?state=new for those unanswered."""
    _admin_only(request)
    items = feedback.visible_feedback(request.user)
    state = request.GET.get("state", "")
    if state in Feedback.State.values:
        items = items.filter(state=state)
    if fmt := export_format(request):
        columns = [Column(x) for x in ("留言时间", "规划", "留言内容", "状态", "答复", "公开答复")]
        table = [
            [i.created, i.plan.title, i.message, i.get_state_display(), i.answer, i.answer_public]
            for i in items
        ]
        return table_response(request, "公众留言", columns, table, fmt)
    return render(
        request,
        "public/feedback_list.html",
        {"items": items[:500], "state": state, "states": Feedback.State.choices},
    )


@login_required
@require_http_methods(["GET", "POST"])
def feedback_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One message and its answer (the inbox notification links here)."""
    _admin_only(request)
    item = feedback.get_feedback_for_user(request.user, pk)
    form = AnswerForm(initial={"answer": item.answer, "public": item.answer_public})
    if request.method == "POST":
        form = AnswerForm(request.POST)
        if form.is_valid():
            feedback.answer(
                item, text=form.cleaned_data["answer"], public=form.cleaned_data["public"], user=request.user
            )
            messages.success(request, "答复已保存" + ("，已在公开页面显示。" if item.answer_public else "。"))
            return redirect(f"/public/feedback/{item.pk}/")
    return render(request, "public/feedback_detail.html", {"item": item, "form": form})
