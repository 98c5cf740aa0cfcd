"""`gongkai deadline`, `gongkai fee`, `gongkai calendar` through the real entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gongkai.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_deadline_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "deadline", "--received", "2026-02-10", "--format", "json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert data["due"] == "2026-03-16"
    assert any("第三十三条第二款" in line for line in data["trace"])
    assert data["calendar"].startswith("chinese_calendar")


def test_deadline_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "deadline", "--received", "2026-02-10")
    assert code == 0
    assert out.startswith("答复期限：2026-03-16\n计算过程：\n  1. 当面提交")


def test_deadline_pause_and_extension(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "deadline", "--received", "2026-02-10", "--pause", "2026-03-02:2026-03-09", "--format", "json"
    )
    assert code == 0 and json.loads(out)["due"] == "2026-03-23"
    code, out, _ = run(
        capsys,
        "deadline",
        "--received",
        "2026-02-10",
        "--extend",
        "20",
        "--approver",
        "王科长",
        "--format",
        "json",
    )
    data = json.loads(out)
    assert code == 0 and data["due"] == "2026-04-14"
    assert any("经王科长同意" in line for line in data["trace"])


def test_deadline_channels_and_clarification(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "deadline", "--received", "2026-02-16", "--channel", "online",
        "--confirmed", "2026-02-17", "--format", "json",
    )  # fmt: skip
    assert code == 0 and json.loads(out)["due"] == "2026-03-20"
    code, out, _ = run(
        capsys, "deadline", "--received", "2026-02-10", "--clarified", "2026-03-05", "--format", "json"
    )
    assert code == 0 and json.loads(out)["due"] == "2026-04-02"
    code, out, _ = run(capsys, "deadline", "--received", "2026-02-10", "--inclusive", "--format", "json")
    assert json.loads(out)["due"] == "2026-03-13"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--received", "2026-02-30"], "不是有效日期"),
        (["--received", "2026-12-20"], "缺少2027年国务院办公厅节假日安排通知"),
        (["--received", "2027-01-05"], "缺少2027年"),
        (["--received", "2026-02-10", "--extend", "21"], "最长不得超过20个工作日"),
        (["--received", "2026-02-10", "--extend", "5", "--extend", "5"], "只能延长一次"),
        (["--received", "2026-02-10", "--extend", "x"], "不是整数"),
        (["--received", "2026-02-10", "--pause", "2026-01-05:2026-01-09"], "不在答复期限内"),
        (["--received", "2026-02-10", "--pause", "2026-04-01:2026-04-03"], "届满"),
        (["--received", "2026-02-10", "--pause", "2026-03-02"], "格式应为"),
        (["--received", "2026-02-10", "--channel", "online"], "确认"),
        (["--received", "2026-02-10", "--approver", "王"], "只能与 --extend"),
        (["--received", "2026-02-10", "--delayed-to", "2026-03-01"], "不构成延迟"),
    ],
)
def test_deadline_errors_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    code, out, err = run(capsys, "deadline", *argv)
    assert code == 2
    assert out == ""
    assert message in err


def test_deadline_with_overrides_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "2027.json"
    path.write_text(json.dumps({"2027": {"days_off": ["2027-01-01"], "source": "测试"}}), encoding="utf-8")
    code, out, _ = run(
        capsys, "deadline", "--received", "2026-12-20", "--calendar-overrides", str(path), "--format", "json"
    )
    assert code == 0 and json.loads(out)["due"] == "2027-01-18"
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    code, _, err = run(capsys, "deadline", "--received", "2026-02-10", "--calendar-overrides", str(bad))
    assert code == 2 and "JSON" in err


def test_fee_pages_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "fee", "--pages", "2219", "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert data["amount"] == "83460"
    assert "第201–2219页：2019页 × 40元 = 80760元" in data["trace"]


@pytest.mark.parametrize(
    ("nth", "amount"), [("10", "0"), ("11", "100"), ("30", "100"), ("31", "200"), ("41", "300")]
)
def test_fee_nth_json(capsys: pytest.CaptureFixture[str], nth: str, amount: str) -> None:
    code, out, _ = run(capsys, "fee", "--nth", nth, "--format", "json")
    assert code == 0 and json.loads(out)["amount"] == amount


def test_fee_text_and_notice(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "fee", "--pages", "100", "--notice", "2026-03-05")
    assert code == 0
    assert out.startswith("最高可收取金额：700元（按量计收）")
    assert "缴费截止日为 2026-04-02（周四）" in out
    code, out, _ = run(capsys, "fee", "--nth", "11", "--notice", "2026-03-05", "--format", "json")
    assert json.loads(out)["pay_by"] == "2026-04-02"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--pages", "-3"], "非负整数"),
        (["--pages", "abc"], "不是整数"),
        (["--nth", "0"], "不小于1"),
        (["--nth", "3", "--date", "2020-06-01"], "2021年1月1日"),
        (["--nth", "3", "--already-public"], "按量计收"),
        (["--pages", "40", "--notice", "2026-12-15"], "缺少2027年"),
    ],
)
def test_fee_errors_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    code, out, err = run(capsys, "fee", *argv)
    assert code == 2 and out == "" and message in err


def test_fee_requires_exactly_one_method(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["fee", "--pages", "3", "--nth", "3"])
    assert info.value.code == 2
    capsys.readouterr()


def test_calendar_command(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "calendar", "--today", "2026-06-01")
    assert code == 0 and "已覆盖年度：2004–2026年" in out
    code, out, _ = run(capsys, "calendar", "--today", "2026-11-02", "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["covered_years"][-1] == 2026 and "2027年" in data["warnings"][0]
    path = tmp_path / "o.json"
    path.write_text(json.dumps({"2028": {"days_off": ["2028-01-03"]}}), encoding="utf-8")
    code, out, _ = run(capsys, "calendar", "--today", "2026-06-01", "--calendar-overrides", str(path))
    assert "2004–2026、2028年" in out
