"""The report commands as a user runs them: output shapes and exit statuses."""

from __future__ import annotations

import io
import json
import re

import pytest

from gongkai.cli import main
from gongkai.report.commands import FileResult, _columns, write_summary, write_text_result
from gongkai.report.generate import random_report
from gongkai.report.model import Finding
from gongkai.report.render import layouts
from gongkai.report.render.html import render_html
from gongkai.report.render.markdown import render_markdown

from .corpus import SEED


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_parse_flat_prints_every_key(capsys):
    code, out, _ = run(capsys, "parse", str(SEED), "--format", "flat")
    assert code == 0
    flat = json.loads(out)
    assert flat["template"] == "2019" and flat["year"] == 2020
    assert flat["agency"] == "湘潭国家高新技术产业开发区"
    assert flat["t3.new_received.total"] == 95
    assert flat["t3.carry_forward.commercial"] is None
    assert flat["t2.art20_6.coercion.change"] == "-"
    assert len(flat) == 201


def test_parse_flat_prints_ambiguous_candidates(tmp_path, capsys):
    report = random_report("2019", 0)
    path = tmp_path / "copied.txt"
    path.write_text(layouts.render_runtogether(report), encoding="utf-8")
    code, out, _ = run(capsys, "parse", str(path), "--format", "flat")
    assert code == 0
    values = [v for v in json.loads(out).values() if isinstance(v, dict)]
    assert values and all(set(v) == {"ambiguous"} and len(v["ambiguous"]) > 1 for v in values)


def test_parse_json_has_schema_and_provenance(capsys):
    code, out, _ = run(capsys, "parse", str(SEED))
    data = json.loads(out)
    assert code == 0 and data["schema"] == "gongkai.report/1"
    assert data["cells"]["t3.unable.not_held.total"]["source"]["line"] > 0


def test_check_seed_has_no_error(capsys):
    code, out, _ = run(capsys, "check", str(SEED))
    assert code == 0
    assert "错误 0" in out and "湘潭国家高新技术产业开发区" in out


@pytest.mark.parametrize(("template", "shown"), [("2019", "模板：2019年版"), ("2021", "模板：2021年版"),
                                                 ("mixed", "模板：各表格式不一"), ("unknown", "模板：未识别")])
def test_check_names_the_template_in_words(template, shown):
    out = io.StringIO()
    write_text_result(FileResult("报告.txt", {"template": template, "year": 2024, "agency": "示例市人民政府"}), out)
    assert shown in out.getvalue() and "mixed" not in out.getvalue()


def test_long_findings_wrap_under_their_description_on_a_terminal_only():
    message = "表三：「（七）总计」行「自然人」列的值 27 与各项办理结果之和 26 不等，" * 3
    result = FileResult("报告.txt", {"template": "2021", "year": 2024, "agency": "示例市人民政府"},
                        [Finding("T3-OUTCOME-SUM", "fail", "error", message)])
    wrapped, piped = io.StringIO(), io.StringIO()
    write_text_result(result, wrapped, width=80)
    write_text_result(result, piped)
    lines = [line for line in wrapped.getvalue().splitlines() if "T3-OUTCOME-SUM" in line or line.startswith(" " * 35)]
    assert len(lines) > 2
    assert all(_columns(line) <= 80 for line in lines)
    parts = [line[35:] if i else line.split("T3-OUTCOME-SUM")[1].strip() for i, line in enumerate(lines)]
    assert "".join(parts).replace(" ", "") == message.replace(" ", "")  # only the spaces at a break go
    # Chinese line-breaking: no line starts with closing punctuation or ends with opening; numbers stay whole.
    assert not any(part[0] in "」），。、" or part[-1] in "「（" for part in parts)
    assert all(word in ("27", "26") for part in parts for word in re.findall(r"\d+", part))
    assert sum("T3-OUTCOME-SUM" in line for line in piped.getvalue().splitlines()) == 1
    assert message in piped.getvalue()


def test_many_notes_of_one_kind_are_counted_not_listed():
    # A blank template draws a VALUE-BLANK note per cell: past ten the rest are counted. Errors are
    # never folded, nor are notes of a kind with ten or fewer.
    notes = [Finding("VALUE-BLANK", "fail", "info", f"第{i}格为空白（未按0处理）") for i in range(25)]
    errors = [Finding("T3-ROW-TOTAL", "fail", "error", f"第{i}行不等") for i in range(12)]
    few = [Finding("VALUE-NUMERIC", "fail", "info", f"第{i}格为占位符") for i in range(10)]
    result = FileResult("报告.txt", {"template": "2021", "year": 2024, "agency": "示例市人民政府"}, notes + errors + few)
    out, everything = io.StringIO(), io.StringIO()
    write_text_result(result, out)
    write_text_result(result, everything, show_all=True)
    text = out.getvalue()
    assert "提示 35" in text  # the counts are of every finding
    assert [f"第{i}格为空白" in text for i in range(25)] == [True] * 10 + [False] * 15
    assert text.count("……另有15条同类提示未列出（加 --all 或用 --format json 查看全部）") == 1
    assert all(f"第{i}行不等" in text for i in range(12)) and all(f"第{i}格为占位符" in text for i in range(10))
    assert all(f"第{i}格为空白" in everything.getvalue() for i in range(25)) and "另有" not in everything.getvalue()


def test_check_json_findings_shape(capsys):
    code, out, _ = run(capsys, "check", str(SEED), "--format", "json")
    assert code == 0
    result = json.loads(out)["files"][0]
    assert result["template"] == "2019" and result["counts"]["error"] == 0
    finding = next(f for f in result["findings"] if f["code"] == "VALUE-BLANK")
    assert set(finding) >= {"code", "severity", "cells", "expected", "actual", "message"}
    assert finding["cells"] == ["t3.carry_forward.commercial"]


def test_check_exit_1_on_a_broken_identity(tmp_path, capsys):
    report = random_report("2021", 7)
    total = report.cells["t3.total.total"].value
    broken = report.with_cell("t3.total.total", str(total + 1))
    path = tmp_path / "broken.html"
    path.write_text(render_html(broken), encoding="utf-8")
    code, out, _ = run(capsys, "check", str(path), "--format", "json")
    assert code == 1
    codes = {f["code"] for f in json.loads(out)["files"][0]["findings"] if f["severity"] == "error"}
    assert {"T3-IDENTITY", "T3-ROW-TOTAL", "T3-RESULT-TOTAL"} <= codes


def test_a_batch_ends_with_a_summary(tmp_path, capsys):
    report = random_report("2021", 7)
    good, broken, junk = tmp_path / "good.md", tmp_path / "broken.html", tmp_path / "junk.txt"
    good.write_text(render_markdown(report), encoding="utf-8")
    broken.write_text(render_html(report.with_cell("t3.total.total", str(report.cells["t3.total.total"].value + 1))),
                      encoding="utf-8")
    junk.write_text("今天天气很好。", encoding="utf-8")
    files = [str(good), str(broken), str(junk)]
    code, out, _ = run(capsys, "check", *files)
    assert code == 2
    errors = out.split(f"== {broken}")[1].split("\n")[2]
    assert errors.startswith("   错误 ")
    n_errors = int(errors.split()[1])
    tail = out.rstrip("\n").splitlines()[-3:]
    assert tail == ["== 汇总：共3个文件，无错误1个，有错误1个，无法读取1个",
                    f"   有错误：{broken}（错误{n_errors}）", f"   无法读取：{junk}"]
    code, out, _ = run(capsys, "check", *files, "--format", "json")
    assert json.loads(out)["summary"] == {"files": 3, "without_errors": 1, "with_errors": 1, "unreadable": 1}
    # One file: its own counts say it all.
    code, out, _ = run(capsys, "check", str(good))
    assert code == 0 and "汇总" not in out


def test_a_summary_of_hundreds_names_the_first_twenty():
    results = [FileResult(f"r{i}.txt", error="文件为空") for i in range(25)]
    out = io.StringIO()
    write_summary(results, out)
    assert out.getvalue().splitlines()[1] == "   无法读取：" + "、".join(f"r{i}.txt" for i in range(20)) + " ……等25个"


@pytest.mark.parametrize(("content", "message"), [
    (b"", "文件为空"),
    (b"\x00\x01\x02binary", "二进制文件"),
    (b"<html><body><nav>menu</nav><p>news</p></body></html>", "不是政府信息公开工作年度报告"),
])
def test_check_exit_2_with_a_chinese_message(tmp_path, capsys, content, message):
    path = tmp_path / "input.bin"
    path.write_bytes(content)
    code, _, err = run(capsys, "check", str(path))
    assert code == 2
    assert message in err


def test_check_missing_file(capsys):
    code, _, err = run(capsys, "check", "/nonexistent/report.txt")
    assert code == 2 and "文件不存在" in err


def test_check_many_files_in_parallel_with_progress(tmp_path, capsys):
    paths = []
    for i in range(6):
        path = tmp_path / f"r{i}.txt"
        path.write_text(layouts.render_flat_text(random_report(None, i)), encoding="utf-8")
        paths.append(str(path))
    code, out, err = run(capsys, "check", *paths, "--jobs", "2", "--progress", "--format", "json")
    assert code == 0
    assert [r["file"] for r in json.loads(out)["files"]] == paths
    assert "6/6" in err


def test_check_previous_year(tmp_path, capsys):
    last = random_report("2021", 1, year=2023, agency="示例县自然资源局")
    this = random_report("2021", 2, year=2024, agency="示例县自然资源局")
    wrong = last.cells["t3.carry_forward.total"].value + 1
    for col in ("natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org"):
        this = this.with_cell(f"t3.carried_over.{col}", last.cells[f"t3.carry_forward.{col}"].raw)
    this = this.with_cell("t3.carried_over.total", str(wrong))
    (tmp_path / "a.html").write_text(render_html(last), encoding="utf-8")
    (tmp_path / "b.html").write_text(render_html(this), encoding="utf-8")
    code, out, _ = run(capsys, "check", str(tmp_path / "b.html"), "--previous", str(tmp_path / "a.html"),
                       "--format", "json")
    assert code == 1  # the edited carry-over also breaks this year's own identities
    findings = json.loads(out)["files"][0]["findings"]
    carry = [f for f in findings if f["code"] == "XY-CARRYOVER" and f["status"] == "fail"]
    assert [f["instance"] for f in carry] == ["total"]
    assert carry[0]["actual"] == wrong
    assert carry[0]["severity"] == "warning"  # on import a reorganisation may break it legitimately


@pytest.mark.parametrize("fmt", ["html", "md", "json"])
def test_render_round_trips(tmp_path, capsys, fmt):
    out_path = tmp_path / f"seed.{fmt}"
    code, _, _ = run(capsys, "render", str(SEED), "--to", fmt, "-o", str(out_path))
    assert code == 0
    code, out, _ = run(capsys, "parse", str(out_path), "--format", "flat")
    assert code == 0
    _, original, _ = run(capsys, "parse", str(SEED), "--format", "flat")
    assert json.loads(out) == json.loads(original)


def test_schema_command(capsys):
    code, out, _ = run(capsys, "schema")
    assert code == 0 and json.loads(out)["$id"]


def test_render_docx_reads_back(tmp_path, capsys):
    out_path = tmp_path / "seed.docx"
    code, _, _ = run(capsys, "render", str(SEED), "--to", "docx", "-o", str(out_path))
    assert code == 0
    code, out, _ = run(capsys, "parse", str(out_path), "--format", "flat")
    _, original, _ = run(capsys, "parse", str(SEED), "--format", "flat")
    assert code == 0 and json.loads(out) == json.loads(original)


def test_render_docx_needs_an_output_file(capsys):
    code, _, err = run(capsys, "render", str(SEED), "--to", "docx")
    assert code == 2 and "-o" in err


# --- batches that must not break -------------------------------------------------------------------

def _reports(tmp_path, count: int) -> list[str]:
    paths = []
    for i in range(count):
        path = tmp_path / f"r{i}.txt"
        path.write_text(layouts.render_flat_text(random_report(None, i)), encoding="utf-8")
        paths.append(str(path))
    return paths


def test_a_file_that_breaks_a_reader_does_not_end_the_batch(tmp_path, capsys, monkeypatch):
    from gongkai.report import commands

    paths = _reports(tmp_path, 3)
    real = commands.parse_file

    def broken(path):
        if str(path).endswith("r1.txt"):
            raise ArithmeticError("an unforeseen fault")
        return real(path)

    monkeypatch.setattr(commands, "parse_file", broken)
    code, out, _ = run(capsys, "check", *paths, "--format", "json")
    assert code == 2  # one file could not be read as a report
    files = json.loads(out)["files"]
    assert [f["file"] for f in files] == paths
    assert "findings" in files[0] and "findings" in files[2]
    assert "读取或核查时出错（ArithmeticError：an unforeseen fault）" in files[1]["error"]


def test_jobs_never_exceed_files_or_processors(tmp_path, capsys, monkeypatch):
    from gongkai.report import commands

    started = []
    real = commands.multiprocessing.Pool

    def pool(processes, **kwargs):
        started.append(processes)
        return real(processes, **kwargs)

    monkeypatch.setattr(commands.multiprocessing, "Pool", pool)
    paths = _reports(tmp_path, 2)
    code, _, _ = run(capsys, "check", *paths, "--jobs", "10000")
    assert code == 0
    assert started and started[0] <= 2


def test_an_unreadable_previous_report_is_one_message(tmp_path, capsys):
    paths = _reports(tmp_path, 2)
    code, out, err = run(capsys, "check", *paths, "--previous", str(tmp_path / "nope.txt"))
    assert code == 2 and out == ""
    assert err.count("文件不存在") == 1 and "--previous" in err


def test_messages_name_the_path_as_given(tmp_path, capsys):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "r.txt").write_text("", encoding="utf-8")
    code, _, err = run(capsys, "check", str(tmp_path / "a" / "r.txt"), str(tmp_path / "b" / "r.txt"))
    assert code == 2
    assert f"{tmp_path / 'a' / 'r.txt'}：文件为空" in err and f"{tmp_path / 'b' / 'r.txt'}：文件为空" in err


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path, capsys, monkeypatch):
    from gongkai.report import parse

    monkeypatch.setattr(parse, "MAX_BYTES", 1024)
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 4096)
    code, _, err = run(capsys, "check", str(path))
    assert code == 2 and "文件超过" in err


def test_render_with_an_empty_output_name(capsys):
    code, out, err = run(capsys, "render", str(SEED), "--to", "md", "-o", "")
    assert code == 2 and out == "" and "-o" in err


def test_usage_errors_in_chinese(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["check"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "用法：" in err and "错误：缺少以下参数：FILE" in err


@pytest.mark.slow
def test_ctrl_c_during_a_parallel_check_ends_it_and_its_workers(tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    paths = _reports(tmp_path, 8) * 1500  # long enough (several seconds) to be interrupted halfway
    # A shell without job control starts a background job (`pytest &`) with Ctrl-C ignored, and a
    # process that inherits that never sees it: the check starts as a terminal would start it.
    process = subprocess.Popen([sys.executable, "-m", "gongkai.cli", "check", *paths, "--jobs", "4"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    time.sleep(2)
    assert process.poll() is None, "the check ended before it could be interrupted"
    # As a terminal sends it: to the whole process group, workers included.
    os_group = process.pid
    os.killpg(os_group, signal.SIGINT)
    try:
        _, err = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(os_group, signal.SIGKILL)
        raise AssertionError("gongkai check did not end after Ctrl-C") from None
    assert process.returncode == 130
    assert "已中断" in err.decode()
    time.sleep(0.5)
    # No worker is left behind in the group.
    with pytest.raises(ProcessLookupError):
        os.killpg(os_group, 0)


def test_an_interrupted_parallel_check_lets_its_workers_end_instead_of_killing_them(tmp_path, monkeypatch):
    """A worker killed while it hands back a result keeps the result queue's lock, and the pool then
    waits for ever: after Ctrl-C the workers finish the file in hand, skip the queued ones and end."""
    import multiprocessing
    import multiprocessing.pool

    from gongkai.report import commands

    def no_kill(self):
        raise AssertionError("the pool's workers were killed")

    interrupted_after = []

    def interrupt(done, total, stream):
        interrupted_after.append(done)
        raise KeyboardInterrupt

    monkeypatch.setattr(multiprocessing.pool.Pool, "terminate", no_kill)
    monkeypatch.setattr(commands, "_progress", interrupt)
    paths = _reports(tmp_path, 4) * 500
    assert main(["check", *paths, "--jobs", "2", "--progress"]) == 130
    assert interrupted_after == [1]
    assert multiprocessing.active_children() == []


def test_a_folder_stands_for_the_reports_in_it(tmp_path, capsys):
    folder = tmp_path / "2024年年报"
    (folder / "区县").mkdir(parents=True)
    (folder / ".git").mkdir()
    (folder / "a.txt").write_text(layouts.render_flat_text(random_report("2021", 1)), encoding="utf-8")
    (folder / "区县" / "b.md").write_text(layouts.render_pipe_rows(random_report("2021", 2)), encoding="utf-8")
    (folder / ".git" / "c.txt").write_text("", encoding="utf-8")  # hidden: not a report of the batch
    (folder / "封面.jpg").write_bytes(b"\xff\xd8\xff")
    code, out, err = run(capsys, "check", str(folder), "--format", "json")
    checked = [entry["file"] for entry in json.loads(out)["files"]]
    assert checked == [str(folder / "a.txt"), str(folder / "区县" / "b.md")]
    assert "1 个文件不是年报常用的格式，已跳过：封面.jpg" in err
    assert any("已跳过：封面.jpg" in note for note in json.loads(out)["notes"])
    assert code in (0, 1)


def test_wildcards_the_shell_left_unexpanded(tmp_path, capsys):
    for i in range(3):
        (tmp_path / f"r{i}.txt").write_text(layouts.render_flat_text(random_report("2019", i)), encoding="utf-8")
    _, out, _ = run(capsys, "check", str(tmp_path / "r*.txt"), str(tmp_path / "r1.txt"), "--format", "json")
    expected = [str(tmp_path / name) for name in ("r0.txt", "r1.txt", "r2.txt", "r1.txt")]
    assert [entry["file"] for entry in json.loads(out)["files"]] == expected


def test_a_folder_or_pattern_without_reports_is_an_error(tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = run(capsys, "check", str(empty), str(tmp_path / "*.pdf"), str(tmp_path / "报告[2024].txt"))
    assert code == 2
    assert f"{empty}：目录中没有年度报告文件" in err and f"{tmp_path / '*.pdf'}：没有与之匹配的文件" in err
    assert f"{tmp_path / '报告[2024].txt'}：没有与之匹配的文件（也没有这个名字的文件）" in err


def _stdin(monkeypatch, data: bytes) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))


def test_a_report_on_standard_input(monkeypatch, capsys, tmp_path):
    text = SEED.read_bytes()
    _stdin(monkeypatch, text)
    code, out, _ = run(capsys, "parse", "-", "--format", "flat")
    assert code == 0 and json.loads(out)["t3.new_received.total"] == 95
    _stdin(monkeypatch, text)
    other = tmp_path / "other.txt"
    other.write_bytes(text)
    code, out, _ = run(capsys, "check", "-", str(other), "--jobs", "2", "--format", "json")
    files = json.loads(out)["files"]
    assert code == 0 and [f["file"] for f in files] == ["-", str(other)] and not any(f.get("error") for f in files)
    _stdin(monkeypatch, text)
    code, out, _ = run(capsys, "render", "-", "--to", "md")
    assert code == 0 and "| 一、本年新收政府信息公开申请数量 |  |  | 95 |" in out


def test_standard_input_empty_or_named_twice(monkeypatch, capsys):
    _stdin(monkeypatch, b"")
    code, _, err = run(capsys, "check", "-")
    assert code == 2 and "标准输入：文件为空" in err
    _stdin(monkeypatch, SEED.read_bytes())
    code, _, err = run(capsys, "check", "-", "--previous", "-")
    assert code == 2 and "--previous 和要核查的文件不能都是 -" in err


def test_a_subfolder_that_cannot_be_listed_is_said(tmp_path, capsys, monkeypatch):
    import errno
    import os

    (tmp_path / "locked").mkdir()
    (tmp_path / "a.txt").write_text(layouts.render_flat_text(random_report("2021", 1)), encoding="utf-8")
    real = os.scandir

    def scandir(path="."):
        if str(path).endswith("locked"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    code, _, err = run(capsys, "check", str(tmp_path))
    assert code in (0, 1)
    assert f"无法读取目录 {tmp_path / 'locked'}（没有权限），其中的文件未核查" in err
