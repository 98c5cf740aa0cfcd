"""DOCX: generated reports (merged cells) read back exactly; the blank official template; hostile input."""

from __future__ import annotations

import io
import os
import stat
import zipfile
from pathlib import Path

import pytest

from gongkai.report.generate import random_report
from gongkai.report.model import Kind
from gongkai.report.parse import ReportParseError, parse_bytes, read_document
from gongkai.report.parse import docx as docx_reader
from gongkai.report.parse.ir import Table
from gongkai.report.render.docx import render_docx

from .corpus import CORPUS
from .docx_parts import rewrite

TEMPLATE = CORPUS / "peer" / "govnianbao" / "政务公开年报模版.docx"


def _same(parsed, original, key):
    a, b = parsed.cell(key), original.cells[key]
    return (a.kind, a.value, a.raw) == (b.kind, b.value, b.raw)


@pytest.mark.parametrize("version", ["2019", "2021"])
def test_generated_docx_reads_back_every_cell(version):
    for seed in range(4):
        report = random_report(version, seed)
        parsed = parse_bytes(render_docx(report), "report.docx")
        assert parsed.template == version
        assert (parsed.year, parsed.agency) == (report.year, report.agency)
        assert parsed.tables_found == {"t2": True, "t3": True, "t4": True}
        wrong = [k for k in report.cells if not _same(parsed, report, k)]
        assert not wrong, (seed, wrong[:5])
        assert [s.number for s in parsed.sections] == [1, 2, 3, 4, 5, 6]


def test_docx_tables_keep_the_official_merges():
    doc = read_document(render_docx(random_report("2021", 1)), "r.docx")
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    assert [len(t.rows[0]) for t in tables] == [4, 10, 15]  # full grid width in every row
    t3 = tables[1]
    # The note spans 3 rows x 3 columns: one origin, eight merged slots, all deduplicated.
    note = [t for row in t3.rows[:3] for t in row[:3]]
    assert [t.merged for t in note].count(False) == 1
    group = [row[0] for row in t3.rows[5:27]]
    assert group[0].text == "三、本年度办理结果" and not group[0].merged
    assert all(t.merged for t in group[1:])
    assert group[1].source.note == "合并单元格，起点第6行第1列"


def test_docx_provenance_names_table_row_and_grid_column():
    report = random_report("2021", 2)
    parsed = parse_bytes(render_docx(report), "r.docx")
    cell = parsed.cell("t3.new_received.natural_person")
    assert (cell.source.format, cell.source.table, cell.source.row, cell.source.column) == ("docx", 1, 3, 3)
    total = parsed.cell("t4.litigation_after_review.total")
    assert (total.source.table, total.source.row, total.source.column) == (2, 3, 14)
    licensing = parsed.cell("t2.art20_5.licensing.decisions")
    assert (licensing.source.table, licensing.source.row, licensing.source.column) == (0, 6, 1)
    heading = parsed.section(3)
    assert heading.source.format == "docx" and heading.source.row is not None


def test_text_cells_and_blank_cells_survive():
    report = random_report("2021", 5)
    from gongkai.report.model import make_cell

    report.cells["t3.granted.commercial"] = make_cell("t3.granted.commercial", "55（含自然失效29件）")
    report.cells["t3.granted.research"] = make_cell("t3.granted.research", "")
    report.cells["t3.granted.other_org"] = make_cell("t3.granted.other_org", "详见附件")
    parsed = parse_bytes(render_docx(report), "r.docx")
    annotated = parsed.cell("t3.granted.commercial")
    assert (annotated.kind, annotated.value, annotated.note) == (Kind.ANNOTATED, 55, "含自然失效29件")
    assert parsed.cell("t3.granted.research").kind is Kind.BLANK
    assert parsed.cell("t3.granted.other_org").raw == "详见附件"


def _rewrite(data: bytes, edit) -> bytes:
    return rewrite(data, {"word/document.xml": edit})


def test_tracked_changes_read_as_accepted_and_noted():
    report = random_report("2021", 3)
    raw = report.cells["t3.new_received.natural_person"].raw

    def edit(xml: str) -> str:
        # The first value of table 三 (its "一、本年新收…" row): typed "999", then corrected.
        run = f'<w:t xml:space="preserve">{raw}</w:t></w:r>'
        anchor = xml.index("一、本年新收政府信息公开申请数量")
        at = xml.index(run, anchor)
        start = xml.rindex("<w:r>", 0, at)
        old = xml[start:at + len(run)]
        tracked = ('<w:del w:id="901" w:author="x" w:date="2024-01-01T00:00:00Z"><w:r><w:delText>999</w:delText></w:r></w:del>'
                   f'<w:ins w:id="902" w:author="x" w:date="2024-01-01T00:00:00Z">{old}</w:ins>')
        return xml[:start] + tracked + xml[start + len(old):]

    data = _rewrite(render_docx(report), edit)
    doc = read_document(data, "tracked.docx")
    assert any("修订" in note and "插入1处" in note and "删除1处" in note for note in doc.notes)
    parsed = parse_bytes(data, "tracked.docx")
    assert parsed.cell("t3.new_received.natural_person").raw == raw
    assert any("修订" in f.message for f in parsed.parse_findings)


def test_paragraphs_and_tables_are_in_document_order():
    doc = read_document(render_docx(random_report("2019", 4)), "r.docx")
    kinds = []
    for block in doc.blocks:
        if isinstance(block, Table):
            kinds.append("T")
        elif block.startswith(("二、", "三、", "四、")) and len(block) < 30:
            kinds.append(block[:2])
    assert kinds == ["二、", "T", "三、", "T", "四、", "T"]
    assert all(doc.para_source(i).note.startswith("第") for i, _ in doc.paragraphs())


def test_blank_official_template_locates_all_tables_with_blank_cells():
    parsed = parse_bytes(TEMPLATE.read_bytes(), TEMPLATE.name)
    assert parsed.template == "2021"
    assert parsed.tables_found == {"t2": True, "t3": True, "t4": True}
    kinds = {cell.kind for cell in parsed.cells.values()}
    assert kinds == {Kind.BLANK}
    assert len(parsed.cells) == 200
    assert [s.number for s in parsed.sections] == [1, 2, 3, 4, 5, 6]


@pytest.mark.parametrize("data", [b"PK\x03\x04broken", b"PK\x03\x04" + b"\x00" * 64])
def test_corrupt_zip_is_refused(data):
    with pytest.raises(ReportParseError, match="ZIP"):
        parse_bytes(data, "bad.docx")


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in entries.items():
            archive.writestr(name, body)
    return out.getvalue()


def test_zip_that_is_not_word_is_refused():
    with pytest.raises(ReportParseError, match="Excel"):
        parse_bytes(_zip({"xl/workbook.xml": b"<x/>"}), "book.xlsx")
    with pytest.raises(ReportParseError, match="不是 Word"):
        parse_bytes(_zip({"hello.txt": b"hi"}), "files.zip")
    # China's fixed-layout format and OpenDocument are named, with what to do.
    with pytest.raises(ReportParseError, match=r"是 OFD 版式文件.*另存为 PDF 后导入"):
        parse_bytes(_zip({"OFD.xml": b"<ofd:OFD/>", "Doc_0/Document.xml": b"<x/>"}), "report.ofd")
    with pytest.raises(ReportParseError, match=r"是 OpenDocument 文档.*另存为 DOCX 或 PDF"):
        parse_bytes(_zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}),
                    "report.odt")


def test_corrupt_document_xml_is_refused():
    with pytest.raises(ReportParseError, match="已损坏"):
        parse_bytes(_zip({"word/document.xml": b"<w:document><w:body>"}), "broken.docx")


def test_zip_bomb_is_refused_before_inflating(monkeypatch):
    monkeypatch.setattr(docx_reader, "MAX_DOCUMENT_XML", 1024 * 1024)
    bomb = _zip({"word/document.xml": b" " * (3 * 1024 * 1024)})
    assert len(bomb) < 20_000
    with pytest.raises(ReportParseError, match="不予读取"):
        parse_bytes(bomb, "bomb.docx")


def test_huge_table_is_refused(monkeypatch):
    monkeypatch.setattr(docx_reader, "MAX_CELLS", 500)
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    row = "<w:tr>" + "<w:tc><w:p/></w:tc>" * 10 + "</w:tr>"
    xml = f"<w:document {w}><w:body><w:tbl>{row * 60}</w:tbl></w:body></w:document>"
    with pytest.raises(ReportParseError, match="单元格总数"):
        parse_bytes(_zip({"word/document.xml": xml.encode()}), "huge.docx")
    wide = f'<w:document {w}><w:body><w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="100000"/></w:tcPr></w:tc>' \
           + "<w:tc/>" * 3 + "</w:tr></w:tbl></w:body></w:document>"
    with pytest.raises(ReportParseError, match="超过"):
        parse_bytes(_zip({"word/document.xml": wide.encode()}), "wide.docx")


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def test_legacy_word_without_libreoffice_says_what_is_needed(monkeypatch):
    monkeypatch.setattr(docx_reader.shutil, "which", lambda name: None)
    with pytest.raises(ReportParseError, match="LibreOffice"):
        parse_bytes(OLE, "report.doc")


def _fake_office(tmp_path: Path, script: str) -> Path:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    office = bin_dir / "soffice"
    office.write_text(script)
    office.chmod(office.stat().st_mode | stat.S_IEXEC)
    return bin_dir


def test_legacy_word_is_converted_with_libreoffice(tmp_path, monkeypatch):
    report = random_report("2021", 6)
    converted = tmp_path / "converted.docx"
    converted.write_bytes(render_docx(report))
    # A stand-in for soffice that "converts" by copying a DOCX into --outdir, as LibreOffice does.
    bin_dir = _fake_office(tmp_path, f"""#!/bin/sh
while [ "$#" -gt 0 ]; do
  case "$1" in --outdir) shift; out="$1";; esac
  last="$1"; shift
done
base=$(basename "$last"); cp "{converted}" "$out/${{base%.*}}.docx"
""")
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    parsed = parse_bytes(OLE, "report.wps")
    assert parsed.cell("t3.total.total").value == report.cells["t3.total.total"].value
    assert any("LibreOffice" in f.message for f in parsed.parse_findings)


def test_failed_conversion_is_a_clear_error(tmp_path, monkeypatch):
    bin_dir = _fake_office(tmp_path, "#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 1\n")
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    with pytest.raises(ReportParseError, match="未能把该文件转换为 DOCX"):
        parse_bytes(OLE, "report.doc")


# --- Word features real reports use (built from a rendered report, edited as Word would write it) ---

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"


def _edit_tree(data: bytes, edit) -> bytes:
    from lxml import etree

    def rewrite(xml: str) -> str:
        root = etree.fromstring(xml.encode("utf-8"))
        edit(root)
        return etree.tostring(root, encoding="unicode")

    return _rewrite(data, rewrite)


def _value_run(root, raw: str):
    """The run holding the first value of table 三's "一、本年新收…" row."""
    for tr in root.iter(f"{_W}tr"):
        if "本年新收政府信息公开申请数量" in "".join(tr.itertext()):
            for run in tr.iter(f"{_W}r"):
                if "".join(run.itertext()) == raw:
                    return run
    raise AssertionError("value run not found")


def _value_read_after(edit_run, name: str):
    """Table 三's first value as read after `edit_run` changed the run that prints it, and as generated."""
    report = random_report("2021", 1)
    original = report.cells["t3.new_received.natural_person"]

    def edit(root):
        edit_run(_value_run(root, original.raw))

    return parse_bytes(_edit_tree(render_docx(report), edit), name).cell(original.key), original


def test_hidden_text_in_a_value_cell_is_not_read():
    from lxml import etree

    def edit(run):
        hidden = etree.fromstring(
            f'<w:r xmlns:w="{_W[1:-1]}"><w:rPr><w:vanish/></w:rPr><w:t>999</w:t></w:r>')
        shown = etree.fromstring(  # w:vanish w:val="0" switches hiding off: that text stays
            f'<w:r xmlns:w="{_W[1:-1]}"><w:rPr><w:vanish w:val="0"/></w:rPr><w:t></w:t></w:r>')
        run.addprevious(hidden)
        run.addnext(shown)

    cell, original = _value_read_after(edit, "hidden.docx")
    assert (cell.kind, cell.value) == (original.kind, original.value)


def test_alternate_content_is_read_once():
    import copy

    from lxml import etree

    def edit(run):
        # Word writes a text box or a newer feature twice: mc:Choice and an mc:Fallback copy.
        alternate = etree.Element(f"{_MC}AlternateContent")
        choice = etree.SubElement(alternate, f"{_MC}Choice", Requires="wps")
        fallback = etree.SubElement(alternate, f"{_MC}Fallback")
        run.addprevious(alternate)
        fallback.append(copy.deepcopy(run))
        choice.append(run)

    cell, original = _value_read_after(edit, "alternate.docx")
    assert (cell.kind, cell.value) == (original.kind, original.value)


@pytest.mark.parametrize("whole_document", [False, True])
def test_tables_inside_a_layout_table_are_read(whole_document):
    from lxml import etree

    report = random_report("2019", 2)

    def layout(children) -> etree._Element:
        outer = etree.fromstring(f'<w:tbl xmlns:w="{_W[1:-1]}"><w:tblPr/><w:tblGrid><w:gridCol w:w="9000"/>'
                                 '</w:tblGrid><w:tr><w:tc/></w:tr></w:tbl>')
        cell = outer.find(f"{_W}tr/{_W}tc")
        for child in children:
            cell.append(child)
        cell.append(etree.Element(f"{_W}p"))  # Word ends every cell with a paragraph
        return outer

    def edit(root):
        body = root.find(f"{_W}body")
        if whole_document:
            body.insert(0, layout([c for c in body if c.tag != f"{_W}sectPr"]))
        else:
            for table in body.findall(f"{_W}tbl"):
                index = body.index(table)
                body.insert(index, layout([table]))

    parsed = parse_bytes(_edit_tree(render_docx(report), edit), "layout.docx")
    assert parsed.tables_found == {"t2": True, "t3": True, "t4": True}
    assert not [k for k in report.cells if not _same(parsed, report, k)]
    assert [s.number for s in parsed.sections] == [1, 2, 3, 4, 5, 6]
