"""The observations app's side of ``kechuang.plans.figures``: a plan's figures are observations."""

from __future__ import annotations

from kechuang.observations.domain import record_observation
from kechuang.observations.enums import Source
from kechuang.observations.models import Observation
from kechuang.plans.figures import DocumentFigure


class ObservationFigureStore:
    def record_document_figures(
        self, figures: list[DocumentFigure], *, area: object, acting_user: object | None
    ) -> None:
        for figure in figures:
            record_observation(
                indicator=figure.indicator,
                area=area,
                period=str(figure.year),
                value=figure.value,
                source=Source.PLAN_DOCUMENT,
                reason="规划文件导入",
                acting_user=acting_user,
            )

    def figures_not_from_document(self, plan: object) -> int:
        return Observation.objects.filter(indicator__plan=plan).exclude(source=Source.PLAN_DOCUMENT).count()

    def delete_plan_figures(self, plan: object) -> None:
        Observation.objects.filter(indicator__plan=plan).delete()

    def document_figures(self, plan: object) -> dict[int, list[tuple[int, float]]]:
        out: dict[int, list[tuple[int, float]]] = {}
        rows = Observation.objects.filter(indicator__plan=plan, source=Source.PLAN_DOCUMENT, area=plan.area)
        for obs in rows.order_by("indicator_id", "year", "pk"):
            out.setdefault(obs.indicator_id, []).append((obs.year, obs.value))
        return out

    def latest_figures(self, indicators: list[object], area_id: int) -> dict[int, object]:
        latest: dict[int, object] = {}
        rows = Observation.objects.filter(indicator__in=[i.pk for i in indicators], area_id=area_id)
        for obs in rows.order_by("indicator_id", "period_end", "pk"):
            latest[obs.indicator_id] = obs  # ordered ascending, so the last one wins
        return latest
