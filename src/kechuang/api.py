"""The single NinjaAPI; each app mounts its own router (OpenAPI document at /api/docs)."""

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError
from ninja.renderers import JSONRenderer

from kechuang import api_errors
from kechuang.collection.api import router as collection_router
from kechuang.common.params import ParamError
from kechuang.evaluation.api import router as evaluation_router
from kechuang.observations.api import router as observations_router
from kechuang.plans.api import router as plans_router
from kechuang.registry.api import router as registry_router
from kechuang.reports.api import router as reports_router


class ReadableJSONRenderer(JSONRenderer):
    """UTF-8 JSON with Chinese as written, so a park's system and a person reading it see 朱泾镇, not escapes."""

    json_dumps_params = {"ensure_ascii": False}


# The docs page is served with the project's static files (``ninja`` is an installed app), and the
# validator badge, which would ask validator.swagger.io, is off: the page works without internet.
api = NinjaAPI(
    title="科创 kechuang API",
    version="1",
    urls_namespace="api",
    renderer=ReadableJSONRenderer(),
    docs=Swagger(settings={"validatorUrl": None}),
    description=(
        "认证：请求头 `Authorization: Bearer <令牌>`（在“接口令牌”页创建），或浏览器登录会话；"
        "令牌的权限与其用户相同。\n\n"
        '分页：`limit`（1–500，默认 100）与 `offset`，返回 `{"count": 总数, "items": [...]}`。\n\n'
        '错误：一律为 `{"detail": "中文说明"}`；422 另有 `errors`（字段与原因），'
        "409（数据已被他人修改）另有现存数值与版本。"
    ),
)
api_errors.install(api)


@api.exception_handler(AuthenticationError)
def not_authenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    """401 in Chinese: the reason a token gave (expired, revoked), else that credentials are missing."""
    message = str(exc)
    if message == "Unauthorized":  # django-ninja's own default
        message = "未登录或 API 令牌无效"
    return api.create_response(request, {"detail": message}, status=401)


@api.exception_handler(ParamError)
def bad_parameter(request: HttpRequest, exc: ParamError) -> HttpResponse:
    """A query parameter out of range (a year, an offset) is the caller's mistake: 400 saying which."""
    return api.create_response(request, {"detail": str(exc)}, status=400)


api.add_router("/registry/", registry_router)
api.add_router("/plans/", plans_router)
api.add_router("/observations/", observations_router)
api.add_router("/collection/", collection_router)
api.add_router("/evaluation/", evaluation_router)
api.add_router("/reports/", reports_router)
