"""The canonical indicator catalogue: seeding it and mapping plan indicators onto it."""

from __future__ import annotations

from django.db import transaction

from kechuang.plans.enums import Direction
from kechuang.plans.models import CatalogIndicator, Indicator

# Words that mark an indicator where less is better (energy use, emissions, costs).
_LOWER_IS_BETTER = ("能耗", "排放", "污染", "事故", "失业率", "成本", "PM2.5", "下降率")


@transaction.atomic
def seed_catalog() -> int:
    """Load the shipped catalogue into the database; existing entries keep administrators' edits."""
    from kechuang.reader.catalog import load_catalog

    created = 0
    for entry in load_catalog():
        _, was_created = CatalogIndicator.objects.get_or_create(
            code=entry.code,
            defaults={
                "name_zh": entry.name_zh,
                "name_en": entry.name_en,
                "unit": entry.unit or "",
                "definition": entry.definition,
                "synonyms": list(entry.synonyms),
                "direction": entry.direction,
                "cumulative": entry.cumulative,
            },
        )
        created += was_created
    return created


def catalog_for(name: str, unit: str | None, code_hint: str | None = None) -> CatalogIndicator | None:
    """The catalogue entry an indicator maps to: an explicit code first, else synonyms and similarity."""
    if code_hint:
        found = CatalogIndicator.objects.filter(code=code_hint).first()
        if found:
            return found
    from kechuang.reader.catalog import CatalogEntry, match_catalog

    entries = [
        CatalogEntry(
            code=c.code,
            name_zh=c.name_zh,
            name_en=c.name_en,
            unit=c.unit or None,
            definition=c.definition,
            synonyms=tuple(c.synonyms or ()),
            direction=c.direction,
            cumulative=c.cumulative,
        )
        for c in CatalogIndicator.objects.all()
    ]
    if not entries:
        return None
    code = match_catalog(name, unit, entries=entries)
    return CatalogIndicator.objects.filter(code=code).first() if code else None


def infer_direction(name: str, catalog: CatalogIndicator | None) -> str:
    """Lower-is-better when the catalogue says so or the name names a cost or a harm."""
    if catalog is not None:
        return catalog.direction
    return Direction.LOWER if any(word in name for word in _LOWER_IS_BETTER) else Direction.HIGHER


def map_indicator(indicator: Indicator, catalog: CatalogIndicator | None) -> None:
    """Set (or clear) an indicator's catalogue link; the link stays editable by staff."""
    indicator.catalog = catalog
    indicator.save(update_fields=["catalog"])
