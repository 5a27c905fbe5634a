"""Areas, roles, the audit trail and API tokens move from the registry app to tenancy.

The tables keep their registry_* names; only Django's idea of which app owns them changes,
plus the content types and the model labels the audit trail stored."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


MOVED = ("area", "membership", "auditentry", "apitoken")


def _move(apps, source: str, target: str) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        content_type.objects.filter(app_label=source, model=model).update(app_label=target)
    entry = apps.get_model("tenancy", "AuditEntry")
    for model in MOVED:
        entry.objects.filter(model=f"{source}.{model}").update(model=f"{target}.{model}")


def relabel(apps, schema_editor) -> None:
    _move(apps, "registry", "tenancy")


def unrelabel(apps, schema_editor) -> None:
    _move(apps, "tenancy", "registry")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('registry', '0008_api_token_expires_required'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    # State only: the tables keep their names, so the database has nothing to change.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ApiToken',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=100, verbose_name='名称')),
                        ('key_hash', models.CharField(max_length=64, unique=True, verbose_name='令牌摘要')),
                        ('prefix', models.CharField(blank=True, max_length=8, verbose_name='令牌前缀')),
                        ('created', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                        ('last_used', models.DateTimeField(blank=True, null=True, verbose_name='最近使用')),
                        ('expires', models.DateTimeField(verbose_name='到期时间')),
                        ('revoked', models.BooleanField(default=False, verbose_name='已吊销')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='api_tokens', to=settings.AUTH_USER_MODEL, verbose_name='用户')),
                    ],
                    options={
                        'verbose_name': 'API 令牌',
                        'verbose_name_plural': 'API 令牌',
                        'db_table': 'registry_apitoken',
                        'ordering': ['-created'],
                    },
                ),
                migrations.CreateModel(
                    name='Area',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                        ('code', models.CharField(max_length=32, unique=True, verbose_name='代码')),
                        ('name', models.CharField(max_length=100, verbose_name='名称')),
                        ('kind', models.CharField(choices=[('country', '国家'), ('province', '省级'), ('city', '市'), ('district', '区县'), ('town', '街镇'), ('park', '园区'), ('subpark', '分园')], max_length=16, verbose_name='类型')),
                        ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='children', to='tenancy.area', verbose_name='上级地区')),
                    ],
                    options={
                        'verbose_name': '地区',
                        'verbose_name_plural': '地区',
                        'db_table': 'registry_area',
                        'ordering': ['code'],
                    },
                ),
                migrations.CreateModel(
                    name='AuditEntry',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('user_name', models.CharField(max_length=150, verbose_name='操作人姓名')),
                        ('action', models.CharField(max_length=20, verbose_name='操作')),
                        ('model', models.CharField(max_length=64, verbose_name='对象类型')),
                        ('object_id', models.CharField(max_length=64, verbose_name='对象编号')),
                        ('object_repr', models.CharField(blank=True, max_length=200, verbose_name='对象')),
                        ('changes', models.JSONField(blank=True, default=dict, verbose_name='变更内容')),
                        ('at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='时间')),
                        ('area', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='tenancy.area', verbose_name='地区')),
                        ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL, verbose_name='操作人')),
                    ],
                    options={
                        'verbose_name': '变更记录',
                        'verbose_name_plural': '变更记录',
                        'db_table': 'registry_auditentry',
                        'ordering': ['-at', '-pk'],
                        'indexes': [models.Index(fields=['model', 'object_id'], name='audit_model_object')],
                    },
                ),
                migrations.CreateModel(
                    name='Membership',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                        ('role', models.CharField(choices=[('district_admin', '区级管理员'), ('liaison', '科技联络员'), ('carrier_operator', '载体运营方'), ('viewer', '只读用户')], max_length=20, verbose_name='角色')),
                        ('area', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='tenancy.area', verbose_name='地区')),
                        ('carrier', models.ForeignKey(blank=True, help_text='仅载体运营方：其所运营的载体', null=True, on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='registry.carrier', verbose_name='载体')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to=settings.AUTH_USER_MODEL, verbose_name='用户')),
                    ],
                    options={
                        'verbose_name': '用户角色',
                        'verbose_name_plural': '用户角色',
                        'db_table': 'registry_membership',
                        'constraints': [models.UniqueConstraint(condition=models.Q(('carrier__isnull', True)), fields=('user', 'role', 'area'), name='membership_unique'), models.UniqueConstraint(condition=models.Q(('carrier__isnull', False)), fields=('user', 'carrier'), name='membership_carrier_unique')],
                    },
                ),
                ],
            database_operations=[],
        ),
        migrations.RunPython(relabel, unrelabel),
    ]
