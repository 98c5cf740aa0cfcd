"""`gongkai remind`: the daily reminder of overdue and due-soon 依申请公开 cases.

Run it once a day (cron or a systemd timer). It always prints a summary per agency; it e-mails each
agency's 承办人 and 公开办负责人 when an SMTP host is configured (environment variable EMAIL_HOST).
Django is imported inside the handler only, like the other web commands (see site/commands.py).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import Any


def register(subparsers: Any) -> None:
    remind = subparsers.add_parser(
        "remind",
        help="每日提醒：列出即将到期和已逾期的政府信息公开申请，并在配置邮件后通知各机构承办人、负责人",
        description="按机构汇总办理中申请的逾期和3个工作日内到期情况；配置 EMAIL_HOST 时向各机构的承办人和"
        "公开办负责人发送邮件（邮件只含申请编号、状态和期限，不含申请人信息）。",
    )
    remind.add_argument(
        "--date", type=date.fromisoformat, default=None, help="按该日期计算（YYYY-MM-DD，默认今天）"
    )
    remind.add_argument("--dry-run", action="store_true", help="只打印汇总，不发送邮件")
    remind.set_defaults(handler=_remind)


def _remind(args: argparse.Namespace) -> int:
    from gongkai.site.commands import _setup

    _setup()
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        # A reminder over a half-migrated database would fail halfway with a raw SQL error.
        print("错误：数据库尚未迁移到当前版本，请先运行 gongkai serve（或 gongkai manage migrate）。", file=sys.stderr)
        return 2
    from gongkai.applications import reminders, workdays
    from gongkai.audit import context

    today = args.date or workdays.today()
    send = False if args.dry_run else None
    with context.acting(label="gongkai remind"):
        found, sent = reminders.run(today, send=send)
    if not found:
        print(f"{today.isoformat()}：没有逾期或即将到期的申请。")
        return 0
    for digest in found:
        who = "、".join(digest.recipients) if digest.recipients else "（无承办人或负责人邮箱）"
        print(
            f"{digest.agency.name}：已逾期 {len(digest.overdue)} 件，3个工作日内到期 {len(digest.soon)} 件；收件人：{who}"
        )
    if args.dry_run:
        print("未发送邮件（--dry-run）。")
    elif reminders.mail_configured():
        print(f"已发送 {sent} 封提醒邮件。")
    else:
        print("未配置邮件服务器（EMAIL_HOST），未发送邮件。")
    return 0
