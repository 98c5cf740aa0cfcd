"""CLI sub-commands of the legal core: ``gongkai deadline``, ``gongkai fee``, ``gongkai calendar``.

Inputs are parsed in the handlers (not by argparse ``type=``) so that every invalid input, from
an impossible date to a 21-day extension, ends the same way: a Chinese message on stderr and
exit status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import Any

from gongkai.law.calendar import (
    CalendarError,
    Overrides,
    WorkCalendar,
    coverage_warnings,
    default_calendar,
)
from gongkai.law.deadlines import (
    MAX_EXTENSION,
    Channel,
    Extension,
    Pause,
    PauseKind,
    compute_deadline,
    fee_payment_due,
)
from gongkai.law.fees import FeeError, per_application, per_page

EXIT_INPUT = 2


class _InputError(Exception):
    pass


def _date(value: str, what: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise _InputError(f"{what}“{value}”不是有效日期，应为 YYYY-MM-DD（例如 2026-02-10）。") from None


def _opt_date(value: str | None, what: str) -> date | None:
    return None if value is None else _date(value, what)


def _int(value: str, what: str) -> int:
    try:
        return int(value.strip())
    except ValueError:
        raise _InputError(f"{what}“{value}”不是整数。") from None


def _pause(value: str, kind: PauseKind) -> Pause:
    start, sep, end = value.partition(":")
    if not sep:
        raise _InputError(f"暂停区间“{value}”格式应为 开始日期:结束日期，例如 2026-03-02:2026-03-09。")
    return Pause(_date(start, "暂停开始日期"), _date(end, "暂停结束日期"), kind)


def _calendar(path: str | None) -> WorkCalendar:
    if path is None:
        return default_calendar()
    return WorkCalendar(Overrides.load(path))


def _fail(message: str) -> int:
    print(f"错误：{message}", file=sys.stderr)
    return EXIT_INPUT


def _emit(payload: dict[str, Any], fmt: str, text: str) -> None:
    if fmt == "json":
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        print(text)


def _numbered(trace: tuple[str, ...] | list[str]) -> str:
    return "\n".join(f"  {i}. {line}" for i, line in enumerate(trace, 1))


# -- gongkai deadline ----------------------------------------------------------------------------


def _run_deadline(args: argparse.Namespace) -> int:
    try:
        received = _date(args.received, "收到日期")
        confirmed = _opt_date(args.confirmed, "确认日期")
        clarified = _opt_date(args.clarified, "收到补正日期")
        delayed_to = _opt_date(args.delayed_to, "延迟答复期限")
        pauses = [_pause(v, PauseKind.CONSULTATION) for v in args.pause or ()]
        pauses += [_pause(v, PauseKind.FEE) for v in args.fee_pause or ()]
        extension = None
        if args.extend:
            if len(args.extend) > 1:
                raise _InputError("答复期限只能延长一次（第三十三条第二款）。")
            days = _int(args.extend[0], "延长天数")
            extension = Extension(
                days=days,
                approver=args.approver or "",
                approved_on=_opt_date(args.approved_on, "延长同意日期"),
            )
        elif args.approver or args.approved_on:
            raise _InputError("--approver/--approved-on 只能与 --extend 一起使用。")
        cal = _calendar(args.calendar_overrides)
        result = compute_deadline(
            received,
            channel=Channel(args.channel),
            confirmed=confirmed,
            clarified=clarified,
            pauses=pauses,
            extension=extension,
            delayed_to=delayed_to,
            inclusive=args.inclusive,
            calendar=cal,
        )
    except (_InputError, CalendarError) as exc:
        return _fail(str(exc))
    payload = {
        "due": result.due.isoformat(),
        "trace": list(result.trace),
        "calendar": result.calendar_version,
    }
    text = f"答复期限：{result.due.isoformat()}\n计算过程：\n{_numbered(result.trace)}"
    _emit(payload, args.format, text)
    return 0


# -- gongkai fee ---------------------------------------------------------------------------------


def _run_fee(args: argparse.Namespace) -> int:
    try:
        on = _opt_date(args.date, "申请收到日期")
        if args.pages is not None:
            result = per_page(_int(args.pages, "页数"), on=on, already_public=args.already_public)
        else:
            if args.already_public:
                raise _InputError("--already-public 只适用于按量计收（--pages）。")
            result = per_application(_int(args.nth, "申请序号"), on=on)
        payload: dict[str, Any] = {"amount": str(result.amount), "trace": list(result.trace)}
        trace = list(result.trace)
        if args.notice is not None:
            period = fee_payment_due(
                _date(args.notice, "收到收费通知日期"), calendar=_calendar(args.calendar_overrides)
            )
            payload["pay_by"] = period.due.isoformat()
            payload["trace"] += list(period.trace)
            trace += list(period.trace)
    except (_InputError, FeeError, CalendarError) as exc:
        return _fail(str(exc))
    text = f"最高可收取金额：{result.amount}元（{result.method.label}）\n计算过程：\n{_numbered(trace)}"
    _emit(payload, args.format, text)
    return 0


# -- gongkai calendar ----------------------------------------------------------------------------


def _run_calendar(args: argparse.Namespace) -> int:
    try:
        cal = _calendar(args.calendar_overrides)
        today = _date(args.today, "日期") if args.today else date.today()
    except (_InputError, CalendarError) as exc:
        return _fail(str(exc))
    years = cal.covered_years()
    warnings = coverage_warnings(today, cal)
    payload = {"covered_years": list(years), "calendar": cal.version, "warnings": warnings}
    text = "\n".join(
        [f"已覆盖年度：{_ranges(years)}", f"日历数据：{cal.version}", *(f"警告：{w}" for w in warnings)]
    )
    _emit(payload, args.format, text)
    # Non-zero when the operational check of DOMAIN.md §8.4 fails, so CI can run it.
    return 1 if warnings else 0


def _ranges(years: tuple[int, ...]) -> str:
    out: list[str] = []
    start = prev = None
    for y in [*years, None]:
        if y is not None and prev is not None and y == prev + 1:
            prev = y
            continue
        if start is not None:
            out.append(f"{start}" if start == prev else f"{start}–{prev}")
        start = prev = y
    return "、".join(out) + "年"


# -- registration --------------------------------------------------------------------------------


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "deadline",
        help="计算依申请公开的答复期限（条例第三十至三十五条）",
        description="计算依申请公开的答复期限，并逐步说明依据（条例第三十至三十五条）。",
    )
    p.add_argument("--received", required=True, metavar="日期", help="提交、签收或到达日期（YYYY-MM-DD）")
    p.add_argument(
        "--channel",
        choices=[c.value for c in Channel],
        default=Channel.IN_PERSON.value,
        help="提交渠道（第三十一条）：当面 in_person、邮寄签收 mail_signed、平常信函 mail、"
        "互联网 online、传真 fax；默认 in_person",
    )
    p.add_argument("--confirmed", metavar="日期", help="与申请人确认之日（mail、online、fax 必填）")
    p.add_argument("--clarified", metavar="日期", help="收到补正后申请之日（第三十条，期限重新计算）")
    p.add_argument(
        "--pause",
        action="append",
        metavar="开始:结束",
        help="征求第三方或其他机关意见的暂停区间（第三十三条第三款），可多次使用",
    )
    p.add_argument(
        "--fee-pause",
        action="append",
        metavar="开始:结束",
        help="等待缴纳信息处理费的暂停区间（国办函〔2020〕109号），可多次使用",
    )
    p.add_argument(
        "--extend",
        action="append",
        metavar="工作日",
        help=f"延长的工作日数，最多{MAX_EXTENSION}（第三十三条第二款），只能一次",
    )
    p.add_argument("--approver", metavar="姓名", help="同意延长的政府信息公开工作机构负责人")
    p.add_argument("--approved-on", metavar="日期", help="同意延长的日期（须在原期限届满前）")
    p.add_argument("--delayed-to", metavar="日期", help="第三十五条确定的延迟答复期限")
    p.add_argument("--inclusive", action="store_true", help="收到当日计入期限（默认不计入）")
    p.add_argument("--calendar-overrides", metavar="文件", help="管理员录入的节假日安排（JSON）")
    p.add_argument("--format", choices=("text", "json"), default="text", help="输出格式，默认 text")
    p.set_defaults(handler=_run_deadline)

    f = subparsers.add_parser(
        "fee",
        help="计算信息处理费（国办函〔2020〕109号）",
        description="计算信息处理费的最高可收取金额（国办函〔2020〕109号），按件或按量，每件申请只用一种方式。",
    )
    method = f.add_mutually_exclusive_group(required=True)
    method.add_argument("--pages", metavar="页数", help="按量计收：本件申请的页数")
    method.add_argument("--nth", metavar="序号", help="按件计收：本件为该申请人本自然月第几件申请")
    f.add_argument("--date", metavar="日期", help="申请收到日期（109号自2021-01-01起施行）")
    f.add_argument("--already-public", action="store_true", help="所申请信息已主动公开（按量计收时提示）")
    f.add_argument("--notice", metavar="日期", help="申请人收到收费通知之日：同时计算缴费期限")
    f.add_argument("--calendar-overrides", metavar="文件", help="管理员录入的节假日安排（JSON）")
    f.add_argument("--format", choices=("text", "json"), default="text", help="输出格式，默认 text")
    f.set_defaults(handler=_run_fee)

    c = subparsers.add_parser(
        "calendar",
        help="查看工作日历覆盖的年度",
        description="列出可计算期限的年度，并检查当年及（11月1日起）下一年的节假日安排是否已录入。",
    )
    c.add_argument("--calendar-overrides", metavar="文件", help="管理员录入的节假日安排（JSON）")
    c.add_argument("--today", metavar="日期", help="检查所用的日期，默认今天")
    c.add_argument("--format", choices=("text", "json"), default="text", help="输出格式，默认 text")
    c.set_defaults(handler=_run_calendar)
