"""``jixiao db upgrade`` (apply the migrations) and ``jixiao db demo`` (the demonstration data)."""

from __future__ import annotations

import argparse
import sys

NAME = "db"
HELP = "数据库：升级结构（upgrade）、写入演示数据（demo）"


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="操作", required=True)
    for action, text in (("upgrade", "按迁移脚本把数据库结构升级到最新"),
                         ("demo", "升级结构并写入演示数据（机构、各角色用户、多个年度的自评）")):
        p = sub.add_parser(action, help=text, description=text)
        p.add_argument("--database", metavar="URL",
                       help="数据库地址（默认 $JIXIAO_DATABASE_URL，否则当前目录下的 jixiao.db）")


def run(args: argparse.Namespace) -> int:
    from jixiao.store.db import Database, database_url

    database = Database(database_url(args.database))
    try:
        database.upgrade()
        if args.action == "upgrade":
            sys.stderr.write("jixiao：数据库结构已是最新\n")
            return 0
        from jixiao.store.roles import ROLES
        from jixiao.web.demo import build

        logins = build(database)
        sys.stdout.write("演示数据已写入。登录账号（密码均为下列密码）：\n")
        for login in logins:
            sys.stdout.write(f"  {login.username:<18} {login.password}  {ROLES[login.role]}  {login.organisation}\n")
        return 0
    finally:
        database.dispose()
