"""Reader for Word documents: DOCX directly, DOC/WPS through a LibreOffice conversion (DOMAIN.md §10 Q23).

Body paragraphs and tables are read in document order. The table grid is rebuilt from the XML
itself (`w:gridSpan`, `w:vMerge`), one token per grid slot: the slot that holds a `w:tc` is its
origin, every other slot the cell covers is marked `merged` (python-docx would return the same
merged cell once per slot). Tracked changes are read as if all were accepted, and said so.

The zip is checked before it is parsed: a small file that inflates to gigabytes, or a table of a
million cells, is refused instead of exhausting memory.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from gongkai.report.model import Provenance
from gongkai.report.parse.errors import ReportParseError
from gongkai.report.parse.ir import Document, Para, Table, Token

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_P, _TBL, _TR, _TC, _SDT = f"{{{W}}}p", f"{{{W}}}tbl", f"{{{W}}}tr", f"{{{W}}}tc", f"{{{W}}}sdt"
_SDT_CONTENT, _CUSTOM_XML, _SMART_TAG = f"{{{W}}}sdtContent", f"{{{W}}}customXml", f"{{{W}}}smartTag"
_T, _TAB, _BR, _CR = f"{{{W}}}t", f"{{{W}}}tab", f"{{{W}}}br", f"{{{W}}}cr"
_DEL, _INS, _MOVE_FROM, _MOVE_TO = f"{{{W}}}del", f"{{{W}}}ins", f"{{{W}}}moveFrom", f"{{{W}}}moveTo"
_VAL = f"{{{W}}}val"
_R, _RPR, _VANISH = f"{{{W}}}r", f"{{{W}}}rPr", f"{{{W}}}vanish"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_ALTERNATE, _CHOICE, _FALLBACK = f"{{{_MC}}}AlternateContent", f"{{{_MC}}}Choice", f"{{{_MC}}}Fallback"
_OFF = frozenset({"0", "false", "off"})
# Properties hold revision marks of their own (an inserted paragraph mark is w:rPr/w:ins):
# they carry no text and must not be walked as content.
_NO_TEXT = frozenset({f"{{{W}}}pPr", f"{{{W}}}rPr", f"{{{W}}}tblPr", f"{{{W}}}trPr", f"{{{W}}}tcPr",
                      f"{{{W}}}tblGrid", f"{{{W}}}sectPr", f"{{{W}}}instrText", f"{{{W}}}delText",
                      _DEL, _MOVE_FROM})

# Limits for hostile input. The official tables have 4, 10 and 15 grid columns and at most 28 rows;
# these bounds are orders of magnitude above any real report.
MAX_ZIP_ENTRIES = 5_000
MAX_DOCUMENT_XML = 64 * 1024 * 1024  # uncompressed word/document.xml
MAX_UNCOMPRESSED = 256 * 1024 * 1024  # all entries together
MAX_RATIO = 200  # uncompressed / compressed for document.xml: XML compresses ~10x, bombs ~1000x
MAX_TABLES = 500
MAX_CELLS = 200_000  # grid slots over all tables
MAX_COLUMNS = 200
MAX_SPAN = 200
LEGACY_TIMEOUT = 120  # seconds for one LibreOffice conversion


# Everything the standard library raises on a damaged archive (seen with fuzzed files: a negative
# seek is a ValueError, a broken deflate stream a zlib.error).
_ZIP_ERRORS = (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError, ValueError, zlib.error)


def read_docx(data: bytes, name: str | None = None) -> Document:
    label = name or "输入"
    xml = _document_xml(data, label)
    try:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as exc:
        raise ReportParseError(f"{label}：Word 文档内容（word/document.xml）已损坏，无法解析（{exc}）") from None
    body = root.find(f"{{{W}}}body")
    if body is None:
        raise ReportParseError(f"{label}：Word 文档没有正文（word/document.xml 缺少 w:body）")
    reader = _Reader(Document(format="docx", name=name), label)
    reader.read(body)
    revisions = reader.revisions(body)
    if revisions:
        reader.doc.notes.append(f"文档含修订痕迹（{revisions}），已按接受全部修订后的文字读取，请核对")
    return reader.doc


def _document_xml(data: bytes, label: str) -> bytes:
    """word/document.xml, after checking the zip cannot inflate beyond the limits."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ReportParseError(f"{label}：ZIP 压缩包已损坏，不是可读取的 Word（DOCX）文件") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ZIP_ENTRIES:
            raise ReportParseError(f"{label}：压缩包内文件过多（{len(infos)} 个），不予读取")
        if sum(i.file_size for i in infos) > MAX_UNCOMPRESSED:
            raise ReportParseError(f"{label}：解压后超过 {MAX_UNCOMPRESSED // 1024 // 1024} MB，不予读取")
        main = _main_part(archive, label)
        info = archive.getinfo(main)
        if info.file_size > MAX_DOCUMENT_XML or (
                info.compress_size and info.file_size > 1024 * 1024 and info.file_size / info.compress_size > MAX_RATIO):
            raise ReportParseError(f"{label}：Word 正文解压后异常庞大（{info.file_size // 1024 // 1024} MB），疑为压缩炸弹，不予读取")
        try:
            # Read at most the declared size plus one byte: a lying header cannot inflate further.
            with archive.open(info) as handle:
                xml = handle.read(MAX_DOCUMENT_XML + 1)
        except _ZIP_ERRORS as exc:
            raise ReportParseError(f"{label}：ZIP 压缩包已损坏，无法读取 Word 正文（{exc}）") from None
        if len(xml) > MAX_DOCUMENT_XML:
            raise ReportParseError(f"{label}：Word 正文解压后超过 {MAX_DOCUMENT_XML // 1024 // 1024} MB，不予读取")
        return xml


def _main_part(archive: zipfile.ZipFile, label: str) -> str:
    """The main document part named by [Content_Types].xml (usually word/document.xml)."""
    names = set(archive.namelist())
    if "[Content_Types].xml" in names:
        try:
            types = etree.fromstring(archive.read("[Content_Types].xml")[:1_000_000])
        except (etree.XMLSyntaxError, *_ZIP_ERRORS):
            types = None
        if types is not None:
            for override in types:
                content_type = override.get("ContentType", "")
                if content_type.startswith("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main") \
                        or content_type.startswith("application/vnd.ms-word.document.macroEnabled.main") \
                        or content_type.startswith("application/vnd.ms-word.template.macroEnabledTemplate.main") \
                        or content_type.startswith("application/vnd.openxmlformats-officedocument.wordprocessingml.template.main"):
                    part = override.get("PartName", "").lstrip("/")
                    if part in names:
                        return part
    if "word/document.xml" in names:
        return "word/document.xml"
    if "xl/workbook.xml" in names:
        raise ReportParseError(f"{label}：是 Excel 表格文件，不是 Word 文档；请将年度报告另存为 DOCX 或 PDF 后导入")
    if "ppt/presentation.xml" in names:
        raise ReportParseError(f"{label}：是 PowerPoint 演示文稿，不是 Word 文档")
    raise ReportParseError(f"{label}：是 ZIP 压缩包，但不是 Word（DOCX）文档（缺少 word/document.xml）")


def _text(element: etree._Element) -> str:
    """Text as it reads with every tracked change accepted: insertions kept, deletions dropped."""
    out: list[str] = []

    def walk(node: etree._Element) -> None:
        for child in node:
            tag = child.tag
            if not isinstance(tag, str) or tag in _NO_TEXT:
                continue
            if tag == _R and _hidden(child):
                continue
            if tag == _ALTERNATE:
                # The same content twice (a text box as DrawingML and as VML): read one version only.
                version = child.find(_CHOICE)
                if version is None:
                    version = child.find(_FALLBACK)
                if version is not None:
                    walk(version)
            elif tag == _T:
                out.append(child.text or "")
            elif tag == _TAB:
                out.append("\t")
            elif tag in (_BR, _CR):
                out.append("\n")
            elif tag == _P and out and not out[-1].endswith("\n"):
                # Paragraphs inside one cell are lines of the cell.
                out.append("\n")
                walk(child)
            else:
                walk(child)

    walk(element)
    return "".join(out)


def _hidden(run: etree._Element) -> bool:
    """A run formatted as hidden text (w:vanish) is not shown or printed: it is no part of the value."""
    r_pr = run.find(_RPR)
    vanish = r_pr.find(_VANISH) if r_pr is not None else None
    return vanish is not None and vanish.get(_VAL, "true").lower() not in _OFF


def _cell_text(tc: etree._Element) -> str:
    """A cell's paragraphs as lines; a label wrapped over lines runs on (§5.2 matching drops spaces)."""
    lines = [line.strip() for line in _text(tc).split("\n")]
    return join_wrapped_lines([line for line in lines if line])


def join_wrapped_lines(lines: list[str]) -> str:
    """Lines of one cell as one text: Chinese wraps without a space, so none is added (a vertical
    label printed one character per line reads as one label). Between two Latin letters or digits a
    space stays: "1" over "2" in one cell is never silently read as 12 (§5.1 split numbers)."""
    out = ""
    for line in lines:
        if out and out[-1].isascii() and out[-1].isalnum() and line[0].isascii() and line[0].isalnum():
            out += " "
        out += line
    return out


def _int_attr(element: etree._Element | None, default: int) -> int:
    if element is None:
        return default
    try:
        return int(element.get(_VAL, default))
    except ValueError:
        return default


class _Reader:
    def __init__(self, doc: Document, label: str) -> None:
        self.doc = doc
        self.label = label
        self.paras = 0
        self.tables = 0
        self.cells = 0

    def read(self, container: etree._Element) -> None:
        for child in container:
            tag = child.tag
            if tag == _P:
                self._para(child)
            elif tag == _TBL:
                self._table(child)
            elif tag in (_SDT, _CUSTOM_XML, _SMART_TAG, _INS, _MOVE_TO):
                # Content controls and inserted blocks wrap ordinary paragraphs and tables.
                inner = child.find(_SDT_CONTENT) if tag == _SDT else child
                if inner is not None:
                    self.read(inner)

    def _para(self, p: etree._Element) -> None:
        index = self.paras
        self.paras += 1
        for line in _text(p).split("\n"):
            line = line.replace("\t", " ").strip()
            if line:
                self.doc.add(Para(line, Provenance(format="docx", row=index, note=f"第{index + 1}段")))

    def _table(self, tbl: etree._Element) -> None:
        if self.tables >= MAX_TABLES:
            raise ReportParseError(f"{self.label}：表格超过 {MAX_TABLES} 个，不予读取")
        if any(nested is not tbl for nested in tbl.iter(_TBL)):
            # A layout table (often one cell) holding the real tables: read its cells as body content,
            # so the nested tables are tables of their own and not flattened into one cell's text.
            for tr in _rows(tbl):
                for tc in _cells(tr):
                    self.read(tc)
            return
        index = self.tables
        self.tables += 1
        rows: list[list[Token]] = []
        # Grid column -> (origin row, origin column, text, span) of the vertical merge that is open there.
        open_merges: dict[int, tuple[int, int, str, int]] = {}
        for r, tr in enumerate(_rows(tbl)):
            tr_pr = tr.find(f"{{{W}}}trPr")
            col = _int_attr(tr_pr.find(f"{{{W}}}gridBefore") if tr_pr is not None else None, 0)
            col = min(max(col, 0), MAX_COLUMNS)
            row: list[Token] = []
            for tc in _cells(tr):
                tc_pr = tc.find(f"{{{W}}}tcPr")
                span = _int_attr(tc_pr.find(f"{{{W}}}gridSpan") if tc_pr is not None else None, 1)
                span = min(max(span, 1), MAX_SPAN)
                v_merge = tc_pr.find(f"{{{W}}}vMerge") if tc_pr is not None else None
                if col + span > MAX_COLUMNS:
                    raise ReportParseError(f"{self.label}：第{index + 1}个表格超过 {MAX_COLUMNS} 列，不予读取")
                self.cells += span
                if self.cells > MAX_CELLS:
                    raise ReportParseError(f"{self.label}：表格单元格总数超过 {MAX_CELLS} 个，不予读取")
                continuing = v_merge is not None and v_merge.get(_VAL, "continue") != "restart"
                if continuing and col in open_merges:
                    # The slot repeats the cell above: same w:tc content in Word, a merged slot here.
                    r0, c0, text, _ = open_merges[col]
                    for dc in range(span):
                        row.append(self._token(text, index, r, col + dc, merged=(r0, c0)))
                else:
                    text = _cell_text(tc)
                    for dc in range(span):
                        row.append(self._token(text, index, r, col + dc, merged=(r, col) if dc else None))
                    for c in range(col, col + span):
                        open_merges.pop(c, None)
                    if v_merge is not None:  # restart (or a stray continue with nothing above: a new origin)
                        open_merges[col] = (r, col, text, span)
                col += span
            rows.append(row)
        source = Provenance(format="docx", table=index)
        self.doc.add(Table.from_tokens(rows, source))

    @staticmethod
    def _token(text: str, table: int, row: int, column: int, merged: tuple[int, int] | None) -> Token:
        note = None if merged is None else f"合并单元格，起点第{merged[0] + 1}行第{merged[1] + 1}列"
        return Token(text, Provenance(format="docx", table=table, row=row, column=column, note=note),
                     merged=merged is not None)

    @staticmethod
    def revisions(body: etree._Element) -> str:
        counts = {"插入": 0, "删除": 0, "移动": 0}
        for element in body.iter(_INS, _DEL, _MOVE_TO):
            parent = element.getparent()
            if parent is not None and str(parent.tag).endswith("Pr"):
                continue  # a revision mark on a paragraph mark or a row carries no text of its own
            counts[{_INS: "插入", _DEL: "删除", _MOVE_TO: "移动"}[element.tag]] += 1
        return "、".join(f"{kind}{n}处" for kind, n in counts.items() if n)


def _rows(tbl: etree._Element) -> Iterator[etree._Element]:
    """Rows of a table, including rows wrapped in content controls or inserted as a revision."""
    for child in tbl:
        if child.tag == _TR:
            yield child
        elif child.tag in (_SDT, _CUSTOM_XML, _INS, _MOVE_TO):
            inner = child.find(_SDT_CONTENT) if child.tag == _SDT else child
            if inner is not None:
                yield from _rows(inner)


def _cells(tr: etree._Element) -> Iterator[etree._Element]:
    for child in tr:
        if child.tag == _TC:
            yield child
        elif child.tag in (_SDT, _CUSTOM_XML, _INS, _MOVE_TO):
            inner = child.find(_SDT_CONTENT) if child.tag == _SDT else child
            if inner is not None:
                yield from _cells(inner)


# --- DOC / WPS through LibreOffice ---------------------------------------------------------------


def _office() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_legacy_word(data: bytes, name: str | None = None) -> Document:
    """DOC and WPS files (OLE compound files) are converted to DOCX with LibreOffice, then read."""
    label = name or "输入"
    office = _office()
    if office is None:
        raise ReportParseError(
            f"{label}：是旧版 Word（DOC）或 WPS 格式，读取前需要用 LibreOffice 转换为 DOCX，但本机未安装 LibreOffice"
            "（找不到 soffice 或 libreoffice 命令）。请安装 LibreOffice，或将文件另存为 DOCX 或 PDF 后再导入")
    suffix = Path(name).suffix.lower() if name else ""
    if suffix not in (".doc", ".wps", ".dot", ".wpt"):
        suffix = ".doc"
    with tempfile.TemporaryDirectory(prefix="gongkai-word-") as tmp:
        source = Path(tmp) / f"input{suffix}"
        source.write_bytes(data)
        out_dir = Path(tmp) / "out"
        out_dir.mkdir()
        profile = Path(tmp) / "profile"
        # A private profile: two conversions at once would otherwise fight over the user's profile lock.
        command = [office, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                   "--convert-to", "docx", "--outdir", str(out_dir), str(source)]
        env = {**os.environ, "HOME": tmp}
        try:
            completed = subprocess.run(command, capture_output=True, timeout=LEGACY_TIMEOUT, env=env,
                                       stdin=subprocess.DEVNULL, check=False)
        except subprocess.TimeoutExpired:
            raise ReportParseError(f"{label}：LibreOffice 转换超过 {LEGACY_TIMEOUT} 秒未完成，文件可能已损坏") from None
        except OSError as exc:
            raise ReportParseError(f"{label}：无法启动 LibreOffice 转换（{exc.strerror or exc}）") from None
        converted = out_dir / "input.docx"
        if completed.returncode != 0 or not converted.is_file():
            detail = (completed.stderr or completed.stdout or b"").decode("utf-8", "replace").strip()[:200]
            raise ReportParseError(
                f"{label}：LibreOffice 未能把该文件转换为 DOCX，文件可能已损坏或不是 Word/WPS 文档"
                + (f"（{detail}）" if detail else ""))
        doc = read_docx(converted.read_bytes(), name)
    doc.format = "docx"
    doc.notes.append(f"原文件为旧版 Word/WPS 格式，已用 LibreOffice 转换为 DOCX 后读取（{Path(office).name}）")
    return doc
