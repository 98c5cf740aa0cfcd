"""The seed report parses to exactly the values DOMAIN.md gives for it (§3.2, §3.3, §3.4)."""

from __future__ import annotations

import pytest

from gongkai.report.model import Kind
from gongkai.report.parse import parse_file
from gongkai.report.spec import SPECS

from .corpus import SEED

T2 = {
    "t2.art20_1.regulations.made": 0, "t2.art20_1.regulations.published": 0,
    "t2.art20_1.regulations.total_public": 0, "t2.art20_1.normative.made": 4,
    "t2.art20_1.normative.published": 4, "t2.art20_1.normative.total_public": 5,
    "t2.art20_5.licensing.prev_items": 83, "t2.art20_5.licensing.change": 1,
    "t2.art20_5.licensing.decisions": 323, "t2.art20_5.other_services.prev_items": 93,
    "t2.art20_5.other_services.change": 226, "t2.art20_5.other_services.decisions": 7478,
    "t2.art20_6.punishment.prev_items": 0, "t2.art20_6.punishment.decisions": 0,
    "t2.art20_6.coercion.prev_items": 0, "t2.art20_6.coercion.decisions": 0,
    "t2.art20_8.fees.prev_items": 6, "t2.art20_8.fees.change": -3,
    "t2.art20_9.procurement.items": 0, "t2.art20_9.procurement.amount": 0,
}
# Natural-person column of table 三 (the five organisation columns are 0, total equals it).
T3_NATURAL = {
    "new_received": 95, "carried_over": 0, "granted": 6, "partial": 2,
    "denied.state_secret": 0, "denied.law_forbidden": 0, "denied.security_stability": 0,
    "denied.third_party": 0, "denied.internal_affairs": 0, "denied.process_info": 0,
    "denied.enforcement_file": 0, "denied.inquiry_matter": 0, "unable.not_held": 16,
    "unable.needs_creation": 3, "unable.still_unclear": 2, "not_processed.petition": 63,
    "not_processed.repeat": 3, "not_processed.publication": 0, "not_processed.excessive": 0,
    "not_processed.reconfirm": 0, "other": 0, "total": 95, "carry_forward": 0,
}


@pytest.fixture(scope="module")
def seed():
    return parse_file(SEED)


def test_seed_metadata(seed):
    assert seed.template == "2019"
    assert seed.year == 2020
    assert seed.agency == "湘潭国家高新技术产业开发区"
    assert seed.tables_found == {"t2": True, "t3": True, "t4": True}
    assert [s.number for s in seed.sections] == [1, 2, 3, 4, 5, 6]


def test_seed_has_every_2019_key(seed):
    assert set(seed.cells) == set(SPECS["2019"].cells)
    assert len(seed.cells) == 198


def test_seed_table_two(seed):
    for key, value in T2.items():
        cell = seed.cell(key)
        assert cell.value == value, key
    assert seed.cell("t2.art20_5.licensing.change").kind is Kind.SIGNED
    assert seed.cell("t2.art20_5.licensing.change").raw == "+1"
    for key in ("t2.art20_6.punishment.change", "t2.art20_6.coercion.change"):
        assert seed.cell(key).kind is Kind.PLACEHOLDER
        assert seed.cell(key).raw == "-"
        assert seed.cell(key).value is None


def test_seed_table_three(seed):
    columns = [c.key for c in SPECS["2019"].t3_columns]
    for row, natural in T3_NATURAL.items():
        for col in columns:
            key = f"t3.{row}.{col}"
            cell = seed.cell(key)
            if key == "t3.carry_forward.commercial":
                # The one published blank cell: blank, not zero (§3.7).
                assert cell.kind is Kind.BLANK and cell.value is None
                continue
            expected = natural if col in ("natural_person", "total") else 0
            assert cell.kind is Kind.NUMBER, key
            assert cell.value == expected, key


def test_seed_table_four_all_zero(seed):
    keys = SPECS["2019"].keys("t4")
    assert len(keys) == 15
    assert all(seed.cell(k).kind is Kind.NUMBER and seed.cell(k).value == 0 for k in keys)


def test_seed_provenance_points_at_the_printed_line(seed):
    cell = seed.cell("t3.unable.not_held.natural_person")
    lines = SEED.read_text(encoding="utf-8").splitlines()
    assert cell.source.format == "text"
    assert lines[cell.source.line - 1].startswith("16")
    assert cell.source.row_label == "1.本机关不掌握相关政府信息"
    assert cell.source.column_label == "自然人"


def test_carry_forward_row_is_not_the_section_heading(seed):
    four = seed.section(4)
    assert four is not None and "行政复议" in four.heading
    assert seed.cell("t3.carry_forward.total").value == 0


def test_seed_spaced_label_is_reported(seed):
    notes = [f.message for f in seed.parse_findings if f.code == "STRUCT-LABELS"]
    assert any("6. 属于四类过程性信息" in m for m in notes)
    assert not any(f.severity == "error" for f in seed.parse_findings)


def test_flat_output_shape(seed):
    flat = seed.flat()
    assert flat["template"] == "2019" and flat["year"] == 2020
    assert flat["t3.carry_forward.commercial"] is None
    assert flat["t2.art20_6.punishment.change"] == "-"
    assert flat["t2.art20_8.fees.change"] == -3
    assert len(flat) == 198 + 3
