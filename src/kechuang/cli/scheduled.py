"""`kechuang run-scheduled`: the reminders that are due, then the queued e-mail. Safe to run often.

Run it from cron or a systemd timer every few minutes (docs/notifications.md), never as a thread
in the web server. Every reminder carries a key, so a second run (or two at once) reminds nobody
twice; each e-mail is held by one sender at a time, so none goes out twice either.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import logging
import sys

# (what the summary calls it, "module:function"); each takes today's date and returns how many it wrote.
JOBS = [
    # First: later jobs see the new area names.
    ("区划调整生效", "kechuang.tenancy.domain.area_changes:apply_due_changes"),
    # Then: the alert sync and the pages read today's stored judgements.
    ("目标评估结果更新", "kechuang.observations.stored.refresh:roll_date"),
    ("月报截止与逾期提醒", "kechuang.collection.notices:report_reminders"),
    ("规划任务到期提醒", "kechuang.plans.notices:task_reminders"),
    ("资质证书到期提醒", "kechuang.registry.notices:certificate_reminders"),
    ("预警事项同步与逾期提醒", "kechuang.observations.alert_cases:alert_reminders"),
    ("每日备份", "kechuang.common.backup.scheduled:daily_backup"),  # once a day, newest N kept
]

# How the summary counts what a job wrote, where it is not notifications.
SUMMARY = {"每日备份": "新备份 {n} 份", "区划调整生效": "执行 {n} 项", "目标评估结果更新": "重算 {n} 条"}

log = logging.getLogger(__name__)


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "run-scheduled",
        help="发送到期提醒并发送待发邮件（供 cron 或 systemd 定时器调用）",
        description="生成到期提醒（月报截止与逾期、规划任务到期、资质证书到期），然后发送排队中的通知邮件、"
        "重试发送失败的邮件。可重复运行：同一提醒只发送一次。建议每 5 分钟运行一次，见 docs/notifications.md",
    )
    parser.add_argument("--date", metavar="YYYY-MM-DD", help="按该日期判断提醒是否到期（默认今天，用于补发）")
    parser.set_defaults(func=run_scheduled_command)


def _job(path: str) -> object:
    module, name = path.split(":")
    return getattr(importlib.import_module(module), name)


def run_scheduled_command(args: argparse.Namespace) -> int:
    today = None
    if args.date:
        try:
            today = dt.date.fromisoformat(args.date)
        except ValueError:
            print(f"错误：日期“{args.date}”无效，应为 YYYY-MM-DD 格式", file=sys.stderr)
            return 2
    from kechuang.cli.django_setup import setup_django

    setup_django()
    from django.utils import timezone

    from kechuang.common.job_lock import held_once

    today = today or timezone.localdate()
    with held_once("run-scheduled") as mine:
        if not mine:
            # Several servers may each run it from cron: the work is done once, by whoever came first.
            print("另一个定时任务正在运行（本机或共用同一数据库的其他服务器），本次跳过")
            return 0
        return _run_jobs(today)


def _run_jobs(today: dt.date) -> int:
    from kechuang.notifications.mail import send_due, sending_deferred

    status = 0
    for label, path in JOBS:
        try:
            with sending_deferred():  # all of it goes out below, over one connection
                written = _job(path)(today)
        except Exception as exc:  # one broken job must not stop the others, nor the mail
            log.exception("定时任务出错：%s", label)
            print(f"{label}：出错（{type(exc).__name__}: {exc}）", file=sys.stderr)
            status = 1
            continue
        print(f"{label}：{SUMMARY.get(label, '新通知 {n} 条').format(n=written)}")
    result = send_due()
    print(f"邮件：发送 {result.sent} 封，待重试 {result.retrying} 封，失败 {result.failed} 封")
    if result.retrying or result.failed:
        print("未发出的邮件及错误原因见管理后台“待发邮件”", file=sys.stderr)
    return status
