"""`gongkai serve`, `gongkai demo` and `gongkai manage`: the web platform's commands.

Django is imported inside the handlers only, so `gongkai check` and the other pure-core commands
start without it.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

SETTINGS = "gongkai.site.settings"


def register(subparsers: Any) -> None:
    serve = subparsers.add_parser(
        "serve",
        help="启动网站：迁移数据库，首次运行时创建演示数据，然后在本机提供服务",
        description="迁移数据库；首次运行时创建演示机构和每个角色一个演示账户（密码只显示一次）；"
        "然后用生产级 WSGI 服务器（waitress）提供网站和静态文件。",
    )
    serve.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1）")
    serve.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
    serve.add_argument("--threads", type=int, default=8, help="工作线程数（默认 8）")
    serve.add_argument("--no-demo", action="store_true", help="数据库为空时也不创建演示数据")
    serve.set_defaults(handler=_serve)

    demo = subparsers.add_parser("demo", help="创建演示数据；--reset 清空数据库后重建")
    demo.add_argument("--reset", action="store_true", help="清空数据库（含审计日志）并重建演示数据")
    demo.add_argument("--force", action="store_true", help="数据库中有非演示机构时也执行 --reset")
    demo.set_defaults(handler=_demo)

    manage = subparsers.add_parser(
        "manage", help="运行 Django 管理命令，如 gongkai manage createsuperuser", add_help=False
    )
    manage.add_argument("django_args", nargs=argparse.REMAINDER)
    manage.set_defaults(handler=_manage)


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    import django

    django.setup()


def _migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def _serve(args: argparse.Namespace) -> int:
    _setup()
    from django.conf import settings

    from gongkai.site import demo

    print(f"数据目录：{settings.DATA_DIR}")
    print("正在迁移数据库……", flush=True)
    _migrate()
    if not demo.exists():
        if args.no_demo:
            print(
                "数据库中还没有机构。请运行 gongkai manage createsuperuser 创建超级用户，再在“系统配置”中添加机构。"
            )
        else:
            ctx = demo.build()
            print(demo.format_credentials(ctx))
    elif demo.only_demo_data():
        print("演示数据已存在（密码在首次启动时显示过）；如需新密码，请运行 gongkai demo --reset。")

    import waitress

    from gongkai.site.wsgi import application

    host_for_url = f"[{args.host}]" if ":" in args.host else args.host
    print(f"gongkai 已启动：http://{host_for_url}:{args.port}/ （按 Ctrl+C 停止）", flush=True)
    options: dict[str, Any] = {"threads": args.threads, "ident": "gongkai"}
    if proxy := os.environ.get("GONGKAI_TRUSTED_PROXY"):
        # Behind a reverse proxy: take the client address and scheme from its headers, and only from it.
        options.update(
            trusted_proxy=proxy,
            trusted_proxy_headers="x-forwarded-for x-forwarded-proto",
            clear_untrusted_proxy_headers=True,
        )
    waitress.serve(application, host=args.host, port=args.port, **options)
    return 0


def _demo(args: argparse.Namespace) -> int:
    _setup()
    from gongkai.site import demo

    _migrate()
    if args.reset:
        if not demo.only_demo_data() and not args.force:
            print("数据库中有非演示机构，拒绝清空。确需清空请加 --force。", file=sys.stderr)
            return 1
        ctx = demo.reset()
    elif demo.exists():
        print("数据库中已有数据；如需重建演示数据，请运行 gongkai demo --reset。")
        return 0
    else:
        ctx = demo.build()
    print(demo.format_credentials(ctx))
    return 0


def _manage(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["gongkai manage", *args.django_args])
    return 0
