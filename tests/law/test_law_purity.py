"""gongkai.law is the pure core: importing it must not import Django (ARCHITECTURE.md, Layers)."""

from __future__ import annotations

import subprocess
import sys


def test_law_imports_no_django() -> None:
    code = (
        "import sys\n"
        "import gongkai.law.calendar, gongkai.law.deadlines, gongkai.law.fees, gongkai.law.outcomes\n"
        "import gongkai.law.commands\n"
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "assert not bad, bad\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
