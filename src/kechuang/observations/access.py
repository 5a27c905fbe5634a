"""Which figures a user may read: their areas', and never a draft's they do not review.

A draft plan's figures (the actuals the reader found in the document) are as unreviewed
as the draft itself, so they follow the plan's rule (``plans.access``): only its reviewers
see them — on its pages, in a figure's history, and as the catalogue figures another
plan is judged against.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from kechuang.observations.models import Observation
from kechuang.plans.access import unreviewed_draft_filter
from kechuang.tenancy.access import visible_area_ids


def figure_filter(user: object) -> Q | None:
    """Figures the user may use in a judgement: area-level ones, or of a plan that is published
    or that they review. Not restricted by area, because a plan is judged against figures of
    the area above it too. ``None`` = no restriction (superusers)."""
    released = unreviewed_draft_filter(user, "indicator__plan__")
    return None if released is None else Q(indicator__isnull=True) | released


def public_figure_filter() -> Q:
    """Figures the public pages may use: never a draft's, whoever is signed in."""
    return figure_filter(None)  # no user reviews anything


def visible_observations(user: object) -> QuerySet[Observation]:
    """Figures a user may read: of an area they may read and not of a draft they do not review."""
    qs = Observation.objects.select_related("indicator__plan", "catalog", "area")
    areas = visible_area_ids(user)
    if areas is not None:
        qs = qs.filter(area_id__in=areas)
    q = figure_filter(user)
    return qs if q is None else qs.filter(q)


def get_observation_for_user(user: object, pk: int) -> Observation:
    """The figure or 404 (outside the user's areas, or a figure of a draft they do not review)."""
    obs = visible_observations(user).filter(pk=pk).first()
    if obs is None:
        raise Http404("观测值不存在或无权访问")
    return obs
