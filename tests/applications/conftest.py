"""Fixtures for the applications app: valid identity numbers and a case factory going through the workflow."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from gongkai.agencies import codes
from gongkai.applications.identity import resident_id_check


def resident_id(body17: str = "43030219900101123") -> str:
    return body17 + resident_id_check(body17)


def credit_code(body: str = "12345678") -> str:
    body17 = "91430300" + body + codes.org_code_check(body)
    return body17 + codes.credit_code_check(body17)


@pytest.fixture(autouse=True)
def _attachments_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.DATA_DIR = tmp_path


@pytest.fixture
def make_case(agencies: dict[str, Any]) -> Callable[..., Any]:
    from gongkai.applications import workflow

    def make(agency_key: str = "gaoxin", **fields: Any) -> Any:
        data: dict[str, Any] = {
            "applicant_kind": "natural_person",
            "applicant_name": "张三",
            "id_type": "resident_id",
            "id_number": resident_id(),
            "phone": "13900001111",
            "email": "zhangsan@example.com",
            "address": "湘潭市演示路1号",
            "description": "2025年某道路改造工程的立项批复文件",
            "channel": "in_person",
            "arrived_on": date(2026, 2, 10),
        }
        data.update(fields)
        by = data.pop("by", None)
        return workflow.register(agencies[agency_key], by=by, **data)

    return make
