"""Outcome codes → table-三 rows (DOMAIN.md §6.8, §3.3)."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.law.outcomes import (
    CONFIGURABLE,
    OUTCOMES,
    T3_RESULT_ROWS,
    T3_ROWS,
    VERSIONS,
    OutcomeError,
    cell_key,
    is_available,
    outcome,
    row_key,
    template_version,
)

# DOMAIN.md §3.3, typed independently of the module under test.
ROWS_2019 = [
    "new_received",
    "carried_over",
    "granted",
    "partial",
    "denied.state_secret",
    "denied.law_forbidden",
    "denied.security_stability",
    "denied.third_party",
    "denied.internal_affairs",
    "denied.process_info",
    "denied.enforcement_file",
    "denied.inquiry_matter",
    "unable.not_held",
    "unable.needs_creation",
    "unable.still_unclear",
    "not_processed.petition",
    "not_processed.repeat",
    "not_processed.publication",
    "not_processed.excessive",
    "not_processed.reconfirm",
    "other",
    "total",
    "carry_forward",
]
ROWS_2021 = [*ROWS_2019[:20], "other.no_clarification", "other.unpaid_fee", "other.other", *ROWS_2019[21:]]
NON_RESULT = {"new_received", "carried_over", "total", "carry_forward"}

# DOMAIN.md §6.8: code → (2019 row, 2021 row).
EXPECTED = {
    "granted.already_public": ("granted", "granted"),
    "granted.provided": ("granted", "granted"),
    "partial": ("partial", "partial"),
    "denied.state_secret": ("denied.state_secret",) * 2,
    "denied.law_forbidden": ("denied.law_forbidden",) * 2,
    "denied.security_stability": ("denied.security_stability",) * 2,
    "denied.third_party": ("denied.third_party",) * 2,
    "denied.internal_affairs": ("denied.internal_affairs",) * 2,
    "denied.process_info": ("denied.process_info",) * 2,
    "denied.enforcement_file": ("denied.enforcement_file",) * 2,
    "denied.inquiry_matter": ("denied.inquiry_matter",) * 2,
    "unable.not_exist": ("unable.not_held",) * 2,
    "unable.not_responsible": ("unable.not_held",) * 2,
    "unable.needs_creation": ("unable.needs_creation",) * 2,
    "unable.still_unclear": ("unable.still_unclear",) * 2,
    "not_processed.petition": ("not_processed.petition",) * 2,
    "not_processed.repeat": ("not_processed.repeat",) * 2,
    "not_processed.publication": ("not_processed.publication",) * 2,
    "not_processed.excessive": ("not_processed.excessive",) * 2,
    "not_processed.reconfirm": ("not_processed.reconfirm",) * 2,
    "other.no_clarification": ("other", "other.no_clarification"),
    "other.unpaid_fee": ("other", "other.unpaid_fee"),
    "other.withdrawn": ("other", "other.other"),
    "other.other": ("other", "other.other"),
}


def test_row_lists_match_domain() -> None:
    assert list(T3_ROWS["2019"]) == ROWS_2019 and len(ROWS_2019) == 23
    assert list(T3_ROWS["2021"]) == ROWS_2021 and len(ROWS_2021) == 25
    for v in VERSIONS:
        assert set(T3_RESULT_ROWS[v]) == set(T3_ROWS[v]) - NON_RESULT


def test_codes_and_mapping_match_domain() -> None:
    assert set(OUTCOMES) == set(EXPECTED)
    for code, (r2019, r2021) in EXPECTED.items():
        assert row_key(code, "2019") == r2019, code
        assert row_key(code, "2021") == r2021, code


@pytest.mark.parametrize("version", VERSIONS)
def test_every_code_maps_to_one_result_row(version: str) -> None:
    for code in OUTCOMES:
        key = row_key(code, version)
        assert isinstance(key, str)
        assert key in T3_RESULT_ROWS[version], (code, key)
        assert key not in NON_RESULT


@pytest.mark.parametrize("version", VERSIONS)
def test_every_result_row_is_reachable(version: str) -> None:
    reached = {row_key(code, version) for code in OUTCOMES}
    assert reached == set(T3_RESULT_ROWS[version])


def test_partial_is_counted_only_as_partial() -> None:
    for v in VERSIONS:
        assert [c for c in OUTCOMES if row_key(c, v) == "partial"] == ["partial"]


@pytest.mark.parametrize("version", VERSIONS)
def test_keys_exist_in_report_spec(version: str) -> None:
    spec = pytest.importorskip("gongkai.report.spec")
    spec_rows = [row.key for row in spec.SPECS[version].t3_rows]
    assert spec_rows == list(T3_ROWS[version])
    for code in OUTCOMES:
        assert row_key(code, version) in spec_rows


def test_labels_and_bases() -> None:
    for o in OUTCOMES.values():
        assert o.label and not o.label.isascii()
    assert outcome("partial").basis == "第三十七条"
    assert outcome("other.no_clarification").basis == "第三十条"
    assert outcome("unable.not_responsible").basis == "第三十六条第（五）项"
    assert outcome("other.other").requires_reason
    assert outcome("denied.state_secret").label == "不予公开：属于国家秘密"


def test_configurable_overrides() -> None:
    assert {"unable.not_responsible", "other.withdrawn"} == CONFIGURABLE
    ov = {"unable.not_responsible": "other.other"}
    assert row_key("unable.not_responsible", "2021", overrides=ov) == "other.other"
    with pytest.raises(OutcomeError):
        row_key("unable.not_responsible", "2019", overrides=ov)  # other.other is not a 2019 row
    with pytest.raises(OutcomeError):
        row_key("partial", "2021", overrides={"partial": "granted"})
    with pytest.raises(OutcomeError):
        row_key("other.withdrawn", "2021", overrides={"other.withdrawn": "total"})


def test_cell_key() -> None:
    assert (
        cell_key("denied.state_secret", "2021", "natural_person") == "t3.denied.state_secret.natural_person"
    )
    assert cell_key("other.unpaid_fee", "2019", "total") == "t3.other.total"
    with pytest.raises(OutcomeError):
        cell_key("partial", "2021", "org")


def test_unknown_code_and_version() -> None:
    with pytest.raises(OutcomeError):
        row_key("granted", "2021")
    with pytest.raises(OutcomeError):
        row_key("partial", "2020")


def test_unpaid_fee_only_from_2021() -> None:
    assert not is_available("other.unpaid_fee", date(2020, 12, 31))
    assert is_available("other.unpaid_fee", date(2021, 1, 1))
    assert is_available("partial", date(2019, 5, 15))


def test_template_version() -> None:
    assert template_version(2018) is None
    assert template_version(2019) == template_version(2020) == "2019"
    assert template_version(2021) == template_version(2026) == "2021"
