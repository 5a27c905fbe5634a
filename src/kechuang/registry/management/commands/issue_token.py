"""``kechuang manage issue_token USERNAME NAME``: create an API token and print it once."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from kechuang.registry.domain.tokens import issue_api_token


class Command(BaseCommand):
    help = "为用户签发 API 令牌（令牌只显示这一次，系统只保存其摘要）"

    def add_arguments(self, parser: object) -> None:
        parser.add_argument("username", help="用户名；令牌拥有该用户的全部角色权限")
        parser.add_argument("name", help="令牌名称，如“某园区月报系统”")

    def handle(self, *args: object, username: str, name: str, **options: object) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"用户“{username}”不存在")
        if not user.is_active:
            raise CommandError(f"用户“{username}”已停用")
        token, raw = issue_api_token(user, name=name)
        self.stdout.write(raw)
        self.stderr.write(f"已为 {username} 签发令牌“{token.name}”。请立即保存：它不会再次显示。")
