"""Attachments on task updates (evidence a task was done)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0009_area_moves_to_tenancy'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='TaskUpdateAttachment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('original_name', models.CharField(max_length=120, verbose_name='文件名')),
                ('stored_name', models.CharField(editable=False, max_length=40, unique=True, verbose_name='存储名')),
                ('kind', models.CharField(choices=[('pdf', 'PDF 文件'), ('png', 'PNG 图片'), ('jpeg', 'JPEG 图片'), ('xlsx', 'Excel 表格')], max_length=8, verbose_name='类型')),
                ('size', models.PositiveIntegerField(verbose_name='大小（字节）')),
                ('sha256', models.CharField(editable=False, max_length=64, verbose_name='校验值')),
                ('uploaded_by_name', models.CharField(blank=True, max_length=150, verbose_name='上传人姓名')),
                ('uploaded_at', models.DateTimeField(auto_now_add=True, verbose_name='上传时间')),
                ('update', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attachments', to='plans.taskupdate', verbose_name='任务进展')),
                ('uploaded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='上传人')),
            ],
            options={
                'verbose_name': '任务进展附件',
                'verbose_name_plural': '任务进展附件',
                'ordering': ['update', 'uploaded_at', 'pk'],
            },
        ),
    ]
