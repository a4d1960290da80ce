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
        if action == "demo":
            p.add_argument("--units", type=int, metavar="N",
                           help="按省级规模生成：N 个单位（及其主管部门、用户），每个单位每年一份自评")
            p.add_argument("--years", type=int, default=5, metavar="Y",
                           help="与 --units 同用：到参考报告年度为止的年数（默认 5）")
            p.add_argument("--jobs", type=int, default=1, metavar="J",
                           help="与 --units 同用：并行生成的进程数（默认 1；每个进程各自运行引擎、分批写入）")


def run(args: argparse.Namespace) -> int:
    from jixiao.store.db import Database, database_url

    if args.action == "demo" and args.units is not None and (args.units < 1 or not 1 <= args.years <= 20):
        sys.stderr.write("jixiao：--units 至少为 1，--years 在 1 到 20 之间\n")
        return 2
    database = Database(database_url(args.database))
    try:
        database.upgrade()
        if args.action == "upgrade":
            sys.stderr.write("jixiao：数据库结构已是最新\n")
            return 0
        from jixiao.store.roles import ROLES

        if args.units is not None:
            from jixiao.web import demo_scale

            logins = demo_scale.build(database, args.units, args.years, jobs=max(1, args.jobs))
            sys.stdout.write(f"演示数据已写入。所有账号的密码均为 {logins[0].password}；例如：\n")
            for login in logins[:4] + [x for x in logins if x.username.startswith(("dept-001", "u00001-"))]:
                sys.stdout.write(f"  {login.username:<18} {ROLES[login.role]}  {login.organisation}\n")
            sys.stdout.write("（主管部门 dept-NNN，单位 uNNNNN-filler 与 uNNNNN-head）\n")
            return 0
        from jixiao.web.demo import build

        logins = build(database)
        sys.stdout.write("演示数据已写入。登录账号（密码均为下列密码）：\n")
        for login in logins:
            sys.stdout.write(f"  {login.username:<18} {login.password}  {ROLES[login.role]}  {login.organisation}\n")
        return 0
    finally:
        database.dispose()
