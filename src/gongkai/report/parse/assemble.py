"""From a reader's Document to an AnnualReport: sections, tables, version, and cells by row label.

Rows are found by their labels, never by counting numbers in reading order, so a missing cell
cannot shift every later value (DOMAIN.md §4.3 trap 6). Nothing is guessed: a row whose cells do
not line up is kept out of the model (its keys are ABSENT) and reported.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from itertools import compress, filterfalse
from operator import not_
from typing import Any

from gongkai.report.chars import AS_ASCII_DIGITS, FULL_WIDTH_DIGITS, INVISIBLE, INVISIBLE_CHARS, number_of
from gongkai.report.model import (
    AnnualReport,
    Cell,
    CellMap,
    DocumentInfo,
    Finding,
    Kind,
    Provenance,
    Section,
    canonical_key_set,
    canonical_keys,
    classify,
    make_cell,
)
from gongkai.report.parse.decode import decode_runs, signed_readings, splits
from gongkai.report.parse.errors import ReportParseError
from gongkai.report.parse.furniture import (
    AGENCY_LINE,
    DATE_LINE,
    YEAR_TITLE,
    is_bare_number,
    is_page_number,
    running_header,
    title_agency,
    title_year,
)
from gongkai.report.parse.ir import Document, Table
from gongkai.report.parse.labels import CACHE_SIZE, LabelSet, Match, norm
from gongkai.report.spec import (
    SECTION_KEYWORDS,
    SECTION_TITLES,
    SPECS,
    T2_HEADER_FIRST,
    T3_APPLICANT,
    T3_NOTE,
    T3_ORG,
    T3_RESULTS_GROUP,
    VALUE_TYPES,
    TemplateSpec,
    ValueType,
    describe_cell,
    expected_version,
)

PARSER_NAME = "gongkai.report.parse"

# --- label sets, built once from the spec -------------------------------------------------

_ROW_T3 = {v: {r.label: r.key for r in s.t3_rows} for v, s in SPECS.items()}
_OTHER_2019 = SPECS["2019"].t3_row("other").label  # （六）其他处理: a row in 2019, a group in 2021
_T3_ROWS_2021_ONLY = frozenset(_ROW_T3["2021"]) - frozenset(_ROW_T3["2019"])
_T3_HEADERS = (T3_NOTE, T3_APPLICANT, T3_ORG, *(c.label for c in SPECS["2021"].t3_columns))
_T3_GROUPS = tuple(dict.fromkeys(SPECS["2019"].t3_group_labels + SPECS["2021"].t3_group_labels))
T3_LABELS = LabelSet([*_ROW_T3["2019"], *_ROW_T3["2021"], *_T3_GROUPS, *_T3_HEADERS])

_T2_ROWS = {
    v: {r.label: (b.key, r.key) for b in s.t2_blocks for r in b.rows} for v, s in SPECS.items()
}
_T2_CAPTIONS = tuple(dict.fromkeys(b.caption for s in SPECS.values() for b in s.t2_blocks))
_T2_HEADERS = {v: {c.label for b in s.t2_blocks for c in b.columns} for v, s in SPECS.items()}
T2_LABELS = LabelSet(
    [*_T2_CAPTIONS, T2_HEADER_FIRST, *_T2_HEADERS["2019"], *_T2_HEADERS["2021"],
     *_T2_ROWS["2019"], *_T2_ROWS["2021"]]
)
# §2.7: evidence for a version is a whole-cell match of a label only that version has.
_T2_EVIDENCE = {
    "2019": (_T2_HEADERS["2019"] - _T2_HEADERS["2021"]) | (set(_T2_ROWS["2019"]) - set(_T2_ROWS["2021"]))
    | {SPECS["2019"].t2_blocks[-1].caption},
    "2021": (_T2_HEADERS["2021"] - _T2_HEADERS["2019"]) | (set(_T2_ROWS["2021"]) - set(_T2_ROWS["2019"])),
}
_T2_EVIDENCE_NORM = {v: frozenset(norm(label) for label in labels) for v, labels in _T2_EVIDENCE.items()}

# Per version (and table-二 block): the (key, label) of each column, label -> row key.
_T3_COLUMNS = {v: tuple((c.key, c.label) for c in s.t3_columns) for v, s in SPECS.items()}
_T3_DATA_LABELS = {label for rows in _ROW_T3.values() for label in rows}
_T2_ROW_KEYS = {(v, b.key): {r.label: r.key for r in b.rows} for v, s in SPECS.items() for b in s.t2_blocks}
_T2_COLUMNS = {(v, b.key): tuple((c.key, c.label) for c in b.columns) for v, s in SPECS.items() for b in s.t2_blocks}
_T2_DATA_LABELS = set(_T2_ROWS["2019"]) | set(_T2_ROWS["2021"])

_T4_SPEC = SPECS["2021"]
_T4_BLOCK_LABELS = tuple(b.label for b in _T4_SPEC.t4_blocks)
_T4_HEADERS = ("行政诉讼", *(c.label for c in _T4_SPEC.t4_columns))
T4_LABELS = LabelSet([*_T4_BLOCK_LABELS, *_T4_HEADERS])
_LABEL_SETS = (T2_LABELS, T3_LABELS, T4_LABELS)

_HEADING_STARTS = frozenset("一二三四五六七八九十（(第")
_ORDINAL_HEADING = re.compile(r"^(?:[（(]?[一二三四五六七八九十]+[、.．，,)）]|第[一二三四五六七八九十]+部分)")
_BARE_TITLES = {norm(title.split("、", 1)[1]): number for number, title in enumerate(SECTION_TITLES, start=1)}
# "一　总体情况": a space where the 、 would be (seen before normalising, which drops spaces).
_SPACED_ORDINAL = re.compile(r"^[一二三四五六七八九十]+[\s\u3000]")
_LETTER = re.compile(r"[^\W\d_]")  # a letter of any script: every label has one, no number does
_T3_ROW_NORMS = frozenset(norm(label) for labels in _ROW_T3.values() for label in labels) | {
    norm(T3_RESULTS_GROUP)
}
# What stands before a title on a web page: a breadcrumb ("首页 > … > "), a field name of the
# 信息公开 metadata block ("名称："), markdown marks.
_TITLE_PREFIX = re.compile(r"^.*[>›»＞]\s*|^(?:名称|标题|题名|信息名称|文件名称|文件标题)\s*[:：]\s*")
_TITLE_DECOR = " #*《》\"“”"
_PERIOD = re.compile(r"统计期限?(?:为|是)?(?:自|从)?\s*(20\d\d)\s*年\s*1\s*月\s*1\s*日")
_YEAR_DU = re.compile(r"(20\d\d)\s*年度")
_AGENCY_QUOTED = re.compile(r"[“\"「]([^”\"」]{4,40}?(?:政府|委员会|管委会|开发区|局|厅|委|办公室|办))[”\"」]\s*(?:门户)?网站")
_PUBLISHED = re.compile(
    r"(?:发布|公开|印发|成文)(?:日期|时间)\s*[:：]?\s*(20\d\d)\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})"
)


# --- the token stream ---------------------------------------------------------------------

BREAK = None  # row boundary marker in a token stream

# Where a token was read: (owner, a, b) with owner.locate(a, b) giving its Provenance: a Table and
# the slot's row and column, or the Document and a paragraph's index and the word's span in it.
Origin = tuple[Any, Any, Any]


class Stream:
    """One of the three tables as a stream of tokens in reading order, BREAK between known rows.

    `texts[i]` is what token i prints. Where it was read is kept per run of tokens (a table row, a
    line's words), not per token: a report has hundreds of tokens and few are ever located.
    """

    __slots__ = ("_run_at", "_runs", "bounded", "grids", "paged", "pages", "texts")

    def __init__(self) -> None:
        self.texts: list[str | None] = []
        self.bounded = True  # row boundaries known (grids); False for flattened cells and plain lines
        self.grids = False  # some rows come from a table whose row boundaries are printed
        # Paragraphs holding a number alone where a page may have ended (next to a running header, a
        # decorated page number or a form feed, or alone between rows printed one a line): a page
        # number or a cell.
        self.pages: set[int] = set()
        self.paged = False  # header rows repeated after a row's cells (see Segment.paged)
        # Run k starts at token _run_at[k]; _runs[k] is (a Table, the row, the column of each token or
        # None when they are the row's slots in order), (the Document, a paragraph, its words), or
        # (the Document, None, (paragraph, word) of each token) for lines of one word each.
        self._run_at: list[int] = []
        self._runs: list[tuple[Any, int | None, Any]] = []

    def add_table(self, table: Table) -> None:
        texts, merged = self.texts, table.merged
        run_at, runs = self._run_at, self._runs
        bounded = table.bounded
        self.bounded = self.bounded and bounded
        self.grids = self.grids or bounded
        skip: dict[int, set[int]] = {}
        for r, c in merged:
            skip.setdefault(r, set()).add(c)
        for r, row in enumerate(table.texts):
            run_at.append(len(texts))
            gone = skip.get(r)
            if gone:  # a merged cell's continuation repeats it: not a token
                columns = [c for c in range(len(row)) if c not in gone]
                texts.extend([row[c] for c in columns])
                runs.append((table, r, columns))
            else:
                texts.extend(row)
                runs.append((table, r, None))
            if bounded:
                texts.append(BREAK)

    def add_words(self, doc: Document, index: int, words: tuple[tuple[str, int, int], ...]) -> None:
        """The words of paragraph `index` (words cut out of a line, not printed cells)."""
        self.bounded = False
        self._run_at.append(len(self.texts))
        self._runs.append((doc, index, words))
        self.texts.extend([word[0] for word in words])

    def add_lines(self, doc: Document, words: list[tuple[int, tuple[str, int, int]]]) -> None:
        """Lines of one word each, as (paragraph, word): a table printed one cell per line."""
        self.bounded = False
        self._run_at.append(len(self.texts))
        self._runs.append((doc, None, words))
        self.texts.extend([word[0] for _, word in words])

    def origin(self, i: int) -> Origin:
        """Where token i was read, as (owner, a, b) with owner.locate(a, b) its Provenance."""
        k = bisect_right(self._run_at, i) - 1
        owner, a, detail = self._runs[k]
        offset = i - self._run_at[k]
        if owner.__class__ is Document:
            if a is None:
                return (owner, *detail[offset])
            return owner, a, detail[offset]
        return owner, a, offset if detail is None else detail[offset]

    def explicit(self, i: int) -> bool:
        """A printed cell (a table slot), not a word cut out of a plain text line."""
        return self._runs[bisect_right(self._run_at, i) - 1][0].__class__ is not Document

    def grid_row(self, i: int) -> int:
        """The first token of the grid row (a table row whose boundaries are printed) holding token i,
        or -1 when token i is a word of a text line or a flattened cell."""
        k = bisect_right(self._run_at, i) - 1
        owner = self._runs[k][0]
        if owner.__class__ is Document or not owner.bounded:
            return -1
        return self._run_at[k]

    def source(self, i: int) -> Provenance:
        owner, a, b = self.origin(i)
        return owner.locate(a, b)

    def paged_numbers(self) -> set[int]:
        """The tokens that are a number alone on a line of `pages` (where a page ended): found from the
        few paragraphs in `pages`, not by locating every token of the table."""
        pages = self.pages
        found: set[int] = set()
        for start, (owner, paragraph, detail) in zip(self._run_at, self._runs, strict=True):
            if owner.__class__ is not Document:
                continue
            if paragraph is None:  # lines of one word each
                found.update(start + k for k, (line, _) in enumerate(detail) if line in pages)
            elif paragraph in pages:
                found.update(range(start, start + len(detail)))
        return {i for i in found if _lone_number(self, i)}


class Segment:
    """A row label (its printed pieces) and the stream indices of the value cells printed after it."""

    __slots__ = ("at", "label_texts", "match", "paged", "values")

    def __init__(self, match: Match, label_texts: list[str], at: int = -1) -> None:
        self.match = match
        self.label_texts = label_texts
        self.at = at  # the stream index of the label's (first) token
        self.values: list[int] = []
        self.paged = False  # the table's header rows follow its cells: a page ended after them

    @property
    def printed(self) -> str:
        return "".join(self.label_texts).strip()


@lru_cache(maxsize=65536)
def _is_value_text(text: str, labels: LabelSet | None = None) -> bool:
    """A token that can be a table value rather than (a piece of) a label.

    "1.属于" reads like an annotated number, but it is the start of a row label wrapped over lines.
    """
    kind = classify(text).kind
    # Only a remark in words can be the start of a label ("1.属于"); "2*" is a number with a mark.
    if kind is Kind.ANNOTATED and labels is not None and _LETTER.search(text) is not None and (
            labels.is_prefix(text) or labels.is_fragment(text) or labels.match(text) is not None):
        return False
    return kind is not Kind.TEXT


# Per label set: whether a token's text is a value and never a label (a pure function of the text).
# BREAK is no value: it ends the row.
_PLAIN_VALUES: dict[LabelSet, dict[str | None, bool]] = {}
# Labels of table 三's header rows, which Word repeats at the top of every page the table runs onto.
_REPEATED_HEADERS = frozenset((T3_NOTE, T3_APPLICANT))


# A digit, a sign, a digit: cells run together with a sign among them, never one cell's value.
_CELLS_WITH_SIGN = re.compile(r"\d\s*[+\-－＋]\s*\d")
# Cells of a row of table 二 run together with a sign among them ("9-86", "27+14337"): only table 二
# has a signed column (2019 本年增/减), and such a word is that row's values, not a label.
_SIGN_RUN = re.compile(r"[0-9+\-]*[+\-][0-9+\-]*[0-9][0-9+\-]*|[0-9]+[+\-]")


def _value_flags(texts: list[str | None], labels: LabelSet) -> list[bool]:
    plain = _PLAIN_VALUES.setdefault(labels, {BREAK: False})
    flags = list(map(plain.get, texts))
    if None in flags:  # texts not seen before
        for i in [i for i, flag in enumerate(flags) if flag is None]:
            text: str = texts[i]  # type: ignore[assignment]
            # Plain digits are a count (or digits run together) and never a label: no label is a number.
            flag = (text.isascii() and text.isdigit()) or (
                _is_value_text(text, labels) and labels.match(text, fuzzy=False) is None) or (
                labels is T2_LABELS and _SIGN_RUN.fullmatch(norm(text)) is not None)
            if len(plain) < CACHE_SIZE:
                plain[text] = flag
            flags[i] = flag
    return flags  # type: ignore[return-value]


def segment(stream: Stream, labels: LabelSet, data_labels: set[str]
            ) -> tuple[list[Segment], list[int], list[tuple[int, int]]]:
    """Split a token stream at labels; values follow the data-row label they belong to.

    Returns the segments, the label-like tokens that matched nothing (for STRUCT-LABELS info), and
    the runs [start, end) of values no row takes (after a row's end, a header, or before any label),
    which are left out: `_note_loose` tells of the numbers among them.
    Most tokens are values: only the others ("stops": labels, headers, text cells, BREAK) are
    looked at one by one; the values between two stops go to the row before them at once.
    """
    texts = stream.texts
    n = len(texts)
    flags = _value_flags(texts, labels)
    stops = list(compress(range(n), map(not_, flags)))
    segments: list[Segment] = []
    unknown: list[int] = []
    loose: list[tuple[int, int]] = []
    current: Segment | None = None
    pos = 0  # the first token not read yet
    head = labels.head
    for i in stops:
        if i < pos:
            continue  # a later piece of a label joined from several tokens
        if current is not None:
            if pos < i:
                current.values.extend(range(pos, i))
        elif pos < i:
            loose.append((pos, i))
        pos = i + 1
        text = texts[i]
        if text is BREAK:
            current = None
            continue
        found, longer = head(text)
        width = 1
        if longer:  # a label may go on in the next tokens: the longest one wins
            found, width = _longer_label(texts, i, labels, found)
        if found is None and longer and not stream.explicit(i):
            around = _label_around_values(texts, i, labels, flags)
            if around is not None and around[0].label in data_labels:
                found, pieces, row_values, pos = around
                current = Segment(found, [texts[k] for k in pieces], i)  # type: ignore[misc]
                current.values.extend(row_values)
                segments.append(current)
                continue
        if found is None:
            if labels.is_fragment(text):
                continue  # piece of a label broken over lines (vertical labels, wrapped headers)
            if "计" in text and norm(text) in _SUBTOTAL_COLUMNS:
                unknown.append(i)
                current = None  # a row of subtotals the template lacks: its numbers are no row's before it
            elif current is not None and stream.explicit(i):
                current.values.append(i)  # a TEXT cell such as "详见附件"
            else:
                unknown.append(i)
            continue
        pos = i + width
        if found.label in data_labels:
            if current is not None and current.match.label == found.label and not current.values:
                continue  # the same label repeated for a merged cell (markdown)
            current = Segment(found, [text] if width == 1 else [t for t in texts[i:pos] if t is not None], i)
            segments.append(current)
        elif (labels is T3_LABELS and found.label in _COLUMN_AS_ROW
              and _bare_row(texts, stops, pos, n, labels, segments, *_COLUMN_AS_ROW[found.label])):
            # "总计" (or 2021's "其他") with a row of values after it, right after the row before it:
            # the row （七）总计 (3.其他) printed without its ordinal, which the column header's name hides.
            current = Segment(Match(_COLUMN_AS_ROW[found.label][0], "fuzzy"), [text], i)
            segments.append(current)
        else:
            if current is not None and current.values and found.label in _REPEATED_HEADERS:
                current.paged = True  # header rows after a row's cells: repeated on a new page
                stream.paged = True
            current = None  # a header or group label ends the previous row's cells
    if pos < n:
        if current is not None:
            current.values.extend(range(pos, n))
        else:
            loose.append((pos, n))
    return segments, unknown, loose


def _row_before(key: str) -> frozenset[str]:
    """The label of the row printed before table 三's row `key`, in each version that has it."""
    labels = set()
    for spec in SPECS.values():
        keys = [row.key for row in spec.t3_rows]
        at = keys.index(key) if key in keys else 0
        if at:
            labels.add(spec.t3_rows[at - 1].label)
    return frozenset(labels)


# Table 三's column headers whose name is also a row's label without its ordinal, with the labels of
# the row that comes before that row.
_COLUMN_AS_ROW = {column: (SPECS["2021"].t3_row(key).label, _row_before(key))
                  for column, key in (("总计", "total"), ("其他", "other.other"))}
_ROW_OF_VALUES = 5  # a header is followed by another header or a row's label, never by this many values
_T3_CELLS = len(SPECS["2021"].t3_columns)


def _bare_row(texts: list[str | None], stops: list[int], pos: int, n: int, labels: LabelSet,
              segments: list[Segment], row: str, before: frozenset[str]) -> bool:
    """Whether a column's name standing before token `pos` is the row `row` without its ordinal: it
    comes right after the row `before` it, with that row's values read, a row of values follows it,
    and the row's own label is printed nowhere else. A header repeated where a page broke a row, or a
    stray word, is none of these."""
    if not segments or segments[-1].match.label not in before or not segments[-1].values:
        return False
    if not _row_follows(texts, stops, pos, n) or any(seg.match.label == row for seg in segments):
        return False
    later = (texts[j] for j in stops[bisect_left(stops, pos):])
    return not any(text and (found := labels.match(text)) is not None and found.label == row for text in later)


def _row_follows(texts: list[str | None], stops: list[int], pos: int, n: int) -> bool:
    """Whether a row's worth of values follows a label that ends before token `pos`: several cells,
    or the digits of a whole row run together."""
    at = bisect_left(stops, pos)
    # Empty slots are no values: a header's merged cells print as a run of them in flattened text.
    printed = list(filter(None, texts[pos:stops[at] if at < len(stops) else n]))
    return len(printed) >= _ROW_OF_VALUES or (len(printed) == 1 and printed[0].isdigit()
                                               and len(printed[0]) >= _T3_CELLS)


def _numbers_in(texts: list[str | None], runs: list[tuple[int, int]]) -> list[int]:
    """The tokens of the runs [start, end) that hold digits; most runs are merged slots ("") or a
    header's pieces, and are looked at whole."""
    return [i for start, end in runs if any(map(str.isdigit, filter(None, texts[start:end])))
            for i in range(start, end)]


def _note_loose(stream: Stream, left_out: Iterable[int], table: str, mapped: Mapped) -> None:
    """Tells of each number alone on its line among the tokens `left_out` of the table (a page's
    number or a stray): dropping it makes no value wrong, but nothing may be lost unseen. Empty slots
    and words of a longer line (merged-cell slots, a header's pieces) go unsaid."""
    texts = stream.texts
    for i in left_out:
        text = texts[i]
        if text and text.isdigit() and _lone_number(stream, i):
            mapped.findings.append(_label_finding(
                table, f"「{text}」单独成行（{stream.source(i).describe()}），不属于任何一行的单元格（可能是页码，"
                       "也可能是标签未能识别的行的单元格），已略去",
                "info"))


def _longer_label(texts: list[str | None], i: int, labels: LabelSet, found: Match | None) -> tuple[Match | None, int]:
    """Longest label starting at texts[i], a prefix of a label (`found`: its own match, if any), joining
    the tokens of a label broken over cells or lines; with the number of tokens it takes."""
    joined: str = texts[i]  # type: ignore[assignment]
    best: tuple[Match | None, int] = (found, 1)
    j = i + 1
    while j < len(texts) and j - i < 12:
        text = texts[j]
        if text is None:
            break
        joined += text
        j += 1
        found = labels.match(joined, fuzzy=False)
        if found is not None:
            best = (found, j - i)
        if not labels.is_prefix(joined):
            break
    return best


# Stray characters a label around its values may enclose: the ends of a group label or of the
# vertical 本年度办理结果 printed in the column beside it ("（六）其他处" … "理").
_STRAY_PIECES = 2
_STRAY_WIDTH = 4


def _label_around_values(texts: list[str | None], i: int, labels: LabelSet, flags: list[bool]
                         ) -> tuple[Match, list[int], list[int], int] | None:
    """A row label printed on both sides of its values: text copied out of a PDF prints a long label
    over two or three lines with the row's values on the middle one ("1.申请人无正当理由逾期不补正、" /
    "行政机关不再处理其政府信息公开 0 0 0" / "申请"). From texts[i], a prefix of a label, the pieces
    are joined across one run of values until they make a whole label, exactly; a piece or two of
    up to four characters that do not go on with it (the column beside it) are passed over. Returns
    the label, its pieces' and the values' indices and the index after its last piece; None when
    no label is whole.
    """
    joined: str = texts[i]  # type: ignore[assignment]
    pieces = [i]
    values: list[int] = []
    best: tuple[Match, list[int], list[int], int] | None = None
    strays = 0
    j = i + 1
    while j < len(texts) and j - i < 24:
        text = texts[j]
        if text is None or text is BREAK:
            break
        if flags[j]:
            if values and values[-1] != j - 1:
                break  # a second run of values is the next row's
            values.append(j)
        elif labels.is_prefix(joined + text) or labels.match(joined + text, fuzzy=False) is not None:
            joined += text
            pieces.append(j)
            found = labels.match(joined, fuzzy=False)
            if found is not None and values:
                best = (found, pieces[:], values[:], j + 1)
            if not labels.is_prefix(joined):
                break
        elif strays < _STRAY_PIECES and len(norm(text)) <= _STRAY_WIDTH:
            strays += 1
        else:
            break
        j += 1
    return best


# --- mapping values to cells ----------------------------------------------------------------


_INT_TYPES = frozenset({ValueType.COUNT, ValueType.CHANGE})


class RowShape:
    """A table row of the template: its key prefix ("t3.granted."), its cells (key, value type,
    column label), where each key stands, and whether every cell holds a whole number."""

    __slots__ = ("cells", "index", "keys", "prefix", "whole")

    def __init__(self, prefix: str, cells: tuple[tuple[str, ValueType, str], ...]) -> None:
        self.prefix = prefix
        self.cells = cells
        self.keys = tuple(key for key, _, _ in cells)
        self.index = {key: i for i, (key, _, _) in enumerate(cells)}
        self.whole = all(value_type in _INT_TYPES for _, value_type, _ in cells)

    @classmethod
    def of(cls, keys: Iterable[str], column_labels: Iterable[str]) -> RowShape:
        cells = tuple((key, VALUE_TYPES[key], label) for key, label in zip(keys, column_labels, strict=True))
        return cls(cells[0][0][:cells[0][0].rfind(".") + 1], cells)


class _Shapes(dict[str, RowShape]):
    """The row shapes of one table (key prefix, columns) by row key, each made on first use."""

    def __init__(self, prefix: str, columns: tuple[tuple[str, str], ...]) -> None:
        super().__init__()
        self.prefix = prefix
        self.columns = columns

    def __missing__(self, row_key: str) -> RowShape:
        columns = self.columns
        shape = self[row_key] = RowShape.of([f"{self.prefix}{row_key}.{column}" for column, _ in columns],
                                            [label for _, label in columns])
        return shape


@lru_cache(maxsize=256)
def _shapes(prefix: str, columns: tuple[tuple[str, str], ...]) -> _Shapes:
    # Hashing `columns` once per table rather than once per row.
    return _Shapes(prefix, columns)


class _CountRow:
    """A row whose every cell prints a plain count (model.LazyRow): read as numbers at once, made
    into Cell objects only when one of them is asked for."""

    __slots__ = ("ints", "shape")

    def __init__(self, shape: RowShape, ints: list[int]) -> None:
        self.shape = shape
        self.ints = ints

    def value(self, key: str) -> int:
        return self.ints[self.shape.index[key]]

    def cells(self) -> list[Cell]:
        raise NotImplementedError


class _ReadRow(_CountRow):
    """Counts read from stream tokens `values`, under a row label (its printed pieces, or the label)."""

    __slots__ = ("how", "label", "stream", "values")

    def __init__(self, shape: RowShape, ints: list[int], stream: Stream, values: list[int],
                 label: str | list[str], how: str) -> None:
        super().__init__(shape, ints)
        self.stream = stream
        self.values = values
        self.label = label
        self.how = how

    def cells(self) -> list[Cell]:
        stream, how, label = self.stream, self.how, self.label
        texts = stream.texts
        if label.__class__ is not str:
            label = "".join(label).strip()
        return [Cell(key, texts[i], _NUMBER, value, None, None, (stream.origin(i), label, column_label, how, None))  # type: ignore[arg-type]
                for (key, _, column_label), i, value in zip(self.shape.cells, self.values, self.ints, strict=True)]


class _DecodedRow(_CountRow):
    """Counts split from digits run together, all read at the first token of the run."""

    __slots__ = ("first", "label")

    def __init__(self, shape: RowShape, ints: list[int], first: Origin, label: str) -> None:
        super().__init__(shape, ints)
        self.first = first
        self.label = label

    def cells(self) -> list[Cell]:
        first, label = self.first, self.label
        return [Cell(key, str(value), _NUMBER, value, None, None, (first, label, column_label, "decoded", _DECODED_NOTE))
                for (key, _, column_label), value in zip(self.shape.cells, self.ints, strict=True)]


def _trim(values: list[int], n: int, texts: list[str | None], leading_first: bool = False) -> list[int]:
    """Drop surplus empty cells at the ends: merged-cell slots of a spanning label (§5.1).

    In flattened text the slots of a label's colspan come after the row's values (the seed); in a
    table whose rows are known they sit right after the label, before the values.
    """
    if len(values) <= n:
        return values  # nothing to drop (the common case): no copy
    values = list(values)
    ends = (0, -1) if leading_first else (-1, 0)
    for end in ends:
        while len(values) > n and not norm(texts[values[end]]):
            values.pop(end)
    return values


def _cell(key: str, stream: Stream, i: int, row_label: str | None, column_label: str, match: str) -> Cell:
    return make_cell(key, stream.texts[i].strip(), (stream.origin(i), row_label, column_label, match, None))  # type: ignore[union-attr]


@dataclass
class Mapped:
    cells: dict[str, Cell] = field(default_factory=dict)
    rows: dict[str, _CountRow] = field(default_factory=dict)  # rows of plain counts, by key prefix
    findings: list[Finding] = field(default_factory=list)
    # Rows whose values could not be aligned: row key -> the stream indices, for the decoder.
    unaligned: dict[str, list[int]] = field(default_factory=dict)
    spaced: list[str] = field(default_factory=list)  # labels matched only after removing spaces

    def note_spaced(self, table: str) -> None:
        if self.spaced:
            printed = "、".join(f"「{label}」" for label in self.spaced)
            self.findings.append(_label_finding(table, f"以下标签去除空格后才与模板一致：{printed}", "info"))
            self.spaced.clear()


def _label_finding(table: str, message: str, severity: str = "error",
                   cells: Iterable[str] = ()) -> Finding:
    return Finding("STRUCT-LABELS", "fail", severity, f"{table}：{message}", cells=tuple(cells))


def _note_match(mapped: Mapped, table: str, seg: Segment) -> None:
    how = seg.match.match
    if how == "normalized" and any(ch.isspace() for t in seg.label_texts for ch in t.strip()):
        mapped.spaced.append(seg.printed)
    elif how == "fuzzy":
        mapped.findings.append(_label_finding(
            table, f"「{seg.printed}」按近似匹配识别为「{seg.match.label}」，请核对", "info"))


def map_rows(segments: list[Segment], row_keys: dict[str, str], columns: tuple[tuple[str, str], ...],
             table: str, mapped: Mapped, prefix: str, stream: Stream, leading_first: bool = False,
             order: tuple[int, ...] | None = None, width: int | None = None) -> None:
    """Map the values of the rows `row_keys` names to their cells by position, after trimming merged slots.

    `leading_first`: surplus empty slots are dropped from the start of a row printed in a grid row
    with its label first (table 三, where a label's colspan leaves slots between label and values);
    otherwise from the end (table 二's unused fourth column, the seed's flattened slots).
    `order`: where the table prints its columns in another order than the template's, the printed
    position of each template column (`_printed_order`); `width`: the columns it prints, where it
    prints more than the template's (a 小计 under 法人或其他组织), which `order` leaves out.
    """
    texts = stream.texts
    n = len(columns)
    printed_n = width or n
    bounded = stream.bounded
    chosen = [seg for seg in segments if seg.match.label in row_keys]
    if len({seg.match.label for seg in chosen}) != len(chosen):
        chosen = _one_per_row(chosen, row_keys, n, texts, leading_first and bounded, mapped, table)
    cells = mapped.cells
    shapes = _shapes(prefix, columns)
    for seg in chosen:
        match = seg.match
        row_key = row_keys[match.label]
        how = match.match
        if how != "exact":
            _note_match(mapped, table, seg)
        values = seg.values
        if len(values) != printed_n:
            if bounded or not stream.grids or not values:
                values = _trim(values, printed_n, texts, leading_first and bounded)
            else:
                kept = _unbounded_cells(seg, printed_n, stream, leading_first, mapped, table, shapes[row_key].keys)
                if kept is None:
                    continue
                values = kept
            if len(values) != printed_n:
                mapped.unaligned[row_key] = values
                continue
        if leading_first and stream.grids and not texts[values[0]] and _in_label_columns(stream, values[0], printed_n):
            # Just enough cells with an empty one in the label's columns (a markdown row that lost a cell
            # keeps the empty cells its label spans): that one is a slot, and the row is a cell short.
            mapped.unaligned[row_key] = values[1:]
            continue
        printed_values = values
        if order is not None:
            values = [values[k] for k in order]
        shape = shapes[row_key]
        first = values[0]
        # A row's values are usually consecutive tokens, in order: one slice.
        raws = (texts[first:first + n] if values[-1] - first == n - 1 and order is None
                else list(map(texts.__getitem__, values)))
        if shape.whole and all(map(str.isdecimal, raws)):  # type: ignore[arg-type]
            mapped.rows[shape.prefix] = _ReadRow(shape, list(map(int, raws)), stream, values,  # type: ignore[arg-type]
                                                 seg.label_texts, how)
            continue
        if any(raw and _CELLS_WITH_SIGN.search(raw) for raw in raws):
            # "28+23": two cells of a signed column run together, not one cell (a stray beside them
            # makes up the count): the row's cells are read from the run, or it is reported.
            mapped.unaligned[row_key] = printed_values
            continue
        printed = seg.printed
        blank = False
        # make_cell, unrolled: a row with anything but plain counts.
        for i, (key, value_type, column_label) in zip(values, shape.cells, strict=True):
            raw = texts[i].strip()  # type: ignore[union-attr]
            found = classify(raw, value_type)
            kind = found.kind
            if kind is _BLANK:
                blank = True
            cells[key] = Cell(key, raw, kind, found.value, found.note, found.unit,
                              (stream.origin(i), printed, column_label, how, None))
        if blank and not bounded and not (stream.grids and _in_own_grid_row(stream, seg)):
            mapped.findings.append(_label_finding(
                table, f"「{seg.match.label}」行含空单元格；此版式不保留行边界，空单元格的位置按顺序推定",
                "info", [f"{prefix}{row_key}.{c}" for c, _ in columns]))
    if len(chosen) < len(row_keys):
        seen = {seg.match.label for seg in chosen}
        for label, key in row_keys.items():
            if label not in seen:
                mapped.findings.append(_label_finding(
                    table, f"未找到「{label}」行，该行各单元格记为缺失",
                    cells=[f"{prefix}{key}.{c}" for c, _ in columns]))


def _in_label_columns(stream: Stream, i: int, n: int) -> bool:
    """Whether token i is a grid cell left of its table's last `n` columns, which hold a row's values."""
    owner, _, column = stream.origin(i)
    if owner.__class__ is Document or not owner.bounded:
        return False  # a word of a line, a flattened cell: no columns
    return column < max(map(len, owner.texts)) - n


def _in_own_grid_row(stream: Stream, seg: Segment) -> bool:
    """The row's label and cells are printed in one grid row (its boundaries known)."""
    start = stream.grid_row(seg.values[-1])
    return start >= 0 and seg.at >= start


def _unbounded_cells(seg: Segment, n: int, stream: Stream, leading_first: bool, mapped: Mapped, table: str,
                     keys: tuple[str, ...]) -> list[int] | None:
    """A row's cells, surplus empty slots dropped, in a table whose text lines (labels printed as text,
    a stray number) lost some row boundaries; None when the row is already reported.

    A row printed in a grid row of its own keeps that row's boundaries: an empty last cell (总计
    left blank) is no merged slot there, as it would be in flattened text, and the row is not read one
    column off. Numbers on lines of their own between the label and the grid row holding the cells are
    no cells when that row alone has them all: a page number (dropped where a page break and the row's
    arithmetic say so) or a stray; otherwise the row is reported, never read with them.
    """
    values = seg.values
    texts = stream.texts
    start = stream.grid_row(values[-1])
    if start < 0:
        return _trim(values, n, texts)
    if seg.at >= start:
        return _trim(values, n, texts, leading_first)
    before = bisect_left(values, start)
    if not before:
        return _trim(values, n, texts)
    cells = _trim(values[before:], n, texts)
    if len(cells) != n:
        return values  # the lines before may hold some of its cells: which ones, nothing tells
    first = values[0]
    if before == 1 and table == "表三" and _lone_number(stream, first) and stream.origin(first)[1] in stream.pages:
        where = stream.source(first).describe()
        if _row_holds(stream, cells):
            mapped.findings.append(_label_finding(table, (
                f"「{seg.match.label}」行的「{texts[first]}」单独成行（{where}），位于分页之处；本行的表格行另有"
                f"全部{n}个单元格且符合勾稽关系（总计等于各列之和），判定为页码，已略去"), "info"))
            return cells
        mapped.findings.append(_label_finding(table, (
            f"「{seg.match.label}」行的「{texts[first]}」单独成行（{where}），位于分页之处；可能是页码，也可能是"
            "本行的单元格，按本行勾稽关系无法判定；该行记为缺失"), "error", keys))
        return None
    return values  # reported as read: the extra numbers are what nothing explains


def _one_per_row(segments: list[Segment], row_keys: dict[str, str], n: int, texts: list[str | None],
                 leading_first: bool, mapped: Mapped, table: str) -> list[Segment]:
    """A label repeated (a converter's heading above its own row): the occurrence whose cells line up."""
    by_row: dict[str, list[Segment]] = {}
    for seg in segments:
        by_row.setdefault(row_keys[seg.match.label], []).append(seg)
    chosen: list[Segment] = []
    repeated: list[list[Segment]] = []
    for found in by_row.values():
        aligned = found if len(found) == 1 else [
            s for s in found if len(_trim(s.values, n, texts, leading_first)) == n
            and any(classify(texts[i]).kind is not Kind.TEXT for i in s.values)]
        chosen.append(aligned[0] if aligned else found[0])
        if len(aligned) > 1:
            repeated.append(aligned)
    if len(repeated) <= _REPEATS_SAID_ONE_BY_ONE:
        for aligned in repeated:
            mapped.findings.append(_label_finding(
                table, f"「{aligned[0].match.label}」行出现{len(aligned)}次，只采用第一次", "warning"))
        return chosen
    # The table printed again (in an appendix, a second copy): one warning, and whether the figures agree.
    def cells(seg: Segment) -> list[str]:
        return [norm(texts[i] or "") for i in _trim(seg.values, n, texts, leading_first)]

    differ = [aligned[0].match.label for aligned in repeated if any(cells(s) != cells(aligned[0]) for s in aligned[1:])]
    verdict = (f"其中{len(differ)}行再次印出的数值与第一次不同（「{'」「'.join(differ[:3])}」{'等' if len(differ) > 3 else ''}），请核对"
               if differ else "再次印出的数值与第一次相同")
    mapped.findings.append(_label_finding(
        table, f"有{len(repeated)}行各出现不止一次（如「{repeated[0][0].match.label}」），可能是表格在附件或副本中再次印出："
        f"每行只采用第一次；{verdict}", "warning"))
    return chosen


# Up to this many rows printed twice are each told of; more are a table printed again, told of once.
_REPEATS_SAID_ONE_BY_ONE = 3


def _report_unaligned(mapped: Mapped, table: str, row_label: str, stream: Stream, values: list[int], n: int,
                      keys: Iterable[str]) -> None:
    texts = [stream.texts[i].strip() for i in values]  # type: ignore[union-attr]
    printed = "、".join(text or "（空）" for text in texts) or "无"
    where = stream.source(values[0]).describe() if values else ""
    runs = [text for text in texts if _CELLS_WITH_SIGN.search(text)]
    run = f"，其中「{'」「'.join(runs)}」是几个单元格连写在一起" if runs else ""
    mapped.findings.append(_label_finding(
        table,
        f"「{row_label}」行应有{n}个单元格，读到{len(values)}个（{printed}）{run}{('，位于' + where) if where else ''}；"
        "无法确定对应关系，该行记为缺失",
        cells=keys,
    ))


# --- the three tables ---------------------------------------------------------------------------


def map_t3(stream: Stream, version_hint: str | None) -> tuple[str, Mapped, list[str]]:
    segments, _unknown, loose = segment(stream, T3_LABELS, _T3_DATA_LABELS)
    labels_found = {s.match.label for s in segments}
    evidence: list[str] = []
    other_2019 = next((s for s in segments if s.match.label == _OTHER_2019), None)
    if labels_found & _T3_ROWS_2021_ONLY:
        evidence.append("2021")
    if other_2019 is not None and any(norm(stream.texts[i]) for i in other_2019.values):
        evidence.append("2019")
    version = evidence[0] if len(set(evidence)) == 1 else ("unknown" if not evidence else "conflict")
    mapped = Mapped()
    if version == "conflict":
        mapped.findings.append(_label_finding("表三", "同时出现2019年版和2021年版（六）其他处理的行，版本无法确定"))
        version = "unknown"
    spec = SPECS[version if version in SPECS else (version_hint or "2021")]
    row_keys = _ROW_T3[spec.version]
    columns = _T3_COLUMNS[spec.version]
    if stream.pages or stream.paged:
        row_keys = _page_numbers(segments, row_keys, columns, stream, mapped)
    order, width = _printed_order(stream, segments, mapped)
    map_rows(segments, row_keys, columns, "表三", mapped, "t3.", stream, leading_first=True, order=order,
             width=width)
    if mapped.unaligned and not stream.bounded and width == len(columns):
        _extra_number(segments, row_keys, columns, stream, mapped, order)
    _decode_or_report(mapped, spec, "t3", columns, stream, order, width)
    if loose:
        loose = _extra_rows(stream, loose, mapped)
        _note_loose(stream, _numbers_in(stream.texts, loose), "表三", mapped)
    mapped.note_spaced("表三")
    return version, mapped, evidence


def _extra_rows(stream: Stream, loose: list[tuple[int, int]], mapped: Mapped) -> list[tuple[int, int]]:
    """Notes the rows of numbers the template has no cells for (a 小计 row, a group label such as
    （三）不予公开 printed with the sums of its rows: DOMAIN.md §4.2 rule 4, kept without keys), and returns the
    runs of `loose` that are not such a row."""
    texts = stream.texts
    kept = []
    for start, end in loose:
        numbers = [text for text in texts[start:end] if text and any(map(str.isdigit, text))]
        before = next((k for k in range(start - 1, -1, -1) if texts[k]), None)
        # One number alone is as likely a page's number: `_note_loose` tells of it as such.
        label = texts[before] if len(numbers) > 1 and before is not None else None
        if label is not None and (norm(label) in _SUBTOTAL_COLUMNS or (
                (found := T3_LABELS.match(label)) is not None and found.label in _T3_GROUPS)):
            mapped.findings.append(_label_finding("表三", (
                f"「{label}」行（{stream.source(start).describe()}）印有数值（{'、'.join(numbers)}），模板没有这一行的"
                "单元格，未读入"), "info"))
        else:
            kept.append((start, end))
    return kept


# Table 三's columns under 法人或其他组织, in the template's order (columns 1–5 of its seven).
_ORG_PRINTED = [c.label for c in SPECS["2021"].t3_columns[1:6]]
_ORG_COLUMNS = tuple(map(norm, _ORG_PRINTED))


def _in_template_order(texts: list[str | None], start: int, end: int, labels: list[str], times: int = 1,
                       adjacent: bool = True) -> bool:
    """Whether texts[start:end] prints `labels` word for word and in order, `times` times over, one
    right after another (`adjacent`) or with other words between: the common header, told in C
    (list.index, a slice compare) before any label is normalised."""
    at = start
    try:
        for _ in range(times):
            if not adjacent:
                for label in labels:
                    at = texts.index(label, at, end) + 1
                continue
            at = texts.index(labels[0], at, end)
            if texts[at:at + len(labels)] != labels:
                return False
            at += len(labels)
    except ValueError:
        return False
    return True


def _note_order(mapped: Mapped, table: str, printed: str, template: str) -> None:
    """The note that a header's columns were read in the order it prints them."""
    mapped.findings.append(_label_finding(
        table, f"表头各{'栏的列' if table == '表四' else '列的'}顺序为{printed}，与模板（{template}）不同，已按表头对应各列",
        "info"))


def _printed_order(stream: Stream, segments: list[Segment], mapped: Mapped) -> tuple[tuple[int, ...] | None, int]:
    """Where the header prints table 三's columns in another order than the template (科研机构 before
    商业企业 under 法人或其他组织, or 总计 before 自然人), or prints a column of its own among them (a
    小计 of 法人或其他组织: no template cell, DOMAIN.md §4.2 rule 4 and §4.3 trap 7), the printed position of each template
    column and the number of columns printed; (None, 7) when it prints the template's seven in order,
    or not each label once as a word of its own. The five under 法人或其他组织 sum the same in any order,
    so no identity would tell values read by the template's order from the printed ones."""
    texts = stream.texts
    end = segments[0].at if segments else len(texts)
    orgs = _ORG_COLUMNS
    extra = next((label for label in _SUBTOTAL_COLUMNS if label in texts[:end] and _beside_an_org(texts, label, end)),
                 None)
    if extra is not None and not _rows_print_one_more(stream, segments):
        extra = None  # the rows print the template's columns: the word says nothing of them
    if extra is not None or not _in_template_order(texts, 0, end, _ORG_PRINTED):
        wanted = _ORG_COLUMNS + ((extra,) if extra else ())
        printed = _printed_labels(texts[:end], wanted)
        if len(printed) == len(wanted) and len(set(printed)) == len(printed):
            orgs = tuple(printed)
        else:
            extra = None  # not placed among the five: the rows are reported as they are
    in_order = _in_template_order(texts, 0, end, _TOP_PRINTED, adjacent=False)
    tops = _TOP_COLUMNS if in_order else _grid_tops(stream, end)
    if orgs == _ORG_COLUMNS and tops == _TOP_COLUMNS:
        return None, len(_T3_ALL_COLUMNS)
    columns = [column for top in tops for column in (orgs if top == _TOP_COLUMNS[1] else (top,))]
    if extra is not None:
        mapped.findings.append(_label_finding(
            "表三", f"表头在「{T3_ORG}」下多出「{extra}」列（模板没有此列），该列的数值不读入任何单元格", "info"))
    template_columns = [column for column in columns if column != extra]
    if template_columns != list(_T3_ALL_COLUMNS):
        _note_order(mapped, "表三", "、".join(template_columns), "、".join(_T3_ALL_COLUMNS))
    return tuple(columns.index(column) for column in _T3_ALL_COLUMNS), len(columns)


# A column some agencies add under 法人或其他组织, summing the five (DOMAIN.md §4.2 rule 4, §4.3 trap 7).
_SUBTOTAL_COLUMNS = ("小计", "合计")


def _rows_print_one_more(stream: Stream, segments: list[Segment]) -> bool:
    """Whether the rows of table 三 do not, most of them, print just the template's seven cells (digits
    run together print one word: the column the header names is among them)."""
    n = len(_T3_ALL_COLUMNS)
    rows = [seg for seg in segments if seg.match.label in _T3_DATA_LABELS]
    seven = sum(len(_trim(seg.values, n, stream.texts, stream.bounded)) == n for seg in rows)
    return seven * 2 <= len(rows)


def _beside_an_org(texts: list[str | None], label: str, end: int) -> bool:
    """Whether `label` stands in the header right before or after one of the five under 法人或其他组织,
    as a column of theirs: a 小计 anywhere else says nothing of the columns."""
    at = texts.index(label, 0, end)
    return any(0 <= k < len(texts) and (text := texts[k]) and norm(text) in _ORG_COLUMNS for k in (at - 1, at + 1))


# The columns of table 三 as printed in its header: 自然人, the five under 法人或其他组织, 总计.
_TOP_PRINTED = [SPECS["2021"].t3_columns[0].label, T3_ORG, SPECS["2021"].t3_columns[6].label]
_TOP_COLUMNS = tuple(map(norm, _TOP_PRINTED))
_T3_ALL_COLUMNS = tuple(norm(c.label) for c in SPECS["2021"].t3_columns)


def _grid_tops(stream: Stream, end: int) -> tuple[str, ...]:
    """自然人, 法人或其他组织 and 总计 in the order of their columns, where one row of a grid's header (or
    one line of text) holds each once; else the template's order. They stand in a header row above
    the five under 法人或其他组织, and text copied out of a page prints the taller cells a line lower
    (自然人 and 总计 after 法人或其他组织): reading order across lines cannot be trusted for them."""
    places: dict[str, tuple[int, int, int]] = {}
    for i, text in enumerate(stream.texts[:end]):
        label = norm(text) if text else None
        if label in _TOP_COLUMNS:
            if label in places:
                return _TOP_COLUMNS
            # A grid cell's (table, row, column); a word's (document, line, (text, start, end)).
            owner, row, at = stream.origin(i)
            places[label] = (id(owner), row, at if at.__class__ is int else at[1])
    # One row of one grid, or one line of text: a grid rebuilt from word positions may set them on
    # rows of their own, and a line of text holding them all is a header row as printed.
    if len(places) != len(_TOP_COLUMNS) or len({place[:2] for place in places.values()}) != 1:
        return _TOP_COLUMNS
    return tuple(sorted(places, key=lambda label: places[label][2]))


def _printed_labels(texts: list[str | None], labels: tuple[str, ...]) -> list[str]:
    """The header labels among `labels` (normalised) printed in `texts`, in reading order; a label
    wrapped over lines (科研机 / 构) is the tokens that make it up, one after another. Remembered: a
    header is printed alike in every report of a layout."""
    key = (tuple(texts), labels)
    found = _PRINTED.get(key)
    if found is None:
        found = _read_printed_labels(texts, labels)
        if len(_PRINTED) < CACHE_SIZE:
            _PRINTED[key] = found
    return list(found)


_PRINTED: dict[tuple[tuple[str | None, ...], tuple[str, ...]], list[str]] = {}


def _read_printed_labels(texts: list[str | None], labels: tuple[str, ...]) -> list[str]:
    starts = _label_starts(labels)
    out: list[str] = []
    pending = ""
    for text in texts:
        if not text or (not pending and text[0] not in starts[0]):
            pending = ""  # most tokens (values, other labels) start no header label: no norm for them
            continue
        token = norm(text)
        joined = pending + token
        if joined in labels:
            out.append(joined)
            pending = ""
        elif joined in starts[1]:
            pending = joined
        elif token in labels:
            out.append(token)
            pending = ""
        else:
            pending = token if token in starts[1] else ""
    return out


@lru_cache(maxsize=64)
def _label_starts(labels: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
    """The first characters of `labels`, and every proper start of one (what a wrapped label's first
    lines may be)."""
    return (frozenset(label[0] for label in labels),
            frozenset(label[:k] for label in labels for k in range(1, len(label))))


def _lone_number(stream: Stream, i: int) -> bool:
    """Token i is a number of at most three digits printed alone on its line: what a page number
    looks like, and a cell too where cells are printed one a line."""
    text = stream.texts[i]
    if text is None or not is_bare_number(text) or stream.explicit(i):
        return False
    owner, paragraph, _ = stream.origin(i)
    return owner.blocks[paragraph].strip() == text


def _row_holds(stream: Stream, values: list[int]) -> bool:
    """Table 三's row identity: the 总计 cell is the sum of the cells before it."""
    raws = [stream.texts[i] for i in values]
    if not all(raw is not None and raw.isdecimal() for raw in raws):
        return False
    ints = list(map(int, raws))  # type: ignore[arg-type]
    return ints[-1] == sum(ints[:-1])


def _page_numbers(segments: list[Segment], row_keys: dict[str, str], columns: tuple[tuple[str, str], ...],
                  stream: Stream, mapped: Mapped) -> dict[str, str]:
    """Rows whose last cell, or first, may be a page number: a number alone on its line where a page
    ended (a page may also end between a label and its cells, or amid cells printed one a line).

    The row's own identity decides: read with that number if the row adds up with it, without it if
    it adds up only without it. Otherwise it is a page number or a cell, and the row is not read but
    reported (it is left out of the returned row labels). Where cells vanish (empty cells printed as
    nothing), a page number can stand in for a lost cell and the count alone would take it.
    """
    texts = stream.texts
    n = len(columns)
    pages = stream.pages
    paged = stream.paged_numbers() if pages else set()
    withheld: list[tuple[Segment, int]] = []
    for seg in segments:
        values = seg.values
        if seg.match.label not in row_keys or not values:
            continue
        last = values[-1]
        if _lone_number(stream, last) and (seg.paged or stream.origin(last)[1] in pages):
            spots = [len(values) - 1]
        elif paged and len(values) > 1 and not paged.isdisjoint(values) and stream.grid_row(last) < 0:
            # First, or amid the cells: a grid row holding the cells after it is told apart in map_rows.
            # A page break may leave two (the last cell before it, the page's number after it).
            spots = [k for k, i in enumerate(values[:-1]) if i in paged]
            if not spots:
                continue
        else:
            continue
        readings: dict[tuple[str | None, ...], int] = {}
        for at in spots:
            dropped = _trim(values[:at] + values[at + 1:], n, texts)
            if len(dropped) == n and _row_holds(stream, dropped):
                readings[tuple(map(texts.__getitem__, dropped))] = at
        kept = _trim(values, n, texts)
        if len(readings) == 1:
            at = next(iter(readings.values()))
            mapped.findings.append(_page_finding(seg, stream, values[at], "按本行勾稽关系（总计等于各列之和）判定为页码，已略去",
                                                 "info"))
            seg.values = values[:at] + values[at + 1:]
        elif readings or not (len(kept) == n and _row_holds(stream, kept)):
            withheld.append((seg, values[spots[-1]]))
    if not withheld:
        return row_keys
    shapes = _shapes("t3.", columns)
    for seg, number in withheld:
        mapped.findings.append(_page_finding(
            seg, stream, number, "可能是页码，也可能是本行的单元格，按本行勾稽关系无法判定；该行记为缺失",
            "error", shapes[row_keys[seg.match.label]].keys))
    labels = {seg.match.label for seg, _ in withheld}
    return {label: key for label, key in row_keys.items() if label not in labels}


def _page_finding(seg: Segment, stream: Stream, i: int, outcome: str, severity: str,
                  cells: Iterable[str] = ()) -> Finding:
    where = stream.source(i).describe()
    values = seg.values
    end = "行末" if not values or i == values[-1] else "行首" if i == values[0] else "单元格之间"
    return _label_finding("表三", f"「{seg.match.label}」{end}的「{stream.texts[i]}」单独成行（{where}），"
                                  f"位于表格可能分页之处，{outcome}", severity, cells)


def _extra_number(segments: list[Segment], row_keys: dict[str, str], columns: tuple[tuple[str, str], ...],
                  stream: Stream, mapped: Mapped, order: tuple[int, ...] | None = None) -> None:
    """Rows one cell too long whose last cell is a number alone on its line (a page number printed
    between rows): read without it only when the row's identity proves it is no cell, that is when
    leaving out any other one cell gives no other reading that adds up."""
    texts = stream.texts
    n = len(columns)
    labels = {key: label for label, key in row_keys.items()}
    for row_key, values in list(mapped.unaligned.items()):
        if len(values) <= n or not _lone_number(stream, values[-1]):
            continue
        # Empty slots a label's merged cells leave (flattened text) are no cells of the row.
        raws = [raw for raw in map(texts.__getitem__, values) if raw]
        if len(raws) != n + 1 or not all(map(str.isdecimal, raws)) or len(_trim(values[:-1], n, texts)) != n:
            continue
        ints = list(map(int, raws))
        readings = {tuple(ints[:k] + ints[k + 1:]) for k in range(n + 1)}
        holding = [r for r in readings if r[-1] == sum(r[:-1])]
        if holding != [tuple(ints[:-1])]:
            continue
        label = labels[row_key]
        found = next(s for s in segments if s.match.label == label)
        seg = Segment(found.match, found.label_texts, found.at)
        seg.values = values[:-1]
        del mapped.unaligned[row_key]
        map_rows([seg], {seg.match.label: row_key}, columns, "表三", mapped, "t3.", stream, order=order)
        mapped.findings.append(_page_finding(
            seg, stream, values[-1], "本行多出一个单元格；只有略去它本行才符合勾稽关系（总计等于各列之和），判定为页码，已略去",
            "info"))


def _run_together(stream: Stream, values: list[int], digits: list[str], n: int) -> bool:
    """Digits that can only be cells run together: words of one line, or one explicit cell holding them all.

    `digits`: the normalised text of each of `values`. Two explicit cells ("22 | 235" where three were
    due) mean a lost cell, never a split number.
    """
    if not values or not all(map(str.isdecimal, digits)):
        return False
    if len(values) > 1 and (any(map(stream.explicit, values)) or len({stream.origin(i)[1] for i in values}) > 1):
        return False  # cells, or words on lines of their own: a line break is a cell's end
    # As many words as cells or more: none holds two cells, and joining words would merge split numbers
    # (never done, DOMAIN.md §5.1); a word too many is a stray.
    return len(values) < n <= sum(map(len, digits))


def _decode_or_report(mapped: Mapped, spec: TemplateSpec, table: str, columns: tuple[tuple[str, str], ...],
                      stream: Stream, order: tuple[int, ...] | None = None, width: int | None = None) -> None:
    """Rows printed with their digits run together are split by the table's own arithmetic (the same in
    any order of the columns under 法人或其他组织: `order` then puts each split's values in the template's).
    A header with a column of its own (`width` more than the template's) is read only where it is printed."""
    if not mapped.unaligned:
        return
    texts = stream.texts
    n = len(columns)
    printed_n = width or n
    printed = {row: list(map(norm, map(texts.__getitem__, vals)))
               for row, vals in mapped.unaligned.items()}
    runs = {row: printed[row] for row, vals in mapped.unaligned.items()
            if _run_together(stream, vals, printed[row], n)}
    known: dict[str, int] = {k: c.value for k, c in mapped.cells.items()
                             if c.kind is Kind.NUMBER and c.value.__class__ is int}
    for counts in mapped.rows.values():
        known.update(zip(counts.shape.index, counts.ints, strict=True))
    if printed_n != n:
        runs = {}  # a column the template lacks: no identity of the template holds for its digits
    elif order is not None:
        # The runs are in printed order: the decoder is given what is known at the printed positions.
        column_keys = [key for key, _ in columns]
        at = {key: column_keys[order[k]] for k, key in enumerate(column_keys)}
        known = {f"{key[:key.rfind('.')]}.{at[key[key.rfind('.') + 1:]]}": value for key, value in known.items()
                 if key[key.rfind(".") + 1:] in at}
    # The decoder takes a row's last cell for its total: where the header moves 总计, nothing is split.
    total_last = order is None or order[-1] == len(columns) - 1
    decoded = decode_runs(spec, table, runs, known) if runs and total_last else {}
    name = "表三" if table == "t3" else "表四"
    shapes = _shapes(f"{table}.", columns)
    for row, vals in mapped.unaligned.items():
        shape = shapes[row]
        keys = shape.keys
        label = spec.t3_row(row).label if table == "t3" else next(
            b.label for b in spec.t4_blocks if b.key == row)
        options = decoded.get(row)
        if not options:
            _report_unaligned(mapped, name, label, stream, vals, printed_n, keys)
            continue
        if order is not None:
            options = [tuple(option[k] for k in order) for option in options]
        digits = "".join(printed[row])
        _assign_options(mapped, shape, options, stream, vals, label, digits)
        if len(options) > 1:
            mapped.findings.append(Finding(
                "VALUE-NUMERIC", "fail", "warning",
                ("{}「{}」行的数字连写在一起（{}），按表内勾稽关系有{}种拆分，相关单元格标为存疑，未作猜测",
                 name, label, digits, len(options)),
                cells=keys))
        else:
            mapped.findings.append(Finding(
                "VALUE-NUMERIC", "fail", "info", ("{}「{}」行的数字连写在一起，已按表内勾稽关系唯一拆分", name, label),
                cells=keys))


_DECODED_NOTE = "连写数字按表内勾稽关系拆分"
_BLANK = Kind.BLANK  # enum attribute access is slow inside per-cell loops
_NUMBER = Kind.NUMBER


def _assign_options(mapped: Mapped, shape: RowShape, options: list[tuple[int, ...]], stream: Stream,
                    vals: list[int], label: str, raw: str) -> None:
    """Cells from the splits of run-together digits: a value where all agree, else every candidate."""
    first = stream.origin(vals[0])
    if len(options) == 1:  # the usual outcome: every cell has its value
        ints = list(options[0])
        if shape.whole:
            mapped.rows[shape.prefix] = _DecodedRow(shape, ints, first, label)
            return
        for (key, _, column_label), value in zip(shape.cells, ints, strict=True):
            mapped.cells[key] = make_cell(key, str(value), (first, label, column_label, "decoded", _DECODED_NOTE))
        return
    for index, (key, _, column_label) in enumerate(shape.cells):
        values = sorted({option[index] for option in options})
        cell_source = (first, label, column_label, "decoded", _DECODED_NOTE)
        if len(values) == 1:
            mapped.cells[key] = make_cell(key, str(values[0]), cell_source)
        else:
            mapped.cells[key] = Cell(key, raw, Kind.AMBIGUOUS, source=cell_source, candidates=tuple(values))


def detect_t2(stream: Stream) -> tuple[str, list[Finding]]:
    """§2.7 for table 二: whole-cell matches of labels only one version has."""
    # Values are never evidence: only the other tokens are normalised.
    texts = stream.texts
    printed = set(map(norm, filter(None, compress(texts, map(not_, _value_flags(texts, T2_LABELS))))))
    evidence = sorted(v for v, labels in _T2_EVIDENCE_NORM.items() if printed & labels)
    if len(evidence) == 1:
        return evidence[0], []
    if evidence:
        return "unknown", [_label_finding("表二", "同时出现2019年版和2021年版的表头或行，按报告整体版本读取")]
    return "unknown", []


def map_t2(stream: Stream, version: str) -> Mapped:
    mapped = Mapped()
    spec = SPECS[version]
    segments, _unknown, loose = segment(stream, T2_LABELS, _T2_DATA_LABELS)
    # Table 二 has no sum to check a split against, so digits are split only where the layout runs
    # every row's values together: one word of digits, and no row printed as several words. Where
    # values stand apart, a row short of words is missing a blank, not holding digits run together.
    separated = any(len(seg.values) > 1 for seg in segments)
    paged = stream.paged_numbers() if stream.pages else set()
    for block in spec.t2_blocks:
        row_keys = _T2_ROW_KEYS[(version, block.key)]
        columns = _T2_COLUMNS[(version, block.key)]
        if paged:
            row_keys = _t2_paged(segments, row_keys, columns, stream, paged, mapped, f"表二{block.caption}",
                                 f"t2.{block.key}.")
        order = _t2_printed_order(stream, segments, row_keys, columns, mapped, f"表二{block.caption}")
        _t2_header_units(stream, segments, row_keys, columns, f"t2.{block.key}.", mapped, f"表二{block.caption}")
        map_rows(segments, row_keys, columns, "表二", mapped, f"t2.{block.key}.", stream, order=order)
        for row, vals in mapped.unaligned.items():
            shape = _shapes(f"t2.{block.key}.", columns)[row]
            keys = shape.keys
            label = next(r.label for r in block.rows if r.key == row)
            digits = [norm(stream.texts[i]) for i in vals]
            # Digits run together are split in the template's order of the columns only.
            options = (splits(digits, len(columns)) if not separated and len(vals) == 1 and order is None
                       and _run_together(stream, vals, digits, len(columns)) else [])
            if not options and not separated and len(vals) == 1 and not stream.explicit(vals[0]) \
                    and order is None and _SIGN_RUN.fullmatch(digits[0]):
                signed = tuple(c.value_type is ValueType.CHANGE for c in block.columns)
                readings = signed_readings(digits[0], signed) if any(signed) else []
                if readings:
                    _read_signed_run(mapped, shape, readings, stream, vals, f"表二{block.caption}", label)
                    continue
            if not options:
                _report_unaligned(mapped, f"表二{block.caption}", label, stream, vals, len(columns), keys)
                continue
            # Table 二 has no identity to decide a split: one split is read, several stay ambiguous.
            _assign_options(mapped, shape, options, stream, vals, label, "".join(digits))
            mapped.findings.append(Finding(
                "VALUE-NUMERIC", "fail", "warning" if len(options) > 1 else "info",
                f"表二「{label}」行的数字连写在一起（{''.join(digits)}），"
                + (f"有{len(options)}种拆分，相关单元格标为存疑，未作猜测" if len(options) > 1 else "只有一种拆分"),
                cells=keys))
        mapped.unaligned.clear()
    if loose:
        _note_loose(stream, _numbers_in(stream.texts, loose), "表二", mapped)
    mapped.note_spaced("表二")
    return mapped


def _read_signed_run(mapped: Mapped, shape: RowShape, readings: list[tuple[str, ...]], stream: Stream,
                     vals: list[int], table: str, label: str) -> None:
    """Cells of a table-二 row printed with its cells run together and a sign among them: as printed
    where every reading agrees, every candidate where they differ. A cell that one reading takes for
    the placeholder "-" has no number to offer as a candidate: then the row is reported, not read."""
    printed = norm(stream.texts[vals[0]])
    first = stream.origin(vals[0])
    shown = "；".join("、".join(reading) for reading in readings)
    columns = list(zip(*readings, strict=True))
    if any(len(set(pieces)) > 1 and "-" in pieces for pieces in columns):
        mapped.findings.append(_label_finding(
            table, f"「{label}」行的数字连写在一起（{printed}），有{len(readings)}种拆分（{shown}），"
            "其中“-”可能是占位符，无法逐格列出候选数值；该行记为缺失", cells=shape.keys))
        return
    for (key, _, column_label), pieces in zip(shape.cells, columns, strict=True):
        source = (first, label, column_label, "decoded", _DECODED_NOTE)
        if len(set(pieces)) == 1:
            mapped.cells[key] = make_cell(key, pieces[0], source)
        else:
            mapped.cells[key] = Cell(key, printed, Kind.AMBIGUOUS, source=source,
                                     candidates=tuple(sorted({int(piece) for piece in pieces})))
    mapped.findings.append(Finding(
        "VALUE-NUMERIC", "fail", "warning" if len(readings) > 1 else "info",
        f"{table}「{label}」行的数字连写在一起（{printed}），"
        + (f"有{len(readings)}种拆分（{shown}），相关单元格标为存疑，未作猜测" if len(readings) > 1
           else f"只有一种拆分（{shown}）"),
        cells=shape.keys))


def _t2_header(segments: list[Segment], row_keys: dict[str, str]) -> tuple[int, int] | None:
    """The stream indices [start, end) of the header over a block of table 二: what stands after the
    row before the block's first row (and that row's values) up to the first row; None when no row
    of the block was found."""
    k = next((k for k, seg in enumerate(segments) if seg.match.label in row_keys), None)
    if k is None:
        return None
    before = segments[k - 1] if k else None
    return (0 if before is None else max([before.at, *before.values[-1:]]) + 1), segments[k].at


# A unit a table-二 column label names: "本年收费金额（单位：万元）".
_LABEL_UNIT = re.compile(r"\(单位:([^()]+)\)")


def _t2_header_units(stream: Stream, segments: list[Segment], row_keys: dict[str, str],
                     columns: tuple[tuple[str, str], ...], prefix: str, mapped: Mapped, table: str) -> None:
    """A header that names another unit than the template's (本年收费金额（单位：元） for 万元): the
    values are read as printed and never converted, so the unit the header gives is told."""
    header = None
    for key, label in columns:
        template = _LABEL_UNIT.search(norm(label))
        if template is None:
            continue
        header = header or _t2_header(segments, row_keys)
        if header is None:
            return
        if _in_template_order(stream.texts, header[0], header[1], [label]):
            continue  # printed word for word, as in nearly every report
        stem = norm(label)[:template.start()]
        printed = "".join(filter(None, map(norm, filter(None, stream.texts[header[0]:header[1]]))))
        at = printed.find(stem)
        found = _LABEL_UNIT.match(printed, at + len(stem)) if at >= 0 else None
        if found is not None and found.group(1) != template.group(1):
            mapped.findings.append(_label_finding(
                table, f"表头为“{stem}（单位：{found.group(1)}）”，模板为“{label}”：数值按原样读取，未换算，请核对单位",
                "warning", [f"{prefix}{row}.{key}" for row in row_keys.values()]))


def _t2_printed_order(stream: Stream, segments: list[Segment], row_keys: dict[str, str],
                      columns: tuple[tuple[str, str], ...], mapped: Mapped, table: str) -> tuple[int, ...] | None:
    """Where the header over a block of table 二 prints its columns in another order than the template
    (现行有效件数 before 本年废止件数), the printed position of each template column; None when in order,
    or when the labels printed last before the block's first row are not its columns, each once."""
    header = _t2_header(segments, row_keys) if len(columns) > 1 else None
    if header is None:
        return None
    start, first = header
    if _in_template_order(stream.texts, start, first, [label for _, label in columns]):
        return None
    labels = tuple(norm(label) for _, label in columns)
    printed = _printed_labels(stream.texts[start:first], labels)[-len(labels):]
    if sorted(printed) != sorted(labels) or tuple(printed) == labels:
        return None
    _note_order(mapped, table, "、".join(printed), "、".join(labels))
    return tuple(printed.index(label) for label in labels)


def _t2_paged(segments: list[Segment], row_keys: dict[str, str], columns: tuple[tuple[str, str], ...],
              stream: Stream, paged: set[int], mapped: Mapped, table: str, prefix: str) -> dict[str, str]:
    """Rows of table 二 that have their count of cells only with a number alone on its line where a
    page ended: a page's number can stand in for a cell lost (empty cells printed as nothing) or for
    digits run together. Table 二 has no sum to tell it from a cell. Where the row's other cells share
    a line (a row printed on one line, a grid row), a number on a line of its own is none of them:
    the row is reported, never read (it is left out of the returned row labels). Where every cell
    stands on a line of its own, it is read as printed, with a warning naming its cells."""
    texts = stream.texts
    n = len(columns)
    withheld: set[str] = set()
    for seg in segments:
        label = seg.match.label
        values = seg.values
        if paged.isdisjoint(values) or label not in row_keys or len(_trim(values, n, texts)) != n:
            continue
        at = next(i for i in values if i in paged)
        where = f"「{label}」行的「{texts[at]}」单独成行（{stream.source(at).describe()}），位于表格可能分页之处，可能是页码，"
        keys = _shapes(prefix, columns)[row_keys[label]].keys
        if all(_alone_on_line(stream, i) for i in values if i != at and texts[i]):
            mapped.findings.append(_label_finding(
                table, where + "也可能是本行的单元格，本表没有勾稽关系可以判定；按单元格读取，请核对", "warning", keys))
            continue
        withheld.add(label)
        mapped.findings.append(_label_finding(
            table, where + "本行其他单元格不是各自成行，它不像本行的单元格，本表又没有勾稽关系可以判定；该行记为缺失",
            "error", keys))
    if not withheld:
        return row_keys
    return {label: key for label, key in row_keys.items() if label not in withheld}


def _alone_on_line(stream: Stream, i: int) -> bool:
    """Token i is a word printed alone on its line (no table cell, no word of a longer line)."""
    if stream.explicit(i):
        return False
    owner, paragraph, _ = stream.origin(i)
    return owner.blocks[paragraph].strip() == stream.texts[i]


# Each block of table 四 as a row, and its label; then every cell in order, and its block and column.
_T4_ROWS = [(RowShape.of([f"t4.{b.key}.{c.key}" for c in _T4_SPEC.t4_columns], [c.label for c in _T4_SPEC.t4_columns]),
             b.label) for b in _T4_SPEC.t4_blocks]
_T4_WIDTH = len(_T4_SPEC.t4_columns)
_T4_KEYS = [key for shape, _ in _T4_ROWS for key in shape.keys]
_T4_CELL_LABELS = [(block, column) for shape, block in _T4_ROWS for _, _, column in shape.cells]


def map_t4(stream: Stream) -> Mapped:
    n = len(_T4_KEYS)
    mapped = Mapped()
    texts = stream.texts
    values: list[int] = []
    after_header: list[int] = []
    row: list[int] = []
    value_rows: list[list[int]] = []
    header_row = False  # the grid row being read holds a header label
    row_values = 0  # where its cells start in `values`
    for i, text in enumerate(texts):
        if text is None:
            # A grid row holding only values: not a header row, nor a spacer row of empty cells.
            if row and all(_is_value_text(texts[j]) for j in row) and any(map(norm, map(texts.__getitem__, row))):
                value_rows.append(row)
            elif header_row:
                # The empty cells of a header row (a markdown table repeats no merged cell) are no cells:
                # without the row of values, they would be read as blank ones.
                values[row_values:] = [j for j in values[row_values:] if texts[j]]
            row = []
            header_row = False
            row_values = len(values)
            continue
        row.append(i)
        is_value = _is_value_text(text)
        if T4_LABELS.match(text, fuzzy=False) is not None or (not is_value and T4_LABELS.is_fragment(text)):
            after_header = []
            header_row = True
            continue
        if not is_value and not stream.explicit(i):
            continue
        values.append(i)
        after_header.append(i)
    exact_rows = [r for r in value_rows if len(r) == n]
    order = _t4_printed_order(stream, mapped)
    # Empty slots outside the row of cells are header rows' merged slots, all printed before it (a
    # flattened header row ends with its slots, as the seed's "|||||" before its cells): they are
    # dropped from the start first, and an empty last cell stays a cell.
    candidates = [*exact_rows[:1], _trim(values, n, texts, True), _trim(after_header, n, texts, True)]
    noted = len(candidates)  # the candidates after these leave out a number `_t4_page_number` told of
    if not stream.bounded and all(len(c) != n for c in candidates):
        for cells in (candidates[-1], candidates[-2]):  # the cells after the last header rows first
            extra = _t4_page_number(stream, cells, n, mapped)
            if extra:
                candidates.extend(extra)
                break
    for k, candidate in enumerate(candidates):
        if len(candidate) == n:
            if len(values) > n and k < noted and (sum(map(bool, map(texts.__getitem__, values)))
                                                   > sum(map(bool, map(texts.__getitem__, candidate)))):
                # A grid row of all the cells, or the cells after the last header rows: what is
                # printed elsewhere is left out (merged slots, empty, are no news).
                _note_loose(stream, sorted(set(values).difference(candidate)), "表四", mapped)
            if order is not None:
                candidate = [candidate[k] for k in order]
            raws = [texts[i] for i in candidate]
            decimal = all(map(str.isdecimal, raws))  # type: ignore[arg-type]
            if stream.pages and _t4_paged(stream, candidate, decimal, mapped):  # rare: look no further
                return mapped
            if decimal:
                ints = list(map(int, raws))  # type: ignore[arg-type]
                for (shape, label), start in zip(_T4_ROWS, range(0, n, _T4_WIDTH), strict=True):
                    end = start + _T4_WIDTH
                    mapped.rows[shape.prefix] = _ReadRow(shape, ints[start:end], stream, candidate[start:end], label,
                                                         "position")
                return mapped
            for key, (block, column), i in zip(_T4_KEYS, _T4_CELL_LABELS, candidate, strict=True):
                mapped.cells[key] = _cell(key, stream, i, block, column, "position")
            return mapped
    # Digits run together: decode per block with the block totals. The digits after the last header
    # rows first: a page's number before them (at the top of the table's page) is none of them. (Not
    # where the header moves a block's 总计: the decoder takes each block's last cell for its total.)
    totals_last = order is None or all(order[end - 1] == end - 1 for end in range(_T4_WIDTH, n + 1, _T4_WIDTH))
    for run in dict.fromkeys((tuple(after_header), tuple(values))) if totals_last else ():
        if _t4_decoded(stream, list(run), mapped, order):
            if len(run) < len(values):
                _note_loose(stream, sorted(set(values).difference(run)), "表四", mapped)
            return mapped
    printed = "、".join(texts[i].strip() or "（空）" for i in values[:20]) or "无"  # type: ignore[union-attr]
    mapped.findings.append(_label_finding(
        "表四", f"应有{n}个数值单元格，读到{len(values)}个（{printed}）；无法确定对应关系，表四各单元格记为缺失",
        cells=_T4_KEYS))
    return mapped


_T4_PRINTED = [c.label for c in _T4_SPEC.t4_columns]
_T4_COLUMN_LABELS = tuple(map(norm, _T4_PRINTED))


def _t4_printed_order(stream: Stream, mapped: Mapped) -> list[int] | None:
    """Where the header prints a block's columns in another order than the template (结果纠正 before
    结果维持), the printed position of each of the table's cells in template order; None when every
    block's header is in order, or not each block's five labels once. Within a block the sum is the
    same in any order, so no identity would tell values read by the template's order."""
    texts = stream.texts
    if _in_template_order(texts, 0, len(texts), _T4_PRINTED, len(_T4_ROWS)):
        return None
    # The header stands before the first count (no label is one).
    end = next((i for i, text in enumerate(texts) if text and text.isdecimal()), len(texts))
    printed = _printed_labels(texts[:end], _T4_COLUMN_LABELS)
    width = _T4_WIDTH
    if len(printed) != len(_T4_KEYS):
        return None
    blocks = [printed[start:start + width] for start in range(0, len(printed), width)]
    if any(len(set(block)) != width for block in blocks) or all(tuple(b) == _T4_COLUMN_LABELS for b in blocks):
        return None
    _note_order(mapped, "表四", "；".join("、".join(block) for block in blocks), "、".join(_T4_COLUMN_LABELS))
    return [start + block.index(label) for start, block in zip(range(0, len(printed), width), blocks, strict=True)
            for label in _T4_COLUMN_LABELS]


def _t4_decoded(stream: Stream, values: list[int], mapped: Mapped, order: list[int] | None = None) -> bool:
    """Table 四 read from digits run together, split by the blocks' totals; False when `values` are
    no digits run together (several printed cells, some not digits) or no split adds up. `order`:
    the printed position of each cell (`_t4_printed_order`), each block's total still last."""
    texts = stream.texts
    n = len(_T4_KEYS)
    digits = [i for i in values if norm(texts[i])]
    printed = [norm(texts[i]) for i in digits]
    # Digits in cells of their own are cells, never pieces of one number.
    if not _run_together(stream, digits, printed, n):
        return False
    joined = "".join(printed)
    found = decode_runs(_T4_SPEC, "t4", {"all": [joined]}, {}).get("all")
    if not found:
        return False
    if order is not None:
        found = [tuple(option[k] for k in order) for option in found]
    first = stream.origin(digits[0])
    if len(found) == 1:
        for (shape, label), start in zip(_T4_ROWS, range(0, n, _T4_WIDTH), strict=True):
            mapped.rows[shape.prefix] = _DecodedRow(shape, list(found[0][start:start + _T4_WIDTH]), first, label)
        mapped.findings.append(Finding(
            "VALUE-NUMERIC", "fail", "info", ("{}的数字连写在一起，已按表内勾稽关系唯一拆分", "表四"), cells=tuple(_T4_KEYS)))
        return True
    for index, (key, (block, column)) in enumerate(zip(_T4_KEYS, _T4_CELL_LABELS, strict=True)):
        cands = sorted({o[index] for o in found})
        cell_source = (first, block, column, "decoded", _DECODED_NOTE)
        mapped.cells[key] = (make_cell(key, str(cands[0]), cell_source) if len(cands) == 1 else
                             Cell(key, joined, Kind.AMBIGUOUS, source=cell_source, candidates=tuple(cands)))
    mapped.findings.append(Finding(
        "VALUE-NUMERIC", "fail", "warning",
        ("{}的数字连写在一起（{}），按表内勾稽关系有{}种拆分，相关单元格标为存疑，未作猜测", "表四", joined, len(found)),
        cells=tuple(_T4_KEYS)))
    return True


def _t4_paged(stream: Stream, cells: list[int], decimal: bool, mapped: Mapped) -> bool:
    """Table 四's cells hold a number alone on its line where a page ended, and the blocks' totals do
    not prove it a cell: a page's number may stand in for a cell lost (empty cells printed as nothing),
    and the table is reported, not read (True)."""
    texts = stream.texts
    paged = stream.paged_numbers()
    at = next((i for i in cells if i in paged), None)
    if at is None:
        return False
    if decimal:
        ints = [int(texts[i]) for i in cells]  # type: ignore[arg-type]
        if all(ints[end - 1] == sum(ints[end - _T4_WIDTH:end - 1]) for end in range(_T4_WIDTH, len(ints) + 1, _T4_WIDTH)):
            return False
    mapped.findings.append(_label_finding(
        "表四", f"「{texts[at]}」单独成行（{stream.source(at).describe()}），位于表格可能分页之处，可能是页码，"
        "也可能是表四的单元格，按各项总计无法判定；表四各单元格记为缺失", "error", _T4_KEYS))
    return True


def _t4_page_number(stream: Stream, values: list[int], n: int, mapped: Mapped) -> list[list[int]]:
    """Table 四's cells with one too many, the first or last a number alone on its line (a page number
    printed before or after the row of cells) or one amid them where a page ended: left out only when
    the blocks' totals prove it, that is when no other cell left out gives a reading that adds up."""
    texts = stream.texts
    if len(values) != n + 1 or not all(text is not None and text.isdecimal() for text in map(texts.__getitem__, values)):
        return []
    ints = [int(texts[i]) for i in values]  # type: ignore[arg-type]

    def holds(cells: list[int]) -> bool:
        return all(cells[end - 1] == sum(cells[end - _T4_WIDTH:end - 1]) for end in range(_T4_WIDTH, n + 1, _T4_WIDTH))

    readings = {tuple(ints[:k] + ints[k + 1:]) for k in range(n + 1) if holds(ints[:k] + ints[k + 1:])}
    for k in range(n + 1):
        # Before or after the row of cells, or amid them where a page ended (cells one a line).
        if (_lone_number(stream, values[k]) and readings == {tuple(ints[:k] + ints[k + 1:])}
                and (k in (0, n) or stream.origin(values[k])[1] in stream.pages)):
            where = stream.source(values[k]).describe()
            mapped.findings.append(_label_finding(
                "表四", f"读到{n + 1}个数值单元格，其中「{texts[values[k]]}」单独成行（{where}），位于表格可能分页之处；"
                "只有略去它各项总计才与分项之和相符，判定为页码，已略去", "info"))
            return [values[:k] + values[k + 1:]]
    return []


# --- sections and tables in the document ---------------------------------------------------------


# Markdown heading marks and bold, with the space after them (a no-break or full-width one, as an
# editor may type: "##\u00a0一、总体情况").
_HEADING_MARKS = "#* \t\u00a0\u3000"


@lru_cache(maxsize=65536)
def _heading_number(text: str) -> int | None:
    """Statutory section number of a heading line, or None (§5.3: keywords, outside tables)."""
    stripped = text.strip().strip(INVISIBLE).strip()
    if stripped.lstrip(_HEADING_MARKS)[:1] not in _HEADING_STARTS:
        # A title printed without its numeral ("## 总体情况"), on a line of its own: each of the six
        # ends in 情况 or 事项 (a table's value lines, which are many, are turned away unnormalised).
        if len(stripped) > 30 or not ("况" in stripped or "项" in stripped):
            return None
        return _BARE_TITLES.get(norm(stripped))
    run_in = _run_in_title(stripped)
    if run_in is not None:
        return run_in[0]
    if len(stripped) > 60:
        return None
    n = norm(stripped)
    if not n or len(n) > 40 or n in _T3_ROW_NORMS:
        return None
    for number, title in enumerate(SECTION_TITLES, start=1):
        if n == norm(title):
            return number
    if not (_ORDINAL_HEADING.match(n) or _SPACED_ORDINAL.match(stripped.lstrip(_HEADING_MARKS))):
        return None
    for number, keywords in enumerate(SECTION_KEYWORDS, start=1):
        if all(k in n for k in keywords):
            return number
    return None


def _run_in_title(text: str) -> tuple[int, str] | None:
    """A heading run into its section's first sentence ("<p><b>一、总体情况</b>2022年，…</p>"): the
    section number and the sentence. Only the official title printed exactly marks one."""
    body = text.lstrip(_HEADING_MARKS)
    for number, title in enumerate(SECTION_TITLES, start=1):
        if body.startswith(title):
            rest = body[len(title):].lstrip("*").strip()
            # A sentence follows ("2022年，…。"), not a remark on the title ("（续）").
            if "，" in rest or "。" in rest:
                return number, rest
            return None
    return None


def _heading_candidates(para_index: Sequence[int], para_text: Sequence[str]) -> list[tuple[int, int]]:
    """(block index, section number) of every paragraph that reads as a section heading, in order."""
    return [(para_index[p], number) for p, number in enumerate(map(_heading_number, para_text)) if number]


def _locate_headings(candidates: list[tuple[int, int]]) -> dict[int, int]:
    """Block index of each section heading; the latest candidates that keep the six in order.

    Reports that number their 总体情况 topics 一…六 and restart for the statutory parts are read
    correctly this way: the later, statutory headings win (§5.3 double numbering).
    """
    chosen: dict[int, int] = {}
    limit = None
    for number in range(6, 0, -1):
        options = [i for i, k in candidates if k == number and (limit is None or i < limit)]
        if options:
            chosen[number] = options[-1]
            limit = options[-1]
    return chosen


@lru_cache(maxsize=65536)
def _label_vote(text: str) -> str | None:
    """The one table whose labels the text is (whole-cell match), or None: a pure function of the text."""
    if _is_value_text(text):
        return None
    kinds = [kind for kind, labels in (("t2", T2_LABELS), ("t3", T3_LABELS), ("t4", T4_LABELS))
             if labels.match(text, fuzzy=False) is not None]
    # 总计 and 其他 head columns of both 三 and 四: they decide nothing.
    return kinds[0] if len(kinds) == 1 else None


def _table_kind(table: Table) -> tuple[str | None, int]:
    # Each text votes once: merged slots repeat their cell's text (or are empty) and change nothing.
    score = {"t2": 0, "t3": 0, "t4": 0, None: 0}
    for kind in map(_label_vote, filterfalse(str.isdecimal, set().union(*table.texts))):  # counts vote for nothing
        score[kind] += 1
    best = max(("t2", "t3", "t4"), key=score.__getitem__)
    return (best, score[best]) if score[best] >= 2 else (None, 0)




# Numbers and their separators: the trailing run of these on a line is the values printed after a label.
_TAIL_CHARS = "0123456789 \t\u3000\u00a0,.+-－—/＋"
_WORD = re.compile(r"\S+")


@lru_cache(maxsize=65536)
def _is_label_word(word: str) -> bool:
    # A number standing alone ("办结 5 件") is no sign of a table line, though "5" begins "5.属于…".
    if _LETTER.search(word) is None:
        return False
    # Fragments first: the cheaper test, and the answer for most pieces of labels. A unit remark on
    # a line of its own is the end of a wrapped header label, whatever unit it names (（单位：元）); a
    # 小计 a header adds among the columns (`_printed_order`) is a header label too.
    return (any(ls.is_fragment(word) for ls in _LABEL_SETS)
            or any(ls.match(word) is not None for ls in _LABEL_SETS)
            or _LABEL_UNIT.fullmatch(norm(word)) is not None or norm(word) in _SUBTOTAL_COLUMNS)


@lru_cache(maxsize=65536)
def _line_words(line: str) -> tuple[tuple[str, int, int], ...]:
    """The words of a plain text line that are table tokens, with their column spans (or none).

    A pure function of the line's text, cached: the same label and value lines recur in every report.
    """
    stripped = line.strip()
    if not stripped or is_page_number(stripped):
        return ()  # page numbers ("- 3 -") printed inside a table are not cells
    if stripped[-1] in "。；;":
        return ()  # a sentence: no table row ends like one
    cut = len(line.rstrip(_TAIL_CHARS))
    words = list(_WORD.finditer(line, 0, cut))
    if words and not any(_is_label_word(w.group()) for w in words):
        return ()  # prose
    head = tuple((m.group(), m.start(), m.end()) for m in words)
    if "\t" in line[cut:]:
        return head + _tab_cells(line, cut)
    return head + tuple((m.group(), m.start(), m.end()) for m in _WORD.finditer(line, cut))


def _tab_cells(line: str, cut: int) -> tuple[tuple[str, int, int], ...]:
    """The values of a row copied out of a Word or web table: cells between tabs, an empty one kept.

    Between two tabs with nothing in them is a blank cell, which spaces could not show. What stands
    before the first tab is the end of the label's cell when blank, else a value after a space.
    """
    cells: list[tuple[str, int, int]] = []
    start = cut
    for piece in line[cut:].split("\t"):
        end = start + len(piece)
        text = piece.strip()
        if text:
            # Numbers spaced apart between two tabs are cells a copy (or a typist) separated with
            # spaces instead of a tab: each its own cell, as in a row separated by spaces alone.
            cells.extend((m.group(), m.start() + start, m.end() + start) for m in _WORD.finditer(piece))
        elif start > cut:  # a blank cell: located at the tab that closes it
            cells.append(("", end, end + 1))
        start = end + 1
    return tuple(cells)


def assemble(doc: Document) -> AnnualReport:
    blocks = doc.blocks
    n_blocks = len(blocks)
    # Paragraphs as two parallel sequences, block index and text (for a text file, every block).
    table_blocks: list[tuple[int, Table]] = [(i, b) for i, b in enumerate(blocks) if b.__class__ is not str]  # type: ignore[misc]
    para_index: Sequence[int]
    para_text: Sequence[str]
    if table_blocks:
        para_index = [i for i, b in enumerate(blocks) if b.__class__ is str]
        para_text = [blocks[i] for i in para_index]  # type: ignore[misc]
    else:
        para_index, para_text = range(n_blocks), blocks  # type: ignore[assignment]
    joined = "\0".join(para_text)  # NUL is in no paragraph
    if any(map(joined.__contains__, FULL_WIDTH_DIGITS)):
        # A table printed as lines of text is read by words of ASCII digits: full-width ones ("１２",
        # typed in full-width mode) are the same digits, one character for one, so every column stays
        # the file's. (Table cells are classified after NFKC and keep their printed form.)
        for i in para_index:
            blocks[i] = blocks[i].translate(AS_ASCII_DIGITS)  # type: ignore[union-attr]
        para_text = [blocks[i] for i in para_index]  # type: ignore[misc]
        joined = "\0".join(para_text)
        doc.notes.append("文中的全角数字（如「１２」）按半角数字读取")
    if any(map(joined.__contains__, INVISIBLE)):
        # Zero-width spaces a text copied from a web page keeps ("2020年\u200b政府信息公开…") print as
        # nothing: the prose is read without them (labels and values drop them when they are read).
        joined = INVISIBLE_CHARS.sub("", joined)
        para_text = joined.split("\0")
    candidates = _heading_candidates(para_index, para_text)
    if sum(number == 1 for _, number in candidates) > 1:
        cut = _second_copy(candidates, table_blocks, para_index, para_text)
        if cut is not None:
            return _first_of_two_copies(doc, cut)
    headings = _locate_headings(candidates)
    title, agency, year, published = _metadata(para_index, para_text, joined, headings, n_blocks)
    findings: list[Finding] = []

    # Explicit tables, each assigned to 二/三/四 by its labels; consecutive pieces are joined.
    explicit: dict[str, list[Table]] = {"t2": [], "t3": [], "t4": []}
    ranges = _region_ranges(headings, n_blocks)
    regions = _regions(ranges, n_blocks)
    for index, table in table_blocks:
        # The section a table stands in decides, unless its own labels clearly say otherwise.
        by_labels, strength = _table_kind(table)
        kind = regions[index] or by_labels
        if by_labels and strength >= 3:
            kind = by_labels
        if kind is not None:
            explicit[kind].append(table)

    # Each table's token stream, built in one pass over the document: its assigned tables' cells and,
    # in document order, the text lines of its region (headings excluded): converted documents often
    # print a label as text and its numbers in a table row below it. Without any heading and without
    # an explicit table 三, every text line may belong to table 三.
    t3_everywhere = not headings and not explicit["t3"]
    streams = {"t2": Stream(), "t3": Stream(), "t4": Stream()}
    region_lines: dict[str, list[int]] = {"t2": [], "t3": [], "t4": []}
    if t3_everywhere:
        ranges = [("t3", 0, n_blocks)]
        regions = ["t3"] * n_blocks
    if table_blocks:
        assigned = {id(t): kind for kind, tables in explicit.items() for t in tables}
        for index, block in enumerate(blocks):
            if block.__class__ is not str:
                kind = assigned.get(id(block))
                if kind is not None:
                    streams[kind].add_table(block)  # type: ignore[arg-type]
                continue
            kind = regions[index]
            if kind is None:
                continue
            words = _line_words(block)
            if words:
                streams[kind].add_words(doc, index, words)
                region_lines[kind].append(index)
            elif running_header(block.strip(), title, agency):
                # A page ended here: a number alone next to it may be the page's number.
                _bare_numbers_at(streams[kind], blocks, (near for near in (index - 1, index + 1)
                                                         if near < n_blocks and regions[near] == kind), 0, n_blocks)
    else:
        # Only lines: each table region's lines in turn, the loop that reads a table printed as lines.
        for kind, start, end in ranges:
            stream = streams[kind]
            lines = region_lines[kind]
            single: list[tuple[int, tuple[str, int, int]]] = []  # consecutive lines of one word each
            row_line = -1  # the last line of several words, and its words
            row_words: tuple[tuple[str, int, int], ...] = ()
            for index in range(start, end):
                words = _line_words(blocks[index])
                if words:
                    if len(words) == 1:
                        single.append((index, words[0]))
                    else:
                        if single:
                            if len(single) == 1 and single[0][0] == row_line + 1 and _is_row(row_words):
                                _alone_between_rows(stream, single[0])
                            stream.add_lines(doc, single)
                            single = []
                        stream.add_words(doc, index, words)
                        row_line, row_words = index, words
                    lines.append(index)
                elif running_header(blocks[index].strip(), title, agency):  # type: ignore[union-attr]
                    _bare_numbers_at(stream, blocks, (index - 1, index + 1), start, end)
            if single:
                if len(single) == 1 and single[0][0] == row_line + 1 and _is_row(row_words):
                    _alone_between_rows(stream, single[0])
                stream.add_lines(doc, single)
    if doc.page_breaks:
        for kind, start, end in ranges:
            # pdftotext prints a page's number on the line before or after the form feed.
            _bare_numbers_at(streams[kind], blocks, (near for at in doc.page_breaks for near in (at - 1, at)), start, end)
    located: dict[str, Stream] = {}
    consumed: set[int] = set()
    for kind, stream in streams.items():
        if any(text is not None for text in stream.texts):
            located[kind] = stream
            consumed.update(region_lines[kind])

    cells: dict[str, Cell] = {}
    rows: dict[str, _CountRow] = {}
    table_versions: dict[str, str] = {}
    tables_found = {"t2": False, "t3": False, "t4": False}
    hint = expected_version(year)

    if "t3" in located:
        v3, mapped, _ = map_t3(located["t3"], hint)
        tables_found["t3"] = bool(mapped.rows) or any(k.startswith("t3.") for k in mapped.cells)
        cells.update(mapped.cells)
        rows.update(mapped.rows)
        findings.extend(mapped.findings)
    else:
        v3 = "unknown"
    v2, t2_findings = detect_t2(located["t2"]) if "t2" in located else ("unknown", [])
    findings.extend(t2_findings)
    if "t4" in located:
        mapped = map_t4(located["t4"])
        tables_found["t4"] = bool(mapped.cells or mapped.rows)
        cells.update(mapped.cells)
        rows.update(mapped.rows)
        findings.extend(mapped.findings)

    if not any(tables_found.values()) and not located.get("t2"):
        raise ReportParseError(_no_table_message(doc, headings))

    template, table_versions, version_findings = _decide_version(v2, v3, year)
    findings.extend(version_findings)
    if "t2" in located:
        mapped = map_t2(located["t2"], table_versions["t2"])
        tables_found["t2"] = bool(mapped.rows) or any(k.startswith("t2.") for k in mapped.cells)
        cells.update(mapped.cells)
        rows.update(mapped.rows)
        findings.extend(mapped.findings)
    if not any(tables_found.values()):
        raise ReportParseError(_no_table_message(doc, headings))
    sections, preamble = _sections(doc, para_index, para_text, headings, consumed)
    if doc.images:
        missing = [kind for kind, found in tables_found.items() if not found]
        for kind, names in _pictures_in(doc, headings, missing).items():
            name, section = _TABLE_AND_SECTION[kind]
            findings.append(_label_finding(name, f"第{section}部分没有可读的表格，只有{_pictures(names)}：{_PICTURE_HINT}",
                                           "info"))

    report = AnnualReport(
        template=template,
        year=year,
        agency=agency,
        title=title,
        published_on=published,
        preamble=preamble,
        sections=sections,
        table_versions=table_versions,
        tables_found=tables_found,
        document=DocumentInfo(doc.name, doc.sha256, doc.format, PARSER_NAME),
    )
    versions = report.key_versions()
    keyset = canonical_key_set(versions)
    report.cells = CellMap(canonical_keys(versions), keyset, {k: c for k, c in cells.items() if k in keyset}, rows)
    findings.extend(Finding("STRUCT-LABELS", "fail", "info", note) for note in doc.notes)
    report.parse_findings = findings
    return report


def _second_copy(candidates: list[tuple[int, int]], table_blocks: list[tuple[int, Table]],
                 para_index: Sequence[int], para_text: Sequence[str]) -> int | None:
    """The block a second copy of the whole report starts at, or None.

    A web page may hold the report twice (a print or mobile version, or last year's, hidden by a
    stylesheet the page links to and gongkai cannot see), a text the report pasted twice: a heading
    一、总体情况 after a table 三 (or its first row printed as a line) with another after it. Topics
    numbered 一…六 inside 总体情况 (§5.3 double numbering) stand before the tables, and are never taken
    for a second copy. The copy starts at its title, if one stands alone on a line between the
    table 三 before the heading and the heading.
    """
    kinds = [(index, *_table_kind(table)) for index, table in table_blocks]
    t3_at = sorted([index for index, kind, strength in kinds if kind == "t3" and strength >= 3]
                   + [para_index[p] for p, text in enumerate(para_text)
                      if len(text) < 200 and norm(text).startswith(_T3_FIRST_ROW)])
    if len(t3_at) < 2:
        return None
    for index, number in candidates:
        if number == 1 and t3_at[0] < index < t3_at[-1]:
            before = max(i for i in t3_at if i < index)
            titles = [para_index[p] for p in range(bisect_right(para_index, before), bisect_left(para_index, index))
                      if (found := YEAR_TITLE.search(para_text[p].strip())) is not None
                      and found.end() == len(para_text[p].strip()) and len(para_text[p]) <= 80]
            return titles[0] if titles else index
    return None


# The start of table 三's first row label, normalised ("一,本年新收"): where a table printed as lines
# begins, its label wrapped or not.
_T3_FIRST_ROW = norm(SPECS["2021"].t3_rows[0].label)[:6]


def _printed(cell: Cell) -> str:
    return f"“{cell.raw.strip()}”" if cell.raw.strip() else ("缺失" if cell.kind is Kind.ABSENT else "空白")


def _first_of_two_copies(doc: Document, cut: int) -> AnnualReport:
    """The report read from the blocks before `cut`, with a warning about the copy from `cut` on."""
    first = replace(doc, blocks=doc.blocks[:cut], where=doc.where[:cut],
                    images=[image for image in doc.images if image[0] < cut],
                    page_breaks={at for at in doc.page_breaks if at < cut})
    second = replace(doc, blocks=doc.blocks[cut:], where=doc.where[cut:], notes=[],
                     images=[(at - cut, name) for at, name in doc.images if at >= cut],
                     page_breaks={at - cut for at in doc.page_breaks if at >= cut})
    report = assemble(first)
    # A page may hide a copy with a stylesheet it links to, which gongkai does not fetch.
    why = ("可能是网页的打印版、手机版或旧版副本，由页面引用的样式表隐藏" if doc.format == "html"
           else "可能是重复粘贴的副本或另一份报告")
    place = doc.para_source(cut).describe() if doc.blocks[cut].__class__ is str else ""
    titled = ""
    try:
        other = assemble(second)
    except ReportParseError:
        verdict = "第二份未能读出表格"
    else:
        titled = f"「{other.title}」" if other.title else ""
        differing = [key for key, cell in report.cells.items()
                     if cell.kind is not Kind.ABSENT and key in other.cells
                     and (other.cells[key].kind, other.cells[key].value) != (cell.kind, cell.value)]
        if other.year is not None and other.year != report.year:
            verdict = f"第二份是{other.year}年度的报告"
        elif differing:
            shown = "；".join(f"{describe_cell(key, report.template)}：第一份{_printed(report.cells[key])}，"
                             f"第二份{_printed(other.cells[key])}" for key in differing[:3])
            verdict = (f"两份有{len(differing)}个单元格数值不同（{shown}{'等' if len(differing) > 3 else ''}），"
                       "请核对哪一份是正式发布的")
        else:
            verdict = "两份表格数值一致"
    report.parse_findings.append(Finding(
        "STRUCT-SECTIONS", "fail", "warning",
        f"第一份年报之后{f'（{place}起）' if place else ''}又有一份年报{titled}（{why}）：只读取第一份；{verdict}"))
    return report


_SECTION_TABLE = {2: "t2", 3: "t3", 4: "t4"}


def _is_row(words: tuple[tuple[str, int, int], ...]) -> bool:
    """A line of several words is a row printed on one line when a value is among them: a label
    spaced out (行 政 处 罚) is several words but no row, and the number on the line under it is that
    row's cell, not one left between rows by a page break."""
    return any(word.isdecimal() or _is_value_text(word) for word, _, _ in words)  # digits: no classify


def _alone_between_rows(stream: Stream, line: tuple[int, tuple[str, int, int]]) -> None:
    # A number alone on its line between rows printed one a line: a page's number, or a cell.
    if is_bare_number(line[1][0]):
        stream.pages.add(line[0])


def _bare_numbers_at(stream: Stream, blocks: list[Any], indices: Iterable[int], start: int, end: int) -> None:
    """Marks the blocks at `indices` (within the region) that are a number alone: where a page ended
    (beside a running header, a page number or a form feed), that may be the page's number."""
    for near in indices:
        if start <= near < end:
            text = blocks[near]
            if text.__class__ is str and is_bare_number(text.strip()):
                stream.pages.add(near)


def _region_ranges(headings: dict[int, int], n_blocks: int) -> list[tuple[str, int, int]]:
    """(table, first block, block after the last) of each table region, by the section headings
    around it (二→t2, 三→t3, 四→t4); the heading itself belongs to no region."""
    starts = sorted((index, number) for number, index in headings.items())
    out: list[tuple[str, int, int]] = []
    if starts and 3 in headings and not any(n in headings for n in (1, 2)):
        # An excerpt that starts inside table 二 has no heading 二: what precedes heading 三 is its region.
        out.append(("t2", 0, starts[0][0]))
    for position, (index, number) in enumerate(starts):
        kind = _SECTION_TABLE.get(number)
        if kind is not None:
            end = starts[position + 1][0] if position + 1 < len(starts) else n_blocks
            out.append((kind, index + 1, end))
    return out


def _regions(ranges: list[tuple[str, int, int]], n_blocks: int) -> list[str | None]:
    """Which table region each block lies in (None: outside tables 二, 三, 四, or a heading)."""
    out: list[str | None] = [None] * n_blocks
    for kind, start, end in ranges:
        out[start:end] = [kind] * (end - start)
    return out


def _decide_version(v2: str, v3: str, year: int | None) -> tuple[str, dict[str, str], list[Finding]]:
    """§2.7 decision: tables' own shapes first, the year's expectation only when both are silent."""
    findings: list[Finding] = []
    known = [v for v in (v2, v3) if v in SPECS]
    expected = expected_version(year)
    if len(known) == 2 and v2 != v3:
        template = "mixed"
        versions = {"t2": v2, "t3": v3, "t4": v3}
        return template, versions, findings
    if known:
        template = known[0]
    elif expected:
        template = expected
        findings.append(Finding("STRUCT-VERSION", "fail", "info",
                                f"表格未显示版本特征，按报告年度{year}推定为{expected}年版模板"))
    else:
        template = "2021"
        findings.append(Finding("STRUCT-VERSION", "fail", "info",
                                "表格未显示版本特征且报告年度不明，按2021年版模板读取"))
    return template, {"t2": template, "t3": template, "t4": template}, findings


def _no_table_message(doc: Document, headings: dict[int, int]) -> str:
    name = doc.name or "输入"
    if not doc.blocks:
        return f"{name}：文件为空或没有可读的文字" + _elsewhere(doc)
    if not headings:
        pictures = [picture for _, picture in doc.images]
        return (f"{name}：不是政府信息公开工作年度报告——未找到“三、收到和处理政府信息公开申请情况”等章节标题，"
                "也未找到表二、表三、表四" + (f"；文中有{_pictures(pictures)}，{_PICTURE_HINT}" if pictures else "")
                + _elsewhere(doc))
    pictures = [picture for names in _pictures_in(doc, headings, ("t2", "t3", "t4")).values() for picture in names]
    return (f"{name}：未找到表三（收到和处理政府信息公开申请情况）及表二、表四的任何单元格"
            + (f"；第二至四部分有{_pictures(pictures)}，{_PICTURE_HINT}" if pictures else "") + _elsewhere(doc))


def _elsewhere(doc: Document) -> str:
    """Where a web page without the report says it is: the documents it links to, the frames it
    embeds, or the script that fills it in a browser."""
    if doc.attachments:
        return f"；网页链接了附件（{_some(doc.attachments)}），年报可能在附件中：请下载附件后读取"
    if doc.frames:
        return f"；网页把内容嵌在框架里（{_some(doc.frames)}）：请打开框架中的地址，把其中的文件另存后读取"
    if doc.scripted and len(doc.blocks) < 20:
        return ("；网页的正文可能由脚本在浏览器中载入，保存的文件里没有：请在浏览器中打开后复制正文，"
                "或另存为“网页，全部”后读取")
    return ""


def _some(names: list[str]) -> str:
    shown = "、".join(dict.fromkeys(names[:3]))
    return f"{shown}等{len(names)}个" if len(names) > 3 else shown


_TABLE_AND_SECTION = {"t2": ("表二", "二"), "t3": ("表三", "三"), "t4": ("表四", "四")}
_PICTURE_HINT = "表格可能是以图片发布的，图片里的数字无法读取，需先文字识别（OCR）或取得文字版"


def _pictures_in(doc: Document, headings: dict[int, int], kinds: Iterable[str]) -> dict[str, list[str]]:
    """The pictures standing in the region of each table of `kinds` (between its section's heading
    and the next heading)."""
    out: dict[str, list[str]] = {}
    for kind, start, end in _region_ranges(headings, len(doc.blocks)):
        if kind in kinds:
            names = [name for at, name in doc.images if start <= at <= end]
            if names:
                out.setdefault(kind, []).extend(names)
    return out


def _pictures(names: list[str]) -> str:
    shown = "、".join(dict.fromkeys(names[:3]))
    return f"{len(names)}张图片（{shown}{'等' if len(names) > 3 else ''}）"


def _sections(doc: Document, para_index: Sequence[int], para_text: Sequence[str], headings: dict[int, int],
              consumed: set[int]) -> tuple[list[Section], str]:
    """The six sections' prose (the lines read as table cells left out) and the preamble before them."""
    order = sorted((index, number) for number, index in headings.items())
    # Where each heading stands among the paragraphs; a section runs to the next heading.
    at = [bisect_left(para_index, index) for index, _ in order]
    ends = [*at[1:], len(para_index)] if at else []

    # Which paragraphs are prose: all but the lines read as table cells.
    keep = list(map(not_, map(consumed.__contains__, para_index)))

    def prose(a: int, b: int) -> list[str]:
        # Page numbers of a text taken from a PDF ("- 3 -", "第3页") are not the report's words.
        return [line for line in map(str.strip, compress(para_text[a:b], keep[a:b]))
                if not is_page_number(line)]

    sections = [_section(doc, number, index, prose(a + 1, b))
                for (index, number), a, b in zip(order, at, ends, strict=True)]
    preamble = prose(0, at[0] if at else len(para_index))
    return sections, "\n".join(p for p in preamble if p)


def _section(doc: Document, number: int, heading: int, lines: list[str]) -> Section:
    # Markdown heading marks ("## 一、总体情况") belong to the conversion, not to the report.
    printed = doc.blocks[heading].strip().lstrip("#").strip().strip("*").strip()  # type: ignore[union-attr]
    run_in = _run_in_title(printed) if len(printed) > len(SECTION_TITLES[number - 1]) else None
    if run_in is not None:
        # The sentence run into the heading is the section's first line.
        printed = SECTION_TITLES[run_in[0] - 1]
        lines = [run_in[1], *lines]
    return Section(number, printed, "\n".join(line for line in lines if line), doc.para_source(heading))


def _metadata(para_index: Sequence[int], para_text: Sequence[str], joined: str, headings: dict[int, int],
              n_blocks: int) -> tuple[str | None, str | None, int | None, date | None]:
    """Title, agency, year and publication date; `joined` is the paragraphs joined by NUL."""
    first_section = min(headings.values(), default=n_blocks)
    head_paras = [text.strip() for text in para_text[:bisect_left(para_index, first_section)]]
    all_paras = para_text
    title = agency = None
    year: int | None = None
    found_title = _title_line(head_paras, all_paras)
    if found_title is not None:
        position, text, year_match = found_title
        title = text
        year = title_year(year_match)
        agency = title_agency(text, year_match).strip(_TITLE_DECOR) or None
        previous = head_paras[position - 1].strip(_TITLE_DECOR) if position else ""
        if agency is None and AGENCY_LINE.match(previous):
            # A title printed over two lines: "淮安市人民政府" / "2024年政府信息公开工作年度报告".
            agency = previous
            title = f"{previous}{text}"
    head_text = "\n".join(head_paras)
    if year is None:
        period = _PERIOD.search(head_text) or _PERIOD.search("\n".join(all_paras))
        du = _YEAR_DU.search(head_text)
        year = int(period.group(1)) if period else (int(du.group(1)) if du else None)
    if agency is None:
        quoted = _AGENCY_QUOTED.search(head_text)
        agency = quoted.group(1).strip() if quoted else None
    published = None
    # One search over all paragraphs; NUL (never in the pattern, nor matched by \s) keeps a match
    # inside one paragraph.
    found = _PUBLISHED.search(joined)
    if found:
        published = _date(found.groups())
    if published is None or agency is None:
        # The signature: the agency on a line of its own, the date on the next, at the end.
        tail = [text.strip() for text in all_paras[-5:]]
        for k in range(len(tail) - 1, -1, -1):
            found = DATE_LINE.match(tail[k])
            if found:
                published = published or _date(found.groups())
                if agency is None and k and AGENCY_LINE.match(tail[k - 1]):
                    agency = tail[k - 1]
                break
    return title, agency, year, published


_TITLE_ENDS = ("工作", "年度报告", "年报", "报告")


def _title_line(head_paras: list[str], all_paras: Sequence[str]) -> tuple[int, str, re.Match[str]] | None:
    """The title among the lines before the first section: (position, title as printed, year match).

    A web page prints menus, a breadcrumb, a metadata block and links to other years' reports
    before the title; a text's first lines may include a sentence naming the report. A line that
    is only a title (it ends with the report's name, no sentence punctuation) is preferred, the one
    nearest the report's first section; where such lines name different years, the year of the
    statistics period decides. Failing that, the first line naming the report (up to 80 characters).
    """
    shaped: list[tuple[int, str, re.Match[str]]] = []
    first = None
    for position, line in enumerate(head_paras):
        if len(line) > 200:
            continue
        if "报" not in line:
            # A title printed over two lines, the second only the end of the report's name
            # ("2024年上海市科委政府信息公开工作" / "年度报告", "…政府信息公开" / "工作年度报告"), as a
            # PDF's text keeps it.
            following = head_paras[position + 1] if position + 1 < len(head_paras) else ""
            if len(line) > 60 or len(following) > 8 or not following.startswith(_TITLE_ENDS):
                continue
            line += following
        text = _TITLE_PREFIX.sub("", line).strip(_TITLE_DECOR)
        found = YEAR_TITLE.search(text)
        if found is None or len(text) > 80:
            continue
        if first is None:
            first = (position, text, found)
        if found.end() == len(text) and not any(mark in text for mark in "，。；,;"):
            shaped.append((position, text, found))
    if not shaped:
        return first
    years = {title_year(found) for _, _, found in shaped}
    if len(years) > 1:
        period = _PERIOD.search("\n".join(all_paras))
        same = [t for t in shaped if period and title_year(t[2]) == int(period.group(1))]
        if same:
            return same[-1]
    return shaped[-1]


def _date(parts: tuple[str, ...]) -> date | None:
    year, month, day = map(number_of, parts)
    if year is None or month is None or day is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None  # an impossible printed date is not a publication date
