"""DOCX as real Word files write it: styles, revisions, fields, content controls, text boxes, odd
packages. Each fixture is a rendered report whose XML is edited the way Word (or WPS) would have it."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable

import pytest
from lxml import etree

from gongkai.report.generate import random_report
from gongkai.report.model import AnnualReport, Cell, Kind, make_cell
from gongkai.report.parse import ReportParseError, parse_bytes, read_document
from gongkai.report.parse.ir import Table
from gongkai.report.render.docx import render_docx

from .docx_parts import edit_document as _edit
from .docx_parts import rewrite as _rewrite

WNS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{WNS}}}"
VML = "urn:schemas-microsoft-com:vml"
KEY = "t3.new_received.natural_person"  # the first value of table 三 ("一、本年新收…" row)
ROW = "本年新收政府信息公开申请数量"


def _xml(fragment: str) -> list[etree._Element]:
    root = etree.fromstring(f'<root xmlns:w="{WNS}" xmlns:v="{VML}">{fragment}</root>')
    return list(root)


def _row(root: etree._Element, label: str = ROW) -> etree._Element:
    return next(tr for tr in root.iter(f"{W}tr") if label in "".join(tr.itertext()))


def _value_run(root: etree._Element, raw: str) -> etree._Element:
    return next(run for run in _row(root).iter(f"{W}r") if "".join(run.itertext()) == raw)


def _report() -> tuple[AnnualReport, bytes, Cell]:
    report = random_report("2021", 1)
    return report, render_docx(report), report.cells[KEY]


def _value_after(edit_run: Callable[[etree._Element], None], **parts: Callable[[str], str]) -> tuple[Cell, Cell]:
    """Table 三's first value as read after `edit_run` changed the run that prints it, and as generated."""
    _, data, original = _report()
    edited = _edit(data, lambda root: edit_run(_value_run(root, original.raw)), **parts)
    return parse_bytes(edited, "edited.docx").cell(KEY), original


def _all_read_back(report: AnnualReport, data: bytes, name: str = "edited.docx") -> None:
    parsed = parse_bytes(data, name)
    assert parsed.tables_found == {"t2": True, "t3": True, "t4": True}
    wrong = [k for k in report.cells
             if (parsed.cell(k).kind, parsed.cell(k).value, parsed.cell(k).raw)
             != (report.cells[k].kind, report.cells[k].value, report.cells[k].raw)]
    assert not wrong, wrong[:5]
    assert [s.number for s in parsed.sections] == [1, 2, 3, 4, 5, 6]


def _before(fragment: str) -> Callable[[etree._Element], None]:
    def edit(run: etree._Element) -> None:
        for element in _xml(fragment):
            run.addprevious(element)
    return edit


def _after(fragment: str) -> Callable[[etree._Element], None]:
    def edit(run: etree._Element) -> None:
        for element in reversed(_xml(fragment)):
            run.addnext(element)
    return edit


# --- text hidden through a style ------------------------------------------------------------------

HIDDEN_STYLES = (
    '<w:style w:type="character" w:customStyle="1" w:styleId="HiddenChar"><w:name w:val="Hidden Char"/>'
    '<w:rPr><w:vanish/></w:rPr></w:style>'
    # Hidden only through w:basedOn: its own properties say nothing about hiding.
    '<w:style w:type="character" w:customStyle="1" w:styleId="HiddenChild"><w:name w:val="Hidden Child"/>'
    '<w:basedOn w:val="HiddenChar"/><w:rPr><w:color w:val="FF0000"/></w:rPr></w:style>'
    '<w:style w:type="paragraph" w:customStyle="1" w:styleId="HiddenPara"><w:name w:val="Hidden Para"/>'
    '<w:rPr><w:vanish/></w:rPr></w:style>'
    '<w:style w:type="character" w:customStyle="1" w:styleId="Raised"><w:name w:val="Raised"/>'
    '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>')


def _with_styles(xml: str) -> str:
    return xml.replace("</w:styles>", HIDDEN_STYLES + "</w:styles>")


@pytest.mark.parametrize("style", ["HiddenChar", "HiddenChild"])
def test_text_hidden_by_a_character_style_is_not_read(style):
    cell, original = _value_after(_before(f'<w:r><w:rPr><w:rStyle w:val="{style}"/></w:rPr><w:t>9</w:t></w:r>'),
                                  styles=_with_styles)
    assert (cell.kind, cell.value, cell.raw) == (original.kind, original.value, original.raw)


def test_direct_formatting_shows_text_of_a_hidden_style():
    # w:vanish w:val="0" on the run itself overrides the style: the 9 is printed, so it is read.
    cell, original = _value_after(_before('<w:r><w:rPr><w:rStyle w:val="HiddenChar"/><w:vanish w:val="0"/></w:rPr>'
                                          '<w:t>9</w:t></w:r><w:r><w:rPr><w:rStyle w:val="HiddenChar"/></w:rPr>'
                                          '<w:t>8</w:t></w:r>'), styles=_with_styles)
    assert cell.raw == "9" + original.raw


def test_paragraph_hidden_by_a_paragraph_style_is_not_read():
    def edit(run):
        for element in _xml('<w:p><w:pPr><w:pStyle w:val="HiddenPara"/></w:pPr><w:r><w:t>999</w:t></w:r></w:p>'):
            run.getparent().addprevious(element)

    cell, original = _value_after(edit, styles=_with_styles)
    assert (cell.kind, cell.value, cell.raw) == (original.kind, original.value, original.raw)


# --- revisions --------------------------------------------------------------------------------------


def test_a_table_row_deleted_as_a_revision_is_not_read():
    report, data, _ = _report()

    def edit(root):
        # The row retyped: the old one (999s) deleted as a revision, the new one left in place.
        row = _row(root)
        old = copy.deepcopy(row)
        for t in old.iter(f"{W}t"):
            if t.text and t.text.isdigit():
                t.text = "999"
        old.find(f"{W}trPr").append(_xml('<w:del w:id="5" w:author="a" w:date="2024-01-01T00:00:00Z"/>')[0])
        row.addprevious(old)

    edited = _edit(data, edit)
    _all_read_back(report, edited)
    assert any("删除1处" in note for note in read_document(edited, "edited.docx").notes)


def test_a_cell_deleted_as_a_revision_is_not_read():
    report, data, _ = _report()

    def edit(root):
        cells = _row(root).findall(f"{W}tc")
        cells[1].addprevious(_xml('<w:tc><w:tcPr><w:cellDel w:id="3" w:author="a"/></w:tcPr>'
                                  '<w:p><w:r><w:t>999</w:t></w:r></w:p></w:tc>')[0])

    _all_read_back(report, _edit(data, edit))


def test_a_deleted_paragraph_mark_joins_the_lines_of_a_cell():
    # "1", a paragraph mark deleted as a revision, "6": accepted, the cell reads 16.
    def edit(run):
        run.find(f"{W}t").text = run.find(f"{W}t").text[1:]
        for element in _xml('<w:p><w:pPr><w:rPr><w:del w:id="7" w:author="a"/></w:rPr></w:pPr>'
                            '<w:r><w:t>1</w:t></w:r></w:p>'):
            run.getparent().addprevious(element)

    cell, original = _value_after(edit)
    assert original.raw == "16"
    assert (cell.kind, cell.value, cell.raw) == (Kind.NUMBER, 16, "16")


# --- fields -----------------------------------------------------------------------------------------


def _field(code: str) -> Callable[[etree._Element], None]:
    """The value run as the result of a complex field whose code is `code` (runs)."""
    def edit(run):
        _before(f'<w:r><w:fldChar w:fldCharType="begin"/></w:r>{code}'
                '<w:r><w:fldChar w:fldCharType="separate"/></w:r>')(run)
        _after('<w:r><w:fldChar w:fldCharType="end"/></w:r>')(run)
    return edit


def test_a_field_shows_its_result_and_never_its_code():
    # IF { =1 } = 1 "16" "0": the nested field's cached result "1" lies inside the outer field's code.
    nested = ('<w:r><w:instrText xml:space="preserve"> IF </w:instrText></w:r>'
              '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> =1 </w:instrText></w:r>'
              '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
              '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
              '<w:r><w:instrText xml:space="preserve"> = 1 "16" "0" </w:instrText></w:r>')
    cell, original = _value_after(_field(nested))
    assert (cell.kind, cell.value, cell.raw) == (original.kind, original.value, original.raw)


# --- content controls -------------------------------------------------------------------------------


def test_a_content_control_showing_its_placeholder_reads_blank():
    def edit(run):
        control = _xml('<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:r>'
                       '<w:rPr><w:rStyle w:val="PlaceholderText"/></w:rPr><w:t>单击或点击此处输入文字。</w:t>'
                       '</w:r></w:sdtContent></w:sdt>')[0]
        run.addprevious(control)
        run.getparent().remove(run)

    _, data, original = _report()
    edited = _edit(data, lambda root: edit(_value_run(root, original.raw)))
    assert parse_bytes(edited, "form.docx").cell(KEY).kind is Kind.BLANK
    assert any("占位" in note for note in read_document(edited, "form.docx").notes)


# --- marks inside a run -----------------------------------------------------------------------------


def test_a_non_breaking_hyphen_is_read():
    def edit(run):
        run.remove(run.find(f"{W}t"))
        run.append(_xml("<w:noBreakHyphen/>")[0])

    cell, _ = _value_after(edit)
    assert (cell.kind, cell.raw) == (Kind.PLACEHOLDER, "-")


def test_a_symbol_is_kept():
    # A Wingdings check mark after the value is printed: the cell is not silently a plain 16.
    cell, original = _value_after(_after('<w:r><w:sym w:font="Wingdings" w:char="F0FE"/></w:r>'))
    assert cell.raw == original.raw + "\uf0fe"


@pytest.mark.parametrize("mark", [
    '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:t>1</w:t></w:r>',
    '<w:r><w:rPr><w:rStyle w:val="Raised"/></w:rPr><w:t>1</w:t></w:r>',
    '<w:r><w:footnoteReference w:customMarkFollows="1" w:id="1"/><w:t>1</w:t></w:r>',
])
def test_a_raised_note_mark_is_no_digit_of_the_value(mark):
    # 16 followed by a superscript "1" (a note mark) is not 161: the number's remark, as HTML's <sup> reads.
    cell, original = _value_after(_after(mark), styles=_with_styles)
    assert cell.raw == f"{original.raw}（1）"
    assert (cell.kind, cell.value, cell.note) == (Kind.ANNOTATED, original.value, "1")


def test_ruby_text_is_not_read():
    cell, original = _value_after(_before(
        '<w:ruby><w:rubyPr/><w:rt><w:r><w:t>yi</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>1</w:t></w:r></w:rubyBase></w:ruby>'))
    assert cell.raw == "1" + original.raw


# --- text boxes -------------------------------------------------------------------------------------


def test_a_body_set_in_a_text_box_is_read_as_paragraphs_and_tables():
    report = random_report("2021", 5)
    # Blank cells: flattened into one paragraph's lines they would vanish and shift the row.
    report.cells["t3.granted.research"] = make_cell("t3.granted.research", "")
    report.cells["t3.new_received.commercial"] = make_cell("t3.new_received.commercial", "")

    def edit(root):
        body = root.find(f"{W}body")
        content = [child for child in body if child.tag != f"{W}sectPr"]
        anchor = _xml('<w:p><w:r><w:pict><v:shape><v:textbox><w:txbxContent/></v:textbox></v:shape></w:pict></w:r></w:p>')[0]
        box = next(anchor.iter(f"{W}txbxContent"))
        for child in content:
            box.append(child)
        body.insert(0, anchor)

    edited = _edit(render_docx(report), edit)
    assert sum(isinstance(block, Table) for block in read_document(edited, "box.docx").blocks) == 3
    _all_read_back(report, edited, "box.docx")


def test_a_text_box_anchored_in_a_value_cell_is_not_part_of_the_value():
    cell, original = _value_after(_after(
        '<w:r><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>单位：件</w:t></w:r></w:p>'
        '</w:txbxContent></v:textbox></v:shape></w:pict></w:r>'))
    assert (cell.kind, cell.value, cell.raw) == (original.kind, original.value, original.raw)


# --- packages ---------------------------------------------------------------------------------------

PACKAGE_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                '<Relationship Id="rId1" Target="/word/main.xml" '
                'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
                '</Relationships>')


def test_main_part_named_only_by_the_package_relationships():
    report, data, original = _report()
    # The main part is word/main.xml; [Content_Types].xml covers it by its Default for .xml only.
    hidden = _edit(data, lambda root: _before(
        '<w:r><w:rPr><w:rStyle w:val="HiddenChar"/></w:rPr><w:t>9</w:t></w:r>')(_value_run(root, original.raw)),
        styles=_with_styles)
    moved = _rewrite(hidden, {
        "[Content_Types].xml": lambda xml: re.sub(r'<Override PartName="/word/document.xml"[^>]*/>', "", xml),
        "_rels/.rels": lambda _: PACKAGE_RELS,
    }, renames={"word/document.xml": "word/main.xml", "word/_rels/document.xml.rels": "word/_rels/main.xml.rels"})
    _all_read_back(report, moved)  # the styles are found through word/_rels/main.xml.rels


def test_strict_ooxml_is_read():
    report, data, _ = _report()

    def strict(xml: str) -> str:
        return xml.replace(WNS, "http://purl.oclc.org/ooxml/wordprocessingml/main")

    _all_read_back(report, _rewrite(data, {"word/document.xml": strict, "word/styles.xml": strict}), "strict.docx")


def test_a_body_embedded_as_an_alternative_format_chunk_is_a_clear_error():
    _, data, _ = _report()

    def edit(root):
        body = root.find(f"{W}body")
        for child in [child for child in body if child.tag != f"{W}sectPr"]:
            body.remove(child)
        body.insert(0, etree.fromstring(
            f'<w:altChunk xmlns:w="{WNS}" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId99"/>'))

    with pytest.raises(ReportParseError, match="altChunk"):
        parse_bytes(_edit(data, edit), "exported.docx")


def test_an_embedded_excel_table_is_named_in_the_notes():
    _, data, _ = _report()

    def edit(root):
        # Table 三 pasted from Excel as an embedded object: Word shows a picture of it, the numbers stay
        # in word/embeddings/, out of reach of this reader.
        body = root.find(f"{W}body")
        table = body.findall(f"{W}tbl")[1]
        table.addprevious(etree.fromstring(
            f'<w:p xmlns:w="{WNS}" xmlns:v="{VML}" xmlns:o="urn:schemas-microsoft-com:office:office" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:r><w:object>'
            '<v:shape id="_x0000_i1025" style="width:400pt;height:300pt"/>'
            '<o:OLEObject Type="Embed" ProgID="Excel.Sheet.12" ShapeID="_x0000_i1025" DrawAspect="Content" '
            'ObjectID="_1" r:id="rId99"/></w:object></w:r></w:p>'))
        body.remove(table)

    notes = read_document(_edit(data, edit), "excel.docx").notes
    assert any("Excel" in note for note in notes)
