"""What the Word reader tests do to a DOCX the renderer made: edit its parts as Word or WPS would write them."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

from lxml import etree


def rewrite(data: bytes, edits: dict[str, Callable[[str], str]], renames: dict[str, str] | None = None) -> bytes:
    """The package with some parts edited (a part not yet there is added) and some renamed."""
    renames = renames or {}
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename in edits:
                body = edits[info.filename](body.decode("utf-8")).encode("utf-8")
            dst.writestr(renames.get(info.filename, info.filename), body)
        for name, edit in edits.items():
            if name not in src.namelist():
                dst.writestr(name, edit("").encode("utf-8"))
    return out.getvalue()


def edit_document(data: bytes, edit: Callable[[etree._Element], None], **parts: Callable[[str], str]) -> bytes:
    """The package with word/document.xml's tree edited in place (and word/<part>.xml edited as text)."""
    def document(xml: str) -> str:
        root = etree.fromstring(xml.encode("utf-8"))
        edit(root)
        return etree.tostring(root, encoding="unicode")

    return rewrite(data, {"word/document.xml": document, **{f"word/{k}.xml": v for k, v in parts.items()}})
