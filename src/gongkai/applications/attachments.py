"""Attachments of a case: stored under the data directory, outside any web root, never served directly."""

from __future__ import annotations

import hashlib
import mimetypes
import os
import uuid
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.applications.models import (
    ATTACHMENT_EXTENSIONS,
    ATTACHMENT_MAX_BYTES,
    Application,
    Attachment,
    AttachmentKind,
    attachment_root,
)


def check_upload(name: str, size: int) -> str:
    """The lower-case extension, or ValidationError for a type or size the platform does not accept."""
    ext = Path(name).suffix.lower()
    if ext not in ATTACHMENT_EXTENSIONS:
        allowed = "、".join(sorted(e.lstrip(".") for e in ATTACHMENT_EXTENSIONS))
        raise ValidationError(f"不支持的文件类型“{ext or '无扩展名'}”，可上传：{allowed}。")
    if size <= 0:
        raise ValidationError("文件为空。")
    if size > ATTACHMENT_MAX_BYTES:
        raise ValidationError(f"文件过大：最大 {ATTACHMENT_MAX_BYTES // (1024 * 1024)} MB。")
    return ext


def add_attachment(case: Application, upload: Any, *, kind: str, by: Any = None) -> Attachment:
    """Store an uploaded file (Django UploadedFile or any object with name/size/chunks()) for the case."""
    from gongkai.applications.models import CaseEvent, EventKind
    from gongkai.applications.workflow import _actor_name

    kind = AttachmentKind(kind)
    ext = check_upload(upload.name, upload.size)
    root = attachment_root()
    root.mkdir(parents=True, exist_ok=True)
    stored = f"{uuid.uuid4().hex}{ext}"
    target = root / stored
    digest = hashlib.sha256()
    size = 0
    with open(target, "xb") as handle:
        for chunk in upload.chunks():
            size += len(chunk)
            if size > ATTACHMENT_MAX_BYTES:
                handle.close()
                os.unlink(target)
                raise ValidationError(f"文件过大：最大 {ATTACHMENT_MAX_BYTES // (1024 * 1024)} MB。")
            digest.update(chunk)
            handle.write(chunk)
    os.chmod(target, 0o600)
    try:
        with transaction.atomic():
            attachment = Attachment(
                application=case,
                kind=kind,
                original_name=Path(upload.name).name[:200],
                stored_name=stored,
                size=size,
                content_type=mimetypes.guess_type(upload.name)[0] or "application/octet-stream",
                sha256=digest.hexdigest(),
                uploaded_by=by if getattr(by, "pk", None) else None,
            )
            attachment.save()
            CaseEvent(
                application=case, on=attachment.uploaded_at.date(), actor=attachment.uploaded_by,
                actor_name=_actor_name(by), kind=EventKind.ATTACHMENT_ADDED, state_before=case.state,
                state_after=case.state, note=str(attachment), data={"attachment": attachment.pk},
            ).save()  # fmt: skip
    except Exception:
        target.unlink(missing_ok=True)
        raise
    return attachment
