"""Checks every upload passes before it is parsed: size, and type judged by content, not by name."""

from __future__ import annotations

import io
import zipfile

# A small .xlsx can unpack to gigabytes (a zip bomb); refuse before openpyxl expands it.
MAX_XLSX_EXPANDED_BYTES = 300 * 1024 * 1024


def size_label(n: int) -> str:
    """A byte count as people read upload limits: 20 MB, 512 KB."""
    if n >= 1024 * 1024:
        return f"{n / 1024 / 1024:.4g} MB"
    if n >= 1024:
        return f"{n / 1024:.4g} KB"
    return f"{n} 字节"


def too_large(data: bytes, limit: int) -> str | None:
    """The reason a file is refused for its size, or None."""
    if len(data) > limit:
        return f"文件过大（{size_label(len(data))}），上限为 {size_label(limit)}"
    return None


def xlsx_problem(data: bytes, *, max_expanded: int = MAX_XLSX_EXPANDED_BYTES) -> str | None:
    """Why ``data`` is not an .xlsx workbook (a zip holding ``xl/workbook.xml``), or None when it is."""
    if not data.startswith(b"PK"):
        return "文件不是 Excel（.xlsx）格式"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            expanded = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError):
        return "文件不是 Excel（.xlsx）格式"
    if "xl/workbook.xml" not in names:
        return "文件不是 Excel（.xlsx）格式"
    if expanded > max_expanded:
        return "Excel 文件解压后过大，请拆分后上传"
    return None
