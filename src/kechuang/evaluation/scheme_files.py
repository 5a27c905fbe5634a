"""Reading an uploaded scheme file (JSON): in the limited child, like every uploaded file (hostile-uploads rule)."""

from __future__ import annotations

import json
from typing import Any

from kechuang.common.untrusted import untrusted_parser

MAX_SCHEME_BYTES = 1024 * 1024
NOT_JSON = "方案文件不是有效的 JSON 文本（应为 UTF-8 编码的 .json 文件，即“导出 JSON”下载的格式）"


class SchemeFileError(ValueError):
    """An uploaded scheme file that cannot be read; the message is for the person who sent it."""


@untrusted_parser
def read_scheme_file(data: bytes) -> Any:
    """The JSON value in the file; SchemeFileError (Chinese) for a file too large, not text or not JSON."""
    if len(data) > MAX_SCHEME_BYTES:
        raise SchemeFileError("方案文件过大（超过 1 MB），一个评价方案不会这么大")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SchemeFileError(NOT_JSON) from None
    try:
        return json.loads(text)
    except RecursionError:
        raise SchemeFileError("方案文件嵌套过深，无法读取") from None
    except json.JSONDecodeError as exc:
        raise SchemeFileError(f"{NOT_JSON}：第 {exc.lineno} 行第 {exc.colno} 列有误") from None
