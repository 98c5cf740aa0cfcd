"""The JSON output and its JSON Schema (draft 2020-12)."""

from __future__ import annotations

import json
from decimal import Decimal

import jsonschema
import pytest

from gongkai.report.generate import random_report
from gongkai.report.model import AnnualReport, Finding, Kind, flat_number
from gongkai.report.render import render_json
from gongkai.report.spec import SPECS

VERSIONS = tuple(SPECS)



@pytest.fixture(scope="module")
def validator():
    from gongkai.report.schema import report_schema

    schema = report_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$id"] == "gongkai.report/1"
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("seed", range(5))
def test_json_validates_against_schema(validator, version: str, seed: int) -> None:
    report = random_report(version, seed)
    if seed % 2:
        for key, raw in zip(report.canonical_keys()[::37], ("", "-", "+3", "无", "—", "-2"), strict=False):
            report = report.with_cell(key, raw)
    data = json.loads(render_json(report))
    assert list(validator.iter_errors(data)) == []
    assert data["schema"] == "gongkai.report/1" and data["template"] == version
    assert AnnualReport.from_dict(data).to_dict() == data


def test_json_is_readable_chinese_and_money_is_a_string(validator) -> None:
    report = random_report("2021", 11).with_cell("t2.art20_8.fees.amount_wan_yuan", "4068.208")
    text = render_json(report)
    assert "\\u" not in text and "本年度未收取信息处理费" in text
    assert '"value": "4068.208"' in text
    value = json.loads(text)["cells"]["t2.art20_8.fees.amount_wan_yuan"]["value"]
    assert value == "4068.208" and Decimal(value) == Decimal("4068.208")


def test_json_with_findings(validator) -> None:
    finding = Finding("T3-IDENTITY", "not_assessable", None, "表三「商业企业」列：无法核对",
                      instance="commercial", cells=("t3.carry_forward.commercial", "calc.t3.inflow.total"),
                      if_blank_zero="pass")
    data = json.loads(render_json(random_report("2019", 12), [finding]))
    assert data["findings"][0]["code"] == "T3-IDENTITY"
    assert list(validator.iter_errors(data)) == []


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("cells", "t2.art20_8.fees.amount_wan_yuan", "value"), 12, "money must be a string"),
        (("cells", "t3.total.total", "value"), 1.5, "no floats"),
        (("cells", "t3.total.total", "kind"), "blank", "a blank cell has no value"),
        (("cells", "t3.total.total", "kind"), "zero", "unknown kind"),
        (("template",), "2020", "unknown template"),
        (("schema",), "gongkai.report/2", "wrong schema id"),
    ],
)
def test_schema_rejects(validator, path: tuple[str, ...], value: object, message: str) -> None:
    data = json.loads(render_json(random_report("2021", 13)))
    target = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    assert list(validator.iter_errors(data)), message


def test_schema_requires_every_key_of_the_template(validator) -> None:
    data = json.loads(render_json(random_report("2019", 14)))
    del data["cells"]["t3.other.total"]
    assert list(validator.iter_errors(data))
    data = json.loads(render_json(random_report("2019", 14)))
    data["cells"]["t3.other.other.total"] = data["cells"]["t3.total.total"]  # a 2021-only key
    assert list(validator.iter_errors(data))




# --- reading gongkai's own JSON back: every malformed field is a ValueError naming it -------------


def _valid() -> dict:
    return json.loads(render_json(random_report("2021", 13)))


def _set(data: dict, path: tuple, value: object) -> dict:
    target = data
    for part in path[:-1]:
        target = target[part]
    if value is _DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


_DELETE = object()


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        (("agency",), "某局", "agency"),  # was AttributeError
        (("agency",), {"name": 5}, "agency.name"),
        (("cells", "t3.total.total", "value"), "abc", "cells.t3.total.total.value"),  # was InvalidOperation
        (("cells", "t3.total.total", "value"), "NaN", "cells.t3.total.total.value"),
        (("cells", "t3.total.total", "value"), "1e3", "cells.t3.total.total.value"),
        (("cells", "t3.total.total", "value"), 1.5, "cells.t3.total.total.value"),  # was accepted
        (("cells", "t3.total.total", "value"), True, "cells.t3.total.total.value"),
        (("cells", "t3.total.total", "value"), None, "cells.t3.total.total.value"),  # a number without one
        (("cells", "t3.total.total", "kind"), "blank", "cells.t3.total.total.value"),  # a blank with a value
        (("cells", "t3.total.total", "kind"), "weird", "cells.t3.total.total.kind"),
        (("cells", "t3.total.total", "kind"), _DELETE, "cells.t3.total.total.kind"),
        (("cells", "t3.total.total", "kind"), "ambiguous", "cells.t3.total.total.value"),
        (("cells", "t3.total.total"), {"raw": "123", "kind": "ambiguous", "value": None, "note": None, "unit": None,
                                       "source": {"format": "text"}}, "cells.t3.total.total.candidates"),
        (("cells", "t3.total.total"), {"raw": "123", "kind": "ambiguous", "value": None, "note": None, "unit": None,
                                       "source": {"format": "text"}, "candidates": [1, "23"]},
         "cells.t3.total.total.candidates"),
        (("cells", "t3.total.total", "raw"), 20, "cells.t3.total.total.raw"),
        (("cells", "t3.total.total", "unit"), ["件"], "cells.t3.total.total.unit"),
        (("cells", "t3.total.total", "candidates"), [1, 2], "cells.t3.total.total.candidates"),
        (("cells", "t3.total.total", "source"), {"format": "text", "line": "1"}, "cells.t3.total.total.source.line"),
        (("cells", "t3.total.total", "source"), {"format": "pdf", "bbox": [1, 2]}, "cells.t3.total.total.source.bbox"),
        (("cells", "t3.total.total", "source"), {"format": "text", "foo": 1}, "cells.t3.total.total.source"),
        (("cells", "t3.total.total", "source"), "第3行", "cells.t3.total.total.source"),
        (("cells", "t3.total.total", "source"), [], "cells.t3.total.total.source"),
        (("cells", "t3.total.total"), 5, "cells.t3.total.total"),
        (("cells", "t9.no.such_key"), {"raw": "", "kind": "blank", "value": None, "note": None, "unit": None,
                                      "source": {"format": "absent"}}, "cells"),
        (("cells",), [], "cells"),
        (("report_year",), "二〇二一", "report_year"),  # was a TypeError inside the rules
        (("report_year",), 2021.0, "report_year"),
        (("report_year",), True, "report_year"),
        (("report_year",), 99999, "report_year"),
        (("template",), "2099", "template"),  # was accepted and shown as 模板：2099年版
        (("template",), 2021, "template"),
        (("template",), _DELETE, "template"),
        (("title",), ["标题"], "title"),
        (("published_on",), "2021-13-45", "published_on"),
        (("published_on",), 20210101, "published_on"),
        (("preamble",), None, "preamble"),
        (("table_versions",), {"t2": "2099"}, "table_versions.t2"),
        (("table_versions",), {"t5": "2021"}, "table_versions"),
        (("tables_found",), {"t2": "yes"}, "tables_found.t2"),
        (("tables_found",), [], "tables_found"),
        (("document",), {"foo": 1}, "document"),
        (("document",), {"name": 5}, "document.name"),
        (("sections",), "一、总体情况", "sections"),
        (("sections", 0, "number"), 9, "sections[0].number"),
        (("sections", 0, "heading"), _DELETE, "sections[0].heading"),
        (("parse_findings",), [{"code": "STRUCT-LABELS"}], "parse_findings[0].status"),
        (("parse_findings",), [{"code": "X", "status": "fail", "severity": "fatal"}], "parse_findings[0].severity"),
        (("parse_findings",), [{"code": "X", "status": "fail", "cells": "t3.total.total"}],
         "parse_findings[0].cells"),
        (("schema",), "gongkai.report/2", "schema"),
        (("schema",), _DELETE, "schema"),
    ],
)
def test_from_dict_names_the_bad_field(path: tuple, value: object, field: str) -> None:
    data = _set(_valid(), path, value)
    with pytest.raises(ValueError) as caught:
        AnnualReport.from_dict(data)
    message = str(caught.value)
    assert caught.type is ValueError, caught.type  # never InvalidOperation, AttributeError, …
    assert f" {field} " in message or message.endswith(f" {field}") or f"{field}，" in message, message
    assert "不是 gongkai 年报 JSON" not in message  # the caller adds it, once
    assert message.startswith(("字段 ", "缺少字段 ")), message


def test_from_dict_message_quotes_what_it_read() -> None:
    data = _set(_valid(), ("report_year",), "二〇二一")
    with pytest.raises(ValueError, match=r'字段 report_year 应为整数.*读到 "二〇二一"'):
        AnnualReport.from_dict(data)


@pytest.mark.parametrize("payload", [[1, 2], "报告", None, 3])
def test_from_dict_of_no_object(payload: object) -> None:
    with pytest.raises(ValueError) as caught:
        AnnualReport.from_dict(payload)
    assert caught.type is ValueError


def test_bad_json_is_reported_once_as_not_gongkai_json() -> None:
    from gongkai.report.parse import ReportParseError, parse_bytes

    data = json.dumps(_set(_valid(), ("template",), "2099"), ensure_ascii=False).encode()
    with pytest.raises(ReportParseError) as caught:
        parse_bytes(data, "x.json")
    message = str(caught.value)
    assert message.count("不是 gongkai 年报 JSON") == 1 and "template" in message and '"2099"' in message
    data = json.dumps({"template": "2021", "cells": {}}).encode()
    with pytest.raises(ReportParseError) as caught:
        parse_bytes(data, "x.json")
    assert str(caught.value).count("不是 gongkai 年报 JSON") == 1 and "schema" in str(caught.value)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("template",), "unknown"),
        (("report_year",), None),
        (("report_year",), _DELETE),
        (("agency",), {"name": None}),
        (("agency",), None),
        (("published_on",), "2022-03-31"),
        (("document",), {"name": "x.txt", "format": "flat-text", "sha256": "0" * 64}),
        (("cells", "t3.total.total", "value"), "20.5"),
        (("cells", "t2.art20_8.fees.amount_wan_yuan", "value"), "-0.000"),
        (("cells", "t3.total.total"), {"raw": "", "kind": "blank", "value": None, "note": None, "unit": None,
                                       "source": {"format": "pdf", "page": 2, "bbox": [1.5, 2, 3, 4.25]}}),
    ],
)
def test_from_dict_reads_what_the_model_allows(path: tuple, value: object) -> None:
    data = _set(_valid(), path, value)
    report = AnnualReport.from_dict(data)
    if path != ("report_year",) or value is not _DELETE:
        assert AnnualReport.from_dict(report.to_dict()).to_dict() == report.to_dict()


def test_from_dict_reads_a_mixed_report() -> None:
    data = json.loads(render_json(random_report("2019", 3)))
    data["template"] = "mixed"
    data["table_versions"] = {"t2": "2019", "t3": "2019", "t4": "2019"}
    report = AnnualReport.from_dict(data)
    assert report.template == "mixed" and report.to_dict() == data


def _parsed_reports() -> list[AnnualReport]:
    from gongkai.report import parse
    from gongkai.report.render import render_html, render_markdown, render_runtogether, render_spaced
    from gongkai.report.render.docx import render_docx

    out = []
    for version in VERSIONS:
        report = random_report(version, 5).with_cell(random_report(version, 5).canonical_keys()[3], "")
        out.append(parse.parse_text(render_runtogether(report)))  # ambiguous cells, decoded notes
        out.append(parse.parse_text(render_spaced(report)))  # parse findings, line/column provenance
        out.append(parse.parse_text(render_html(report), name="x.html"))
        out.append(parse.parse_text(render_markdown(report), name="x.md"))
        out.append(parse.parse_bytes(render_docx(report), name="x.docx"))
    return out


def test_parsed_reports_read_back_exactly(validator) -> None:
    # Everything a reader writes (provenance of every format, findings, ambiguous cells) still reads.
    for report in _parsed_reports():
        data = json.loads(render_json(report))
        assert AnnualReport.from_dict(data).to_dict() == data


def test_json_keeps_an_ambiguous_cell_with_its_candidates() -> None:
    from gongkai.report import parse
    from gongkai.report.render import render_runtogether

    report = parse.parse_text(render_runtogether(random_report("2021", 0)))
    data = json.loads(render_json(report))
    ambiguous = {k: c for k, c in data["cells"].items() if c["kind"] == "ambiguous"}
    assert ambiguous
    for key, cell in ambiguous.items():
        assert cell["raw"] == report.cell(key).raw and cell["value"] is None
        assert cell["candidates"] == list(report.cell(key).candidates)
        assert AnnualReport.from_dict(data).cell(key) == report.cell(key)


# --- `gongkai parse --format flat`: a number is a JSON number, text is a string ------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("753.972"), 753.972),
        (Decimal("4068.208"), 4068.208),
        (Decimal("12.50"), 12.5),
        (Decimal("-0.5"), -0.5),
        (Decimal("0"), 0),
        (Decimal("0.000"), 0),
        (Decimal("120"), 120),
        (12, 12),
        (-3, -3),
        (None, None),
    ],
)
def test_flat_number(value: Decimal | int | None, expected: object) -> None:
    got = flat_number(value)
    assert got == expected and type(got) is type(expected)
    if isinstance(got, float):
        assert json.dumps(got) == format(value.normalize(), "f")  # printed with exactly its digits


def test_flat_number_keeps_a_decimal_no_float_holds_exactly() -> None:
    assert flat_number(Decimal("1234567890.123456789")) == "1234567890.123456789"


def test_flat_output_contract() -> None:
    from gongkai.report import parse
    from gongkai.report.render import render_runtogether

    money = "t2.art20_8.fees.amount_wan_yuan"
    report = parse.parse_text(render_runtogether(random_report("2021", 0)))  # has ambiguous cells
    keys = [k for k in report.canonical_keys() if report.cell(k).kind is not Kind.AMBIGUOUS]
    for key, raw in zip(keys[1::17], ("", "-", "+3", "无", "12（含转办）", "5.5", "第三季度"), strict=False):
        report = report.with_cell(key, raw)
    for raw, want in (("753.972", 753.972), ("0", 0), ("0.500", 0.5)):
        printed = json.dumps(report.with_cell(money, raw).flat(), ensure_ascii=False)
        assert f'"{money}": {json.dumps(want)}' in printed
        assert json.loads(printed)[money] == want
    flat = json.loads(json.dumps(report.flat(), ensure_ascii=False))
    assert len(flat) == len(report.canonical_keys()) + 3
    kinds = set()
    for key in report.canonical_keys():
        cell, got = report.cell(key), flat[key]
        kinds.add(cell.kind)
        if cell.kind is Kind.AMBIGUOUS:
            assert got == {"ambiguous": list(cell.candidates)}
        elif cell.kind in (Kind.BLANK, Kind.ABSENT):
            assert got is None
        elif cell.is_numeric:
            assert isinstance(got, int | float) and not isinstance(got, bool), (key, got)
            assert Decimal(repr(got)) == cell.value
        else:
            assert got == cell.raw
    assert {Kind.AMBIGUOUS, Kind.BLANK, Kind.NUMBER, Kind.SIGNED, Kind.TEXT, Kind.PLACEHOLDER,
            Kind.ANNOTATED} <= kinds
