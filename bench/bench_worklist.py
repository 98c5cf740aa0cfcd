"""Work-list benchmark: 100,000 cases on PostgreSQL, the staff work list under concurrent load.

Creates (and drops afterwards) its own database — ``DATABASE_URL`` or
``postgres://postgres@127.0.0.1:5432/gongkai_bench``; it refuses to touch a database named
``gongkai`` — migrates it, builds the demo agencies and users, bulk-inserts 100,000 cases across the
agencies (one third at the 承办人's own agency), then starts ``gongkai serve`` exactly as in
production and logs in as that 承办人. Each page is driven from a bounded pool of keep-alive clients
on loopback for a fixed time; requests per second and p50/p99 latency are printed next to the login
page as the baseline. Run: ``python bench/bench_worklist.py [--threads 8] [--seconds 5]`` (≈1 minute).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

from bench_web import Session, drive, free_port, report, wait_for_port  # noqa: E402 - reuse, never copy

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/gongkai_bench"
CASES = 100_000
PASSWORD = "Bench-Passw0rd!"
WORDS = ("立项批复", "规划许可", "征收补偿", "环境影响评价", "财政预算", "招标文件", "会议纪要", "执法检查")


def _admin_url(url: str) -> tuple[str, str]:
    """(maintenance database URL, bench database name)."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name or name == "gongkai":
        raise SystemExit(
            f"拒绝使用数据库“{name or '（空）'}”：基准测试只使用自己创建的数据库（如 gongkai_bench）。"
        )
    return urlunsplit(parts._replace(path="/postgres")), name


def _recreate(url: str, *, drop_only: bool = False) -> None:
    import psycopg

    admin, name = _admin_url(url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            conn.execute(f'CREATE DATABASE "{name}"')


def _populate() -> tuple[str, int]:
    """Migrate, build the demo, insert the cases; returns the 承办人's username and their open-case count."""
    import django
    from django.conf import settings

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from gongkai.accounts.models import Membership
    from gongkai.accounts.roles import Role
    from gongkai.agencies.models import Agency
    from gongkai.applications.models import OPEN_STATES, Application, State
    from gongkai.site import demo

    call_command("migrate", interactive=False, verbosity=0)
    settings.GONGKAI_DEMO_CASES = False
    demo.build()
    member = (
        Membership.objects.filter(role=Role.HANDLER).select_related("user", "agency").order_by("pk").first()
    )
    user = member.user
    user.set_password(PASSWORD)
    user.save()
    home = member.agency
    others = list(Agency.objects.exclude(pk=home.pk).order_by("pk"))
    start = time.perf_counter()
    base = date(2025, 6, 1)
    batch: list[Application] = []
    for i in range(CASES):
        agency = home if i % 3 == 0 else others[i % len(others)]
        received = base + timedelta(days=i % 300)
        answered = i % 10 < 3
        batch.append(
            Application(
                agency=agency,
                number=f"B{received.year}-{agency.pk:04d}-{i:07d}",
                query_code=f"Q{i:011d}",
                applicant_kind="natural_person" if i % 4 else "commercial",
                applicant_name=f"申请人{i}",
                id_type="other",
                id_number=f"X{i}",
                description=f"关于{WORDS[i % len(WORDS)]}的政府信息（第{i}号）",
                channel="in_person",
                arrived_on=received,
                receipt_on=received,
                state=State.ANSWERED if answered else State.IN_PROGRESS,
                outcome="granted.provided" if answered else "",
                replied_on=received + timedelta(days=20) if answered else None,
                concluded_on=received + timedelta(days=20) if answered else None,
                due_on=received + timedelta(days=28),
            )
        )
    _copy(Application, batch, connection)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    mine = Application.objects.filter(agency=home, state__in=OPEN_STATES).count()
    print(f"inserted {CASES:,} cases in {time.perf_counter() - start:.1f} s; {mine:,} open at {home.name}")
    connection.close()
    return user.username, mine


def _copy(model: type, objects: list, connection: object) -> None:
    """COPY the rows in one stream: an order of magnitude faster than INSERTs for 100,000 rows."""
    import json

    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(f'"{f.column}"' for f in fields)
    json_fields = {f.attname for f in fields if f.get_internal_type() == "JSONField"}
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(f'COPY "{model._meta.db_table}" ({columns}) FROM STDIN') as copy:
            for obj in objects:
                copy.write_row([
                    json.dumps(getattr(obj, f.attname)) if f.attname in json_fields else getattr(obj, f.attname)
                    for f in fields
                ])  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument("--seconds", type=float, default=5.0, help="duration of each page's run (default 5)")
    parser.add_argument("--keep", action="store_true", help="keep the bench database afterwards")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    _recreate(url)
    try:
        with tempfile.TemporaryDirectory(prefix="gongkai-bench-") as data_dir:
            env = {**os.environ, "DATABASE_URL": url, "GONGKAI_DATA_DIR": data_dir, "PYTHONUNBUFFERED": "1",
                   "DJANGO_SETTINGS_MODULE": "gongkai.site.settings"}  # fmt: skip
            env.pop("GONGKAI_DEBUG", None)
            os.environ.update(
                {k: env[k] for k in ("DATABASE_URL", "GONGKAI_DATA_DIR", "DJANGO_SETTINGS_MODULE")}
            )
            username, mine = _populate()
            _serve_and_measure(env, username, mine, args)
    finally:
        if not args.keep:
            _recreate(url, drop_only=True)
    return 0


def _serve_and_measure(env: dict[str, str], username: str, mine: int, args: argparse.Namespace) -> None:
    port = free_port()
    command = [sys.executable, "-m", "gongkai.cli", "serve", "--port", str(port), "--no-demo"]
    server = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        for line in server.stdout:
            if "已启动" in line:
                break
        else:
            raise RuntimeError("gongkai serve exited before starting")
        wait_for_port(port)
        print(f"gongkai serve (waitress, {args.threads} clients, DEBUG off, PostgreSQL) on 127.0.0.1:{port}")
        credentials = (username, PASSWORD)
        probe = Session(port)
        probe.login(*credentials)
        last_page = max(1, (mine + 49) // 50)
        pages = [
            ("login page  (baseline)", "/staff/login/", None),
            ("work list   first page", "/staff/applications/", credentials),
            (
                "work list   filtered",
                "/staff/applications/?due=overdue&kind=natural_person&sort=-due",
                credentials,
            ),
            (
                "work list   search text",
                "/staff/applications/?q=%E8%A7%84%E5%88%92%E8%AE%B8%E5%8F%AF",
                credentials,
            ),
            ("work list   search number", "/staff/applications/?q=B2025-", credentials),
            (f"work list   deep page {last_page}", f"/staff/applications/?page={last_page}", credentials),
        ]
        for _, path, creds in pages:
            status, body, _ = probe.request("GET", path) if creds else Session(port).request("GET", path)
            if status != 200:
                raise RuntimeError(f"{path}: HTTP {status}")
            if creds and "申请人" in body and re.search(r"申请人\d+", body):
                raise RuntimeError(f"{path}: the work list shows applicant names")
        drive(port, "/staff/login/", args.threads, 1.0, None)  # warm-up
        for label, path, creds in pages:
            report(label, drive(port, path, args.threads, args.seconds, creds), args.seconds)
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
