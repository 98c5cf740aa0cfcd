"""Reader for Word documents: DOCX directly, DOC/WPS through a LibreOffice conversion (DOMAIN.md §10 Q23).

Body paragraphs and tables are read in document order. The table grid is rebuilt from the XML
itself (`w:gridSpan`, `w:vMerge`), one token per grid slot: the slot that holds a `w:tc` is its
origin, every other slot the cell covers is marked `merged` (python-docx would return the same
merged cell once per slot). Tracked changes are read as if all were accepted, and said so.
Text is read as Word shows it: hidden text (directly or through a style) is left out, a field shows its
result and never its code, and a text box is read as paragraphs and tables of its own.

The zip is checked before it is parsed: a small file that inflates to gigabytes, or a table of a
million cells, is refused instead of exhausting memory.
"""

from __future__ import annotations

import io
import os
import posixpath
import shutil
import subprocess
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

from gongkai.report.model import Provenance
from gongkai.report.parse.errors import ReportParseError
from gongkai.report.parse.headings import take_heading_row
from gongkai.report.parse.ir import Document, Para, Table, Token

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_P, _TBL, _TR, _TC, _SDT = f"{{{W}}}p", f"{{{W}}}tbl", f"{{{W}}}tr", f"{{{W}}}tc", f"{{{W}}}sdt"
_SDT_CONTENT, _CUSTOM_XML, _SMART_TAG = f"{{{W}}}sdtContent", f"{{{W}}}customXml", f"{{{W}}}smartTag"
_T, _TAB, _BR, _CR = f"{{{W}}}t", f"{{{W}}}tab", f"{{{W}}}br", f"{{{W}}}cr"
_DEL, _INS, _MOVE_FROM, _MOVE_TO = f"{{{W}}}del", f"{{{W}}}ins", f"{{{W}}}moveFrom", f"{{{W}}}moveTo"
# A picture's data: DrawingML's blip, VML's imagedata (a w:drawing may hold only a text box).
_BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
_IMAGEDATA = "{urn:schemas-microsoft-com:vml}imagedata"
_VAL = f"{{{W}}}val"
_R, _RPR, _VANISH = f"{{{W}}}r", f"{{{W}}}rPr", f"{{{W}}}vanish"
_PPR, _PSTYLE, _RSTYLE, _VERT_ALIGN = f"{{{W}}}pPr", f"{{{W}}}pStyle", f"{{{W}}}rStyle", f"{{{W}}}vertAlign"
_FLD_CHAR, _FLD_CHAR_TYPE = f"{{{W}}}fldChar", f"{{{W}}}fldCharType"
_NO_BREAK_HYPHEN, _SYM, _PTAB = f"{{{W}}}noBreakHyphen", f"{{{W}}}sym", f"{{{W}}}ptab"
_TXBX, _FOOTNOTE_REF, _ENDNOTE_REF = f"{{{W}}}txbxContent", f"{{{W}}}footnoteReference", f"{{{W}}}endnoteReference"
_CUSTOM_MARK, _SDT_PR, _PLACEHOLDER = f"{{{W}}}customMarkFollows", f"{{{W}}}sdtPr", f"{{{W}}}showingPlcHdr"
_TR_PR, _TC_PR, _CELL_DEL = f"{{{W}}}trPr", f"{{{W}}}tcPr", f"{{{W}}}cellDel"
# ISO/IEC 29500 Strict: the same vocabulary under another namespace (Word's "Strict Open XML" save).
W_STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_ALTERNATE, _CHOICE, _FALLBACK = f"{{{_MC}}}AlternateContent", f"{{{_MC}}}Choice", f"{{{_MC}}}Fallback"
_OFF = frozenset({"0", "false", "off"})
# Properties hold revision marks of their own (an inserted paragraph mark is w:rPr/w:ins):
# they carry no text and must not be walked as content.
_NO_TEXT = frozenset({f"{{{W}}}pPr", f"{{{W}}}rPr", f"{{{W}}}tblPr", f"{{{W}}}trPr", f"{{{W}}}tcPr",
                      f"{{{W}}}tblGrid", f"{{{W}}}sectPr", f"{{{W}}}instrText", f"{{{W}}}delText",
                      f"{{{W}}}delInstrText", f"{{{W}}}sdtPr", f"{{{W}}}sdtEndPr", _DEL, _MOVE_FROM,
                      # Ruby text is a reading aid printed above the base text, not part of it.
                      f"{{{W}}}rt"})

# Limits for hostile input. The official tables have 4, 10 and 15 grid columns and at most 28 rows;
# these bounds are orders of magnitude above any real report.
MAX_ZIP_ENTRIES = 5_000
MAX_DOCUMENT_XML = 64 * 1024 * 1024  # uncompressed word/document.xml
MAX_SIDE_PART = 16 * 1024 * 1024  # uncompressed styles and relationships
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
    xml, styles_xml = _parts(data, label)
    try:
        root = _parse(xml)
    except etree.XMLSyntaxError as exc:
        raise ReportParseError(f"{label}：Word 文档内容（word/document.xml）已损坏，无法解析（{exc}）") from None
    body = root.find(f"{{{W}}}body")
    if body is None:
        raise ReportParseError(f"{label}：Word 文档没有正文（word/document.xml 缺少 w:body）")
    doc = Document(format="docx", name=name)
    try:
        styles = _Styles.read(styles_xml)
    except etree.XMLSyntaxError:
        styles = None
        doc.notes.append("Word 样式表（word/styles.xml）已损坏，未能据以判断哪些文字被样式设为隐藏，请核对")
    reader = _Reader(doc, label, _Text(styles, xml, body))
    reader.read(body)
    _embedded(xml, body, doc, label)
    revisions = reader.revisions(body)
    if revisions:
        reader.doc.notes.append(f"文档含修订痕迹（{revisions}），已按接受全部修订后的文字读取，请核对")
    if reader.placeholders:
        reader.doc.notes.append(f"文档有{reader.placeholders}处内容控件未填写，只显示占位提示文字，已按空白读取")
    return reader.doc


def _embedded(xml: bytes, body: etree._Element, doc: Document, label: str) -> None:
    """Content Word shows but keeps outside document.xml: say so rather than read a report without it."""
    chunks = sum(1 for _ in body.iter(f"{{{W}}}altChunk")) if b"altChunk" in xml else 0
    if chunks and not doc.blocks:
        raise ReportParseError(
            f"{label}：Word 文档的正文是嵌入的外部内容（altChunk，常见于网页或办公系统导出的 Word），无法直接读取；"
            "请用 Word 或 WPS 打开后另存为 DOCX 或 PDF 再导入")
    if chunks:
        doc.notes.append(f"文档有{chunks}处嵌入的外部内容（altChunk），这部分未读取；"
                         "请用 Word 或 WPS 打开后另存为 DOCX 再导入")
    if b"Excel.Sheet" in xml:
        sheets = sum(1 for ole in body.iter("{urn:schemas-microsoft-com:office:office}OLEObject")
                     if str(ole.get("ProgID", "")).startswith("Excel.Sheet"))
        if sheets:
            doc.notes.append(f"文档有{sheets}个嵌入的 Excel 表格对象，其中的数字未读取；"
                             "如年报表格以此方式插入，请在 Word 中将其转换为普通表格后再导入")


def _parse(xml: bytes) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    root = etree.fromstring(xml, parser)
    if isinstance(root.tag, str) and root.tag.startswith(f"{{{W_STRICT}}}"):
        # Strict OOXML uses the transitional vocabulary under another namespace name: rename, then read alike.
        root = etree.fromstring(xml.replace(W_STRICT.encode(), W.encode()), parser)
    return root


def _parts(data: bytes, label: str) -> tuple[bytes, bytes | None]:
    """The main document part and the styles part, after checking the zip cannot inflate beyond the limits."""
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
        # Part names are case-insensitive (OPC); zip entry names are not.
        names = {info.filename.lower(): info.filename for info in infos}
        main = _main_part(archive, names, label)
        xml = _read_part(archive, main, MAX_DOCUMENT_XML, label, "正文")
        styles = _related(archive, names, main, "styles")
        if styles is None and _rels_name(main).lower() not in names:
            styles = names.get("word/styles.xml")
        return xml, None if styles is None else _read_part(archive, styles, MAX_SIDE_PART, label, "样式表")


def _read_part(archive: zipfile.ZipFile, name: str, limit: int, label: str, what: str) -> bytes:
    info = archive.getinfo(name)
    if info.file_size > limit or (
            info.compress_size and info.file_size > 1024 * 1024 and info.file_size / info.compress_size > MAX_RATIO):
        raise ReportParseError(f"{label}：Word {what}解压后异常庞大（{info.file_size // 1024 // 1024} MB），疑为压缩炸弹，不予读取")
    try:
        # Read at most the declared size plus one byte: a lying header cannot inflate further.
        with archive.open(info) as handle:
            xml = handle.read(limit + 1)
    except _ZIP_ERRORS as exc:
        raise ReportParseError(f"{label}：ZIP 压缩包已损坏，无法读取 Word {what}（{exc}）") from None
    if len(xml) > limit:
        raise ReportParseError(f"{label}：Word {what}解压后超过 {limit // 1024 // 1024} MB，不予读取")
    return xml


_MAIN_TYPES = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main",
               "application/vnd.ms-word.document.macroEnabled.main",
               "application/vnd.ms-word.template.macroEnabledTemplate.main",
               "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main")


def _main_part(archive: zipfile.ZipFile, names: dict[str, str], label: str) -> str:
    """The main document part: named by [Content_Types].xml or by the package relationships
    (usually word/document.xml, but a generator may call it anything)."""
    if "[content_types].xml" in names:
        try:
            types = etree.fromstring(archive.read(names["[content_types].xml"])[:1_000_000])
        except (etree.XMLSyntaxError, *_ZIP_ERRORS):
            types = None
        if types is not None:
            for override in types:
                if override.get("ContentType", "").startswith(_MAIN_TYPES):
                    part = names.get(override.get("PartName", "").lstrip("/").lower())
                    if part is not None:
                        return part
    main = _related(archive, names, "", "officeDocument")
    if main is not None:
        return main
    if "word/document.xml" in names:
        return names["word/document.xml"]
    if "xl/workbook.xml" in names:
        raise ReportParseError(f"{label}：是 Excel 表格文件，不是 Word 文档；请将年度报告另存为 DOCX 或 PDF 后导入")
    if "ppt/presentation.xml" in names:
        raise ReportParseError(f"{label}：是 PowerPoint 演示文稿，不是 Word 文档")
    if "ofd.xml" in names:
        raise ReportParseError(f"{label}：是 OFD 版式文件，gongkai 暂不能直接读取；请用 OFD 阅读器（如数科、福昕、WPS）"
                               "另存为 PDF 后导入")
    if "content.xml" in names and "mimetype" in names:
        raise ReportParseError(f"{label}：是 OpenDocument 文档（ODT 等，LibreOffice 或 WPS 保存），不是 Word 文档；"
                               "请另存为 DOCX 或 PDF 后导入")
    raise ReportParseError(f"{label}：是 ZIP 压缩包，但不是 Word（DOCX）文档（缺少 word/document.xml）")


def _rels_name(part: str) -> str:
    folder, _, base = part.rpartition("/")
    return f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"


def _related(archive: zipfile.ZipFile, names: dict[str, str], part: str, kind: str) -> str | None:
    """The part that `part` ("" for the package) names as its relationship of type `kind` (the last
    segment of the type URI, so that the Strict URIs match as well), if it is in the archive."""
    rels = names.get(_rels_name(part).lower())
    if rels is None or archive.getinfo(rels).file_size > MAX_SIDE_PART:
        return None
    try:
        root = etree.fromstring(archive.read(rels), etree.XMLParser(resolve_entities=False, no_network=True))
    except (etree.XMLSyntaxError, *_ZIP_ERRORS):
        return None
    folder = part.rpartition("/")[0]
    for rel in root:
        if str(rel.get("Type", "")).rsplit("/", 1)[-1] != kind or rel.get("TargetMode") == "External":
            continue
        target = unquote(rel.get("Target", ""))
        path = posixpath.normpath(target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target))
        if path.lower() in names:
            return names[path.lower()]
    return None


def _on(element: etree._Element | None) -> bool | None:
    """An on/off property: None when absent, so that a style or direct formatting can leave it alone."""
    if element is None:
        return None
    return element.get(_VAL, "true").lower() not in _OFF


class _Styles:
    """What the styles of styles.xml do to text: hide it (w:vanish) or raise it (superscript, subscript).

    Hiding is a toggle property (ECMA-376 §17.7.3): within one style the nearest w:basedOn that says
    anything decides; across the document defaults, the paragraph style and the character style each
    level that switches it on flips it; direct formatting on the run decides outright.
    """

    __slots__ = ("character_styles", "default_character", "default_paragraph", "hidden", "hidden_characters",
                 "hidden_paragraphs", "paragraph_styles", "raised_characters")

    def __init__(self) -> None:
        self.hidden = False  # the document defaults hide all text
        self.hidden_paragraphs: frozenset[str] = frozenset()
        self.hidden_characters: frozenset[str] = frozenset()
        self.raised_characters: frozenset[str] = frozenset()
        self.default_paragraph: str | None = None
        self.default_character: str | None = None
        # Whether any paragraph style, or any character style, hides or raises text at all.
        self.paragraph_styles = False
        self.character_styles = False

    @classmethod
    def read(cls, xml: bytes | None) -> _Styles | None:
        """None when no style hides or raises text (nearly every document: nothing to look up per run)."""
        if xml is None or (b"vanish" not in xml and b"vertAlign" not in xml):
            return None
        root = _parse(_without_table_styles(xml))
        styles = cls()
        defaults = root.find(f"{{{W}}}docDefaults/{{{W}}}rPrDefault/{_RPR}")
        styles.hidden = bool(defaults is not None and _on(defaults.find(_VANISH)))
        # style id -> (type, basedOn, hidden, raised)
        table: dict[str, tuple[str, str | None, bool | None, bool | None]] = {}
        for style in root.iter(f"{{{W}}}style"):
            style_id = style.get(f"{{{W}}}styleId")
            if style_id is None:
                continue
            kind = style.get(f"{{{W}}}type", "paragraph")
            based = style.find(f"{{{W}}}basedOn")
            r_pr = style.find(_RPR)
            hidden = raised = None
            if r_pr is not None:
                hidden = _on(r_pr.find(_VANISH))
                align = r_pr.find(_VERT_ALIGN)
                if align is not None:
                    raised = align.get(_VAL) in _RAISED
            table[style_id] = (kind, None if based is None else based.get(_VAL), hidden, raised)
            if style.get(f"{{{W}}}default", "0").lower() in ("1", "true", "on"):
                if kind == "paragraph":
                    styles.default_paragraph = style_id
                elif kind == "character":
                    styles.default_character = style_id

        def resolve(style_id: str, field: int) -> bool:
            seen: set[str] = set()
            current: str | None = style_id
            while current is not None and current in table and current not in seen:
                seen.add(current)
                entry = table[current]
                if entry[field] is not None:
                    return bool(entry[field])
                current = entry[1]
            return False

        styles.hidden_paragraphs = frozenset(s for s, e in table.items() if e[0] == "paragraph" and resolve(s, 2))
        styles.hidden_characters = frozenset(s for s, e in table.items() if e[0] == "character" and resolve(s, 2))
        styles.raised_characters = frozenset(s for s, e in table.items() if e[0] == "character" and resolve(s, 3))
        styles.paragraph_styles = styles.hidden or bool(styles.hidden_paragraphs)
        styles.character_styles = bool(styles.hidden_characters or styles.raised_characters)
        return styles

    def paragraph_hidden(self, p: etree._Element) -> bool:
        """Whether the styles hide the runs of paragraph `p` (before the runs' own styles and formatting)."""
        if not self.paragraph_styles:
            return False
        p_pr = p.find(_PPR)
        style = p_pr.find(_PSTYLE) if p_pr is not None else None
        style_id = self.default_paragraph if style is None else style.get(_VAL)
        return self.hidden ^ (style_id in self.hidden_paragraphs)



def _without_table_styles(xml: bytes) -> bytes:
    """styles.xml without its table styles: they are most of its bulk (a python-docx file carries 300 KB
    of them) and never hide or raise text here. Word writes w:type first; any other order is parsed."""
    pieces, start = [], 0
    while (begin := xml.find(b'<w:style w:type="table"', start)) >= 0:
        tag_end = xml.find(b">", begin)
        if tag_end < 0:
            break
        if xml[tag_end - 1:tag_end] == b"/":
            end = tag_end + 1  # an empty style: its end tag is the next style's
        else:
            end = xml.find(b"</w:style>", tag_end)
            if end < 0:
                break
            end += len(b"</w:style>")
        pieces.append(xml[start:begin])
        start = end
    return b"".join(pieces) + xml[start:] if pieces else xml


_RAISED = frozenset({"superscript", "subscript"})


def _run_of(mark: etree._Element) -> etree._Element | None:
    """The run whose own properties (w:r/w:rPr) hold `mark`; None for a paragraph mark's or a style's."""
    r_pr = mark.getparent()
    run = r_pr.getparent() if r_pr is not None and r_pr.tag == _RPR else None
    return run if run is not None and run.tag == _R else None


class _Text:
    """Text of paragraphs and cells as Word shows it, with every tracked change accepted."""

    def __init__(self, styles: _Styles | None, xml: bytes, body: etree._Element) -> None:
        self.styles = styles
        # What the document uses at all, from its raw XML: most documents have no hidden or raised
        # text and no deletions, and then no run or paragraph needs looking at twice.
        # (XML in UTF-16 hides these words from a byte search: then everything is looked at.)
        wide = b"\x00" in xml[:200]
        self.pictures = wide or b"blip" in xml or b"imagedata" in xml  # any picture in the text
        # Direct formatting of runs, found in one pass over the tree rather than looked up run by run:
        # hidden or not (w:vanish), raised or not (w:vertAlign), and the character style where it matters.
        self.hidden_runs: dict[etree._Element, bool] = {}
        self.raised_runs: dict[etree._Element, bool] = {}
        self.run_styles: dict[etree._Element, str | None] = {}
        if wide or b"vanish" in xml:
            for mark in body.iter(_VANISH):
                run = _run_of(mark)
                if run is not None:
                    self.hidden_runs[run] = mark.get(_VAL, "true").lower() not in _OFF
        if wide or b"vertAlign" in xml:
            for mark in body.iter(_VERT_ALIGN):
                run = _run_of(mark)
                if run is not None:
                    self.raised_runs[run] = mark.get(_VAL) in _RAISED
        if wide or b"customMarkFollows" in xml:
            # A note reference with its own mark: the run's text is the mark, printed raised like one.
            for mark in body.iter(_FOOTNOTE_REF, _ENDNOTE_REF):
                run = mark.getparent()
                if run is not None and run.tag == _R and mark.get(_CUSTOM_MARK, "0").lower() in ("1", "true", "on"):
                    self.raised_runs[run] = True
        if styles is not None and styles.character_styles:
            for mark in body.iter(_RSTYLE):
                run = _run_of(mark)
                if run is not None:
                    self.run_styles[run] = mark.get(_VAL)
        self.formatted = styles is not None or bool(self.hidden_runs) or bool(self.raised_runs)
        # Rows and cells deleted as revisions, and paragraphs whose mark was deleted (they join the next).
        self.deleted: set[etree._Element] = set()
        if wide or any(mark in xml for mark in (b"del ", b"del>", b"del/>", b"moveFrom", b"cellDel")):
            for mark in body.iter(_DEL, _MOVE_FROM, _CELL_DEL):
                parent = mark.getparent()
                owner = parent.getparent() if parent is not None else None
                if owner is None:
                    continue
                if parent.tag in (_TR_PR, _TC_PR):
                    self.deleted.add(owner)
                elif parent.tag == _RPR and owner.tag == _PPR and owner.getparent() is not None:
                    self.deleted.add(owner.getparent())
        # Text boxes met on the way (w:txbxContent): read afterwards as paragraphs and tables of their own.
        self.boxes: list[etree._Element] = []
        self.placeholders = 0

    def __call__(self, element: etree._Element) -> str:
        out: list[str] = []
        styles, formatted, deleted = self.styles, self.formatted, self.deleted
        hidden_runs, raised_runs, run_styles = self.hidden_runs, self.raised_runs, self.run_styles
        # One entry per open field: True while its code is read (until w:fldChar separate), False for its
        # result. Text inside the code (a nested field's result) is an instruction, never shown.
        fields: list[bool] = []
        joined = False  # the previous paragraph's mark was deleted: this paragraph runs on

        def walk(node: etree._Element, paragraph_hidden: bool) -> None:
            nonlocal joined
            for child in node:
                tag = child.tag
                if not isinstance(tag, str) or tag in _NO_TEXT:
                    continue
                if tag == _R:
                    if not formatted:
                        walk(child, False)
                        continue
                    hidden = hidden_runs.get(child)
                    raised = raised_runs.get(child)
                    if styles is not None and (hidden is None or raised is None):
                        style_id = run_styles.get(child, styles.default_character)
                        if hidden is None:
                            hidden = paragraph_hidden ^ (style_id in styles.hidden_characters)
                        if raised is None:
                            raised = style_id in styles.raised_characters
                    if hidden:
                        # A hidden run shows nothing, but a field boundary in it still counts.
                        for mark in child.iter(_FLD_CHAR):
                            field_char(mark)
                        continue
                    if raised:
                        # A superscript footnote mark "1" after 16 is no digit of the value: keep it apart.
                        start = len(out)
                        walk(child, paragraph_hidden)
                        shown = "".join(out[start:])
                        mark = shown.strip()
                        if mark and mark[0] not in "（(［[【" and "".join(out[:start]).rstrip()[-1:].isdigit():
                            # After a number it is that number's remark, as the HTML reader reads <sup>:
                            # 16 with mark 1 is "16（1）", the annotated 16 (§3.7).
                            out[start:] = ["（", mark, "）"]
                        elif mark:
                            if not shown.startswith(" ") and not (start and out[start - 1].endswith(" ")):
                                out.insert(start, " ")
                            out.append(" ")
                    else:
                        walk(child, paragraph_hidden)
                elif tag == _T:
                    if not (fields and True in fields):
                        out.append(child.text or "")
                elif tag == _FLD_CHAR:
                    field_char(child)
                elif tag == _P:
                    if out and not joined and not out[-1].endswith("\n"):
                        out.append("\n")  # paragraphs inside one cell are lines of the cell
                    walk(child, styles.paragraph_hidden(child) if styles is not None else False)
                    joined = bool(deleted) and child in deleted
                elif tag == _ALTERNATE:
                    # The same content twice (a text box as DrawingML and as VML): read one version only.
                    version = child.find(_CHOICE)
                    if version is None:
                        version = child.find(_FALLBACK)
                    if version is not None:
                        walk(version, paragraph_hidden)
                elif tag == _TXBX:
                    self.boxes.append(child)
                elif tag == _SDT and _placeholder(child):
                    self.placeholders += 1
                elif tag in _SHOWN:
                    if not (fields and True in fields):
                        out.append(_SHOWN[tag])
                elif tag == _SYM:
                    if not (fields and True in fields):
                        out.append(_symbol(child))
                elif tag in (_FOOTNOTE_REF, _ENDNOTE_REF):
                    if child.get(_CUSTOM_MARK, "0").lower() in ("1", "true", "on"):
                        out.append(" ")  # the text that follows is the note's own mark, not content
                else:
                    walk(child, paragraph_hidden)

        def field_char(mark: etree._Element) -> None:
            kind = mark.get(_FLD_CHAR_TYPE)
            if kind == "begin":
                fields.append(True)
            elif kind == "separate" and fields:
                fields[-1] = False
            elif kind == "end" and fields:
                fields.pop()

        if element.tag == _P:
            walk(element, styles.paragraph_hidden(element) if styles is not None else False)
        else:
            walk(element, False)
        return "".join(out)


# What a run shows for these marks. A soft hyphen shows only where a line breaks: nothing here.
_SHOWN = {_TAB: "\t", _PTAB: "\t", _BR: "\n", _CR: "\n", _NO_BREAK_HYPHEN: "-", f"{{{W}}}softHyphen": ""}


def _symbol(sym: etree._Element) -> str:
    """A w:sym character (often a Wingdings private-use code point): kept, so it is never silently lost."""
    try:
        code = int(sym.get(f"{{{W}}}char", ""), 16)
    except ValueError:
        return "\ufffd"
    return chr(code) if 0 < code < 0x110000 and not 0xD800 <= code < 0xE000 else "\ufffd"


def _placeholder(sdt: etree._Element) -> bool:
    """A content control showing its placeholder ("单击或点击此处输入文字"): nothing was filled in."""
    sdt_pr = sdt.find(_SDT_PR)
    return sdt_pr is not None and bool(_on(sdt_pr.find(_PLACEHOLDER)))


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


def _in_text_box(element: etree._Element, stop: etree._Element) -> bool:
    for ancestor in element.iterancestors():
        if ancestor is stop:
            return False
        if ancestor.tag == _TXBX:
            return True
    return False


class _Reader:
    def __init__(self, doc: Document, label: str, text: _Text) -> None:
        self.doc = doc
        self.label = label
        self.text = text
        self.paras = 0
        self.tables = 0
        self.cells = 0

    @property
    def placeholders(self) -> int:
        return self.text.placeholders

    def read(self, container: etree._Element) -> None:
        for child in container:
            tag = child.tag
            if tag == _P:
                self._para(child)
            elif tag == _TBL:
                self._table(child)
            elif tag in (_SDT, _CUSTOM_XML, _SMART_TAG, _INS, _MOVE_TO):
                # Content controls and inserted blocks wrap ordinary paragraphs and tables.
                if tag == _SDT and _placeholder(child):
                    self.text.placeholders += 1
                    continue
                inner = child.find(_SDT_CONTENT) if tag == _SDT else child
                if inner is not None:
                    self.read(inner)

    def _para(self, p: etree._Element) -> None:
        index = self.paras
        self.paras += 1
        if self.text.pictures:
            for _ in p.iter(_BLIP, _IMAGEDATA):
                self.doc.add_image(f"第{index + 1}段的图片")
        for line in self.text(p).split("\n"):
            line = line.replace("\t", " ").strip()
            if line:
                self.doc.add(Para(line, Provenance(format="docx", row=index, note=f"第{index + 1}段")))
        self._boxes()

    def _boxes(self) -> None:
        """The text boxes anchored in what was just read, as paragraphs and tables after it."""
        boxes, self.text.boxes = self.text.boxes, []
        for box in boxes:
            self.read(box)

    def _cell_text(self, tc: etree._Element) -> str:
        """A cell's paragraphs as lines; a label wrapped over lines runs on (§5.2 matching drops spaces)."""
        lines = [line.strip() for line in self.text(tc).split("\n")]
        return join_wrapped_lines([line for line in lines if line])

    def _table(self, tbl: etree._Element) -> None:
        if self.tables >= MAX_TABLES:
            raise ReportParseError(f"{self.label}：表格超过 {MAX_TABLES} 个，不予读取")
        if any(nested is not tbl and not _in_text_box(nested, tbl) for nested in tbl.iter(_TBL)):
            # A layout table (often one cell) holding the real tables: read its cells as body content,
            # so the nested tables are tables of their own and not flattened into one cell's text.
            for tr in _rows(tbl, self.text.deleted):
                for tc in _cells(tr, self.text.deleted):
                    self.read(tc)
            return
        index = self.tables
        self.tables += 1
        rows: list[list[Token]] = []
        # Grid column -> (origin row, origin column, text, span) of the vertical merge that is open there.
        open_merges: dict[int, tuple[int, int, str, int]] = {}
        deleted = self.text.deleted
        for r, tr in enumerate(_rows(tbl, deleted)):
            tr_pr = tr.find(_TR_PR)
            col = _int_attr(tr_pr.find(f"{{{W}}}gridBefore") if tr_pr is not None else None, 0)
            col = min(max(col, 0), MAX_COLUMNS)
            row: list[Token] = []
            for tc in _cells(tr, deleted):
                tc_pr = tc.find(_TC_PR)
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
                    text = self._cell_text(tc)
                    for dc in range(span):
                        row.append(self._token(text, index, r, col + dc, merged=(r, col) if dc else None))
                    for c in range(col, col + span):
                        open_merges.pop(c, None)
                    if v_merge is not None:  # restart (or a stray continue with nothing above: a new origin)
                        open_merges[col] = (r, col, text, span)
                col += span
            rows.append(row)
        table = Table.from_tokens(rows, Provenance(format="docx", table=index))
        heading = take_heading_row(table)
        if heading is not None:
            self.doc.add(heading)
        self.doc.add(table)
        self._boxes()

    @staticmethod
    def _token(text: str, table: int, row: int, column: int, merged: tuple[int, int] | None) -> Token:
        note = None if merged is None else f"合并单元格，起点第{merged[0] + 1}行第{merged[1] + 1}列"
        return Token(text, Provenance(format="docx", table=table, row=row, column=column, note=note),
                     merged=merged is not None)

    @staticmethod
    def revisions(body: etree._Element) -> str:
        counts = {"插入": 0, "删除": 0, "移动": 0}
        for element in body.iter(_INS, _DEL, _MOVE_TO, _CELL_DEL):
            parent = element.getparent()
            if parent is not None and parent.tag != _TR_PR and str(parent.tag).endswith("Pr"):
                continue  # a revision mark on a paragraph mark carries no text of its own (a row's does)
            counts[{_INS: "插入", _DEL: "删除", _MOVE_TO: "移动", _CELL_DEL: "删除"}[element.tag]] += 1
        return "、".join(f"{kind}{n}处" for kind, n in counts.items() if n)


def _rows(tbl: etree._Element, deleted: set[etree._Element]) -> Iterator[etree._Element]:
    """Rows of a table, including rows wrapped in content controls or inserted as a revision; a row
    deleted as a revision is gone once the changes are accepted."""
    for child in tbl:
        if child.tag == _TR:
            if not deleted or child not in deleted:
                yield child
        elif child.tag in (_SDT, _CUSTOM_XML, _INS, _MOVE_TO):
            inner = child.find(_SDT_CONTENT) if child.tag == _SDT else child
            if inner is not None:
                yield from _rows(inner, deleted)


def _cells(tr: etree._Element, deleted: set[etree._Element]) -> Iterator[etree._Element]:
    for child in tr:
        if child.tag == _TC:
            if not deleted or child not in deleted:  # a cell deleted as a revision is gone
                yield child
        elif child.tag in (_SDT, _CUSTOM_XML, _INS, _MOVE_TO):
            inner = child.find(_SDT_CONTENT) if child.tag == _SDT else child
            if inner is not None:
                yield from _cells(inner, deleted)


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
