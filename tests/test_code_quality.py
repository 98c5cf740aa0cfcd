"""The project's own standards, checked with the tests: ruff over every Python file, mypy over the pure core.

Both read their settings from pyproject.toml, so what passes here passes for `make lint` too.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, check=False)


def test_ruff_finds_nothing() -> None:
    result = _run("ruff", "check", "src", "tests", "bench", "dev.py")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_the_pure_core_type_checks() -> None:
    # Files and settings come from [tool.mypy]: gongkai.report and gongkai.law.
    result = _run("mypy")
    assert result.returncode == 0, result.stdout + result.stderr
