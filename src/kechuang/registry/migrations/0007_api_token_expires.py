"""API tokens end: a new ``expires`` field (required from 0008 on). Tokens issued before it get 90 days from the upgrade, so the
systems using them keep working while new tokens are issued."""

import datetime as dt

from django.db import migrations, models
from django.utils import timezone


def give_existing_tokens_90_days(apps, schema_editor):
    ApiToken = apps.get_model("registry", "ApiToken")
    ApiToken.objects.filter(expires__isnull=True).update(expires=timezone.now() + dt.timedelta(days=90))


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0006_audit_entry_area"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires",
            field=models.DateTimeField(null=True, verbose_name="到期时间"),
        ),
        migrations.RunPython(give_existing_tokens_90_days, migrations.RunPython.noop),
    ]
