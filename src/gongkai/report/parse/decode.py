"""Split digits of neighbouring cells that ran together ("640020470" for a row of seven cells).

Only the table's own arithmetic decides: the row total first, then the column identities
(勾稽关系 and （七）总计). Every split that satisfies them is kept; where more than one survives,
the caller marks the cells ambiguous with every candidate, never picks one (issue 2).
"""

from __future__ import annotations

from itertools import product

from gongkai.report.spec import TemplateSpec

MAX_NODES = 200_000  # bound on enumeration per row: a pathological input must not hang a batch job
MAX_JOINT = 20_000


def splits(tokens: list[str], parts: int, block: int | None = None) -> list[tuple[int, ...]]:
    """Every way to cut the digit tokens into `parts` numbers without leading zeros.

    A part never spans two tokens (a space in the source is a cell boundary). With `block`, each
    consecutive group of `block` cells ends with the sum of the others (总计), which prunes early:
    the last cell of a group must be printed exactly as that sum.
    """
    digits = "".join(tokens)
    ends: set[int] = set()
    position = 0
    for token in tokens:
        position += len(token)
        ends.add(position)  # every token end is a cell end
    out: list[tuple[int, ...]] = []
    acc: list[int] = []
    nodes = 0
    n = len(digits)
    # next_end[p]: the first token end after position p (a cell starting at p ends there at the latest).
    next_end = [0] * n
    following = n
    for p in range(n - 1, -1, -1):
        if p + 1 in ends:
            following = p + 1
        next_end[p] = following

    def walk(pos: int, block_sum: int) -> None:
        nonlocal nodes
        nodes += 1
        if nodes > MAX_NODES:
            return
        if len(acc) == parts:
            if pos == n:
                out.append(tuple(acc))
            return
        remaining = parts - len(acc)
        if n - pos < remaining:
            return
        if block and (len(acc) + 1) % block == 0:
            total = str(block_sum)
            end = pos + len(total)
            if digits.startswith(total, pos) and next_end[pos] >= end:
                acc.append(block_sum)
                walk(end, 0)
                acc.pop()
            return
        # A cell ends at the next token end at the latest; a leading zero is a cell of its own.
        limit = next_end[pos]
        last = pos + 1 if digits[pos] == "0" else min(limit, n - remaining + 1)
        for end in range(pos + 1, last + 1):
            value = int(digits[pos:end])
            acc.append(value)
            walk(end, block_sum + value)
            acc.pop()

    walk(0, 0)
    return out


def decode_runs(spec: TemplateSpec, table: str, rows: dict[str, list[str]],
                known: dict[str, int]) -> dict[str, list[tuple[int, ...]]]:
    """Candidate value vectors per row after the row and column identities."""
    if table == "t4":
        block = len(spec.t4_columns)
        n = block * len(spec.t4_blocks)
        return {row: splits(tokens, n, block) for row, tokens in rows.items()}
    columns = [c.key for c in spec.t3_columns]
    options = {row: splits(tokens, len(columns), len(columns)) for row, tokens in rows.items()}
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
