"""The `gongkai` command. Each feature registers its own sub-commands from its own module."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

# Modules that own sub-commands; each exposes `register(subparsers)`.
COMMAND_MODULES = (
    "gongkai.report.commands",
    "gongkai.law.commands",
    "gongkai.site.commands",
    "gongkai.applications.commands",
)


def build_parser() -> argparse.ArgumentParser:
    import importlib

    parser = argparse.ArgumentParser(
        prog="gongkai",
        description="gongkai（公开）：政府信息公开年度报告解析与核查、依申请公开办理。",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="命令")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            # Only a module that does not exist yet is skipped; a broken import inside one is an error.
            if exc.name != name:
                raise
            continue
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return int(args.handler(args) or 0)
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # Output piped into `head` and closed early: not an error of ours.
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
