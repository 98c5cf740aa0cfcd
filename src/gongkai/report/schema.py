"""JSON Schema (draft 2020-12) of the report JSON written by `AnnualReport.to_dict` (DOMAIN.md §3.8).

Built from the template spec, so the key lists and value types can never drift from the labels
and keys the rest of the system uses.
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

from gongkai.report.model import SCHEMA_ID, Kind
from gongkai.report.spec import SPECS, ValueType

DRAFT = "https://json-schema.org/draft/2020-12/schema"

# Money is a Decimal written as a string so that no float ever touches it (§3.7).
_DECIMAL = {"type": "string", "pattern": r"^-?[0-9]+(\.[0-9]+)?$"}
_NULLABLE_STRING = {"type": ["string", "null"]}
_VALUE_KINDS = [Kind.NUMBER.value, Kind.SIGNED.value, Kind.ANNOTATED.value]

_PROVENANCE: dict[str, Any] = {
    "type": "object",
    "required": ["format"],
    "additionalProperties": False,
    "properties": {
        "format": {"type": "string"},
        "line": {"type": "integer", "minimum": 1},
        "line_end": {"type": "integer", "minimum": 1},
        "col_start": {"type": "integer", "minimum": 0},
        "col_end": {"type": "integer", "minimum": 0},
        "table": {"type": "integer", "minimum": 0},
        "row": {"type": "integer", "minimum": 0},
        "column": {"type": "integer", "minimum": 0},
        "page": {"type": "integer", "minimum": 1},
        "bbox": {"type": "array", "items": {"type": "number"}, "minItems": 4, "maxItems": 4},
        "row_label": {"type": "string"},
        "column_label": {"type": "string"},
        "match": {"type": "string"},
        "note": {"type": "string"},
    },
}

_CELL: dict[str, Any] = {
    "type": "object",
    "required": ["raw", "kind", "value", "note", "unit", "source"],
    "additionalProperties": False,
    "properties": {
        "raw": {"type": "string", "description": "单元格原文，与来源完全一致"},
        "kind": {"enum": [k.value for k in Kind]},
        # Counts are integers; a fractional count or any money value is a decimal string.
        "value": {"oneOf": [{"type": "integer"}, _DECIMAL, {"type": "null"}]},
        "note": _NULLABLE_STRING,
        "unit": _NULLABLE_STRING,
        "source": {"$ref": "#/$defs/provenance"},
        "candidates": {"type": "array", "items": {"type": "integer"}, "minItems": 2},
    },
    "allOf": [
        # Only numeric kinds carry a value; blank is never zero (§3.7).
        {
            "if": {"properties": {"kind": {"enum": _VALUE_KINDS}}},
            "then": {"properties": {"value": {"not": {"type": "null"}}}},
            "else": {"properties": {"value": {"type": "null"}}},
        },
        {
            "if": {"properties": {"kind": {"const": Kind.AMBIGUOUS.value}}},
            "then": {"required": ["candidates"]},
            "else": {"not": {"required": ["candidates"]}},
        },
    ],
}

_FINDING: dict[str, Any] = {
    "type": "object",
    "required": ["code", "status", "severity", "instance", "cells", "expected", "actual", "message"],
    "additionalProperties": False,
    "properties": {
        "code": {"type": "string", "pattern": r"^[A-Z0-9]+(-[A-Z0-9]+)*$"},
        "status": {"enum": ["pass", "fail", "not_assessable", "not_applicable"]},
        "severity": {"enum": ["error", "warning", "info", None]},
        "instance": {"type": "string"},
        "cells": {"type": "array", "items": {"$ref": "#/$defs/key"}},
        "expected": {},
        "actual": {},
        "message": {"type": "string"},
        "if_blank_zero": {"enum": ["pass", "fail"]},
    },
}

_SECTION: dict[str, Any] = {
    "type": "object",
    "required": ["number", "heading", "text", "source"],
    "additionalProperties": False,
    "properties": {
        "number": {"type": "integer", "minimum": 1, "maximum": 6},
        "heading": {"type": "string"},
        "text": {"type": "string"},
        "source": {"$ref": "#/$defs/provenance"},
    },
}


def _money_keys() -> list[str]:
    return sorted({key for spec in SPECS.values() for key, cell in spec.cells.items()
                   if cell.value_type in (ValueType.MONEY, ValueType.MONEY_WAN)})


def _template_rule(version: str) -> dict[str, Any]:
    # A report of a known template has every key of that version, and no other (§3.8).
    keys = list(SPECS[version].cells)
    return {
        "if": {"properties": {"template": {"const": version}}, "required": ["template"]},
        "then": {
            "properties": {
                "cells": {"required": keys, "propertyNames": {"enum": keys}},
                "table_versions": {"additionalProperties": {"const": version}},
            }
        },
    }


@cache
def _schema() -> dict[str, Any]:
    money = {key: {"$ref": "#/$defs/money_cell"} for key in _money_keys()}
    return {
        "$schema": DRAFT,
        "$id": SCHEMA_ID,
        "title": "政府信息公开工作年度报告（gongkai 结构化数据）",
        "description": ("gongkai 年报 JSON：模板版本、年度、机关、六部分正文，"
                        "以及表二/三/四每个单元格的原文、类型和数值。"),
        "type": "object",
        "required": ["schema", "template", "report_year", "agency", "sections", "cells", "findings"],
        "additionalProperties": False,
        "properties": {
            "schema": {"const": SCHEMA_ID},
            "template": {"enum": [*SPECS, "mixed", "unknown"]},
            "report_year": {"type": ["integer", "null"], "minimum": 1990, "maximum": 2999},
            "agency": {
                "type": "object",
                "required": ["name"],
                "properties": {"name": _NULLABLE_STRING},
            },
            "title": _NULLABLE_STRING,
            "published_on": {"type": ["string", "null"], "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
            "table_versions": {
                "type": "object",
                "propertyNames": {"enum": ["t2", "t3", "t4"]},
                "additionalProperties": {"enum": list(SPECS)},
            },
            "tables_found": {
                "type": "object",
                "propertyNames": {"enum": ["t2", "t3", "t4"]},
                "additionalProperties": {"type": "boolean"},
            },
            "document": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "name": {"type": "string"},
                    "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                    "format": {"type": "string"},
                    "parser": {"type": "string"},
                },
            },
            "preamble": {"type": "string"},
            "sections": {"type": "array", "items": {"$ref": "#/$defs/section"}},
            "cells": {
                "type": "object",
                "propertyNames": {"$ref": "#/$defs/cell_key"},
                "properties": money,
                "additionalProperties": {"$ref": "#/$defs/cell"},
            },
            "parse_findings": {"type": "array", "items": {"$ref": "#/$defs/finding"}},
            "findings": {"type": "array", "items": {"$ref": "#/$defs/finding"}},
        },
        "allOf": [_template_rule(version) for version in SPECS],
        "$defs": {
            # §3.1: ASCII, lowercase, at most 43 characters.
            "cell_key": {"type": "string", "pattern": r"^t[234](\.[a-z0-9_]+)+$", "maxLength": 43},
            # Findings may also name derived quantities (calc.*, §3.6).
            "key": {"type": "string", "pattern": r"^(calc\.)?t[234](\.[a-z0-9_]+)+$", "maxLength": 48},
            "provenance": _PROVENANCE,
            "cell": _CELL,
            "money_cell": {
                "allOf": [{"$ref": "#/$defs/cell"}],
                "properties": {"value": {"oneOf": [_DECIMAL, {"type": "null"}]}},
            },
            "section": _SECTION,
            "finding": _FINDING,
        },
    }


def report_schema() -> dict[str, Any]:
    """The schema as a fresh dict (callers may modify it)."""
    return copy.deepcopy(_schema())
