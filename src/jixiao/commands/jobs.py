"""``jixiao jobs clean`` (delete the outputs of jobs ended longer ago than the retention)
and ``jixiao jobs recover`` (queue again the items of workers that died); the workers do
both on their own, nightly and every minute."""

from __future__ import annotations

import argparse
import sys

NAME = "jobs"
HELP = "作业维护：清理过期的作业输出（clean）、重新排队中断的作业项（recover）"


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="操作", required=True)
    clean = sub.add_parser("clean", help="删除结束超过保留期限的作业的输出（PDF、导入文件、问题明细）",
                           description="删除结束超过保留期限的作业的输出（PDF、导入文件、问题明细）；"
                                       "进行中、排队中的作业不受影响")
    recover = sub.add_parser("recover", help="把作业进程中断后停在“处理中”的作业项重新排队",
                             description="把作业进程中断后停在“处理中”的作业项重新排队")
    for p in (clean, recover):
        p.add_argument("--database", metavar="URL",
                       help="数据库地址（默认 $JIXIAO_DATABASE_URL，否则当前目录下的 jixiao.db）")
    clean.add_argument("--days", type=int, metavar="N",
                       help="保留天数（默认 $JIXIAO_JOB_RETENTION_DAYS，否则 30）")
    clean.add_argument("--dry-run", action="store_true", help="只统计将清理的内容，不删除")
    recover.add_argument("--queue", metavar="URL",
                         help="队列地址（默认 $JIXIAO_QUEUE_URL，否则数据库旁的 <名称>-queue.db）")


def run(args: argparse.Namespace) -> int:
    from jixiao.store.db import Database, database_url, schema_is_current
    from jixiao.store.errors import Invalid

    url = database_url(args.database)
    problem = schema_is_current(url)
    if problem:
        sys.stderr.write(f"jixiao：{problem}\n")
        return 2
    database = Database(url)
    try:
        if args.action == "clean":
            from jixiao.jobs import retention

            days = retention.retention_days(args.days)
            with database.writing() as session:
                done = retention.clean(session, days=days, dry_run=args.dry_run)
            verb = "将清理" if args.dry_run else "已清理"
            sys.stderr.write(f"jixiao：{verb} {done.jobs} 个结束超过 {days} 天的作业的输出"
                             f"（{done.items} 个文件，{done.bytes / 1048576:.1f} MB）\n")
            return 0
        from jixiao.jobs.queue import IMMEDIATE, Queue, queue_url
        from jixiao.web import bulk  # noqa: F401 - registers the kinds of job

        address = queue_url(args.queue, url)
        if address == IMMEDIATE:
            sys.stderr.write("jixiao：队列为 immediate 时没有可重新排队的作业\n")
            return 2
        found = Queue(database, address).recover()
        sys.stderr.write(f"jixiao：重新排队 {sum(len(p) for _k, p in found.requeued.values())} 项，"
                         f"多次中断而失败 {found.failed} 项，因作业已取消而关闭 {found.cancelled} 项\n")
        return 0
    except Invalid as exc:
        sys.stderr.write(f"jixiao：{exc.message}\n")
        return 2
    finally:
        database.dispose()
