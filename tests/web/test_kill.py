"""kill -9 of the server in the middle of saves loses nothing that was acknowledged:
`jixiao serve` on SQLite (WAL, synchronous=FULL) is killed while a client saves fields in a
loop; after a restart, every version the client got a 200 for is there with its value."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from tests.web.test_commands import jixiao


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def call(port: int, method: str, path: str, body: Any = None, token: str = "") -> tuple[int, Any]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method,
                                     data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Content-Type": "application/json",
                                              **({"Authorization": f"Bearer {token}"} if token else {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def start(port: int, cwd: Path) -> subprocess.Popen[bytes]:
    process = subprocess.Popen([sys.executable, "-m", "jixiao.cli", "serve", "--port", str(port)], cwd=cwd,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise AssertionError("jixiao serve did not start")


def test_acknowledged_saves_survive_kill_9(tmp_path: Path) -> None:
    assert jixiao("db", "demo", cwd=tmp_path).returncode == 0
    port = free_port()
    server = start(port, tmp_path)
    try:
        _, answer = call(port, "POST", "/api/v1/tokens", {"username": "filler-zx", "password": "jixiao-demo"})
        token = answer["token"]
        _, listed = call(port, "GET", "/api/v1/evaluations?year=2024", token=token)
        evaluation = listed["items"][0]
        acknowledged: list[tuple[int, str]] = []
        stop = threading.Event()

        def save() -> None:
            version = evaluation["version"]
            n = 0
            while not stop.is_set():
                n += 1
                value = f"第{n}次保存"
                try:
                    status, body = call(port, "PATCH", f"/api/v1/evaluations/{evaluation['id']}/fields",
                                        {"version": version, "field": "/notes", "value": value}, token)
                except OSError:
                    return  # the server is gone: this save was not acknowledged
                assert status == 200, body
                version = body["version"]
                acknowledged.append((version, value))

        saver = threading.Thread(target=save)
        saver.start()
        deadline = time.monotonic() + 60
        while len(acknowledged) < 15 and time.monotonic() < deadline:
            time.sleep(0.05)
        os.kill(server.pid, signal.SIGKILL)
        server.wait()
        stop.set()
        saver.join(30)
        assert len(acknowledged) >= 15
        server = start(port, tmp_path)
        _, versions = call(port, "GET", f"/api/v1/evaluations/{evaluation['id']}/versions", token=token)
        stored = {v["number"] for v in versions["items"]}
        assert {number for number, _ in acknowledged} <= stored
        for number, value in acknowledged[-3:]:
            _, detail = call(port, "GET", f"/api/v1/evaluations/{evaluation['id']}?version={number}", token=token)
            assert detail["data"]["notes"] == value
    finally:
        server.kill()
        server.wait()
