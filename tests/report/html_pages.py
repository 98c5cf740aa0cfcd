"""What the HTML reader tests do to a page the renderer made."""

from __future__ import annotations

import re


def main_of(html: str) -> str:
    """The article: what the renderer's page holds inside <main>."""
    found = re.search(r"<main>(.*)</main>", html, re.S)
    assert found is not None, "the renderer's page has no <main>"
    return found.group(1)


def every_value(html: str, mark: str) -> str:
    """Each value cell's text v printed as mark.format(v=v)."""
    return re.sub(r'(<td class="value"[^>]*>)([^<]*)</td>', lambda m: f"{m.group(1)}{mark.format(v=m.group(2))}</td>",
                  html)


def mhtml(html: str, *, charset: str = "utf-8", encoding: str = "quoted-printable",
          location: str = "http://www.example.gov.cn/art/2025/1/20/art_1.html", frames: int = 0) -> str:
    """The page saved as a browser's web archive (MHTML): the page in one MIME part, in `charset` and
    the transfer `encoding`, with a picture, and `frames` pages of iframes put before it."""
    import email.charset
    from email.mime.image import MIMEImage
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText

    archive = MIMEMultipart("related", type="text/html")
    archive["From"] = "<Saved by Blink>"
    archive["Snapshot-Content-Location"] = location
    for k in range(frames):
        frame = MIMEText(f"<html><body><p>广告位{k}</p><table><tr><td>规章</td><td>99</td></tr></table></body></html>",
                         "html", "utf-8")
        frame["Content-Location"] = f"http://www.example.gov.cn/frame{k}.html"
        archive.attach(frame)
    body_encoding = email.charset.QP if encoding == "quoted-printable" else email.charset.BASE64
    cs = email.charset.Charset(charset)
    cs.body_encoding = body_encoding
    page = MIMEText(html, "html", cs)
    page["Content-Location"] = location
    archive.attach(page)
    picture = MIMEImage(b"\x89PNG\r\n\x1a\n" + bytes(64), "png")
    picture["Content-Location"] = "http://www.example.gov.cn/logo.png"
    archive.attach(picture)
    return archive.as_string()
