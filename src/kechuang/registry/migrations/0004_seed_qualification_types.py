# Seeds the qualification types every district uses; administrators add others in the admin.

from django.db import migrations

TYPES = [
    # code, name, validity_years, per_year, ordering_key
    ("hnte", "高新技术企业", 3, False, 10),
    ("tech_sme", "科技型中小企业", None, True, 20),
    ("little_giant", "科技小巨人", None, False, 30),
    ("little_giant_candidate", "科技小巨人培育", None, False, 40),
    ("srdi", "专精特新中小企业", 3, False, 50),
    ("srdi_little_giant", "专精特新“小巨人”", 3, False, 60),
]


def seed(apps, schema_editor):
    QualificationType = apps.get_model("registry", "QualificationType")
    for code, name, years, per_year, key in TYPES:
        QualificationType.objects.update_or_create(
            code=code,
            defaults={"name": name, "validity_years": years, "per_year": per_year, "ordering_key": key},
        )


class Migration(migrations.Migration):

    dependencies = [
        ("registry", "0003_carriers_enterprises"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
