"""The home page: each role's work of the month, assembled from the apps' own counts."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from kechuang.home.area import area_page, get_area_for_user
from kechuang.home.home import home_context


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """What needs doing now, per role held: tiles, the town's carriers, the carrier's month, the plans."""
    return render(request, "home/home.html", home_context(request.user, today=timezone.localdate()))


@login_required
@require_GET
def area(request: HttpRequest, pk: int) -> HttpResponse:
    """One town or park: its figures, carriers, enterprises, the tasks naming it and the plans that
    apply to it; another town's or another district's area is 404."""
    found = get_area_for_user(request.user, pk)
    page = area_page(request.user, found, today=timezone.localdate())
    return render(request, "home/area.html", {"page": page, "today": timezone.localdate()})
