"""``jixiao user add NAME --org ORG --role ROLE``: a user (password read from stdin)."""

from __future__ import annotations

import argparse
import sys

NAME = "user"
HELP = "用户管理：添加用户（密码从标准输入读取）"


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="操作", required=True)
    add = sub.add_parser("add", help="添加用户，或给已有用户加一个角色", description="添加用户（密码从标准输入读取）")
    add.add_argument("name", metavar="NAME", help="登录名")
    add.add_argument("--org", required=True, metavar="ORG", help="机构名称或编号")
    add.add_argument("--role", required=True,
                     choices=("filler", "unit-head", "department-reviewer", "bureau-reviewer", "admin"),
                     help="角色")
    add.add_argument("--database", metavar="URL", help="数据库地址（默认 $JIXIAO_DATABASE_URL）")


def run(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from jixiao.store import auth
    from jixiao.store.db import Database, database_url, schema_is_current
    from jixiao.store.errors import StoreError
    from jixiao.store.models import Organisation
    from jixiao.store.roles import ROLES, Caller

    url = database_url(args.database)
    problem = schema_is_current(url)
    if problem:
        sys.stderr.write(f"jixiao：{problem}\n")
        return 2
    if sys.stdin.isatty():
        import getpass

        password = getpass.getpass("密码：")
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    database = Database(url)
    try:
        with database.writing() as session:
            query = select(Organisation).where(Organisation.name == args.org)
            if args.org.isdigit():
                query = select(Organisation).where(Organisation.id == int(args.org))
            orgs = list(session.scalars(query))
            if len(orgs) != 1:
                sys.stderr.write(f"jixiao：{'找不到' if not orgs else '有多个'}机构“{args.org}”"
                                 f"{'' if not orgs else '，请用编号'}\n")
                return 2
            by = Caller(None, "jixiao user add", address="cli", via="cli")
            auth.add_user(session, args.name, password, orgs[0], args.role, by=by)
        sys.stderr.write(f"jixiao：已添加用户 {args.name}（{ROLES[args.role]}，{orgs[0].name}）\n")
        return 0
    except StoreError as exc:
        sys.stderr.write(f"jixiao：{exc.message}\n")
        return 2
    finally:
        database.dispose()
