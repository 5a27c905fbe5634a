"""Add catalogue entries shipped after the first release (occupancy, carriers by level, 专精特新).

Existing entries keep administrators' edits: seeding only creates missing codes.
"""

import importlib

from django.db import migrations


def seed_missing(apps, schema_editor):
    importlib.import_module("kechuang.plans.migrations.0002_seed_catalog").seed_catalog(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("plans", "0003_plan_published_by")]

    operations = [migrations.RunPython(seed_missing, migrations.RunPython.noop)]
