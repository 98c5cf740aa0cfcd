"""Split digits of neighbouring cells that ran together ("640020470" for a row of seven cells).

Only the table's own arithmetic decides: the row total first, then the column identities
(勾稽关系 and （七）总计). Every split that satisfies them is kept; where more than one survives,
the caller marks the cells ambiguous with every candidate, never picks one (issue 2).
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import product

from gongkai.report.spec import TemplateSpec

MAX_NODES = 200_000  # bound on enumeration per row: a pathological input must not hang a batch job
MAX_JOINT = 20_000


def splits(tokens: list[str], parts: int, check: Callable[[list[int]], bool] | None = None) -> list[tuple[int, ...]]:
    """Every way to cut the digit tokens into `parts` numbers without leading zeros."""
    out: list[tuple[int, ...]] = []
    nodes = 0

    def walk(ti: int, pos: int, acc: list[int]) -> None:
        nonlocal nodes
        nodes += 1
        if nodes > MAX_NODES:
            return
        if ti == len(tokens):
            if len(acc) == parts and (check is None or check(acc)):
                out.append(tuple(acc))
            return
        token = tokens[ti]
        remaining_tokens = len(tokens) - ti - 1
        if len(acc) + 1 + remaining_tokens > parts:
            return
        # A leading zero is a cell of its own ("05" is never one number).
        ends = [pos + 1] if token[pos] == "0" else list(range(pos + 1, len(token) + 1))
        for end in ends:
            acc.append(int(token[pos:end]))
            if end == len(token):
                walk(ti + 1, 0, acc)
            elif len(acc) < parts:
                walk(ti, end, acc)
            acc.pop()

    walk(0, 0, [])
    return out


def _row_check(block: int):
    """Each consecutive group of `block` cells ends with the sum of the others (总计)."""

    def check(values: list[int]) -> bool:
        return all(sum(values[i:i + block - 1]) == values[i + block - 1]
                   for i in range(0, len(values), block))

    return check


def decode_runs(spec: TemplateSpec, table: str, rows: dict[str, list[str]],
                known: dict[str, int]) -> dict[str, list[tuple[int, ...]]]:
    """Candidate value vectors per row after the row and column identities."""
    if table == "t4":
        block = len(spec.t4_columns)
        n = block * len(spec.t4_blocks)
        return {row: splits(tokens, n, _row_check(block)) for row, tokens in rows.items()}
    columns = [c.key for c in spec.t3_columns]
    options = {row: splits(tokens, len(columns), _row_check(len(columns))) for row, tokens in rows.items()}
    identities = [i for i in spec.identities if i.code in ("T3-IDENTITY", "T3-RESULT-TOTAL")]

    def values_of(assign: dict[str, tuple[int, ...]]) -> dict[str, int]:
        values = dict(known)
        for row, vec in assign.items():
            values.update({f"t3.{row}.{c}": v for c, v in zip(columns, vec, strict=True)})
        return values

    def holds(values: dict[str, int]) -> bool:
        for identity in identities:
            keys = identity.left + identity.right
            if all(k in values for k in keys) and (
                    sum(values[k] for k in identity.left) != sum(values[k] for k in identity.right)):
                return False
        return True

    fixed = {row: opts[0] for row, opts in options.items() if len(opts) == 1}
    open_rows = [row for row, opts in options.items() if len(opts) > 1]
    # Propagate: filter each open row against everything else that is fixed.
    changed = True
    while changed and open_rows:
        changed = False
        for row in list(open_rows):
            base = values_of(fixed)
            kept = [vec for vec in options[row] if holds({**base, **values_of({row: vec})})]
            if len(kept) != len(options[row]):
                options[row] = kept
                changed = True
            if len(kept) == 1:
                fixed[row] = kept[0]
                open_rows.remove(row)
    # Jointly, when the open rows are few enough to try every combination.
    total = 1
    for row in open_rows:
        total *= len(options[row])
    if 1 < total <= MAX_JOINT and len(open_rows) > 1:
        survivors = [combo for combo in product(*(options[r] for r in open_rows))
                     if holds(values_of({**fixed, **dict(zip(open_rows, combo, strict=True))}))]
        if survivors:
            for index, row in enumerate(open_rows):
                options[row] = sorted({combo[index] for combo in survivors})
    return options
