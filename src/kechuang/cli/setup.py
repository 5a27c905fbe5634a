"""`kechuang setup`: first run of a new installation — district, site name, administrator, e-mail.

Asks for what the flags did not give (when run at a terminal); with every flag given it
runs unattended, for scripts. Safe to run again: areas already stored, the catalogue and
an existing administrator are kept; the site settings given are updated.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "setup",
        help="首次安装：选择本地区、创建管理员、设置邮件",
        description="首次安装：从全国行政区划中选择本区县（或市），载入其地区树和标准指标目录，"
        "创建第一个管理员，保存站点名称和邮件设置。缺少的项目在终端中逐项询问",
    )
    parser.add_argument(
        "--district", metavar="CODE", help="本区县的六位行政区划代码或名称，如 330302 或 鹿城区"
    )
    parser.add_argument("--site-name", help="站点名称（默认“某区科创规划监测评估平台”）")
    parser.add_argument("--site-url", help="站点地址，用于邮件中的链接，如 https://kechuang.example.gov.cn")
    parser.add_argument("--admin-username", help="管理员用户名")
    parser.add_argument("--admin-name", help="管理员姓名")
    parser.add_argument("--admin-email", help="管理员电子邮箱")
    parser.add_argument(
        "--admin-password",
        help="管理员密码（也可用环境变量 KECHUANG_ADMIN_PASSWORD 提供，避免留在命令历史中）",
    )
    parser.add_argument("--email-host", help="发信服务器（SMTP）地址；不填则邮件只输出到日志")
    parser.add_argument("--email-port", type=int, help="发信服务器端口（默认 25）")
    parser.add_argument("--email-user", help="发信账号")
    parser.add_argument("--email-password", help="发信密码（也可用环境变量 KECHUANG_EMAIL_PASSWORD 提供）")
    parser.add_argument("--email-from", help="发件人，如 科创平台 <noreply@example.gov.cn>")
    parser.add_argument("--email-tls", action="store_true", help="使用 STARTTLS（通常为 587 端口）")
    parser.add_argument("--email-ssl", action="store_true", help="使用 SSL（通常为 465 端口）")
    parser.add_argument("--no-input", action="store_true", help="不询问：缺少必填项时直接报错")
    parser.set_defaults(func=setup_command)


def _fail(message: str) -> int:
    print(f"错误：{message}", file=sys.stderr)
    return 1


class Missing(Exception):
    """A required answer was neither given as a flag nor could be asked for."""


def _asker(no_input: bool) -> Callable[[str, str, str], str]:
    interactive = not no_input and sys.stdin is not None and sys.stdin.isatty()

    def ask(prompt: str, flag: str, default: str = "") -> str:
        if not interactive:
            if default:
                return default
            raise Missing(f"缺少 {flag}")
        shown = f"{prompt}（默认：{default}）：" if default else f"{prompt}："
        answer = input(shown).strip()
        return answer or default

    return ask


def _choose_district(given: str | None, ask: Callable[[str, str, str], str]) -> str:
    from kechuang.tenancy.domain.divisions import find_divisions, full_name

    query = given or ask("本区县的行政区划代码或名称（如 330302 或 鹿城区）", "--district", "")
    while True:
        found = find_divisions(query)
        if len(found) == 1:
            return found[0].code
        if not found:
            message = f"全国行政区划中没有“{query}”"
        else:
            listed = "\n".join(f"  {d.code}  {full_name(d.code)}" for d in found[:20])
            message = f"“{query}”对应 {len(found)} 个地区，请输入代码：\n{listed}"
        if given:
            raise Missing(message)
        print(message)
        query = ask("本区县的行政区划代码或名称", "--district", "")


def _password(args: argparse.Namespace, ask_interactive: bool) -> str:
    password = args.admin_password or os.environ.get("KECHUANG_ADMIN_PASSWORD", "")
    if password:
        return password
    if not ask_interactive:
        raise Missing("缺少 --admin-password（或环境变量 KECHUANG_ADMIN_PASSWORD）")
    while True:
        first = getpass.getpass("管理员密码：")
        if first and first == getpass.getpass("再次输入密码："):
            return first
        print("两次输入不一致，请重新输入")


def setup_command(args: argparse.Namespace) -> int:
    from kechuang.cli.django_setup import setup_django

    setup_django()
    from django.conf import settings

    from kechuang.common.site_config import write_site_config
    from kechuang.plans.catalog import seed_catalog
    from kechuang.plans.models import CatalogIndicator
    from kechuang.tenancy.domain.accounts import create_first_admin
    from kechuang.tenancy.domain.areas_import import AreaImportError
    from kechuang.tenancy.domain.audit import RuleError
    from kechuang.tenancy.domain.divisions import VINTAGE, divisions, full_name, load_divisions
    from kechuang.tenancy.models import Area

    ask = _asker(args.no_input)
    interactive = not args.no_input and sys.stdin is not None and sys.stdin.isatty()
    try:
        code = _choose_district(args.district, ask)
        district = divisions()[code]
        site_name = args.site_name or ask("站点名称", "--site-name", f"{district.name}科创规划监测评估平台")
        username = args.admin_username or ask("管理员用户名", "--admin-username", "")
        email = args.admin_email or ask("管理员电子邮箱", "--admin-email", "")
        password = _password(args, interactive)
        email_host = args.email_host
        if email_host is None and interactive:
            email_host = ask("发信服务器（SMTP）地址，不用邮件可直接回车", "--email-host", "")
    except Missing as exc:
        return _fail(str(exc))

    from django.db import transaction

    try:
        with transaction.atomic():  # a refused administrator leaves no areas behind either
            loaded = load_divisions(code)
            area = Area.objects.get(code=code)
            catalogue = seed_catalog()
            admin = create_first_admin(
                username=username, email=email, password=password, area=area, full_name=args.admin_name or ""
            )
    except AreaImportError as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        return _fail("地区未能载入，未写入任何数据")
    except RuleError as exc:
        return _fail(f"{exc}（未写入任何数据）")
    path = write_site_config(
        settings.DATA_DIR,
        {
            "site_name": site_name,
            "site_url": args.site_url,
            "email_host": email_host,
            "email_port": args.email_port,
            "email_user": args.email_user,
            "email_password": args.email_password or os.environ.get("KECHUANG_EMAIL_PASSWORD", ""),
            "email_from": args.email_from,
            "email_tls": "1" if args.email_tls else "",
            "email_ssl": "1" if args.email_ssl else "",
        },
    )
    print(f"本地区：{full_name(code)}（{code}）；地区{loaded.summary()}（{VINTAGE}）")
    print(f"标准指标目录：共 {CatalogIndicator.objects.count()} 项（本次新增 {catalogue} 项）")
    state = "已创建" if admin.created else "已存在，保留原密码"
    print(f"管理员“{username}”{state}，为{area.name}区级管理员")
    print(f"站点设置已保存到 {path}")
    print("下一步：运行 kechuang serve 启动服务，用管理员账号登录")
    return 0
