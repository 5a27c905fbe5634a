"""`kechuang serve`: the production server (waitress, a real WSGI server; static files by WhiteNoise)."""

from __future__ import annotations

import argparse
import os
import sys


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "serve",
        help="启动生产服务器",
        description="以生产模式启动服务（需设置 KECHUANG_SECRET_KEY、KECHUANG_ALLOWED_HOSTS，可选 DATABASE_URL）",
    )
    parser.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1）")
    parser.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
    parser.add_argument("--threads", type=int, default=8, help="工作线程数（默认 8）")
    parser.set_defaults(func=serve_command)


def serve_command(args: argparse.Namespace) -> int:
    os.environ["KECHUANG_PRODUCTION"] = "1"
    if not os.environ.get("KECHUANG_SECRET_KEY"):
        print(
            '错误：生产模式必须设置环境变量 KECHUANG_SECRET_KEY（可用 python -c "import secrets;print(secrets.token_urlsafe(50))" 生成）',
            file=sys.stderr,
        )
        return 2
    if os.environ.get("KECHUANG_HTTPS") != "1":
        print(
            "提示：未设置 KECHUANG_HTTPS=1，以明文 HTTP 提供服务，仅适用于可信内网；"
            "经 HTTPS 反向代理对外服务时请设置 KECHUANG_HTTPS=1（见 README“正式部署”）。",
            file=sys.stderr,
        )
    return run_server(args.host, args.port, args.threads)


def run_server(host: str, port: int, threads: int = 8) -> int:
    """Serve the WSGI application until interrupted; shared by `serve` and `demo`."""
    from kechuang.cli.django_setup import setup_django

    setup_django()
    from django.conf import settings
    from waitress import serve

    from kechuang.wsgi import application

    chinese_server_errors(settings.KECHUANG_MAX_UPLOAD_BYTES)
    print(f"科创平台已启动：http://{host}:{port}/  （Ctrl+C 停止）", flush=True)
    serve(application, host=host, port=port, threads=threads, ident="kechuang", **server_options(settings))
    return 0


# What waitress's own answers say, in Chinese: (title, what happened and what to do).
_SERVER_ERRORS = {
    413: ("上传的内容过大", "本次提交超过了 {limit} 的上限，未被接收。请压缩或拆分文件后重新上传。"),
    431: ("请求有误", "请求头过长，未被接收。请清除本站的 Cookie 后重试。"),
    400: ("请求有误", "浏览器发送的请求不完整或格式有误，未被处理。请返回上一页重试。"),
}


def chinese_server_errors(upload_limit: int) -> None:
    """Make the answers waitress writes itself, before Django sees the request (a body over the
    limit is refused with 413 as soon as its length is read), a short Chinese page instead of
    English plain text; the status line stays as HTTP defines it."""
    from waitress import utilities

    def to_response(self: utilities.Error, ident: str | None = None) -> tuple[str, list, bytes]:
        title, text = next(
            (v for code, v in _SERVER_ERRORS.items() if self.code == code),
            ("系统出现错误", "这次操作没有完成。请稍后重试；如果问题持续出现，请联系本区科委的系统管理员。"),
        )
        mb = upload_limit / (1024 * 1024)
        text = text.format(limit=f"{mb:g} MB" if mb >= 1 else f"{upload_limit // 1024} KB")
        body = (
            '<!DOCTYPE html><html lang="zh-Hans"><head><meta charset="utf-8">'
            f"<title>{title} · 科创规划监测评估平台</title></head><body>"
            f'<h1>{title}</h1><p>{text}</p><p><a href="/">返回首页</a></p></body></html>'
        )
        return f"{self.code} {self.reason}", [("Content-Type", "text/html; charset=utf-8")], body.encode()

    utilities.Error.to_response = to_response


def server_options(settings: object) -> dict[str, object]:
    """Waitress limits, and whom to believe about the client, from the settings.

    Limits: waitress accepts up to 1 GB by default and keeps idle connections for two minutes;
    here a body larger than the upload limit (plus room for the form around it) is answered 413 as
    soon as its declared length is read, and a connection idle for a minute (a slow client trickling
    bytes) is closed.

    Proxy: waitress drops X-Forwarded-* headers unless they come from a trusted proxy. With
    KECHUANG_HTTPS=1 the reverse proxy (KECHUANG_TRUSTED_PROXY, default 127.0.0.1: on this machine)
    is trusted for the scheme (else every request would look like plain HTTP and be redirected
    forever) and for the client address (else every login failure would count against the proxy's).
    """
    options: dict[str, object] = {
        "max_request_body_size": settings.KECHUANG_MAX_REQUEST_BYTES,
        "max_request_header_size": 64 * 1024,
        "channel_timeout": 60,
        "cleanup_interval": 15,
    }
    if settings.HTTPS:
        options.update(
            trusted_proxy=os.environ.get("KECHUANG_TRUSTED_PROXY", "127.0.0.1"),
            trusted_proxy_count=1,
            trusted_proxy_headers={"x-forwarded-proto", "x-forwarded-for"},
        )
    return options
