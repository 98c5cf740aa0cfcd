"""The JSON output and its JSON Schema (draft 2020-12)."""

from __future__ import annotations

import json
from decimal import Decimal

import jsonschema
import pytest

from gongkai.report.generate import random_report
from gongkai.report.model import AnnualReport, Finding
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


