#!/usr/bin/env python3
"""Start gongkai or run its tests on a machine that has nothing but Python 3.11+.

    python3 dev.py start     # set up .venv on first use, then start gongkai with its embedded defaults
    python3 dev.py test      # set up .venv on first use, then run the whole test suite
    python3 dev.py test --postgres   # the same suite against PostgreSQL (DATABASE_URL or the local default)
    python3 dev.py setup     # only set up .venv

Everything is installed from pyproject.toml into ./.venv; nothing is installed system-wide.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".gongkai-installed"
SEED = ROOT.parent / "shared" / "corpus" / "seed" / "xiangtan-gaoxin-2020.txt"
LOCAL_POSTGRES = "postgres://postgres@127.0.0.1:5432/gongkai"


def _fingerprint() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def ensure_venv() -> None:
    """Create .venv and install the project when missing or when pyproject.toml changed."""
    if sys.version_info < (3, 11):  # noqa: UP036  (dev.py runs under whatever python3 a machine has)
        sys.exit(f"需要 Python 3.11 或更高版本，当前为 {sys.version.split()[0]}")
    if STAMP.exists() and STAMP.read_text() == _fingerprint():
        return
    if not PYTHON.exists():
        print("正在创建虚拟环境 .venv …", flush=True)
        venv.create(VENV, with_pip=True)
    print("正在安装 gongkai 及其依赖（首次需要几分钟）…", flush=True)
    subprocess.run([str(PYTHON), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
    subprocess.run([str(PYTHON), "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[dev]"], check=True)
    STAMP.write_text(_fingerprint())


def start(args: list[str]) -> int:
    ensure_venv()
    gongkai = str(BIN / "gongkai")
    has_site = (ROOT / "src" / "gongkai" / "site" / "commands.py").exists()
    if has_site:
        return subprocess.call([gongkai, "serve", *args])
    return subprocess.call([gongkai, "check", *(args or [str(SEED)])])


def test(args: list[str]) -> int:
    ensure_venv()
    env = dict(os.environ)
    if "--postgres" in args:
        args = [a for a in args if a != "--postgres"]
        env.setdefault("DATABASE_URL", LOCAL_POSTGRES)
    return subprocess.call([str(PYTHON), "-m", "pytest", *args], cwd=ROOT, env=env)


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in ("start", "test", "setup"):
        print(__doc__)
        return 2
    command, args = sys.argv[1], sys.argv[2:]
    if command == "setup":
        ensure_venv()
        return 0
    return start(args) if command == "start" else test(args)


if __name__ == "__main__":
    sys.exit(main())
