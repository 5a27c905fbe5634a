"""Plans point at tenancy.Area now that areas left the registry app."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0008_task_suggestions'),
        ('tenancy', '0001_initial'),
    ]

    # State only: the tables keep their names, so the database has nothing to change.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='plan',
                    name='area',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='plans', to='tenancy.area', verbose_name='地区'),
                ),
                ],
            database_operations=[],
        ),
    ]
