"""The API's error bodies: always ``{"detail": "<中文>"}`` (and, for 422, each field's reason).

Why: a park's system shows ``detail`` to a person, and django-ninja's defaults are English
(``Not Found``) or pydantic's machine list for 422. Every refusal the API gives goes through here
or through ``HttpError`` with a Chinese message, so 400/401/403/404/409/422 look alike.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

NOT_FOUND = "对象不存在或无权访问"
FORBIDDEN = "无权执行此操作"
_CJK = re.compile(r"[\u4e00-\u9fff]")
# Where pydantic says a value was found (query, body …) and the name of the body parameter.
_SOURCES = {"query", "path", "body", "form", "file", "header", "cookie", "payload"}

_WORDS: dict[str, str] = {
    "missing": "缺少必填项",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "float_parsing": "应为数字",
    "float_type": "应为数字",
    "finite_number": "应为有效数字",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "string_type": "应为文字",
    "date_parsing": "应为日期（YYYY-MM-DD）",
    "date_from_datetime_parsing": "应为日期（YYYY-MM-DD）",
    "date_type": "应为日期（YYYY-MM-DD）",
    "datetime_parsing": "应为时间（ISO 8601）",
    "json_invalid": "请求体不是有效的 JSON",
    "list_type": "应为列表",
    "dict_type": "应为对象",
    "model_attributes_type": "应为对象",
    "enum": "取值无效",
    "literal_error": "取值无效",
    "extra_forbidden": "不认识的字段",
}


# django-ninja's own English refusals, and a Chinese word for any other one by its status.
_KNOWN = {
    "Cannot parse request body": "请求体不是有效的 JSON",
    "CSRF check Failed": "跨站请求校验失败：请刷新页面后重试，或改用 API 令牌",
}
_BY_STATUS = {
    400: "请求有误",
    403: FORBIDDEN,
    404: NOT_FOUND,
    405: "不支持该请求方法",
    409: "与现有数据冲突",
    413: "请求内容过大",
}


def _chinese(text: str) -> bool:
    return bool(_CJK.search(text or ""))


def _reason(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind in ("greater_than_equal", "greater_than"):
        return (
            f"不能小于 {ctx.get('ge', ctx.get('gt'))}"
            if kind.endswith("equal")
            else f"应大于 {ctx.get('gt')}"
        )
    if kind in ("less_than_equal", "less_than"):
        return (
            f"不能大于 {ctx.get('le', ctx.get('lt'))}"
            if kind.endswith("equal")
            else f"应小于 {ctx.get('lt')}"
        )
    if kind == "string_too_long":
        return f"不能超过 {ctx.get('max_length')} 个字符"
    if kind == "string_too_short":
        return f"至少 {ctx.get('min_length')} 个字符"
    if kind == "too_long":
        return f"最多 {ctx.get('max_length')} 项"
    if kind == "too_short":
        return f"至少 {ctx.get('min_length')} 项"
    if kind == "value_error" and _chinese(str(ctx.get("error", ""))):
        return str(ctx["error"])
    return _WORDS.get(kind, "取值无效")


def _field(loc: tuple | list) -> str:
    parts = list(loc)
    while parts and parts[0] in _SOURCES:
        parts.pop(0)
    return ".".join(str(p) for p in parts) or "请求体"


def validation_body(errors: list[dict[str, Any]]) -> dict[str, Any]:
    """``{"detail": "请求参数有误：limit 不能大于 500", "errors": [{"field", "message"}]}``."""
    fields = [{"field": _field(e.get("loc", ())), "message": _reason(e)} for e in errors]
    shown = "；".join(f"{f['field']} {f['message']}" for f in fields[:5])
    more = f" 等 {len(fields)} 处" if len(fields) > 5 else ""
    return {"detail": f"请求参数有误：{shown}{more}", "errors": fields}


def install(api: NinjaAPI) -> None:
    """Register the Chinese handlers for ``HttpError`` (400, 403, 409 …), 404, 403 and 422 on ``api``."""

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return api.create_response(request, validation_body(list(exc.errors)), status=422)

    @api.exception_handler(HttpError)
    def refused(request: HttpRequest, exc: HttpError) -> HttpResponse:
        message = str(exc)
        if not _chinese(message):
            message = _KNOWN.get(message) or _BY_STATUS.get(exc.status_code, "请求未能完成")
        return api.create_response(request, {"detail": message}, status=exc.status_code)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        message = str(exc)
        return api.create_response(
            request, {"detail": message if _chinese(message) else NOT_FOUND}, status=404
        )

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        message = str(exc)
        return api.create_response(
            request, {"detail": message if _chinese(message) else FORBIDDEN}, status=403
        )
