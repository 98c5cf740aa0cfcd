"""What the public may upload: how many files, how large, and which types — judged by content.

The extension alone proves nothing (a renamed executable or HTML page is the classic trick), so each
file's first bytes must match the type its extension claims. Files are then stored by the
applications app (``attachments.add_attachment``) under the data directory, outside any web root,
and are only ever served to staff as downloads with ``nosniff``.
"""

from __future__ import annotations

import codecs
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError

from gongkai.applications.models import ATTACHMENT_EXTENSIONS, ATTACHMENT_MAX_BYTES

MB = 1024 * 1024

# Defaults; an installation may override them in settings (GONGKAI_PORTAL_MAX_FILES, …).
DEFAULT_MAX_FILES = 5
DEFAULT_MAX_FILE_BYTES = 10 * MB
DEFAULT_MAX_TOTAL_BYTES = 20 * MB
# The form's text fields come on top of the files; a request larger than this is refused unread.
FIELDS_ALLOWANCE = 1 * MB

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97–2003 and WPS documents
_HEAD = 64 * 1024


@dataclass(frozen=True)
class Limits:
    max_files: int
    max_file_bytes: int
    max_total_bytes: int

    @property
    def max_request_bytes(self) -> int:
        return self.max_total_bytes + FIELDS_ALLOWANCE


def limits() -> Limits:
    return Limits(
        max_files=int(getattr(settings, "GONGKAI_PORTAL_MAX_FILES", DEFAULT_MAX_FILES)),
        # Never above what the attachment store itself accepts.
        max_file_bytes=min(
            int(getattr(settings, "GONGKAI_PORTAL_MAX_FILE_BYTES", DEFAULT_MAX_FILE_BYTES)),
            ATTACHMENT_MAX_BYTES,
        ),
        max_total_bytes=int(getattr(settings, "GONGKAI_PORTAL_MAX_TOTAL_BYTES", DEFAULT_MAX_TOTAL_BYTES)),
    )


def _zip_names(upload: Any) -> set[str] | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            # final=False: the sample may end in the middle of a multi-byte character.
            codecs.getincrementaldecoder(encoding)().decode(head, final=False)
        except UnicodeDecodeError:
            continue
        return True
    return False


def _matches(ext: str, head: bytes, upload: Any) -> bool:
    if ext == ".pdf":
        return b"%PDF-" in head[:1024]
    if ext in (".jpg", ".jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if ext == ".png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if ext in (".doc", ".wps"):
        return head.startswith(_OLE2)
    if ext == ".docx":
        names = _zip_names(upload) if head.startswith(b"PK\x03\x04") else None
        return bool(names) and "[Content_Types].xml" in names and any(n.startswith("word/") for n in names)
    if ext == ".ofd":
        names = _zip_names(upload) if head.startswith(b"PK\x03\x04") else None
        return bool(names) and any(n.rsplit("/", 1)[-1] == "OFD.xml" for n in names)
    if ext == ".txt":
        return _is_text(head)
    return False


# Every type the public may send, with the names shown in messages; all are accepted by the store.
ALLOWED: dict[str, str] = {
    ".pdf": "PDF",
    ".jpg": "JPEG 图片",
    ".jpeg": "JPEG 图片",
    ".png": "PNG 图片",
    ".doc": "Word 文档",
    ".docx": "Word 文档",
    ".wps": "WPS 文档",
    ".ofd": "OFD 版式文件",
    ".txt": "纯文本",
}
assert set(ALLOWED) <= ATTACHMENT_EXTENSIONS


def allowed_text() -> str:
    return "、".join(e.lstrip(".") for e in ALLOWED)


def check_file(upload: Any, lim: Limits) -> None:
    """Raise ValidationError (Chinese) unless the file is non-empty, small enough and what it claims."""
    name = Path(upload.name or "").name
    ext = Path(name).suffix.lower()
    if ext not in ALLOWED:
        raise ValidationError(f"文件“{name}”的类型不允许上传；可上传：{allowed_text()}。")
    if not upload.size:
        raise ValidationError(f"文件“{name}”是空文件。")
    if upload.size > lim.max_file_bytes:
        raise ValidationError(f"文件“{name}”超过单个文件 {_size(lim.max_file_bytes)} 的上限。")
    upload.seek(0)
    head = upload.read(_HEAD)
    try:
        ok = _matches(ext, head, upload)
    finally:
        upload.seek(0)
    if not ok:
        raise ValidationError(
            f"文件“{name}”的内容与其扩展名（{ALLOWED[ext]}）不符，请上传真实的{ALLOWED[ext]}文件。"
        )


def check_files(uploads: list[Any], lim: Limits) -> None:
    """The set as a whole: count and total size; then every file on its own."""
    if len(uploads) > lim.max_files:
        raise ValidationError(f"最多可上传 {lim.max_files} 个文件，您选择了 {len(uploads)} 个。")
    total = sum(u.size or 0 for u in uploads)
    if total > lim.max_total_bytes:
        raise ValidationError(f"附件合计不得超过 {_size(lim.max_total_bytes)}。")
    errors = []
    for upload in uploads:
        try:
            check_file(upload, lim)
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)


def _size(n: int) -> str:
    return f"{n // MB} MB" if n >= MB and n % MB == 0 else f"{n / 1024:.0f} KB" if n >= 1024 else f"{n} 字节"
