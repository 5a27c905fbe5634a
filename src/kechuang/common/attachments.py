"""Supporting files people attach to records (a report's evidence, a task's photos): checked, stored, served.

Why: attachments come from outside and are shown to others, so each one is
- judged by its content, never by its name: a PDF, a PNG or JPEG image, or an
  Excel workbook (.xlsx without macros); anything else — an .exe or a web page
  renamed to .pdf — is refused with a Chinese reason;
- capped in size (``KECHUANG_MAX_ATTACHMENT_BYTES``) before it is read;
- stored under the data folder (``KECHUANG_ATTACHMENT_DIR``) with a random name
  and 0600 permissions, never under a public or guessable address; the name the
  person gave is kept, cleaned, for display and the download's file name only;
- served by the owning app's view after its own access check, always as a
  download (``Content-Disposition: attachment``) with the type the content was
  found to be.

The zip directory of an .xlsx is hostile input, so the type check runs in the
limited child (``@untrusted_parser``). Framework models (``StoredFile``) live in
``kechuang.common.models``; this module knows no domain app.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404
from django.utils.http import content_disposition_header

from kechuang.common.private_files import make_private
from kechuang.common.untrusted import LimitExceeded, untrusted_parser
from kechuang.common.uploads import size_label, xlsx_problem

# kind → (extension, content type, what people call it)
KINDS: dict[str, tuple[str, str, str]] = {
    "pdf": (".pdf", "application/pdf", "PDF 文件"),
    "png": (".png", "image/png", "PNG 图片"),
    "jpeg": (".jpg", "image/jpeg", "JPEG 图片"),
    "xlsx": (".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel 表格"),
}
ACCEPT = ".pdf,.png,.jpg,.jpeg,.xlsx"  # the file picker's hint; the content decides
WRONG_TYPE = "只能上传 PDF、PNG 或 JPEG 图片、Excel（.xlsx）文件；该文件的内容不是这几种格式"
MACROS = "Excel 文件含有宏，出于安全考虑不能上传；请另存为不含宏的 .xlsx 后上传"
EMPTY = "文件为空"
MAX_NAME = 100


class AttachmentRefused(ValueError):
    """An attachment that may not be stored; the message says why in Chinese."""


def attachment_limit() -> int:
    return int(getattr(settings, "KECHUANG_MAX_ATTACHMENT_BYTES", 10 * 1024 * 1024))


def attachment_dir() -> Path:
    return Path(getattr(settings, "KECHUANG_ATTACHMENT_DIR", Path(settings.DATA_DIR) / "attachments"))


@untrusted_parser
def sniff_attachment(data: bytes, upload_limit: int) -> str:
    """The kind (``pdf``/``png``/``jpeg``/``xlsx``) ``data`` is by its content, or ``AttachmentRefused``.

    Only the signature and, for a zip, its table of contents are read: nothing is
    rendered or unpacked, so a file that would hurt a reader cannot hurt the server.
    """
    if not data:
        raise AttachmentRefused(EMPTY)
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"PK\x03\x04"):
        problem = xlsx_problem(data, upload_limit=upload_limit)
        if problem and "不是 Excel" in problem:
            raise AttachmentRefused(WRONG_TYPE)
        if problem:
            raise AttachmentRefused(problem)
        if b"vbaProject.bin" in data or b"macroEnabled" in data:
            raise AttachmentRefused(MACROS)
        return "xlsx"
    raise AttachmentRefused(WRONG_TYPE)


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def clean_name(name: str, kind: str) -> str:
    """The person's file name fit for display and a download header: no folders, control or
    reserved characters, at most ``MAX_NAME`` characters, ending in the extension of its real kind."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = _UNSAFE.sub("_", name).strip(" .")
    ext = KINDS[kind][0]
    stem = name
    lowered = name.lower()
    for known in (".pdf", ".png", ".jpg", ".jpeg", ".xlsx"):
        if lowered.endswith(known):
            stem = name[: -len(known)]
            break
    stem = stem.strip(" .")[: MAX_NAME - len(ext)] or "附件"
    return stem + ext


@dataclass(frozen=True)
class StoredUpload:
    """What was written: the random stored name, the cleaned display name, kind, size, digest."""

    stored_name: str
    original_name: str
    kind: str
    size: int
    sha256: str


def _read_capped(upload: object, limit: int) -> bytes:
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise AttachmentRefused(f"附件过大（{size_label(size)}），每个附件不能超过 {size_label(limit)}")
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise AttachmentRefused(f"附件过大（超过 {size_label(limit)}），每个附件不能超过 {size_label(limit)}")
    return data


def store_upload(upload: object) -> StoredUpload:
    """Check an uploaded file (size, then content) and write it under the data folder.

    Raises ``AttachmentRefused`` (a Chinese reason) and writes nothing for a
    refused file. The caller saves the returned facts on its model in the same
    request; ``delete_stored`` removes the file if that fails.
    """
    limit = attachment_limit()
    data = _read_capped(upload, limit)
    try:
        kind = sniff_attachment(data, limit)
    except LimitExceeded as exc:
        raise AttachmentRefused(str(exc)) from exc
    folder = attachment_dir()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    make_private(folder, 0o700)
    stored_name = secrets.token_hex(16) + KINDS[kind][0]
    path = folder / stored_name
    with open(path, "xb") as handle:  # never overwrite: a clash of 128 random bits is an error
        handle.write(data)
    make_private(path)
    return StoredUpload(
        stored_name=stored_name,
        original_name=clean_name(getattr(upload, "name", ""), kind),
        kind=kind,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def _path(stored_name: str) -> Path:
    if not re.fullmatch(r"[0-9a-f]{32}\.[a-z]{3,4}", stored_name or ""):
        raise Http404("附件不存在")
    return attachment_dir() / stored_name


def delete_stored(stored_name: str) -> None:
    """Remove a stored file (its record is gone or was never saved); a missing file is fine."""
    try:
        _path(stored_name).unlink(missing_ok=True)
    except Http404:
        return


def serve_stored(*, stored_name: str, original_name: str, kind: str) -> FileResponse:
    """The file as a download under its cleaned name; the caller has checked who may read it.

    Always ``attachment`` and never cached by shared caches, with the content
    type its content was found to be, so a browser never runs it as a page.
    """
    path = _path(stored_name)
    if not path.is_file() or kind not in KINDS:
        raise Http404("附件文件已丢失，请联系管理员")
    response = FileResponse(open(path, "rb"), content_type=KINDS[kind][1])  # noqa: SIM115 - closed by Django
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=original_name)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
