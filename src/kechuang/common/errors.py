"""The 400 page: say why when Django refused the request itself (a form too large, too many fields)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import defaults


def bad_request(request: HttpRequest, exception: Exception, template_name: str = "400.html") -> HttpResponse:
    """Django's own refusals come with an English message nobody sees; give the person the reason
    in Chinese (what was too much, and what to do), on the site's 400 page."""
    reason = ""
    if isinstance(exception, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024)
        reason = (
            f"提交的表单内容过大（文件以外的内容超过 {limit:g} MB），未被处理。请减少一次提交的内容后重试。"
        )
    elif isinstance(exception, TooManyFieldsSent):
        reason = "一次提交的项目过多，未被处理。请分批提交。"
    elif isinstance(exception, TooManyFilesSent):
        reason = "一次上传的文件过多，未被处理。请分批上传。"
    if not reason:
        return defaults.bad_request(request, exception, template_name=template_name)
    return render(request, template_name, {"reason": reason}, status=400)
