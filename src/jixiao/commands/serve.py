"""``jixiao serve``: the web application under uvicorn."""

from __future__ import annotations

import argparse
import os
import sys

NAME = "serve"
HELP = "启动网页应用（填报、审核、公开）"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--database", metavar="URL",
                        help="数据库地址（默认 $JIXIAO_DATABASE_URL，否则当前目录下的 jixiao.db）")
    parser.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1）")
    parser.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
    parser.add_argument("--workers", type=int, default=1, help="工作进程数（默认 1）")


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from jixiao.store.db import URL_VARIABLE, database_url, schema_is_current

    url = database_url(args.database)
    problem = schema_is_current(url)
    if problem:
        sys.stderr.write(f"jixiao：{problem}\n")
        return 2
    # Worker processes build the app themselves (create_app reads the URL from the environment).
    os.environ[URL_VARIABLE] = url
    sys.stderr.write(f"jixiao：网页应用地址 http://{args.host}:{args.port}/ （数据库 {_shown(url)}）\n")
    uvicorn.run("jixiao.web.app:create_app", factory=True, host=args.host, port=args.port,
                workers=args.workers, log_level="warning", server_header=False)
    return 0


def _shown(url: str) -> str:
    """The URL without its password."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
