"""`kechuang demo`: load the demo content (idempotently), print a login, and serve on 127.0.0.1:8000."""

from __future__ import annotations

import argparse


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "demo",
        help="加载演示数据并启动演示服务",
        description="加载演示数据（可重复运行，不会重复）并启动演示服务",
    )
    parser.add_argument("--no-serve", action="store_true", help="只加载数据，不启动服务")
    parser.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1）")
    parser.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
    parser.set_defaults(func=demo_command)


def demo_command(args: argparse.Namespace) -> int:
    from kechuang.cli.django_setup import setup_django

    setup_django()
    from kechuang.demo.loader import load_demo

    summary = load_demo()
    for line in summary.lines:
        print(line)
    print()
    print(f"管理员登录：用户名 {summary.admin_username}  密码 {summary.admin_password}")
    if args.no_serve:
        return 0
    from kechuang.cli.serve import run_server

    return run_server(args.host, args.port)
