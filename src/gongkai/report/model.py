"""The AnnualReport model: every table cell as a value object with its provenance (DOMAIN.md §3.7).

Nothing here ever corrects a published value: a wrong report is a finding, not an edit.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Container, Iterable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from functools import lru_cache
from typing import Any, Protocol

from gongkai.report.chars import INVISIBLE
from gongkai.report.spec import SPECS, VALUE_TYPES, ValueType

SCHEMA_ID = "gongkai.report/1"


class Kind(StrEnum):
    NUMBER = "number"
    SIGNED = "signed"
    BLANK = "blank"
    PLACEHOLDER = "placeholder"
    ANNOTATED = "annotated"
    TEXT = "text"
    ABSENT = "absent"
    # Digits of neighbouring cells ran together and the table's arithmetic admits several splits:
    # every candidate is kept, none is chosen (issue 2: "never guess").
    AMBIGUOUS = "ambiguous"


NUMERIC_KINDS = frozenset({Kind.NUMBER, Kind.SIGNED, Kind.ANNOTATED})

# Configurable per installation (§3.7): 空, ×, N/A stay TEXT until an administrator adds them.
DEFAULT_PLACEHOLDERS: frozenset[str] = frozenset({"-", "－", "—", "——", "–", "−", "/", "／", "无"})

UNITS = ("万元", "元", "件", "个", "项", "条", "次")


# --- reading gongkai's own JSON (the `from_dict` methods) ----------------------------------
# A file may claim to be gongkai JSON and still be wrong anywhere. Every malformed field is a
# ValueError naming it, so the caller can report "不是 gongkai 年报 JSON（…）" once; nothing else
# (AttributeError, InvalidOperation) escapes, and nothing ill-typed reaches the rules.

_MISSING: Any = object()
# A decimal as `_json_value` writes it (and the schema allows): no exponent, NaN or spaces.
_DECIMAL_TEXT = re.compile(r"^-?[0-9]+(?:\.[0-9]+)?$")
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_TEMPLATES = (*SPECS, "mixed", "unknown")
_TABLE_NAMES = ("t2", "t3", "t4")
# Every year a reader can take from a title (19xx, 20xx) and the schema's upper bound; a year
# outside would only fail later, inside the date rules.
_YEARS = range(1900, 3000)
_STATUSES = ("pass", "fail", "not_assessable", "not_applicable")
_SEVERITIES = ("error", "warning", "info")
_PROVENANCE_INTS = frozenset({"line", "line_end", "col_start", "col_end", "table", "row", "column", "page"})
_PROVENANCE_TEXTS = frozenset({"format", "row_label", "column_label", "match", "note"})


def _bad(path: str, expected: str, got: Any = _MISSING) -> ValueError:
    """The error for field `path`: what it should be and what was read (shortened)."""
    if expected[:1].isascii():
        expected = " " + expected  # "应为 2019、2021…", as Chinese text spaces Latin words
    if got is _MISSING:
        return ValueError(f"缺少字段 {path}，应为{expected}")
    return ValueError(f"字段 {path} 应为{expected}，读到 {_shown(got)}")


def _shown(value: Any) -> str:
    """What was read, as JSON writes it (null, true, "二〇二一"), cut short."""
    try:
        shown = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):  # called from Python with something no JSON holds
        shown = repr(value)
    return shown if len(shown) <= 60 else shown[:57] + "…"


def _is_int(value: Any) -> bool:
    # JSON true/false arrive as bool, a subclass of int: never a count.
    return value.__class__ is int


def _object(value: Any, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _bad(path, "对象", value)
    return value


def _array(value: Any, path: str) -> list[Any]:
    if not isinstance(value, list):
        raise _bad(path, "数组", value)
    return value


def _given(data: dict[str, Any], name: str, default: Any) -> Any:
    """A field that may be left out or null (then `default`); "" or [] is not taken for null."""
    value = data.get(name)
    return default if value is None else value


def _text(data: dict[str, Any], name: str, path: str, default: Any = _MISSING) -> str:
    """A string field; left out, it is `default` (or an error when there is none)."""
    value = data.get(name, _MISSING)
    if value is _MISSING and default is not _MISSING:
        return default
    if not isinstance(value, str):
        raise _bad(path, "字符串", value)
    return value


def _optional_text(data: dict[str, Any], name: str, path: str) -> str | None:
    value = data.get(name)
    if value is not None and not isinstance(value, str):
        raise _bad(path, "字符串或 null", value)
    return value


def _source(data: dict[str, Any], path: str) -> Provenance:
    """The "source" of a cell or section; left out, null or {} it is NOWHERE, as `to_dict` never
    writes an empty one."""
    value = data.get("source")
    if value is None or value == {}:
        return NOWHERE
    return Provenance.from_dict(value, path)


def _choice(value: Any, choices: Iterable[str], path: str) -> str:
    options = tuple(choices)
    if value not in options:  # also a list or object: `in` on a tuple compares, never hashes
        raise _bad(path, "、".join(options) + " 之一", value)
    return value


@dataclass(slots=True)
class Provenance:
    """Where a value was read (§5.4). Fields that do not apply to the format stay None.

    Treated as immutable (copies are made with `labelled`/`at_columns`); not declared frozen because
    a frozen dataclass costs three times as much to create, and a report creates thousands.
    """

    format: str  # text | html | markdown | docx | pdf | generated
    line: int | None = None  # 1-based first line (text formats)
    line_end: int | None = None
    col_start: int | None = None  # 0-based character offsets within the line
    col_end: int | None = None
    table: int | None = None  # 0-based index of the source table (html, docx, markdown)
    row: int | None = None  # 0-based row in the rebuilt grid
    column: int | None = None  # 0-based column in the rebuilt grid
    page: int | None = None  # 1-based page (pdf)
    bbox: tuple[float, float, float, float] | None = None  # x0, top, x1, bottom in points (pdf)
    row_label: str | None = None  # label text actually found
    column_label: str | None = None
    match: str | None = None  # exact | normalized | fuzzy | position
    note: str | None = None

    def __hash__(self) -> int:
        return hash((self.format, self.line, self.col_start, self.table, self.row, self.column, self.page))

    def labelled(self, row_label: str | None, column_label: str | None, match: str | None) -> Provenance:
        """A copy naming the labels a value was read under (faster than dataclasses.replace)."""
        return Provenance(self.format, self.line, self.line_end, self.col_start, self.col_end, self.table,
                          self.row, self.column, self.page, self.bbox, row_label, column_label, match,
                          self.note)

    def decoded(self, row_label: str | None, column_label: str | None, match: str | None,
                note: str | None) -> Provenance:
        """`labelled` with a note as well (digits split by the table's arithmetic)."""
        return Provenance(self.format, self.line, self.line_end, self.col_start, self.col_end, self.table,
                          self.row, self.column, self.page, self.bbox, row_label, column_label, match, note)

    def at_columns(self, col_start: int, col_end: int) -> Provenance:
        """The same line, narrowed to a span of characters (a word cut out of a text line)."""
        return Provenance(self.format, self.line, self.line_end, col_start, col_end, self.table,
                          self.row, self.column, self.page, self.bbox, self.row_label, self.column_label,
                          self.match, self.note)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if value is not None:
                out[name] = list(value) if name == "bbox" else value
        return out

    @classmethod
    def from_dict(cls, data: Any, path: str = "source") -> Provenance:
        """Read `to_dict`'s output; a malformed one is a ValueError naming the field (`path`)."""
        data = dict(_object(data, path))
        for name, value in data.items():
            where = f"{path}.{name}"
            if name in _PROVENANCE_INTS:
                if value is not None and not _is_int(value):
                    raise _bad(where, "整数或 null", value)
            elif name in _PROVENANCE_TEXTS:
                if value is not None and not isinstance(value, str):
                    raise _bad(where, "字符串或 null", value)
            elif name == "bbox":
                if value is not None:
                    if (not isinstance(value, list) or len(value) != 4
                            or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)):
                        raise _bad(where, "4 个数字的数组或 null", value)
                    data["bbox"] = tuple(value)
            else:
                raise ValueError(f"字段 {path} 含未知键 {_shown(name)}")
        if not isinstance(data.get("format"), str):
            raise _bad(f"{path}.format", "字符串", data.get("format", _MISSING))
        return cls(**data)

    def describe(self) -> str:
        """Short Chinese location for messages: 第12行, 第2页, 表格1第3行第4列."""
        if self.page is not None:
            return f"第{self.page}页"
        if self.line is not None:
            return f"第{self.line}行"
        if self.table is not None and self.row is not None:
            return f"第{self.table + 1}个表格第{self.row + 1}行第{(self.column or 0) + 1}列"
        return ""


NOWHERE = Provenance(format="absent")


class Locator(Protocol):
    def locate(self, a: Any, b: Any) -> Provenance: ...


# Where a parsed value was read, before its Provenance is built: the origin of its token (a locator
# and the two coordinates it takes), the row label, column label and match kind it was read under, and
# a note (set for digits split by the table's arithmetic).
LazySource = tuple[tuple[Locator, Any, Any], str | None, str | None, str | None, str | None]


class _ByValue:
    """Compared, shown and pickled by the values of its `_names`, as a dataclass would be.

    Cells and findings are value objects: nothing changes one after it is made (the checker never
    corrects a published value; `with_cell` builds a new report). They are not dataclasses because a
    report makes hundreds, a dataclass (let alone a frozen one) costs more to create, and each
    finishes one field on first read (Cell.source, Finding.message): equality, repr and pickling
    (`gongkai check --jobs`) read the finished value, never the parser's document.
    """

    __slots__ = ()
    _names: tuple[str, ...] = ()

    def _fields(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._names)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._fields() == other._fields()

    __hash__ = None  # type: ignore[assignment]  # compared by value and not frozen: not hashable

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={value!r}" for name, value in zip(self._names, self._fields(), strict=True))
        return f"{type(self).__name__}({shown})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), self._fields())


class Cell(_ByValue):
    __slots__ = ("_source", "candidates", "key", "kind", "note", "raw", "unit", "value")
    _names = ("key", "raw", "kind", "value", "note", "unit", "source", "candidates")

    key: str
    raw: str
    kind: Kind
    value: int | Decimal | None
    note: str | None
    unit: str | None
    candidates: tuple[int, ...]  # AMBIGUOUS only

    def __init__(self, key: str, raw: str, kind: Kind, value: int | Decimal | None = None,
                 note: str | None = None, unit: str | None = None,
                 source: Provenance | LazySource = NOWHERE, candidates: tuple[int, ...] = ()) -> None:
        self.key = key
        self.raw = raw
        self.kind = kind
        self.value = value
        self.note = note
        self.unit = unit
        self._source = source
        self.candidates = candidates

    @property
    def source(self) -> Provenance:
        """Where the value was read. A parser passes a LazySource: most cells' provenance is never
        looked at in a batch check, so it is built on first use rather than for every cell."""
        source = self._source
        if source.__class__ is not Provenance:
            (owner, a, b), row_label, column_label, match, note = source  # type: ignore[misc]
            where = owner.locate(a, b)
            source = (where.labelled(row_label, column_label, match) if note is None
                      else where.decoded(row_label, column_label, match, note))
            self._source = source
        return source

    @property
    def is_numeric(self) -> bool:
        return self.kind in NUMERIC_KINDS

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "raw": self.raw,
            "kind": self.kind.value,
            "value": _json_value(self.value),
            "note": self.note,
            "unit": self.unit,
            "source": self.source.to_dict(),
        }
        if self.candidates:
            out["candidates"] = list(self.candidates)
        return out

    @classmethod
    def from_dict(cls, key: str, data: Any, path: str | None = None) -> Cell:
        """Read `to_dict`'s output; a malformed one is a ValueError naming the field."""
        path = path or f"cells.{key}"
        data = _object(data, path)
        kind = Kind(_choice(data.get("kind", _MISSING), (k.value for k in Kind), f"{path}.kind"))
        value = data.get("value")
        if kind in NUMERIC_KINDS:
            # Counts are ints, money and fractions decimal strings; a float would be rounded (§3.7).
            if isinstance(value, str) and _DECIMAL_TEXT.match(value):
                value = Decimal(value)
            elif not _is_int(value):
                raise _bad(f"{path}.value", "整数或数字字符串（如 \"12.5\"）", value)
        elif value is not None:
            # Only numeric kinds carry a value: a blank is never zero (§3.7).
            raise _bad(f"{path}.value", f"null（{kind.value} 单元格无数值）", value)
        candidates = _given(data, "candidates", [])
        if not isinstance(candidates, list) or not all(_is_int(c) for c in candidates):
            raise _bad(f"{path}.candidates", "整数数组", candidates)
        if kind is Kind.AMBIGUOUS and len(candidates) < 2:
            raise _bad(f"{path}.candidates", "至少两个候选值（ambiguous 单元格）", candidates)
        if kind is not Kind.AMBIGUOUS and candidates:
            raise _bad(f"{path}.candidates", f"空（只有 ambiguous 单元格有候选值，此为 {kind.value}）",
                       candidates)
        return cls(
            key=key,
            raw=_text(data, "raw", f"{path}.raw", ""),
            kind=kind,
            value=value,
            note=_optional_text(data, "note", f"{path}.note"),
            unit=_optional_text(data, "unit", f"{path}.unit"),
            source=_source(data, f"{path}.source"),
            candidates=tuple(candidates),
        )

    def flat_value(self) -> Any:
        """The value in `gongkai parse --format flat` (issue 2)."""
        if self.kind is Kind.AMBIGUOUS:
            return {"ambiguous": list(self.candidates)}
        if self.kind in (Kind.BLANK, Kind.ABSENT):
            return None
        if self.is_numeric:
            return flat_number(self.value)
        return self.raw


def _json_value(value: int | Decimal | None) -> int | str | None:
    # Money is Decimal and written as a string so no float ever touches it (§3.7).
    if isinstance(value, Decimal):
        return format(value, "f")
    return value


def flat_number(value: int | Decimal | None) -> int | float | str | None:
    """A cell's value as a JSON number for `gongkai parse --format flat`, printed with its digits.

    In the flat output a string means text that is not a number, so a Decimal (money in 万元,
    753.972) must be a number there: an int when integral (Decimal 0 → 0), else the float whose
    repr is the same decimal value (JSON prints floats by repr). A Decimal no float can carry
    exactly (more than ~17 significant digits) stays its string rather than be rounded.
    """
    if not isinstance(value, Decimal):
        return value
    if not value.is_finite():  # not written by any reader; never a JSON number
        return format(value, "f")
    if value == value.to_integral_value():
        return int(value)
    number = float(value)
    # Compared as values, so 12.50 → 12.5 (the same number; only the trailing zero goes).
    return number if Decimal(repr(number)) == value else format(value, "f")


def absent(key: str) -> Cell:
    return Cell(key, "", Kind.ABSENT)


def number(cells: MutableMapping[str, Cell], key: str) -> int | Decimal | None:
    """The value of cell `key` when it is a number, else None (a dict of cells, or a CellMap)."""
    if cells.__class__ is CellMap:
        return cells.number(key)
    cell = cells.get(key)
    return cell.value if cell is not None and cell.kind in NUMERIC_KINDS else None


@lru_cache(maxsize=16)
def canonical_keys(versions: tuple[str, str, str]) -> tuple[str, ...]:
    """Every canonical key of tables 二, 三, 四 keyed in these versions, in template order."""
    return tuple(key for table, version in zip(("t2", "t3", "t4"), versions, strict=True)
                 for key in SPECS[version].keys(table))


@lru_cache(maxsize=16)
def canonical_key_set(versions: tuple[str, str, str]) -> frozenset[str]:
    return frozenset(canonical_keys(versions))


_KIND_NUMBER = Kind.NUMBER  # enum attribute access is slow inside per-cell loops


class LazyRow(Protocol):
    """A table row whose every cell prints a plain count, as a parser read it."""

    ints: list[int]  # the row's values in column order

    def cells(self) -> list[Cell]: ...

    def value(self, key: str) -> int: ...


class CellMap(MutableMapping[str, Cell]):
    """`AnnualReport.cells` as a parser fills it: every canonical key, in template order.

    A row that prints only plain counts stays as the parser read it (a LazyRow, filed under its key
    prefix "t3.granted.") until one of its cells is asked for: a batch check reads such rows as
    counts (`counts`) and looks at few cells one by one. A key that no row holds is an ABSENT cell.
    Setting or deleting a cell works as in a dict; after that, `counts` answers None.
    """

    __slots__ = ("_built", "_edited", "_keys", "_keyset", "_pending", "_rows")

    def __init__(self, keys: list[str] | tuple[str, ...], keyset: frozenset[str] | set[str],
                 built: dict[str, Cell], rows: Mapping[str, LazyRow]) -> None:
        self._keys = keys
        self._keyset = keyset
        self._built = built
        self._rows = dict(rows)
        self._pending = dict(rows)  # rows not turned into cells yet
        self._edited = False

    def __getitem__(self, key: str) -> Cell:
        cell = self._built.get(key)
        if cell is not None:
            return cell
        if key not in self._keyset:
            raise KeyError(key)
        row = self._pending.pop(key[:key.rfind(".") + 1], None)
        if row is not None:
            built, keyset = self._built, self._keyset
            for made in row.cells():
                if made.key in keyset and made.key not in built:  # a cell set or deleted by hand stays so
                    built[made.key] = made
            cell = built.get(key)
            if cell is not None:
                return cell
        cell = self._built[key] = absent(key)
        return cell

    def __setitem__(self, key: str, cell: Cell) -> None:
        if key not in self._keyset:
            self._keys = [*self._keys, key]
            self._keyset = {*self._keyset, key}
        self._built[key] = cell
        self._edited = True

    def __delitem__(self, key: str) -> None:
        if key not in self._keyset:
            raise KeyError(key)
        self._keys = [k for k in self._keys if k != key]
        self._keyset = set(self._keyset) - {key}
        self._built.pop(key, None)
        self._edited = True

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, key: object) -> bool:
        return key in self._keyset

    def __repr__(self) -> str:
        return f"CellMap({dict(self.items())!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled (`gongkai check --jobs`) and deep-copied as the plain dict it stands for.
        return (dict, (dict(self.items()),))

    def get(self, key: str, default: Any = None) -> Any:
        cell = self._built.get(key)
        if cell is not None:
            return cell
        return self[key] if key in self._keyset else default

    def number(self, key: str) -> int | Decimal | None:
        """The value of cell `key` when it is a number (else None); a cell of a row of plain counts
        is read as parsed, without making its Cell."""
        if key not in self._built:
            row = self._pending.get(key[:key.rfind(".") + 1])
            if row is not None and key in self._keyset:
                return row.value(key)
        cell = self.get(key)
        return cell.value if cell is not None and cell.kind in NUMERIC_KINDS else None

    def count_rows(self) -> Container[str]:
        """The key prefixes of the rows still held as read, every cell a plain count."""
        return frozenset() if self._edited else self._pending

    def counts(self, rows: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[int, ...] | None:
        """`plain_counts` of these rows ((key prefix, keys) in key order): a row read as plain counts
        gives its numbers without a Cell being made (until anything was set or deleted by hand)."""
        read = {} if self._edited else self._rows
        out: list[int] = []
        for prefix, keys in rows:
            row = read.get(prefix)
            found = row.ints if row is not None else plain_counts(self, keys)
            if found is None:
                return None
            out += found
        return tuple(out)


def plain_counts(cells: Mapping[str, Cell], keys: Iterable[str]) -> tuple[int, ...] | None:
    """The values of `keys` if every cell is a bare non-negative whole number without unit, else None.

    Nearly every published table is like that: no value rule has anything to say about it, and an
    identity's operands then read as str(value); both families take a fast path on this list.
    """
    values: list[int] = []
    append = values.append
    try:
        for key in keys:
            cell = cells[key]
            value = cell.value
            if value.__class__ is not int or cell.kind is not _KIND_NUMBER or value < 0 or cell.unit:
                return None
            append(value)
    except KeyError:  # a cell the parser did not find
        return None
    # A tuple, not a list: once the garbage collector has seen that it holds only ints it stops
    # tracking it, and the unformatted pass messages that keep it (arithmetic) along with it.
    return tuple(values)


# --- classification (§3.7) -------------------------------------------------------------

_WS = re.compile(r"\s+")
_SIGNED = re.compile(r"^([+\-])(\d+)$")
_NUMBER = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(" + "|".join(UNITS) + r")?$")
_ANNOTATED = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(" + "|".join(UNITS) + r")?[(\[]?(.+?)[)\]]?$")
_SPLIT_DIGITS = re.compile(r"^[+\-]?\d[\d,.]*\s+\d")
# A number run on into more digits or separators ("1,2345", "12,34", "5/3", "2-3") is malformed, not
# a number with a remark: a remark starts with a bracket or a word (§3.7, ANNOTATED).
_MALFORMED = re.compile(r"^(?>\d{1,3}(?:,\d{3})+|\d+)(?>\.\d+)?[\d,./\-~、:]")  # atomic: no backtracking into the number
_DASHES = str.maketrans({"−": "-", "–": "-", "—": "-", "－": "-", "＋": "+"})


_INVISIBLE = dict.fromkeys(map(ord, INVISIBLE))  # beside a number, they are no part of it


# Note marks printed after a value ("16¹", "16①"): NFKC would make them digits of the value (161), so
# they become a mark that no rule reads as a digit, and the value reads as annotated (§3.7).
_NOTE_MARKS = str.maketrans(dict.fromkeys(
    "⁰¹²³⁴⁵⁶⁷⁸⁹₀₁₂₃₄₅₆₇₈₉" + "".join(map(chr, (*range(0x2460, 0x2474), *range(0x2776, 0x2794)))), "※"))


def _nfkc(raw: str) -> str:
    return unicodedata.normalize("NFKC", raw.translate(_NOTE_MARKS))


def normalize_value_text(raw: str) -> str:
    return _WS.sub("", _nfkc(raw)).translate(_INVISIBLE)


@dataclass(frozen=True)
class Classified:
    kind: Kind
    value: int | Decimal | None = None
    note: str | None = None
    unit: str | None = None


@lru_cache(maxsize=65536)
def classify(raw: str, value_type: ValueType = ValueType.COUNT,
             placeholders: frozenset[str] = DEFAULT_PLACEHOLDERS) -> Classified:
    """Classify the printed text of a cell; first match wins, in the order of §3.7."""
    text = normalize_value_text(raw)
    if not text:
        return Classified(Kind.BLANK)
    if _SPLIT_DIGITS.match(_nfkc(raw).strip()):
        # "1 2" may be one number split by the layout, or two cells: never merged (§4.2 VALUE-NUMERIC).
        return Classified(Kind.TEXT)
    if text in placeholders or raw.strip() in placeholders:
        return Classified(Kind.PLACEHOLDER)
    signed = _SIGNED.match(text.translate(_DASHES))
    if signed:
        number = int(signed.group(2))
        return Classified(Kind.SIGNED, -number if signed.group(1) == "-" else number)
    match = _NUMBER.match(text)
    if match:
        return Classified(Kind.NUMBER, _number(match.group(1), match.group(2), value_type), unit=match.group(3))
    match = _ANNOTATED.match(text)
    if match and match.group(4).strip("()[]（）") and not _MALFORMED.match(text):
        note = raw.strip()
        # Keep the remark as printed, without its outer brackets (the raw text is kept anyway).
        digits = re.match(r"^\s*[\d,，.．０-９]+\s*(?:" + "|".join(UNITS) + r")?", note)
        remark = note[digits.end():] if digits else match.group(4)
        remark = remark.strip().strip("（）()[]【】").strip()
        return Classified(
            Kind.ANNOTATED,
            _number(match.group(1), match.group(2), value_type),
            note=remark or None,
            unit=match.group(3),
        )
    return Classified(Kind.TEXT)


def _number(integer: str, fraction: str | None, value_type: ValueType) -> int | Decimal:
    digits = integer.replace(",", "")
    if fraction or value_type in (ValueType.MONEY, ValueType.MONEY_WAN):
        try:
            return Decimal(digits + (fraction or ""))
        except InvalidOperation:  # pragma: no cover - regex admits only digits
            return Decimal(0)
    return int(digits)


def make_cell(key: str, raw: str, source: Provenance | LazySource = NOWHERE) -> Cell:
    """A cell for `key` from its printed text, classified by the column's value type."""
    found = classify(raw, VALUE_TYPES[key])
    return Cell(key, raw, found.kind, found.value, found.note, found.unit, source)


# --- report ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    number: int  # 1..6, the statutory section
    heading: str  # as printed
    text: str  # body text, tables excluded
    source: Provenance = NOWHERE

    def to_dict(self) -> dict[str, Any]:
        return {"number": self.number, "heading": self.heading, "text": self.text,
                "source": self.source.to_dict()}

    @classmethod
    def from_dict(cls, data: Any, path: str = "section") -> Section:
        """Read `to_dict`'s output; a malformed one is a ValueError naming the field."""
        data = _object(data, path)
        number = data.get("number", _MISSING)
        if not _is_int(number) or not 1 <= number <= 6:
            raise _bad(f"{path}.number", "1 到 6 的整数（第几部分）", number)
        return cls(number, _text(data, "heading", f"{path}.heading"), _text(data, "text", f"{path}.text"),
                   _source(data, f"{path}.source"))


class Finding(_ByValue):
    """One rule result (§4.1). Parsers add STRUCT-* and VALUE-* findings of their own.

    `message` may be handed over unformatted, as a tuple of a str.format template and its arguments:
    a batch check reads few of its thousands of pass messages, and formatting them all was a large
    share of the rules' time. It is formatted on first read, and equality, repr, pickling and
    `to_dict` all read it, so nothing can tell it from a message formatted at once. Otherwise this
    behaves as the slotted dataclass it replaces.
    """

    __slots__ = ("_message", "actual", "cells", "code", "expected", "if_blank_zero", "instance", "severity",
                 "status")
    _names = __match_args__ = ("code", "status", "severity", "message", "instance", "cells", "expected", "actual",
                               "if_blank_zero")

    code: str
    status: str  # pass | fail | not_assessable | not_applicable
    severity: str | None  # error | warning | info (fail and parser notes)
    instance: str
    cells: tuple[str, ...]
    expected: Any  # the computed value
    actual: Any  # the published value
    if_blank_zero: str | None

    def __init__(self, code: str, status: str, severity: str | None, message: str | tuple[Any, ...],
                 instance: str = "", cells: tuple[str, ...] = (), expected: Any = None, actual: Any = None,
                 if_blank_zero: str | None = None) -> None:
        self.code = code
        self.status = status
        self.severity = severity
        self._message = message
        self.instance = instance
        self.cells = cells
        self.expected = expected
        self.actual = actual
        self.if_blank_zero = if_blank_zero

    @property
    def message(self) -> str:
        message = self._message
        if message.__class__ is tuple:
            message = self._message = message[0].format(*message[1:])
        return message  # type: ignore[return-value]

    @message.setter
    def message(self, message: str) -> None:
        self._message = message

    def to_dict(self) -> dict[str, Any]:
        out = {
            "code": self.code,
            "status": self.status,
            "severity": self.severity,
            "instance": self.instance,
            "cells": list(self.cells),
            "expected": _json_value(self.expected) if not isinstance(self.expected, str) else self.expected,
            "actual": _json_value(self.actual) if not isinstance(self.actual, str) else self.actual,
            "message": self.message,
        }
        if self.if_blank_zero:
            out["if_blank_zero"] = self.if_blank_zero
        return out

    @classmethod
    def from_dict(cls, data: Any, path: str = "finding") -> Finding:
        """Read `to_dict`'s output; a malformed one is a ValueError naming the field."""
        data = _object(data, path)
        severity = data.get("severity")
        if severity is not None:
            _choice(severity, _SEVERITIES, f"{path}.severity")
        if_blank_zero = data.get("if_blank_zero")
        if if_blank_zero is not None:
            _choice(if_blank_zero, ("pass", "fail"), f"{path}.if_blank_zero")
        cells = _given(data, "cells", [])
        if not isinstance(cells, list) or not all(isinstance(c, str) for c in cells):
            raise _bad(f"{path}.cells", "单元格键（字符串）数组", cells)
        return cls(
            code=_text(data, "code", f"{path}.code"),
            status=_choice(data.get("status", _MISSING), _STATUSES, f"{path}.status"),
            severity=severity,
            message=_text(data, "message", f"{path}.message", ""),
            instance=_text(data, "instance", f"{path}.instance", ""),
            cells=tuple(cells), expected=data.get("expected"),
            actual=data.get("actual"), if_blank_zero=if_blank_zero,
        )


@dataclass(frozen=True)
class DocumentInfo:
    name: str | None = None
    sha256: str | None = None
    format: str | None = None  # flat-text | pipe-rows | markdown | lines | html | docx | pdf | json
    parser: str | None = None


@dataclass
class AnnualReport:
    template: str  # "2019" | "2021" | "mixed" | "unknown"
    year: int | None = None
    agency: str | None = None
    title: str | None = None
    published_on: date | None = None
    preamble: str = ""  # prose before section 一
    sections: list[Section] = field(default_factory=list)
    cells: MutableMapping[str, Cell] = field(default_factory=dict)  # a dict, or a parser's CellMap
    # Version each table was keyed with; differs only for a "mixed" report.
    table_versions: dict[str, str] = field(default_factory=dict)
    tables_found: dict[str, bool] = field(default_factory=lambda: {"t2": False, "t3": False, "t4": False})
    document: DocumentInfo = field(default_factory=DocumentInfo)
    # Findings the reader made while parsing (labels, alignment, version); rules add the rest.
    parse_findings: list[Finding] = field(default_factory=list)

    def canonical_keys(self) -> list[str]:
        """Canonical keys of this report's template, per table (§3.8: every key present)."""
        return list(canonical_keys(self.key_versions()))

    def key_versions(self) -> tuple[str, str, str]:
        """The version whose keys each of tables 二, 三, 四 has."""
        default = self.template if self.template in SPECS else "2021"
        versions = self.table_versions
        return (versions.get("t2") or default, versions.get("t3") or default, versions.get("t4") or default)

    def cell(self, key: str) -> Cell:
        return self.cells.get(key) or absent(key)

    def section(self, number: int) -> Section | None:
        return next((s for s in self.sections if s.number == number), None)

    def narrative(self) -> str:
        return "\n".join([self.preamble, *(s.text for s in self.sections)])

    def with_cell(self, key: str, raw: str) -> AnnualReport:
        """A copy with one cell re-printed: used by generators and tests, never by the checker."""
        cells = dict(self.cells)
        cells[key] = make_cell(key, raw, cells[key].source if key in cells else NOWHERE)
        return replace(self, cells=cells)

    # --- serialisation (§3.8) -------------------------------------------------------------

    def to_dict(self, findings: list[Finding] | None = None) -> dict[str, Any]:
        return {
            "schema": SCHEMA_ID,
            "template": self.template,
            "report_year": self.year,
            "agency": {"name": self.agency},
            "title": self.title,
            "published_on": self.published_on.isoformat() if self.published_on else None,
            "table_versions": dict(self.table_versions),
            "tables_found": dict(self.tables_found),
            "document": {k: v for k, v in self.document.__dict__.items() if v is not None},
            "preamble": self.preamble,
            "sections": [s.to_dict() for s in self.sections],
            "cells": {key: self.cell(key).to_dict() for key in self.canonical_keys()},
            "parse_findings": [f.to_dict() for f in self.parse_findings],
            "findings": [f.to_dict() for f in findings or []],
        }

    @classmethod
    def from_dict(cls, data: Any) -> AnnualReport:
        """Read gongkai's own JSON (`to_dict`). Anything malformed is a ValueError naming the field
        (without the "不是 gongkai 年报 JSON" the caller adds); nothing else is raised."""
        if not isinstance(data, dict):
            raise ValueError(f"顶层应为 JSON 对象，读到 {_shown(data)}")
        schema = data.get("schema", _MISSING)
        if schema != SCHEMA_ID:
            raise _bad("schema", SCHEMA_ID, schema)
        template = _choice(data.get("template", _MISSING), _TEMPLATES, "template")
        year = data.get("report_year")
        if year is not None and (not _is_int(year) or year not in _YEARS):
            raise _bad("report_year", f"整数（{_YEARS.start}–{_YEARS.stop - 1} 的年度）或 null", year)
        agency = data.get("agency")
        if agency is not None:
            agency = _optional_text(_object(agency, "agency"), "name", "agency.name")
        published = data.get("published_on")
        if published is not None:
            published = _date(published, "published_on")
        table_versions = _object(_given(data, "table_versions", {}), "table_versions")
        for table, version in table_versions.items():
            _table_name(table, "table_versions")
            _choice(version, SPECS, f"table_versions.{table}")
        tables_found = _object(_given(data, "tables_found", {}), "tables_found")
        for table, found in tables_found.items():
            _table_name(table, "tables_found")
            if not isinstance(found, bool):
                raise _bad(f"tables_found.{table}", "true 或 false", found)
        report = cls(
            template=template,
            year=year,
            agency=agency,
            title=_optional_text(data, "title", "title"),
            published_on=published,
            preamble=_text(data, "preamble", "preamble", ""),
            sections=[Section.from_dict(s, f"sections[{i}]")
                      for i, s in enumerate(_array(_given(data, "sections", []), "sections"))],
            table_versions=dict(table_versions),
            tables_found=dict(tables_found),
            document=_document(_given(data, "document", {})),
            parse_findings=[Finding.from_dict(f, f"parse_findings[{i}]")
                            for i, f in enumerate(_array(_given(data, "parse_findings", []), "parse_findings"))],
        )
        # A key of no table of this template would be silently dropped by every output.
        keys = canonical_key_set(report.key_versions())
        cells = _object(_given(data, "cells", {}), "cells")
        for key in cells:
            if key not in keys:
                raise ValueError(f"字段 cells 含 {template} 年版模板没有的单元格键 {_shown(key)}"
                                 if template in SPECS else f"字段 cells 含未知的单元格键 {_shown(key)}")
        report.cells = {key: Cell.from_dict(key, value) for key, value in cells.items()}
        return report

    def flat(self) -> dict[str, Any]:
        """`gongkai parse --format flat`: every canonical key to its value."""
        out: dict[str, Any] = {"template": self.template, "year": self.year, "agency": self.agency}
        for key in self.canonical_keys():
            out[key] = self.cell(key).flat_value()
        return out


def _date(value: Any, path: str) -> date:
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:  # 2021-13-45: the shape is right, the date does not exist
            pass
    raise _bad(path, "YYYY-MM-DD 格式的日期或 null", value)


def _table_name(name: str, path: str) -> None:
    if name not in _TABLE_NAMES:
        raise ValueError(f"字段 {path} 含未知表格 {_shown(name)}，应为 t2、t3、t4")


def _document(value: Any) -> DocumentInfo:
    data = _object(value, "document")
    names = DocumentInfo.__dataclass_fields__
    for name, item in data.items():
        if name not in names:
            raise ValueError(f"字段 document 含未知键 {_shown(name)}")
        if item is not None and not isinstance(item, str):
            raise _bad(f"document.{name}", "字符串或 null", item)
    return DocumentInfo(**data)
