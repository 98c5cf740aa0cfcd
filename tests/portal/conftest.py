"""Fixtures for the public portal: a clean rate-limit cache, attachments in a temporary data dir,
valid identity numbers, and a complete valid form submission whose personal values are the secrets."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from typing import Any

import pytest

from gongkai.agencies import codes
from gongkai.applications.identity import resident_id_check

APPLY = "/public/apply/"
STATUS = "/public/status/"


def resident_id(body17: str = "43030219850612345") -> str:
    return body17 + resident_id_check(body17)


def credit_code(body: str = "87654321") -> str:
    body17 = "91430300" + body + codes.org_code_check(body)
    return body17 + codes.credit_code_check(body17)


# Distinctive values: none of them may ever appear on a public page after submission.
SECRETS = {
    "applicant_name": "欧阳秘密",
    "id_number": resident_id(),
    "phone": "13712345678",
    "email": "ouyang.secret@example.net",
    "address": "湘潭市岳塘区保密路88号",
    "description": "关于保密路加装电梯的审批文件及批复",
}


def pdf_bytes(size: int = 200) -> bytes:
    head = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    return head + b"0" * max(0, size - len(head) - 6) + b"\n%%EOF"


def docx_bytes(word: bool = True) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml" if word else "data/other.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _clean_portal(settings: Any, tmp_path: Any) -> None:
    from django.core.cache import cache

    settings.DATA_DIR = tmp_path  # attachments are written under the data directory
    cache.clear()  # the rate-limit counters live in the (process-wide) local-memory cache


@pytest.fixture
def form_data(agencies: dict[str, Any]) -> Callable[..., dict[str, Any]]:
    def make(agency_key: str = "gaoxin", **over: Any) -> dict[str, Any]:
        data: dict[str, Any] = {
            "agency": agencies[agency_key].pk,
            "applicant_kind": "natural_person",
            "id_type": "resident_id",
            "postal_code": "411100",
            "purpose": "",
            "info_form": "electronic",
            "delivery": "email",
            **SECRETS,
        }
        data.update(over)
        return {k: v for k, v in data.items() if v is not None}

    return make
