"""A complete, standalone, printable HTML5 page in the official layout, merged cells as in the template.

Each table's markup is compiled once per template version into static fragments with a slot per
value cell, so rendering a report only escapes and joins its raw cell texts (the benchmark renders
thousands of reports).
"""

from __future__ import annotations

from functools import cache
from html import escape

from gongkai.report.model import AnnualReport
from gongkai.report.render.grid import GridCell, Heading, Paragraph, TableBlock, blocks, cell_text, grid

# Inline so the page stands alone (no network, no files) and prints on A4 as the template does.
_CSS = """\
@page { size: A4; margin: 20mm 18mm; }
html { background: #fff; }
body { margin: 0 auto; max-width: 186mm; padding: 12mm 6mm; color: #000;
  font: 12pt/1.7 "FangSong", "仿宋", "STFangsong", "Noto Serif CJK SC", "Source Han Serif SC", serif; }
h1, h2 { font-family: "SimHei", "黑体", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif;
  font-weight: bold; }
h1 { font-size: 18pt; text-align: center; margin: 0 0 1em; }
h2 { font-size: 14pt; margin: 1.2em 0 .4em; break-after: avoid; }
p { margin: .2em 0; text-indent: 2em; }
table { border-collapse: collapse; width: 100%; margin: .6em 0 1em; font-size: 10.5pt; line-height: 1.35; }
th, td { border: 1px solid #000; padding: 3px 4px; vertical-align: middle; }
th { font-weight: normal; text-align: center; }
th.label { text-align: left; }
th.caption, th.head { font-weight: bold; }
th.group.vertical { width: 1.6em; }
td.value { text-align: center; white-space: nowrap; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
@media print { body { max-width: none; padding: 0; } }
"""

_NAMES = {"t2": "表二", "t3": "表三", "t4": "表四"}
# (static fragments, value keys): fragment i is followed by the escaped raw text of key i.
_Compiled = tuple[tuple[str, ...], tuple[str, ...]]


def _attrs(cell: GridCell) -> str:
    out = ""
    if cell.rowspan > 1:
        out += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        out += f' colspan="{cell.colspan}"'
    return out


def _class(cell: GridCell) -> str:
    if cell.role == "group" and cell.rowspan > 1 and cell.colspan == 1 and cell.column == 0:
        return "group vertical"  # 三、本年度办理结果 is set as a narrow vertical cell
    return cell.role


@cache
def _compiled(table: str, version: str) -> _Compiled:
    layout = grid(table, version)
    statics: list[str] = []
    keys: list[str] = []
    buf = [f'<table class="report-table {table}" data-table="{table}" data-template="{version}" '
           f'aria-label="{_NAMES[table]}">\n']
    head = layout.head_rows
    if head:
        buf.append("<thead>\n")
    else:
        buf.append("<tbody>\n")
    for i, row in enumerate(layout.rows):
        if head and i == head:
            buf.append("</thead>\n<tbody>\n")
        buf.append("<tr>")
        for cell in row.cells:
            if cell.key is not None:
                buf.append(f'<td class="value"{_attrs(cell)} data-key="{cell.key}">')
                statics.append("".join(buf))
                keys.append(cell.key)
                buf = ["</td>"]
            elif cell.role == "filler":
                buf.append(f'<td class="filler"{_attrs(cell)}></td>')
            else:
                buf.append(f'<th class="{_class(cell)}"{_attrs(cell)}>{escape(cell.text, quote=False)}</th>')
        buf.append("</tr>\n")
    buf.append("</tbody>\n</table>\n")
    statics.append("".join(buf))
    return tuple(statics), tuple(keys)


def _table(table: str, version: str, report: AnnualReport) -> str:
    statics, keys = _compiled(table, version)
    cells = report.cells
    out = [statics[0]]
    for key, static in zip(keys, statics[1:], strict=True):
        out.append(escape(cell_text(cells.get(key)), quote=False))
        out.append(static)
    return "".join(out)


def render_html(report: AnnualReport) -> str:
    parts: list[str] = []
    in_section = False
    page_title = ""
    for block in blocks(report):
        if isinstance(block, Heading):
            text = escape(block.text, quote=False)
            if block.level == 1:
                page_title = text
                parts.append(f"<h1>{text}</h1>\n")
                continue
            if in_section:
                parts.append("</section>\n")
            parts.append(f"<section>\n<h2>{text}</h2>\n")
            in_section = True
        elif isinstance(block, Paragraph):
            parts.append(f"<p>{escape(block.text, quote=False)}</p>\n")
        elif isinstance(block, TableBlock):
            parts.append(_table(block.grid.table, block.grid.version, report))
    if in_section:
        parts.append("</section>\n")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="gongkai">\n'
        f"<title>{page_title}</title>\n<style>\n{_CSS}</style>\n</head>\n<body>\n<main>\n"
        + "".join(parts)
        + "</main>\n</body>\n</html>\n"
    )
