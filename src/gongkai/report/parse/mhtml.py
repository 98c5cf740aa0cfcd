"""Web archives (MHTML, .mht/.mhtml): a page saved as one file by a browser ("网页，单个文件").

The page is a MIME message: the HTML in one part (quoted-printable or base64, in the page's own
encoding) and its pictures and style sheets in others. The HTML part is taken out and read as a page.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from gongkai.report.parse.errors import ReportParseError

if TYPE_CHECKING:
    from email.message import Message

# A saved archive starts with its MIME headers: Chrome's "From: <Saved by Blink>", IE's "From: <由
# Windows Internet Explorer 保存>" (encoded), then MIME-Version and a multipart/related Content-Type.
_MIME_VERSION = re.compile(rb"^MIME-Version\s*:", re.IGNORECASE | re.MULTILINE)
_MULTIPART = re.compile(rb"^Content-Type\s*:\s*multipart/related", re.IGNORECASE | re.MULTILINE)


# Its first line is a header ("From: <Saved by Blink>"): every page and text file is asked, and this
# turns nearly all of them away at their first bytes.
_FIRST_HEADER = re.compile(rb"[A-Za-z][\w-]*:[ \t]")


def is_mhtml(data: bytes) -> bool:
    if _FIRST_HEADER.match(data) is None:
        return False
    head = data[:4096]
    return _MIME_VERSION.search(head) is not None and _MULTIPART.search(head) is not None


def page_of(data: bytes, label: str) -> bytes:
    """The bytes of the archive's page: the HTML part the archive names as its page (Chrome's
    Snapshot-Content-Location), else its first HTML part, with the transfer encoding undone."""
    try:
        return _page_of(data, label)
    except RecursionError:
        # A browser nests parts one level deep; thousands of levels are a hostile file.
        raise ReportParseError(f"{label}：网页存档（MHTML）的各部分嵌套过深，不予读取") from None
    except (ValueError, LookupError, TypeError) as exc:
        raise ReportParseError(f"{label}：网页存档（MHTML）已损坏，无法读取（{type(exc).__name__}）") from None


def _page_of(data: bytes, label: str) -> bytes:
    # Imported here: the mail package is needed for archives only, and every reader imports this module.
    import email
    import email.policy

    message = email.message_from_bytes(data, policy=email.policy.compat32)
    if not message.is_multipart():
        raise ReportParseError(f"{label}：网页存档（MHTML）的格式不完整，没有分成各个部分，无法读取")
    pages = [part for part in message.walk() if part.get_content_type() == "text/html"]
    if not pages:
        raise ReportParseError(f"{label}：网页存档（MHTML）中没有网页正文（text/html 部分）")
    location = message.get("Snapshot-Content-Location")
    page = next((part for part in pages if location and part.get("Content-Location") == location), pages[0])
    return _payload(page, label)


def _payload(part: Message, label: str) -> bytes:
    # The bytes in the page's own encoding: told apart as any page's are (UTF-8, else GB18030), so
    # the charset the part's header names is not needed.
    body = part.get_payload(decode=True)
    if not isinstance(body, bytes) or not body.strip():
        raise ReportParseError(f"{label}：网页存档（MHTML）中的网页正文是空的")
    return body
