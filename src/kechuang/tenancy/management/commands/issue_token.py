"""``kechuang manage issue_token USERNAME NAME [--days N]``: create an API token and print it once."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kechuang.tenancy.domain.audit import RuleError
from kechuang.tenancy.domain.tokens import DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS, issue_api_token


class Command(BaseCommand):
    help = "为用户签发 API 令牌（令牌只显示这一次，系统只保存其摘要）"

    def add_arguments(self, parser: object) -> None:
        parser.add_argument("username", help="用户名；令牌拥有该用户的全部角色权限")
        parser.add_argument("name", help="令牌名称，如“某园区月报系统”")
        parser.add_argument(
            "--days",
            type=int,
            default=DEFAULT_TOKEN_DAYS,
            help=f"有效天数（默认 {DEFAULT_TOKEN_DAYS}，最多 {MAX_TOKEN_DAYS}）；用户修改密码后令牌立即失效",
        )

    def handle(self, *args: object, username: str, name: str, days: int, **options: object) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"用户“{username}”不存在")
        if not user.is_active:
            raise CommandError(f"用户“{username}”已停用")
        try:
            token, raw = issue_api_token(user, name=name, days=days)
        except RuleError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(raw)
        until = timezone.localtime(token.expires).strftime("%Y年%m月%d日 %H:%M")
        self.stderr.write(
            f"已为 {username} 签发令牌“{token.name}”，有效至 {until}。请立即保存：它不会再次显示。"
        )
