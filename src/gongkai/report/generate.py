"""Random annual reports that satisfy the template's arithmetic, for tests and benchmarks.

Every test report in this project is built here (or rendered from what is built here), never copied
from a published document.
"""

from __future__ import annotations

import random
from decimal import Decimal

from gongkai.report.model import AnnualReport, Cell, Provenance, Section, make_cell
from gongkai.report.spec import SECTION_TITLES, SPECS, TemplateSpec, ValueType

GENERATED = Provenance(format="generated")

AGENCIES = (
    "示例市示例区人民政府",
    "示例市交通运输局",
    "示例县自然资源局",
    "示例经济技术开发区管理委员会",
)


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """Split `total` into `parts` non-negative integers."""
    if parts == 1:
        return [total]
    cuts = sorted(rng.randint(0, total) for _ in range(parts - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]


def t3_values(spec: TemplateSpec, rng: random.Random, scale: int = 60) -> dict[str, int]:
    """Table 三 numbers that satisfy T3-IDENTITY, T3-ROW-TOTAL and T3-RESULT-TOTAL."""
    values: dict[str, int] = {}
    result_rows = spec.result_rows
    columns = [c.key for c in spec.t3_columns[:-1]]
    for col in columns:
        # Most applicants are natural persons; organisations often have none.
        weight = scale if col == "natural_person" else rng.choice([0, 0, 1, 3, scale // 6])
        new = rng.randint(0, weight)
        carried = rng.randint(0, max(0, weight // 10))
        forward = rng.randint(0, new + carried) if rng.random() < 0.4 else 0
        concluded = new + carried - forward
        values[f"t3.new_received.{col}"] = new
        values[f"t3.carried_over.{col}"] = carried
        values[f"t3.carry_forward.{col}"] = forward
        values[f"t3.total.{col}"] = concluded
        # Concentrate results on a few rows, as real reports do.
        chosen = rng.sample(result_rows, k=min(len(result_rows), rng.randint(1, 6)))
        shares = _split(concluded, len(chosen), rng)
        for row in result_rows:
            values[f"t3.{row}.{col}"] = 0
        for row, share in zip(chosen, shares, strict=True):
            values[f"t3.{row}.{col}"] = share
    for t3_row in spec.t3_rows:
        values[f"t3.{t3_row.key}.total"] = sum(values[f"t3.{t3_row.key}.{c}"] for c in columns)
    return values


def t4_values(spec: TemplateSpec, rng: random.Random) -> dict[str, int]:
    values: dict[str, int] = {}
    for block in spec.t4_blocks:
        parts = [rng.choice([0, 0, 0, 1, 2, 5]) for _ in spec.t4_columns[:-1]]
        for col, part in zip(spec.t4_columns[:-1], parts, strict=True):
            values[f"t4.{block.key}.{col.key}"] = part
        values[f"t4.{block.key}.total"] = sum(parts)
    return values


def t2_raw(spec: TemplateSpec, rng: random.Random) -> dict[str, str]:
    raws: dict[str, str] = {}
    for block in spec.t2_blocks:
        for row in block.rows:
            for col in block.columns:
                key = f"t2.{block.key}.{row.key}.{col.key}"
                if col.value_type is ValueType.CHANGE:
                    change = rng.randint(-20, 40)
                    raws[key] = f"{change:+d}" if change else rng.choice(["0", "-"])
                elif col.value_type is ValueType.MONEY_WAN:
                    raws[key] = str(Decimal(rng.randint(0, 9_999_999)) / 1000)
                elif col.value_type is ValueType.MONEY:
                    raws[key] = str(rng.randint(0, 5_000_000))
                else:
                    raws[key] = str(rng.randint(0, 400 if "decisions" in key else 30))
    return raws


def narrative(spec: TemplateSpec, year: int, values: dict[str, int], agency: str) -> list[Section]:
    """Section texts whose figures agree with the tables (so narrative rules pass)."""
    inflow = values["t3.new_received.total"] + values["t3.carried_over.total"]
    granted = values["t3.granted.total"]
    review = values["t4.reconsideration.total"]
    lit = values["t4.litigation_direct.total"] + values["t4.litigation_after_review.total"]
    texts = [
        f"{year}年，{agency}认真贯彻落实《中华人民共和国政府信息公开条例》，推进政务公开工作。"
        f"本年度报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
        f"全年受理政府信息公开申请{inflow}件，其中予以公开{granted}件。",
        f"{year}年通过门户网站主动公开政府信息，及时更新政府信息公开目录。",
        f"{year}年本机关新收政府信息公开申请{values['t3.new_received.total']}件。",
        f"{year}年因政府信息公开被申请行政复议{review}件，被提起行政诉讼{lit}件。",
        "一是公开内容的完整性还需加强。二是政策解读形式较为单一。下一步将加强培训，完善制度。",
        "本年度未收取信息处理费。无其他需要报告的事项。",
    ]
    return [Section(i + 1, title, text, GENERATED) for i, (title, text) in
            enumerate(zip(SECTION_TITLES, texts, strict=True))]


def random_report(version: str | None = None, seed: int | None = None, *,
                  year: int | None = None, agency: str | None = None) -> AnnualReport:
    """A report of the given version that satisfies every within-report rule."""
    rng = random.Random(seed)
    version = version or rng.choice(("2019", "2021"))
    spec = SPECS[version]
    if year is None:
        year = rng.choice((2019, 2020)) if version == "2019" else rng.randint(2021, 2025)
    agency = agency or rng.choice(AGENCIES)
    numbers: dict[str, int] = {**t3_values(spec, rng), **t4_values(spec, rng)}
    cells: dict[str, Cell] = {}
    for key, raw in t2_raw(spec, rng).items():
        cells[key] = make_cell(key, raw, GENERATED)
    for key, value in numbers.items():
        cells[key] = make_cell(key, str(value), GENERATED)
    return AnnualReport(
        template=version,
        year=year,
        agency=agency,
        title=f"{agency}{year}年政府信息公开工作年度报告",
        sections=narrative(spec, year, numbers, agency),
        cells={key: cells[key] for key in spec.cells},
        table_versions={"t2": version, "t3": version, "t4": version},
        tables_found={"t2": True, "t3": True, "t4": True},
    )
