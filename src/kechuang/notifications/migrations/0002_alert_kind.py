"""Alert cases notify their people: a kind of notification of its own."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='emailpreference',
            name='kind',
            field=models.CharField(choices=[('report_submitted', '月报待审核'), ('report_returned', '月报被退回'), ('report_approved', '月报审核通过'), ('report_due', '月报即将截止'), ('report_overdue', '月报逾期催报'), ('plan_submitted', '规划提交审核'), ('plan_published', '规划发布'), ('plan_withdrawn', '规划撤回'), ('task_due', '任务即将到期'), ('cert_expiring', '资质证书即将到期'), ('alert', '预警事项')], max_length=32, verbose_name='通知类型'),
        ),
        migrations.AlterField(
            model_name='notification',
            name='kind',
            field=models.CharField(choices=[('report_submitted', '月报待审核'), ('report_returned', '月报被退回'), ('report_approved', '月报审核通过'), ('report_due', '月报即将截止'), ('report_overdue', '月报逾期催报'), ('plan_submitted', '规划提交审核'), ('plan_published', '规划发布'), ('plan_withdrawn', '规划撤回'), ('task_due', '任务即将到期'), ('cert_expiring', '资质证书即将到期'), ('alert', '预警事项')], max_length=32, verbose_name='类型'),
        ),
    ]
