"""Structure of the rendered report: official layout, exact labels, every value, valid JSON."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from lxml import html as lxml_html

from gongkai.report.generate import random_report
from gongkai.report.model import AnnualReport, Kind, Section
from gongkai.report.render import (
    LAYOUTS,
    render_flat_text,
    render_html,
    render_lines,
    render_markdown,
    render_pipe_rows,
    render_runtogether,
    render_spaced,
    render_wrapped_labels,
)
from gongkai.report.spec import (
    SECTION_TITLES,
    SPECS,
    T2_HEADER_FIRST,
    T3_APPLICANT,
    T3_NOTE,
    T3_ORG,
    T3_RESULTS_GROUP,
    TemplateSpec,
)

VERSIONS = tuple(SPECS)


def all_labels(spec: TemplateSpec) -> list[str]:
    """Every label a rendered table must print, straight from the spec."""
    labels = [T2_HEADER_FIRST, T3_NOTE, T3_APPLICANT, T3_ORG, *spec.t3_group_labels]
    for block in spec.t2_blocks:
        labels += [block.caption, *(c.label for c in block.columns), *(r.label for r in block.rows)]
    labels += [r.label for r in spec.t3_rows] + [c.label for c in spec.t3_columns]
    labels += [b.label for b in spec.t4_blocks] + [b.parent for b in spec.t4_blocks if b.parent]
    labels += [c.label for c in spec.t4_columns]
    return list(dict.fromkeys(labels))


def report_with_edits(version: str, seed: int = 7) -> AnnualReport:
    report = random_report(version, seed)
    keys = report.canonical_keys()
    # A blank, a placeholder, a signed value and digits as printed (full width) somewhere in each table.
    edits = {keys[1]: "", keys[3]: "-", keys[-1]: "", keys[-3]: "+2", keys[40]: "—", keys[41]: "１２"}
    for key, raw in edits.items():
        report = report.with_cell(key, raw)
    return report


# --- HTML ----------------------------------------------------------------------------------


def tables(page: str) -> dict[str, lxml_html.HtmlElement]:
    doc = lxml_html.fromstring(page)
    return {t.get("data-table"): t for t in doc.iter("table")}


def rows(table: lxml_html.HtmlElement) -> list[list[lxml_html.HtmlElement]]:
    return [list(tr.iterchildren("td", "th")) for tr in table.iter("tr")]


def span(cell: lxml_html.HtmlElement) -> tuple[int, int]:
    return int(cell.get("rowspan", "1")), int(cell.get("colspan", "1"))


def expand(table: lxml_html.HtmlElement) -> list[list[lxml_html.HtmlElement | None]]:
    """The full grid, as a reader builds it (§5.1): each cell at its top-left slot, None elsewhere."""
    grid: list[list[lxml_html.HtmlElement | None]] = []
    covered: set[tuple[int, int]] = set()
    for r, cells in enumerate(rows(table)):
        line: list[lxml_html.HtmlElement | None] = []
        c = 0
        for cell in cells:
            while (r, c) in covered:
                line.append(None)
                c += 1
            rs, cs = span(cell)
            line.append(cell)
            line.extend([None] * (cs - 1))
            covered.update((r + i, c + j) for i in range(rs) for j in range(cs))
            c += cs
        while (r, c) in covered:
            line.append(None)
            c += 1
        grid.append(line)
    return grid


@pytest.mark.parametrize("version", VERSIONS)
def test_html_is_a_standalone_page(version: str) -> None:
    report = random_report(version, 1)
    page = render_html(report)
    assert page.startswith("<!DOCTYPE html>")
    doc = lxml_html.fromstring(page)
    assert doc.get("lang") == "zh-CN"
    assert doc.find(".//meta[@charset]") is not None
    assert "@page" in doc.findtext(".//style") and "@media print" in doc.findtext(".//style")
    # Standalone: nothing is fetched from elsewhere.
    assert not doc.xpath("//script | //link | //img | //*[@src]")
    title = f"{report.agency}{report.year}年政府信息公开工作年度报告"
    assert doc.findtext(".//h1") == title and doc.findtext(".//title") == title
    assert [h.text for h in doc.iter("h2")] == list(SECTION_TITLES)
    # Each table sits in its section, after the section's text.
    for number, table in ((2, "t2"), (3, "t3"), (4, "t4")):
        section = doc.xpath("//section")[number - 1]
        assert section.findtext("h2") == SECTION_TITLES[number - 1]
        assert section.findtext("p") == report.section(number).text
        assert [t.get("data-table") for t in section.iter("table")] == [table]


@pytest.mark.parametrize("version", VERSIONS)
def test_html_grids_are_rectangular(version: str) -> None:
    widths = {"t2": 4, "t3": 10, "t4": 15}
    for name, table in tables(render_html(random_report(version, 2))).items():
        assert {len(line) for line in expand(table)} == {widths[name]}, name


@pytest.mark.parametrize("version", VERSIONS)
def test_html_table_2_blocks(version: str) -> None:
    spec = SPECS[version]
    table = tables(render_html(random_report(version, 3)))["t2"]
    grid = rows(table)
    i = 0
    for block in spec.t2_blocks:
        caption = grid[i]
        assert [(c.tag, c.text_content(), span(c)) for c in caption] == [("th", block.caption, (1, 4))]
        header = grid[i + 1]
        assert header[0].text_content() == T2_HEADER_FIRST
        n = len(block.columns)
        labels = [c.text_content() for c in header[1:1 + n]]
        assert labels == [c.label for c in block.columns]
        if n == 1:  # 2021 （五）（六）（八）: the value column spans the value area
            assert span(header[1]) == (1, 3) and len(header) == 2
        else:  # 2019 （八）（九） end with an empty cell, as in the seed
            assert len(header) == 4 and all(c.text_content() == "" for c in header[1 + n:])
        for j, row in enumerate(block.rows):
            data = grid[i + 2 + j]
            assert data[0].text_content() == row.label
            keys = [c.get("data-key") for c in data[1:1 + n]]
            assert keys == [f"t2.{block.key}.{row.key}.{c.key}" for c in block.columns]
            assert [span(c) for c in data] == [span(c) for c in header]
        i += 2 + len(block.rows)
    assert i == len(grid)


@pytest.mark.parametrize("version", VERSIONS)
def test_html_table_3_header_and_groups(version: str) -> None:
    spec = SPECS[version]
    table = tables(render_html(random_report(version, 4)))["t3"]
    head = table.find("thead")
    assert head is not None and len(head.findall("tr")) == 3
    grid = rows(table)
    assert [(c.text_content(), span(c)) for c in grid[0]] == [(T3_NOTE, (3, 3)), (T3_APPLICANT, (1, 7))]
    assert [(c.text_content(), span(c)) for c in grid[1]] == [
        ("自然人", (2, 1)), (T3_ORG, (1, 5)), ("总计", (2, 1))]
    org = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    assert [c.text_content() for c in grid[2]] == org

    body = grid[3:]
    assert len(body) == len(spec.t3_rows) == {"2019": 23, "2021": 25}[version]
    groups = {c.text_content(): span(c) for line in body for c in line if "group" in (c.get("class") or "")}
    expected = {T3_RESULTS_GROUP: (20 if version == "2019" else 22, 1),
                "（三）不予公开": (8, 1), "（四）无法提供": (3, 1), "（五）不予处理": (5, 1)}
    if version == "2021":
        expected["（六）其他处理"] = (3, 1)
    assert groups == expected
    assert body[2][0].text_content() == T3_RESULTS_GROUP  # the group cell opens on row 3

    # Label colspans (§2.4): 3 for rows 1, 2, 23; 2 for rows 3, 4, 22 and 2019 row 21; else 1.
    wide = {"new_received": 3, "carried_over": 3, "carry_forward": 3, "granted": 2, "partial": 2,
            "total": 2, "other": 2}
    for row, line in zip(spec.t3_rows, body, strict=True):
        values = [c for c in line if c.get("data-key")]
        assert [c.get("data-key") for c in values] == [f"t3.{row.key}.{c.key}" for c in spec.t3_columns]
        label = line[len(line) - len(values) - 1]
        assert label.text_content() == row.label
        assert span(label) == (1, wide.get(row.key, 1)), row.key
    if version == "2019":
        other = body[[r.key for r in spec.t3_rows].index("other")]
        assert other[0].text_content() == "（六）其他处理" and len(other) == 8


@pytest.mark.parametrize("version", VERSIONS)
def test_html_table_4_two_level_header(version: str) -> None:
    table = tables(render_html(random_report(version, 5)))["t4"]
    grid = rows(table)
    assert [(c.text_content(), span(c)) for c in grid[0]] == [("行政复议", (1, 5)), ("行政诉讼", (1, 10))]
    five = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert [(c.text_content(), span(c)) for c in grid[1]] == [
        *((t, (2, 1)) for t in five), ("未经复议直接起诉", (1, 5)), ("复议后起诉", (1, 5))]
    assert [c.text_content() for c in grid[2]] == five * 2
    keys = [c.get("data-key") for c in grid[3]]
    assert keys == [f"t4.{b}.{c}" for b in ("reconsideration", "litigation_direct", "litigation_after_review")
                    for c in ("upheld", "corrected", "other", "pending", "total")]


@pytest.mark.parametrize("version", VERSIONS)
def test_html_prints_every_label_exactly(version: str) -> None:
    page = render_html(random_report(version, 6))
    texts = [c.text_content() for t in tables(page).values() for line in rows(t) for c in line]
    for label in all_labels(SPECS[version]):
        assert label in texts, label
    # The other version's labels must not leak in (2019 （九） vs 2021 本年收费金额 …).
    other = SPECS["2021" if version == "2019" else "2019"]
    only_other = set(all_labels(other)) - set(all_labels(SPECS[version]))
    assert not only_other & set(texts)


@pytest.mark.parametrize("version", VERSIONS)
def test_html_prints_raw_text_exactly(version: str) -> None:
    report = report_with_edits(version)
    page = render_html(report)
    found = {c.get("data-key"): c for t in tables(page).values() for line in rows(t) for c in line
             if c.get("data-key")}
    assert list(found) == report.canonical_keys()
    for key, cell in found.items():
        assert (cell.text or "") == report.cell(key).raw, key
        if report.cell(key).kind is Kind.BLANK:
            assert len(cell) == 0 and cell.text is None  # truly empty, not a space or &nbsp;


def test_html_escapes_all_text() -> None:
    report = random_report("2021", 8, agency="<b>示例&局</b>")
    report.sections[4] = Section(5, SECTION_TITLES[4], "a<script>alert(1)</script> & 「x」")
    report = report.with_cell("t3.granted.total", "<5>")
    page = render_html(report)
    assert "<script>" not in page and "<b>" not in page
    doc = lxml_html.fromstring(page)
    assert doc.findtext(".//h1").startswith("<b>示例&局</b>")
    assert doc.xpath("//section")[4].findtext("p") == "a<script>alert(1)</script> & 「x」"
    assert doc.xpath('//td[@data-key="t3.granted.total"]')[0].text == "<5>"


def test_absent_cells_and_missing_tables() -> None:
    report = random_report("2019", 9)
    del report.cells["t4.reconsideration.total"]
    page = render_html(report)
    assert lxml_html.fromstring(page).xpath('//td[@data-key="t4.reconsideration.total"]')[0].text is None
    # A table the reader did not locate is not printed as an official table full of blanks.
    bare = AnnualReport(template="2019", year=2020, agency="示例局", sections=report.sections)
    assert "<table" not in render_html(bare)
    assert "|" not in render_markdown(bare)


# --- Markdown ------------------------------------------------------------------------------


def md_tables(text: str) -> list[list[list[str]]]:
    out: list[list[list[str]]] = []
    current: list[list[str]] | None = None
    for line in text.split("\n"):
        if line.startswith("|"):
            if re.fullmatch(r"\|(---\|)+", line):
                continue
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
            if current is None:
                current = []
                out.append(current)
            current.append(cells)
        else:
            current = None
    return out


@pytest.mark.parametrize("version", VERSIONS)
def test_markdown_has_title_sections_and_every_value_in_place(version: str) -> None:
    spec = SPECS[version]
    report = report_with_edits(version)
    text = render_markdown(report)
    lines = text.split("\n")
    assert lines[0] == f"# {report.agency}{report.year}年政府信息公开工作年度报告"
    assert [line[3:] for line in lines if line.startswith("## ")] == list(SECTION_TITLES)
    for section in report.sections:
        assert section.text in lines
    t2, t3, t4 = md_tables(text)
    assert {len(r) for r in t2} == {4} and {len(r) for r in t3} == {10} and {len(r) for r in t4} == {15}

    keys = report.canonical_keys()
    raw = {k: report.cell(k).raw for k in keys}
    i = 0
    for block in spec.t2_blocks:
        assert t2[i] == [block.caption, "", "", ""]
        assert t2[i + 1][:1 + len(block.columns)] == [T2_HEADER_FIRST, *(c.label for c in block.columns)]
        for j, row in enumerate(block.rows):
            line = t2[i + 2 + j]
            assert line[0] == row.label
            assert line[1:1 + len(block.columns)] == [raw[f"t2.{block.key}.{row.key}.{c.key}"]
                                                      for c in block.columns]
            assert all(c == "" for c in line[1 + len(block.columns):])
        i += 2 + len(block.rows)

    assert t3[0] == [T3_NOTE, "", "", T3_APPLICANT] + [""] * 6
    body = t3[3:]
    assert len(body) == len(spec.t3_rows)
    for row, line in zip(spec.t3_rows, body, strict=True):
        assert [c for c in line[:3] if c][-1] == row.label  # merged slots are left empty
        assert line[3:] == [raw[f"t3.{row.key}.{c.key}"] for c in spec.t3_columns]
    assert t4[-1] == [raw[k] for k in spec.keys("t4")]


def test_markdown_escapes_pipes() -> None:
    report = random_report("2019", 10).with_cell("t3.granted.total", "1|2")
    (line,) = [x for x in render_markdown(report).split("\n") if "| （一）予以公开 |" in x]
    assert "1\\|2" in line


# --- text layouts --------------------------------------------------------------------------


def table_lines(text: str, report: AnnualReport) -> list[str]:
    """The lines of a text layout between the tables' first and last cell, prose dropped."""
    prose = {s.text for s in report.sections} | set(SECTION_TITLES)
    lines = text.split("\n")
    start = next(i for i, x in enumerate(lines) if "第二十条" in x)
    return [x for x in lines[start:] if x and x not in prose]


@pytest.mark.parametrize("version", VERSIONS)
def test_layouts_share_prose_and_differ_only_in_rows(version: str) -> None:
    report = random_report(version, 15)
    for render in LAYOUTS.values():
        lines = render(report).split("\n")
        assert lines[0] == f"{report.agency}{report.year}年政府信息公开工作年度报告"
        heads = [x for x in lines if x in SECTION_TITLES]
        assert heads == list(SECTION_TITLES), render.__name__
        for section in report.sections:
            assert section.text in lines


@pytest.mark.parametrize("version", VERSIONS)
def test_flat_text_prints_every_cell_on_its_line(version: str) -> None:
    report = report_with_edits(version)
    lines = table_lines(render_flat_text(report), report)
    assert all(x.endswith(" |") or set(x) == {"|"} for x in lines)
    for label in all_labels(SPECS[version]):
        assert f"{label} |" in lines, label
    # Row by row: label, then its seven cells (a blank as a lone "|"), then the merged slots.
    spec = SPECS[version]
    for row in spec.t3_rows:
        at = lines.index(f"{row.label} |")
        cells = lines[at + 1:at + 8]
        assert cells == [(f"{r} |" if r else "|") for r in
                         (report.cell(f"t3.{row.key}.{c.key}").raw for c in spec.t3_columns)]


# The seed's table 三 cells (natural person / total; every other cell 0 except one blank), §3.3.
SEED_T3 = {
    "new_received": 95, "carried_over": 0, "granted": 6, "partial": 2, "unable.not_held": 16,
    "unable.needs_creation": 3, "unable.still_unclear": 2, "not_processed.petition": 63,
    "not_processed.repeat": 3, "total": 95,
}
SEED_T2 = {
    "art20_1.normative.made": "4", "art20_1.normative.published": "4", "art20_1.normative.total_public": "5",
    "art20_5.licensing.prev_items": "83", "art20_5.licensing.change": "+1",
    "art20_5.licensing.decisions": "323", "art20_5.other_services.prev_items": "93",
    "art20_5.other_services.change": "+226", "art20_5.other_services.decisions": "7478",
    "art20_6.punishment.change": "-", "art20_6.coercion.change": "-", "art20_8.fees.prev_items": "6",
    "art20_8.fees.change": "-3",
}
SEED = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "seed" / "xiangtan-gaoxin-2020.txt"


def seed_numbers_report() -> AnnualReport:
    report = random_report("2019", 0, year=2020)
    keys = report.canonical_keys()
    for key in keys:
        short = key.split(".", 1)[1]
        if key.startswith("t2."):
            raw = SEED_T2.get(short, "0")
        elif key.startswith("t3."):
            row, col = short.rsplit(".", 1)
            raw = str(SEED_T3.get(row, 0)) if col in ("natural_person", "total") else "0"
        else:
            raw = "0"
        report = report.with_cell(key, raw)
    return report.with_cell("t3.carry_forward.commercial", "")


def _shape(lines: list[str]) -> list[str]:
    # Compare as a reader would (§5.2): NFKC, no whitespace.
    return [re.sub(r"\s+", "", unicodedata.normalize("NFKC", x)) for x in lines]


def test_flat_text_matches_the_seed_layout() -> None:
    seed = SEED.read_text(encoding="utf-8").split("\n")
    report = seed_numbers_report()
    ours = render_flat_text(report).split("\n")

    def tables_of(lines: list[str]) -> list[list[str]]:
        # Runs of cell lines (ending in "|"), one per table; prose and headings in between.
        runs: list[list[str]] = []
        current: list[str] = []
        for line in lines:
            if line.rstrip().endswith("|"):
                current.append(line)
            elif current:
                runs.append(current)
                current = []
        if current:
            runs.append(current)
        # The seed's scraper dropped the empty slots that end a table (after （九） and after
        # 四、结转下年度继续办理); ours prints them, so both sides drop them here.
        for run in runs:
            while run and set(run[-1]) == {"|"}:
                run.pop()
        return runs

    assert [_shape(t) for t in tables_of(ours)] == [_shape(t) for t in tables_of(seed)]


@pytest.mark.parametrize("version", VERSIONS)
def test_pipe_rows_one_row_per_line(version: str) -> None:
    report = report_with_edits(version)
    spec = SPECS[version]
    lines = table_lines(render_pipe_rows(report), report)
    assert all(x.startswith("| ") and x.endswith(" |") for x in lines)
    split = [[c.strip() for c in x.split("|")[1:-1]] for x in lines]
    for row in spec.t3_rows:
        (cells,) = [x for x in split if x[-8:-7] == [row.label]]
        assert cells[-7:] == [report.cell(f"t3.{row.key}.{c.key}").raw for c in spec.t3_columns]
    assert split[-1] == [report.cell(k).raw for k in spec.keys("t4")]


@pytest.mark.parametrize("version", VERSIONS)
def test_lines_and_spaced_drop_empty_cells(version: str) -> None:
    report = random_report(version, 16).with_cell("t3.granted.commercial", "")
    lines = table_lines(render_lines(report), report)
    assert "" not in lines and "|" not in "".join(lines)
    spaced = table_lines(render_spaced(report), report)
    (granted,) = [x for x in spaced if "（一）予以公开" in x]
    values = [report.cell(f"t3.granted.{c}").raw for c in
              ("natural_person", "research", "social_welfare", "legal_service", "other_org", "total")]
    assert granted == " ".join([T3_RESULTS_GROUP, "（一）予以公开", *values])


def test_runtogether_concatenates_a_row() -> None:
    report = random_report("2019", 17)
    lines = table_lines(render_runtogether(report), report)
    digits = "".join(report.cell(f"t3.new_received.{c.key}").raw for c in SPECS["2019"].t3_columns)
    assert "一、本年新收政府信息公开申请数量" + digits in lines
    assert "自然人 法人或其他组织 总计" in lines  # header rows stay spaced
    assert "".join(report.cell(k).raw for k in SPECS["2019"].keys("t4")) == lines[-1]


def test_wrapped_labels() -> None:
    report = random_report("2019", 18)
    lines = table_lines(render_wrapped_labels(report), report)
    i = lines.index("本年新")
    assert lines[i + 1] == "制作数量"
    assert "自 然 人" in lines and "总 计" in lines
    assert "本年新制作数量" not in lines
    # Values are never wrapped.
    assert report.cell("t2.art20_5.licensing.decisions").raw in lines


def test_rendering_is_fast() -> None:
    # The benchmark renders thousands of reports: the table markup is compiled once per version.
    import time

    reports = [random_report(v, s) for s in range(20) for v in VERSIONS]
    start = time.perf_counter()
    for report in reports:
        render_html(report)
        render_markdown(report)
        render_flat_text(report)
    assert (time.perf_counter() - start) / len(reports) < 0.02


# --- an ambiguous cell (digits run together, several splits) ---------------------------------


def ambiguous_report(version: str) -> AnnualReport:
    """A report read from run-together digits that has ambiguous cells (the first such seed)."""
    from gongkai.report.parse import parse_text

    for seed in range(50):
        report = parse_text(render_runtogether(random_report(version, seed)))
        if any(report.cell(k).kind is Kind.AMBIGUOUS for k in report.canonical_keys()):
            return report
    raise AssertionError("no seed gave an ambiguous cell")  # pragma: no cover


@pytest.mark.parametrize("version", VERSIONS)
def test_markdown_prints_an_ambiguous_cell_as_unresolved_in_place(version: str) -> None:
    spec = SPECS[version]
    report = ambiguous_report(version)
    t2, t3, t4 = md_tables(render_markdown(report))
    printed: dict[str, str] = {}  # key -> the text in its slot, walked as the test above walks it
    i = 0
    for block in spec.t2_blocks:
        for j, row in enumerate(block.rows):
            line = t2[i + 2 + j]
            printed.update({f"t2.{block.key}.{row.key}.{c.key}": text
                            for c, text in zip(block.columns, line[1:], strict=False)})
        i += 2 + len(block.rows)
    for row, line in zip(spec.t3_rows, t3[3:], strict=True):
        printed.update({f"t3.{row.key}.{c.key}": text for c, text in zip(spec.t3_columns, line[3:], strict=True)})
    printed.update(zip(spec.keys("t4"), t4[-1], strict=True))
    ambiguous = [k for k in report.canonical_keys() if report.cell(k).kind is Kind.AMBIGUOUS]
    assert ambiguous
    for key in ambiguous:
        cell = report.cell(key)
        assert key in printed, key
        assert printed[key] == "存疑：" + "、".join(map(str, cell.candidates)), key
        assert printed[key] != cell.raw


@pytest.mark.parametrize("version", VERSIONS)
def test_html_prints_an_ambiguous_cell_as_unresolved(version: str) -> None:
    report = ambiguous_report(version)
    texts = [cell.text_content() for table in tables(render_html(report)).values()
             for line in rows(table) for cell in line]
    for key in report.canonical_keys():
        cell = report.cell(key)
        if cell.kind is Kind.AMBIGUOUS:
            assert "存疑：" + "、".join(map(str, cell.candidates)) in texts, key
            assert cell.raw not in texts, key  # the run of digits is never a cell of its own
