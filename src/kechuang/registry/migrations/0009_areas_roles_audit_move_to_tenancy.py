"""Areas, roles, the audit trail and API tokens now belong to tenancy; the registry keeps
carriers and enterprises, whose area foreign keys point at tenancy.Area (same table)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("observations", "0004_area_moves_to_tenancy"),
        ("plans", "0009_area_moves_to_tenancy"),
        ("registry", "0008_api_token_expires_required"),
        ("tenancy", "0001_initial"),
    ]

    # State only: the tables keep their names, so the database has nothing to change.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="carrier",
                    name="area",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="carriers",
                        to="tenancy.area",
                        verbose_name="所在地区",
                    ),
                ),
                migrations.AlterField(
                    model_name="enterprise",
                    name="area",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="enterprises",
                        to="tenancy.area",
                        verbose_name="所在地区",
                    ),
                ),
                migrations.DeleteModel(name="Membership"),
                migrations.DeleteModel(name="AuditEntry"),
                migrations.DeleteModel(name="ApiToken"),
                migrations.DeleteModel(name="Area"),
            ],
            database_operations=[],
        ),
    ]
