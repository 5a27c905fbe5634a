"""Kinds of notification, and for each whether it is e-mailed by default and who can receive it."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


class Kind(models.TextChoices):
    """What a notification is about. A new kind (alerts, say) is one member here, one entry in
    ``KIND_INFO`` and a migration; ``notify`` and the pages need nothing else."""

    REPORT_SUBMITTED = "report_submitted", "月报待审核"
    REPORT_RETURNED = "report_returned", "月报被退回"
    REPORT_APPROVED = "report_approved", "月报审核通过"
    REPORT_DUE = "report_due", "月报即将截止"
    REPORT_OVERDUE = "report_overdue", "月报逾期催报"
    PLAN_SUBMITTED = "plan_submitted", "规划提交审核"
    PLAN_PUBLISHED = "plan_published", "规划发布"
    PLAN_WITHDRAWN = "plan_withdrawn", "规划撤回"
    TASK_DUE = "task_due", "任务即将到期"
    CERT_EXPIRING = "cert_expiring", "资质证书即将到期"
    ALERT = "alert", "预警事项"
    PUBLIC_FEEDBACK = "public_feedback", "公众留言"
    APPEAL_FILED = "appeal_filed", "评价申诉待处理"
    APPEAL_DECIDED = "appeal_decided", "评价申诉处理结果"


class Status(models.TextChoices):
    PENDING = "pending", "待发送"
    SENT = "sent", "已发送"
    FAILED = "failed", "失败"


@dataclass(frozen=True)
class KindInfo:
    """``email``: sent by e-mail unless the user turns it off; ``operators``: carrier operators can
    receive it (the settings page offers an operator only these); ``hint``: when it is sent."""

    email: bool
    operators: bool
    hint: str


KIND_INFO: dict[str, KindInfo] = {
    Kind.REPORT_SUBMITTED: KindInfo(True, False, "载体提交月报，等待您审核时"),
    Kind.REPORT_RETURNED: KindInfo(True, True, "月报被退回修改时（附退回意见）"),
    Kind.REPORT_APPROVED: KindInfo(False, True, "月报审核通过时"),
    Kind.REPORT_DUE: KindInfo(True, True, "月报临近填报截止日仍未提交时"),
    Kind.REPORT_OVERDUE: KindInfo(True, True, "月报逾期未报，或区科委、联络员催报时"),
    Kind.PLAN_SUBMITTED: KindInfo(True, False, "规划提交审核，等待您发布时"),
    Kind.PLAN_PUBLISHED: KindInfo(False, False, "本地区的规划发布时"),
    Kind.PLAN_WITHDRAWN: KindInfo(True, False, "本地区已发布的规划被撤回时"),
    Kind.TASK_DUE: KindInfo(True, False, "规划任务临近完成年限仍未完成时"),
    Kind.CERT_EXPIRING: KindInfo(True, False, "企业的高新技术企业等资质证书 90 天、30 天内到期时"),
    Kind.ALERT: KindInfo(
        True, False, "预警指派给本单位、预警升级、逾期未办结，或预警事项有新的备注、被关闭或重新打开时"
    ),
    Kind.PUBLIC_FEEDBACK: KindInfo(True, False, "公众在公开进展页面对本地区的规划留言时"),
    Kind.APPEAL_FILED: KindInfo(True, False, "参评单位对已确认的评价结果提出申诉，等待您处理时"),
    Kind.APPEAL_DECIDED: KindInfo(True, True, "区科委对您提出的评价申诉作出驳回或调整决定时"),
}
