"""Every API token has an end date (filled in by 0007); a separate step so PostgreSQL alters the
column outside the transaction that wrote the dates."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0007_api_token_expires"),
    ]

    operations = [
        migrations.AlterField(
            model_name="apitoken",
            name="expires",
            field=models.DateTimeField(verbose_name="到期时间"),
        ),
    ]
