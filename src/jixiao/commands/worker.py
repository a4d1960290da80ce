"""``jixiao worker``: run the queued jobs (huey consumers).

``--workers N`` starts N worker processes (each consumes one message at a time and reads
documents in limited children of its own), supervised by this one: a worker that dies is
started again; Ctrl-C or SIGTERM stops them all, letting the chunks in hand finish."""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import time

NAME = "worker"
HELP = "运行作业处理进程（批量导入核查、批量生成 PDF、批量公开）"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--database", metavar="URL",
                        help="数据库地址（默认 $JIXIAO_DATABASE_URL，否则当前目录下的 jixiao.db）")
    parser.add_argument("--queue", metavar="URL",
                        help="队列地址：redis://主机:端口/库号 或 sqlite:///文件（默认 $JIXIAO_QUEUE_URL，"
                             "否则数据库旁的 <名称>-queue.db）")
    parser.add_argument("--workers", type=int, default=1, help="工作进程数（默认 1）")


def run(args: argparse.Namespace) -> int:
    from jixiao.jobs.queue import IMMEDIATE, queue_url
    from jixiao.store.db import database_url, schema_is_current

    url = database_url(args.database)
    problem = schema_is_current(url)
    if problem:
        sys.stderr.write(f"jixiao：{problem}\n")
        return 2
    from jixiao.store.errors import Invalid

    try:
        queue = queue_url(args.queue, url)
    except Invalid as exc:
        sys.stderr.write(f"jixiao：{exc.message}\n")
        return 2
    if queue == IMMEDIATE:
        sys.stderr.write("jixiao：队列为 immediate 时作业在提交它的进程中立即运行，无需 worker\n")
        return 2
    from jixiao.jobs.queue import make_huey

    try:
        make_huey(queue)
    except Invalid as exc:
        sys.stderr.write(f"jixiao：{exc.message}\n")
        return 2
    if args.workers < 1:
        sys.stderr.write("jixiao：--workers 至少为 1\n")
        return 2
    from jixiao.commands.serve import _shown

    sys.stderr.write(f"jixiao：作业处理进程 {args.workers} 个（队列 {_shown(queue)}，数据库 {_shown(url)}）\n")
    if args.workers == 1:
        return _consume(url, queue)
    return _supervise(url, queue, args.workers)


def _consume(url: str, queue_address: str) -> int:
    import logging

    from jixiao.jobs.batch import prepare_children
    from jixiao.jobs.queue import Queue
    from jixiao.store.db import Database
    from jixiao.web import bulk  # noqa: F401 - registers the kinds of job

    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    prepare_children()
    database = Database(url)
    try:
        queue = Queue(database, queue_address)
        found = queue.recover()  # the items of a worker that died before this one started
        if found.count:
            sys.stderr.write(f"jixiao：重新排队中断的作业项 {sum(len(p) for _k, p in found.requeued.values())} 项"
                             f"（失败 {found.failed} 项，已取消 {found.cancelled} 项）\n")
        queue.consumer(workers=1).run()
    finally:
        database.dispose()
    return 0


def _supervise(url: str, queue: str, count: int) -> int:
    command = [sys.executable, "-m", "jixiao.cli", "worker", "--workers", "1", "--database", url, "--queue", queue]
    stopping = False

    def start() -> subprocess.Popen[bytes]:
        return subprocess.Popen(command)

    def stop(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGINT)  # huey: finish the message in hand, then stop

    children = [start() for _ in range(count)]
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    while True:
        for index, child in enumerate(children):
            code = child.poll()
            if code is not None and not stopping:
                sys.stderr.write(f"jixiao：作业处理进程 {child.pid} 退出（{code}），重新启动\n")
                children[index] = start()
        if stopping:
            for child in children:
                child.wait()
            return 0
        time.sleep(0.5)
