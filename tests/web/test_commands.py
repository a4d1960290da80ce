"""`jixiao db upgrade`, `jixiao db demo`, `jixiao user add` and `jixiao serve`'s refusal
of an old schema, run as a person runs them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from jixiao.store import auth
from jixiao.store.db import Database
from jixiao.store.models import Evaluation, Organisation, User


def jixiao(*args: str, stdin: str = "", cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "jixiao.cli", *args], input=stdin, capture_output=True, text=True,
                          cwd=cwd, check=False, timeout=300)


def test_demo_database_has_every_role_year_and_state(tmp_path: Path) -> None:
    done = jixiao("db", "demo", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    for name in ("filler", "head", "dept-reviewer", "bureau-reviewer", "admin", "jixiao-demo"):
        assert name in done.stdout
    db = Database(f"sqlite:///{tmp_path / 'jixiao.db'}")
    try:
        with db.reading() as s:
            years = set(s.scalars(select(Evaluation.year)))
            states = set(s.scalars(select(Evaluation.status)))
            assert years == {2022, 2023, 2024}
            assert states == {"draft", "submitted", "department-reviewed", "approved", "published", "returned"}
            assert s.scalar(select(func.count()).select_from(Organisation).where(Organisation.kind == "department")) == 2
            reference = s.scalar(select(Evaluation).where(Evaluation.year == 2023, Evaluation.title.like("%芦淞区委员会%")))
            assert reference is not None and reference.errors > 0  # the 88.18 / 88.17 conflict is there
            assert auth.authenticate(s, "head", "jixiao-demo") is not None
    finally:
        db.dispose()
    again = jixiao("db", "demo", cwd=tmp_path)
    assert again.returncode != 0 and "已有数据" in again.stderr


def test_user_add_reads_the_password_from_stdin(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'users.db'}"
    refused = jixiao("user", "add", "zhang", "--org", "某局", "--role", "admin", "--database", url, stdin="x\n")
    assert refused.returncode == 2 and "jixiao db upgrade" in refused.stderr
    assert jixiao("db", "upgrade", "--database", url).returncode == 0
    db = Database(url)
    try:
        with db.writing() as s:
            auth.add_organisation(s, "某财政局", "bureau", None)
        missing = jixiao("user", "add", "zhang", "--org", "某局", "--role", "admin", "--database", url, stdin="x\n")
        assert missing.returncode == 2 and "找不到机构" in missing.stderr
        short = jixiao("user", "add", "zhang", "--org", "某财政局", "--role", "admin", "--database", url, stdin="x\n")
        assert short.returncode == 2 and "至少 8 个字符" in short.stderr
        wrong = jixiao("user", "add", "zhang", "--org", "某财政局", "--role", "filler", "--database", url,
                       stdin="long enough pw\n")
        assert wrong.returncode == 2 and "须设在单位" in wrong.stderr
        ok = jixiao("user", "add", "zhang", "--org", "某财政局", "--role", "admin", "--database", url,
                    stdin="long enough pw\n")
        assert ok.returncode == 0, ok.stderr
        with db.reading() as s:
            assert auth.authenticate(s, "zhang", "long enough pw") is not None
            assert s.scalar(select(func.count()).select_from(User)) == 1
    finally:
        db.dispose()
