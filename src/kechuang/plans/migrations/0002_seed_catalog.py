"""Seed the canonical indicator catalogue shipped with the plan reader."""

from django.db import migrations


def seed_catalog(apps, schema_editor):
    from kechuang.reader.catalog import load_catalog

    catalog_model = apps.get_model("plans", "CatalogIndicator")
    for entry in load_catalog():
        catalog_model.objects.get_or_create(
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


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]

    operations = [migrations.RunPython(seed_catalog, migrations.RunPython.noop)]
