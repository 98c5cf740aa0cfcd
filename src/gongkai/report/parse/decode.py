"""Split digits of neighbouring cells that ran together ("640020470" for a row of seven cells).

Only the table's own arithmetic decides: the row total first, then the column identities
(勾稽关系 and （七）总计). Every split that satisfies them is kept; where more than one survives,
the caller marks the cells ambiguous with every candidate, never picks one (issue 2).
"""

from __future__ import annotations

from functools import cache
from itertools import product
from math import prod

from gongkai.report.spec import SPECS, TemplateSpec

MAX_NODES = 200_000  # bound on enumeration per row: a pathological input must not hang a batch job
MAX_JOINT = 20_000

Vector = tuple[int, ...]
# One cell of an identity: (row key, column index, +1 on the left side / -1 on the right, cell key).
Term = tuple[str, int, int, str]
# An identity that applies, bound to everything already known: constant + Σ sign·cell == 0 over its
# free cells, each given as (index of its row among the rows being decided, column index, sign).
Check = tuple[int, list[tuple[int, int, int]]]


_POWERS = tuple(10 ** k for k in range(19))  # the least number of k + 1 digits, for the room a total may take

_SPLITS: dict[tuple[tuple[str, ...], int, int | None], list[Vector]] = {}
_SPLITS_SIZE = 16_384  # entries kept; only small answers are kept (a hostile row's are not)


def splits(tokens: list[str], parts: int, block: int | None = None) -> list[Vector]:
    """`cut(tokens, parts, block)`, remembered: the same rows of small counts recur from report to report."""
    key = (tuple(tokens), parts, block)
    found = _SPLITS.get(key)
    if found is None:
        found = cut(tokens, parts, block)
        if len(_SPLITS) < _SPLITS_SIZE and len(found) <= 16 and sum(map(len, tokens)) <= 64:
            _SPLITS[key] = found
    return list(found)


def cut(tokens: list[str] | tuple[str, ...], parts: int, block: int | None = None) -> list[Vector]:
    """Every way to cut the digit tokens into `parts` numbers without leading zeros.

    A part never spans two tokens (a space in the source is a cell boundary). With `block`, each
    consecutive group of `block` cells ends with the sum of the others (总计), which prunes early:
    the last cell of a group must be printed exactly as that sum.

    Splits come in the order of their cuts (shortest first cell first). The search gives up once it
    has been offered more than MAX_NODES cells, which an unpruned search would have tried as well.
    """
    digits = "".join(tokens)
    n = len(digits)
    if n == parts:
        # The usual row of one-digit cells: the one cut there is, at every digit.
        return _digit_per_cell(digits, block)
    if parts == 0 or block == 1:
        # No cell to hold the digits; or every cell is its own total, 0, one digit each.
        return []
    # next_end[p]: the end of the token holding position p (a cell starting at p ends there at the latest).
    next_end: list[int] = []
    for token in tokens:
        next_end.extend([len(next_end) + len(token)] * len(token))
    closes, group_has_total = _groups(parts, block)
    out: list[Vector] = []
    nodes = 0

    def walk(pos: int, count: int, cells: Vector, group_sum: int, group_width: int) -> None:
        """Every length of cell `count` (never a total) from `pos`, and the cuts after it."""
        nonlocal nodes
        remaining = parts - count
        if n - pos < remaining:
            return
        # A cell ends at its token's end at the latest; a leading zero is a cell of its own.
        last = pos + 1 if digits[pos] == "0" else min(next_end[pos], n - remaining + 1)
        nodes += last - pos
        if nodes > MAX_NODES:
            return
        if remaining == 1:
            # The row's last cell takes the rest of the digits, if it can.
            if last == n:
                out.append((*cells, int(digits[pos:])))
            return
        # The group's total is at least as wide as its widest cell and must fit in what is left once
        # every other remaining cell has its one digit: room - end digits after a cell ending at end.
        total_ahead = group_has_total[count]
        room = n - (remaining - 2)
        total_next = closes[count + 1]
        for end in range(pos + 1, last + 1):
            width = max(group_width, end - pos)
            if total_ahead and width > room - end:
                break  # a longer cell leaves even less room
            value = int(digits[pos:end])
            if total_ahead and room - end < 19 and group_sum + value >= _POWERS[room - end]:
                break  # the total, at least this sum, could not be printed in the room left
            if not total_next:
                walk(end, count + 1, (*cells, value), group_sum + value, width)
                continue
            # The group's total follows: it must be printed right here as the sum.
            total = group_sum + value
            printed = str(total)
            after = end + len(printed)
            if digits.startswith(printed, end) and next_end[end] >= after:
                if count + 2 < parts:
                    walk(after, count + 2, (*cells, value, total), 0, 0)
                elif after == n:
                    out.append((*cells, value, total))

    walk(0, 0, (), 0, 0)
    return out


@cache
def _groups(parts: int, block: int | None) -> tuple[tuple[bool, ...], tuple[bool, ...]]:
    """Per cell: whether it is the total of its group, and whether its group has a total to come."""
    if not block:
        return (False,) * parts, (False,) * parts
    closes = tuple((i + 1) % block == 0 for i in range(parts))
    total_ahead = tuple((i // block + 1) * block <= parts for i in range(parts))
    return closes, total_ahead


def _digit_per_cell(digits: str, block: int | None) -> list[Vector]:
    """The one split of as many digits as cells, if each group's last digit prints its total."""
    if not digits.strip("0"):
        return [(0,) * len(digits)]  # the commonest row of all, and every total of it holds
    cells = tuple(map(int, digits))
    if block:
        for end in range(block, len(cells) + 1, block):
            if digits[end - 1] != str(sum(cells[end - block:end - 1])):
                return []
    return [cells]


def decode_runs(spec: TemplateSpec, table: str, rows: dict[str, list[str]],
                known: dict[str, int]) -> dict[str, list[Vector]]:
    """Candidate value vectors per row after the row and column identities."""
    if table == "t4":
        block = len(spec.t4_columns)
        n = block * len(spec.t4_blocks)
        return {row: splits(tokens, n, block) for row, tokens in rows.items()}
    width = len(spec.t3_columns)
    options = {row: splits(tokens, width, width) for row, tokens in rows.items()}
    identities = _t3_identities(spec)
    fixed = {row: opts[0] for row, opts in options.items() if len(opts) == 1}
    open_rows = [row for row, opts in options.items() if len(opts) > 1]
    # Propagate: filter each open row against everything else that is fixed. Filtering again
    # against the same fixed rows would keep the same splits, so a row waits for a new fixed row.
    filtered_at: dict[str, int] = {}
    changed = True
    while changed and open_rows:
        changed = False
        for row in list(open_rows):
            if filtered_at.get(row) == len(fixed):
                continue
            filtered_at[row] = len(fixed)
            checks = _bind(identities, [row], fixed, known, printed_first=True)
            kept = [] if checks is None else [vec for vec in options[row] if _satisfies((vec,), checks)]
            if len(kept) != len(options[row]):
                options[row] = kept
                changed = True
            if len(kept) == 1:
                fixed[row] = kept[0]
                open_rows.remove(row)
    # Jointly, when the open rows are few enough to try every combination.
    total = prod(len(options[row]) for row in open_rows)
    if 1 < total <= MAX_JOINT and len(open_rows) > 1:
        checks = _bind(identities, open_rows, fixed, known, printed_first=False)
        survivors = [] if checks is None else [
            combo for combo in product(*(options[row] for row in open_rows)) if _satisfies(combo, checks)]
        if survivors:
            for index, row in enumerate(open_rows):
                options[row] = sorted({combo[index] for combo in survivors})
    return options


def _bind(identities: tuple[tuple[Term, ...], ...], free_rows: list[str], fixed: dict[str, Vector],
          known: dict[str, int], printed_first: bool) -> list[Check] | None:
    """The identities that apply while `free_rows` are being decided, each reduced to a Check.

    Any other cell is a fixed row's split or a printed value (`known`); propagation takes the
    printed value first and the joint step the split, as the first version of this module did,
    whose results this one repeats. An identity with a cell that is neither does not apply.
    None when an identity without free cells fails: then no assignment of the free rows holds.
    """
    free_index = {row: index for index, row in enumerate(free_rows)}
    checks: list[Check] = []
    for terms in identities:
        constant = 0
        free: list[tuple[int, int, int]] = []
        for row, column, sign, key in terms:
            if row in free_index:
                free.append((free_index[row], column, sign))
            elif row in fixed and not (printed_first and key in known):
                constant += sign * fixed[row][column]
            elif key in known:
                constant += sign * known[key]
            else:
                break
        else:
            if free:
                checks.append((constant, free))
            elif constant != 0:
                return None
    return checks


def _satisfies(vectors: tuple[Vector, ...], checks: list[Check]) -> bool:
    """Whether the free rows, holding `vectors` (in the order they were bound), meet every check."""
    return all(constant + sum(sign * vectors[row][column] for row, column, sign in free) == 0
               for constant, free in checks)


def _t3_identities(spec: TemplateSpec) -> tuple[tuple[Term, ...], ...]:
    """The identities among table 三's rows (勾稽关系, （七）总计) as terms, so that a candidate is
    checked by index instead of through a dict of cell keys."""
    # The specs are module constants, one per version: convert each once. Another spec object
    # (a test's, say) is converted afresh rather than taken for the constant of its version.
    if SPECS.get(spec.version) is spec:
        return _t3_identities_of_version(spec.version)
    return _terms(spec)


@cache
def _t3_identities_of_version(version: str) -> tuple[tuple[Term, ...], ...]:
    return _terms(SPECS[version])


def _terms(spec: TemplateSpec) -> tuple[tuple[Term, ...], ...]:
    column_index = {c.key: i for i, c in enumerate(spec.t3_columns)}
    out = []
    for identity in spec.identities:
        if identity.code not in ("T3-IDENTITY", "T3-RESULT-TOTAL"):
            continue
        terms = []
        for sign, keys in ((1, identity.left), (-1, identity.right)):
            for key in keys:
                # "t3.<row>.<column>": row keys may hold dots, column keys never do.
                row, _, column = key.removeprefix("t3.").rpartition(".")
                terms.append((row, column_index[column], sign, key))
        out.append(tuple(terms))
    return tuple(out)


# A row of table 二 has at most three cells, each of a few digits: a longer run, or one with more
# readings, is no such row (and a hostile one must not cost time).
MAX_READINGS = 64
MAX_SIGNED_RUN = 40


def signed_readings(text: str, signed: tuple[bool, ...]) -> list[tuple[str, ...]]:
    """Every way to read `text`, the cells of one row of table 二 run together with a sign among them
    ("27+14337", "9-86"), as the row's printed cells, in order.

    A cell of a count column is digits without a leading zero; one of a signed column (2019 本年增/减)
    is that with or without a sign ("+14", "-8", "3"); any cell may be the placeholder "-". Table 二
    has no sum to choose between the readings: the caller keeps them all. Empty when there are more
    than MAX_READINGS or the text is longer than MAX_SIGNED_RUN (no row is printed like that).
    """
    out: list[tuple[str, ...]] = []
    if len(text) > MAX_SIGNED_RUN:
        return out
    parts = len(signed)

    def cells_at(pos: int, column: int) -> list[str]:
        rest = text[pos:]
        found = ["-"] if rest.startswith("-") else []
        digits_at = pos + 1 if signed[column] and rest[:1] in ("+", "-") else pos
        end = digits_at
        while end < len(text) and text[end].isdigit():
            end += 1
            if text[digits_at] == "0":
                found.append(text[pos:end])  # a zero is a number of its own: never 0 before other digits
                break
            found.append(text[pos:end])
        return found

    def walk(pos: int, cells: tuple[str, ...]) -> None:
        if len(out) > MAX_READINGS:
            return
        column = len(cells)
        if column == parts:
            if pos == len(text):
                out.append(cells)
            return
        for cell in cells_at(pos, column):
            walk(pos + len(cell), (*cells, cell))

    walk(0, ())
    return out if len(out) <= MAX_READINGS else []
