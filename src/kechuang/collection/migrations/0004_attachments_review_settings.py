"""Attachments on monthly reports; per-district review settings (delegation to liaisons, change threshold)."""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('collection', '0003_carrier_report_version'),
        ('tenancy', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ReportAttachment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('original_name', models.CharField(max_length=120, verbose_name='文件名')),
                ('stored_name', models.CharField(editable=False, max_length=40, unique=True, verbose_name='存储名')),
                ('kind', models.CharField(choices=[('pdf', 'PDF 文件'), ('png', 'PNG 图片'), ('jpeg', 'JPEG 图片'), ('xlsx', 'Excel 表格')], max_length=8, verbose_name='类型')),
                ('size', models.PositiveIntegerField(verbose_name='大小（字节）')),
                ('sha256', models.CharField(editable=False, max_length=64, verbose_name='校验值')),
                ('uploaded_by_name', models.CharField(blank=True, max_length=150, verbose_name='上传人姓名')),
                ('uploaded_at', models.DateTimeField(auto_now_add=True, verbose_name='上传时间')),
                ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attachments', to='collection.carrierreport', verbose_name='月报')),
                ('uploaded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='上传人')),
            ],
            options={
                'verbose_name': '月报附件',
                'verbose_name_plural': '月报附件',
                'ordering': ['report', 'uploaded_at', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='ReviewSettings',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('liaison_review', models.BooleanField(default=False, help_text='开启后，街镇、园区的科技联络员可以审核通过或退回本镇（园区）载体的月报；更正已通过的月报仍由区级管理员办理', verbose_name='联络员可审核本镇（园区）载体月报')),
                ('change_threshold', models.PositiveSmallIntegerField(default=30, help_text='审核页上，与上月或去年同月相比变动超过该百分比的数值会突出显示', validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(1000)], verbose_name='大幅变动提示阈值（%）')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                ('district', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='report_review_settings', to='tenancy.area', verbose_name='区')),
            ],
            options={
                'verbose_name': '月报审核设置',
                'verbose_name_plural': '月报审核设置',
            },
        ),
    ]
