"""The home page: each role's work of the month, assembled from the apps' own counts."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from kechuang.home.home import home_context


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """What needs doing now, per role held: tiles, the town's carriers, the carrier's month, the plans."""
    return render(request, "home/home.html", home_context(request.user, today=timezone.localdate()))
