"""`gongkai parse`, `gongkai check`, `gongkai render`, `gongkai schema`."""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import re
import shutil
import signal
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from gongkai.report.inputs import expand, os_error_zh
from gongkai.report.model import AnnualReport, Finding
from gongkai.report.parse import MAX_BYTES, ReportParseError, parse_bytes, parse_file

EXIT_OK, EXIT_ERRORS, EXIT_UNREADABLE = 0, 1, 2

STATUS_ZH = {"fail": "不通过", "not_assessable": "无法判断", "pass": "通过", "not_applicable": "不适用"}
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
_COLOURS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m", "not_assessable": "\033[90m"}
_RESET = "\033[0m"


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("parse", help="把年度报告读成结构化数据", description="把年度报告读成结构化数据。")
    p.add_argument("file", help="年度报告文件（文本、HTML、Word、PDF 或 gongkai JSON）；- 表示从标准输入读取")
    p.add_argument("--format", choices=("json", "flat"), default="json",
                   help="json：完整模型（含来源位置）；flat：每个规范单元格键对应一个值")
    p.set_defaults(handler=cmd_parse)

    c = subparsers.add_parser("check", help="核查年度报告的表格勾稽关系和文字表述",
                              description="核查年度报告：模板结构、表内勾稽关系、与上年报告衔接、正文与表格一致。")
    c.add_argument("files", nargs="+", metavar="FILE",
                   help="一个或多个年度报告文件；目录表示其中（含子目录）的全部年报文件，可用通配符（如 报告/*.pdf），- 表示标准输入")
    c.add_argument("--format", choices=("text", "json"), default="text",
                   help="text：便于阅读的核查结果表（默认）；json：每个文件的核查结果")
    c.add_argument("--previous", metavar="FILE", help="同一机关上一年度的报告，用于跨年核查")
    c.add_argument("--agency-kind", choices=("government", "department"),
                   help="机关类型：government＝人民政府（3月31日前公布），department＝政府部门（1月31日前）")
    c.add_argument("--all", action="store_true", help="同时列出通过和不适用的规则；同类提示多于10条时也逐条列出")
    c.add_argument("--jobs", type=int, default=1, metavar="N",
                   help="并行进程数（默认 1；不超过文件数和本机处理器数）")
    c.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="显示进度条（默认：终端上多于一个文件时显示）")
    c.set_defaults(handler=cmd_check)

    r = subparsers.add_parser("render", help="把年度报告输出为 HTML、Markdown、JSON 或 Word",
                              description="按官方格式输出年度报告。")
    r.add_argument("file", help="年度报告文件（文本、HTML、Word、PDF 或 gongkai JSON）；- 表示从标准输入读取")
    r.add_argument("--to", choices=("html", "md", "json", "docx"), required=True,
                   help="输出格式：html、md（Markdown）、json、docx（Word）")
    r.add_argument("-o", "--output", metavar="OUT", help="输出文件（默认标准输出；docx 必须指定）")
    r.set_defaults(handler=cmd_render)

    s = subparsers.add_parser("schema", help="输出年报 JSON 的 JSON Schema",
                              description="输出 gongkai 年报 JSON（gongkai parse 的输出）的 JSON Schema。")
    s.set_defaults(handler=cmd_schema)


def _fail(message: str) -> int:
    print(f"错误：{message}", file=sys.stderr)
    return EXIT_UNREADABLE


# "-" names standard input, as for most command-line tools: a report copied from a browser can be
# piped in (`pbpaste | gongkai check -`).
STDIN = "-"
STDIN_NAME = "标准输入"


def stdin_bytes() -> bytes:
    """What standard input holds, up to one byte past the limit (parse_bytes refuses more)."""
    if sys.stdin.isatty():
        print("从标准输入读取年度报告（粘贴后按 Ctrl-D 结束，Windows 上按 Ctrl-Z 回车）……", file=sys.stderr)
    return sys.stdin.buffer.read(MAX_BYTES + 1)


def read_report(path: str, stdin: bytes | None = None) -> AnnualReport:
    """The report in the file `path`, or on standard input for "-" (`stdin`: its bytes, if read already)."""
    if path == STDIN:
        return parse_bytes(stdin_bytes() if stdin is None else stdin, STDIN_NAME)
    return parse_file(path)


def cmd_parse(args: argparse.Namespace) -> int:
    try:
        report = read_report(args.file)
    except ReportParseError as exc:
        return _fail(str(exc))
    payload = report.flat() if args.format == "flat" else report.to_dict()
    json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return EXIT_OK


@dataclass
class FileResult:
    file: str
    report: dict[str, Any] | None = None
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None

    @property
    def has_errors(self) -> bool:
        return any(f.status == "fail" and f.severity == "error" for f in self.findings)


def check_one(path: str, previous: AnnualReport | None = None, agency_kind: str | None = None,
              stdin: bytes | None = None) -> FileResult:
    """Parse and check one file; never raises for a bad input (the result carries the message), so
    one odd file cannot end a batch and lose the others' results."""
    from gongkai.report.rules import check

    try:
        report = read_report(path, stdin)
        return FileResult(path, _summary(report), check(report, previous, agency_kind=agency_kind))
    except ReportParseError as exc:
        return FileResult(path, error=str(exc))
    except Exception as exc:  # a reader's or a rule's fault is this file's result, not the end of the batch
        return FileResult(path, error=f"{path}：读取或核查时出错（{type(exc).__name__}：{exc}），请把该文件报告给 gongkai 开发者")


# Set in a worker by `_start_worker`: the batch was interrupted, and the files still queued are skipped.
_stopping: Any = None


Task = tuple[str, AnnualReport | None, str | None, bytes | None]  # check_one's arguments


def _check_task(task: Task) -> FileResult | None:
    if _stopping is not None and _stopping.is_set():
        return None
    return check_one(*task)


def _start_worker(stopping: Any) -> None:
    # Ctrl-C reaches the whole process group: the parent alone handles it and tells the workers,
    # which would otherwise be stopped halfway through handing back a result and leave the parent waiting.
    global _stopping
    _stopping = stopping
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _summary(report: AnnualReport) -> dict[str, Any]:
    return {"template": report.template, "year": report.year, "agency": report.agency,
            "tables_found": report.tables_found}


def _progress(done: int, total: int, stream: TextIO) -> None:
    width = 30
    filled = width * done // total
    stream.write(f"\r核查进度 [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    if done == total:
        stream.write("\n")
    stream.flush()


def cmd_check(args: argparse.Namespace) -> int:
    inputs = expand(args.files)
    for note in inputs.notes:
        print(f"提示：{note}", file=sys.stderr)
    files = inputs.files
    show_progress = args.progress if args.progress is not None else (len(files) > 1 and sys.stderr.isatty())
    if args.previous == STDIN and STDIN in files:
        return _fail("标准输入（-）只能给出一份报告：--previous 和要核查的文件不能都是 -")
    # Standard input is read once, here: a worker process cannot read it.
    stdin = stdin_bytes() if STDIN in files else None
    previous = None
    if args.previous:
        # Read once, before any file: an unreadable --previous is one message, not one per file.
        try:
            previous = read_report(args.previous)
        except ReportParseError as exc:
            return _fail(f"--previous 指定的上一年度报告无法读取：{exc}")
    results: list[FileResult] = []
    # More processes than files or processors only cost memory (each is a whole interpreter).
    jobs = max(1, min(args.jobs, len(files), os.cpu_count() or 1))
    tasks: list[Task] = [(f, previous, args.agency_kind, stdin if f == STDIN else None) for f in files]
    if jobs > 1:
        stopping = multiprocessing.Event()
        pool = multiprocessing.Pool(jobs, initializer=_start_worker, initargs=(stopping,))

        def queued() -> Iterator[Task]:
            # The pool takes tasks from here in a thread of its own: after Ctrl-C it gets no more.
            for task in tasks:
                if stopping.is_set():
                    return
                yield task

        try:
            for done, result in enumerate(pool.imap(_check_task, queued()), start=1):
                assert result is not None  # only skipped once stopping, and then no longer read
                results.append(result)
                if show_progress:
                    _progress(done, len(files), sys.stderr)
        except BaseException:
            # Not pool.terminate(): a worker it kills while handing back a result keeps the result
            # queue's lock, and the pool then waits for it for ever (a Ctrl-C that hung now and then).
            # The workers finish the file in hand, skip the queued ones and end.
            stopping.set()
            raise
        finally:
            pool.close()
            pool.join()
    else:
        for done, task in enumerate(tasks, start=1):
            results.append(check_one(*task))
            if show_progress:
                _progress(done, len(files), sys.stderr)

    results.extend(FileResult(argument, error=message) for argument, message in inputs.errors.items())
    if args.format == "json":
        payload = [_json_result(r, args.all) for r in results]
        # The notes (files a folder held besides reports, folders not listed) go to standard error as
        # well; here they stay with the results a script reads.
        json.dump({"files": payload, "summary": summary(results), "notes": inputs.notes}, sys.stdout,
                  ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        on_terminal = sys.stdout.isatty()
        # Piped output keeps one finding per line (for grep); a terminal gets lines wrapped under the
        # description column instead of the terminal's own wrap, which breaks the columns.
        width = shutil.get_terminal_size().columns if on_terminal else None
        for result in results:
            write_text_result(result, sys.stdout, show_all=args.all, colour=on_terminal, width=width)
        if len(results) > 1:
            write_summary(results, sys.stdout)
    for result in results:
        if result.error:
            print(f"错误：{result.error}", file=sys.stderr)
    if any(r.error for r in results):
        return EXIT_UNREADABLE
    return EXIT_ERRORS if any(r.has_errors for r in results) else EXIT_OK


def summary(results: list[FileResult]) -> dict[str, int]:
    """How a batch went: files read without an error-level finding, with one, and not read at all."""
    unreadable = sum(1 for r in results if r.error)
    with_errors = sum(1 for r in results if not r.error and r.has_errors)
    return {"files": len(results), "without_errors": len(results) - unreadable - with_errors,
            "with_errors": with_errors, "unreadable": unreadable}


# Files named under each heading of the batch summary; a batch of hundreds names the first ones.
SUMMARY_NAMES = 20


def write_summary(results: list[FileResult], out: TextIO) -> None:
    """The batch in three figures, then the files with errors and those not read, by name."""
    counts = summary(results)
    out.write(f"== 汇总：共{counts['files']}个文件，无错误{counts['without_errors']}个，"
              f"有错误{counts['with_errors']}个，无法读取{counts['unreadable']}个\n")
    for heading, names in (
            ("有错误", [f"{r.file}（错误{_counts(r.findings)['error']}）"
                        for r in results if not r.error and r.has_errors]),
            ("无法读取", [r.file for r in results if r.error])):
        if names:
            more = f" ……等{len(names)}个" if len(names) > SUMMARY_NAMES else ""
            out.write(f"   {heading}：{'、'.join(names[:SUMMARY_NAMES])}{more}\n")


def _shown(findings: list[Finding], show_all: bool) -> list[Finding]:
    return [f for f in findings if show_all or f.status in ("fail", "not_assessable")]


def _json_result(result: FileResult, show_all: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"file": result.file}
    if result.error:
        out["error"] = result.error
        return out
    out.update(result.report or {})
    out["counts"] = _counts(result.findings)
    out["findings"] = [f.to_dict() for f in _shown(result.findings, show_all)]
    return out


def _counts(findings: list[Finding]) -> dict[str, int]:
    counts = {"error": 0, "warning": 0, "info": 0, "not_assessable": 0, "pass": 0}
    for f in findings:
        if f.status == "fail" and f.severity in counts:
            counts[f.severity] += 1
        elif f.status in counts:
            counts[f.status] += 1
    return counts


def write_text_result(result: FileResult, out: TextIO, show_all: bool = False, colour: bool = False,
                      width: int | None = None) -> None:
    """width: the terminal's columns, to wrap long findings under their description; None: no wrapping."""
    out.write(f"== {result.file}\n")
    if result.error:
        out.write(f"   无法读取：{result.error}\n\n")
        return
    info = result.report or {}
    found = "、".join(name for key, name in (("t2", "表二"), ("t3", "表三"), ("t4", "表四"))
                     if info.get("tables_found", {}).get(key)) or "无"
    out.write(f"   机关：{info.get('agency') or '未识别'}　年度：{info.get('year') or '未识别'}　"
              f"模板：{_template_zh(info.get('template'))}　已定位：{found}\n")
    counts = _counts(result.findings)
    out.write(f"   错误 {counts['error']}　警告 {counts['warning']}　提示 {counts['info']}　"
              f"无法判断 {counts['not_assessable']}　通过 {counts['pass']}\n")
    order = {"error": 0, "warning": 1, "info": 2}
    shown = sorted(_shown(result.findings, show_all),
                   key=lambda f: (f.status != "fail", order.get(f.severity or "", 3)))
    if shown:
        out.write(f"   {_pad('级别', 8)}  {_pad('规则', 20)}  说明\n")
    folded = _folded(shown) if not show_all else {}
    listed: dict[str, int] = {}
    for f in shown:
        level = SEVERITY_ZH.get(f.severity or "", "") if f.status == "fail" else STATUS_ZH[f.status]
        if f.code in folded:
            listed[f.code] = listed.get(f.code, 0) + 1
            if listed[f.code] > FOLD_AFTER:
                if listed[f.code] == FOLD_AFTER + 1:
                    message = f"……另有{folded[f.code] - FOLD_AFTER}条同类提示未列出（加 --all 或用 --format json 查看全部）"
                    out.write(f"   {_pad(level, 8)}  {_pad(f.code, 20)}  {message}\n")
                continue
        lead = f"   {_pad(level, 8)}  {_pad(f.code, 20)}  "
        line = lead + f"\n{' ' * _columns(lead)}".join(_wrap(f.message, width - _columns(lead) if width else None))
        tone = _COLOURS.get(f.severity or "" if f.status == "fail" else f.status)
        out.write(f"{tone}{line}{_RESET}\n" if colour and tone else line + "\n")
    out.write("\n")


# Info notes of one kind past this many are counted, not listed (a blank template has one per cell);
# errors, warnings and what could not be assessed are always listed in full.
FOLD_AFTER = 10


def _folded(findings: list[Finding]) -> dict[str, int]:
    """Codes with more than FOLD_AFTER info notes among `findings`, and how many each has."""
    counts: dict[str, int] = {}
    for f in findings:
        if f.status == "fail" and f.severity == "info":
            counts[f.code] = counts.get(f.code, 0) + 1
    return {code: n for code, n in counts.items() if n > FOLD_AFTER}


def _template_zh(template: str | None) -> str:
    """"2019" → "2019年版"; a report whose tables follow different templates says so."""
    if template == "mixed":
        return "各表格式不一"
    if template in (None, "unknown"):
        return "未识别"
    return f"{template}年版"


def _columns(text: str) -> int:
    """Terminal columns `text` takes: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _columns(text))


# What a line may be broken before: a number or Latin word stays whole, closing punctuation stays
# with what it closes and opening punctuation with what it opens (the Chinese line-breaking rules).
_BREAK_UNIT = re.compile(r"\s+|[「『（《“‘(\[]*(?:[0-9A-Za-z.,%+\-/_]+|\S)[」』）》”’)\]，。、；：！？,.;:!?]*")


def _wrap(text: str, width: int | None) -> list[str]:
    """`text` in lines of at most `width` columns; one line when there is no width or too little to be
    worth wrapping."""
    if width is None or width < 20 or _columns(text) <= width:
        return [text]
    lines: list[str] = []
    line, used = "", 0
    for unit in _BREAK_UNIT.findall(text):
        size = _columns(unit)
        if used + size > width and line:
            lines.append(line.rstrip())
            line, used = "", 0
        if not line and unit.isspace():
            continue
        while size > width:  # a unit longer than a line (never in a finding) is cut anywhere
            cut = _fit(unit, width)
            lines.append(unit[:cut])
            unit = unit[cut:]
            size = _columns(unit)
        line += unit
        used += size
    if line:
        lines.append(line)
    return lines


def _fit(text: str, width: int) -> int:
    """How many leading characters of `text` fit in `width` columns (at least one)."""
    used = 0
    for i, ch in enumerate(text):
        used += _columns(ch)
        if used > width:
            return max(i, 1)
    return len(text)


def cmd_render(args: argparse.Namespace) -> int:
    if args.output == "":
        return _fail("-o 后须给出输出文件名")
    try:
        report = read_report(args.file)
    except ReportParseError as exc:
        return _fail(str(exc))
    if args.to == "docx":
        from gongkai.report.render.docx import render_docx

        if not args.output:
            return _fail("输出 Word 文档须用 -o 指定文件名")
        try:
            Path(args.output).write_bytes(render_docx(report))
        except OSError as exc:
            return _fail(f"无法写入 {args.output}：{os_error_zh(exc)}")
        return EXIT_OK
    if args.to == "html":
        from gongkai.report.render.html import render_html

        text = render_html(report)
    elif args.to == "md":
        from gongkai.report.render.markdown import render_markdown

        text = render_markdown(report)
    else:
        from gongkai.report.render.json import render_json

        text = render_json(report)
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as exc:
            return _fail(f"无法写入 {args.output}：{os_error_zh(exc)}")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from gongkai.report.schema import report_schema

    json.dump(report_schema(), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return EXIT_OK
