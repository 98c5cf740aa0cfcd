"""Read a published annual report, in whatever form, into an AnnualReport.

`parse_file` and `parse_bytes` detect the format from the content (not the file name), choose the
reader, and hand its Document to `assemble`. Anything that is not a readable report raises
ReportParseError with a Chinese message (the CLI's exit status 2).
"""

from __future__ import annotations

import codecs
import hashlib
import json
import re
from pathlib import Path

from gongkai.report.model import AnnualReport
from gongkai.report.parse.assemble import assemble
from gongkai.report.parse.errors import ReportParseError
from gongkai.report.parse.ir import Document
from gongkai.report.parse.mhtml import is_mhtml, page_of
from gongkai.report.parse.text import read_text

__all__ = ["ReportParseError", "parse_bytes", "parse_file", "parse_text", "read_document"]

MAX_BYTES = 50 * 1024 * 1024
_HTML = re.compile(r"<\s*(html|table|body|tr|td|p|div)[\s>]", re.IGNORECASE)
_JSON_START = re.compile(r"\s*\{")


_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# <meta charset="utf-8">, <meta http-equiv="Content-Type" content="text/html; charset=gb2312">.
_META_CHARSET = re.compile(rb"<meta\b[^>]*?charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)
_GB_NAMES = frozenset({"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn", "gb_2312", "gb_2312-80",
                       "chinese", "csgb2312", "iso-ir-58"})  # GB18030 reads them all
_ENCODING_NAMES = {"utf-8": "UTF-8", "gb18030": "GB18030"}


def _declared(data: bytes) -> str | None:
    """The encoding a page declares in its first 4 KB, if it is one gongkai reads."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8"  # a byte-order mark outranks a declaration, as in browsers
    match = _META_CHARSET.search(data, 0, 4096)
    if match is None:
        return None
    charset = match.group(1).decode("ascii").lower()
    if charset in ("utf-8", "utf8"):
        return "utf-8"
    return "gb18030" if charset in _GB_NAMES else None


def _decode(data: bytes, name: str) -> tuple[str, str | None]:
    """The text of the bytes, and a note when invalid bytes in it were replaced."""
    if data.startswith(_UTF16_BOMS):
        # Word's and Notepad's "Unicode" text is UTF-16 with a byte-order mark: its NUL bytes are
        # the high bytes of ASCII characters, no sign of a binary file.
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError:
            raise ReportParseError(f"{name}：以 UTF-16 字节顺序标记开头，但内容不是有效的 UTF-16 文字") from None
    if b"\x00" in data[:4096]:
        raise ReportParseError(f"{name}：是二进制文件，不是文本、HTML、Word 或 PDF 格式的年度报告")
    try:
        # Valid UTF-8 is UTF-8, whatever a page declares (servers often say so in a header instead).
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    declared = _declared(data)
    if declared != "utf-8":
        # Nearly any bytes are valid GB18030; a page declared UTF-8 is not taken for it unless its
        # UTF-8 is unreadable (below).
        try:
            return data.decode("gb18030"), None
        except UnicodeDecodeError:
            pass
    # A few invalid bytes (a page cut in the middle of a character, one mis-encoded word): read as
    # a browser shows it, with U+FFFD in their place. In the declared encoding if it needs only a
    # few replacements (the other may read the bytes as valid nonsense); else in the one that needs
    # fewer, as when a page's declaration is wrong.
    readings = [_replacing(data, encoding) for encoding in ("utf-8", "gb18030")]
    if declared == "gb18030":
        readings.reverse()
    text, replaced, encoding = readings[0]
    characters = _non_ascii(text)
    if declared is None or replaced > max(3, characters // 100):
        text, replaced, encoding = min(readings, key=lambda reading: reading[1])
        characters = _non_ascii(text)
    if replaced * 2 > characters:
        # Most of the text (its non-ASCII characters) is undecodable: not a page in either encoding.
        raise ReportParseError(f"{name}：文字编码无法识别（既不是 UTF-8 也不是 GB18030）")
    if not replaced:
        return text, None
    return text, f"文字编码为 {_ENCODING_NAMES[encoding]}，其中 {replaced} 处无效字节已替换为�"


def _replacing(data: bytes, encoding: str) -> tuple[str, int, str]:
    """The bytes decoded with invalid ones replaced by U+FFFD, and how many places were replaced
    (the page's own U+FFFD characters not counted)."""
    text = data.decode("utf-8-sig" if encoding == "utf-8" else encoding, errors="replace")
    return text, text.count("\ufffd") - data.count("\ufffd".encode(encoding)), encoding


def _non_ascii(text: str) -> int:
    return len(text) - len(text.encode("ascii", "ignore"))


def read_document(data: bytes, name: str | None = None) -> Document | AnnualReport:
    """The reader's Document for the bytes (or the model itself, for gongkai's own JSON)."""
    label = name or "输入"
    if not data or data.isspace():
        raise ReportParseError(f"{label}：文件为空")
    if len(data) > MAX_BYTES:
        raise ReportParseError(f"{label}：文件超过 {MAX_BYTES // 1024 // 1024} MB，不予读取")
    if data.startswith(b"%PDF"):
        from gongkai.report.parse.pdf import read_pdf

        doc = read_pdf(data, name)
    elif data.startswith(b"PK\x03\x04"):
        from gongkai.report.parse.docx import read_docx

        doc = read_docx(data, name)
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        from gongkai.report.parse.docx import read_legacy_word

        doc = read_legacy_word(data, name)
    else:
        archived = is_mhtml(data)
        # The file's sha256 stays that of the archive; only its page is read.
        text, note = _decode(page_of(data, label) if archived else data, label)
        if not text or text.isspace():
            raise ReportParseError(f"{label}：文件为空")
        if _JSON_START.match(text):
            try:
                payload = json.loads(text)
            except json.JSONDecodeError as exc:
                raise ReportParseError(f"{label}：JSON 格式错误（第{exc.lineno}行第{exc.colno}列：{exc.msg}）") from None
            try:
                return AnnualReport.from_dict(payload)
            except (KeyError, TypeError, ValueError) as exc:
                raise ReportParseError(f"{label}：不是 gongkai 年报 JSON（{exc}）") from None
        if archived or _HTML.search(text, 0, 200_000):
            from gongkai.report.parse.html import read_html

            doc = read_html(text, name)
            if archived:
                doc.notes.append("网页存档（MHTML）：已读取其中保存的网页")
        else:
            doc = read_text(text, name)
        if note:
            doc.notes.append(note)
    doc.sha256 = hashlib.sha256(data).hexdigest()
    return doc


def parse_bytes(data: bytes, name: str | None = None) -> AnnualReport:
    doc = read_document(data, name)
    if isinstance(doc, AnnualReport):
        return doc
    return assemble(doc)


def parse_text(text: str, name: str | None = None) -> AnnualReport:
    return parse_bytes(text.encode("utf-8"), name)


def parse_file(path: str | Path) -> AnnualReport:
    path = Path(path)
    try:
        with path.open("rb") as file:
            # Never more than the limit in memory: a huge file (or /dev/zero) is refused after it.
            if path.stat().st_size > MAX_BYTES:
                raise ReportParseError(f"{path}：文件超过 {MAX_BYTES // 1024 // 1024} MB，不予读取")
            data = file.read(MAX_BYTES + 1)
    except IsADirectoryError:
        raise ReportParseError(f"{path}：是目录，不是文件") from None
    except FileNotFoundError:
        raise ReportParseError(f"{path}：文件不存在") from None
    except PermissionError:
        raise ReportParseError(f"{path}：没有读取权限") from None
    except OSError as exc:
        raise ReportParseError(f"{path}：无法读取（{exc.strerror}）") from None
    try:
        return parse_bytes(data, path.name)
    except ReportParseError as exc:
        # The report keeps the file's name; a message names the path as given, so two files of the
        # same name in different folders are told apart.
        message = str(exc)
        if message.startswith(f"{path.name}：") and str(path) != path.name:
            raise ReportParseError(f"{path}{message[len(path.name):]}") from None
        raise
