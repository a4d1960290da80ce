"""No request holds the server's event loop: a save that waits (on the database, the engine
or a file being read) must not stop the other requests of the same process. Handlers
that touch the database are plain functions, which FastAPI runs in its threadpool; only
reading a posted body is asynchronous."""

from __future__ import annotations

import asyncio
import inspect
import threading
from typing import Any

import httpx2
import pytest
from fastapi.routing import APIRoute

from jixiao.web import service
from jixiao.web.app import Settings, create_app
from tests.web.conftest import PASSWORD, World
from tests.web.test_pages import make_app, reference  # noqa: F401  (a fixture)

# Asynchronous on purpose: it reads the upload in the loop, then hands the work to the threadpool.
AWAITS_ITS_WORK = {"create_evaluation"}


def test_no_handler_runs_its_work_in_the_event_loop(fresh: World) -> None:
    app = create_app(Settings(database_url=fresh.db.url))
    asynchronous = sorted(r.endpoint.__name__ for r in app.routes
                          if isinstance(r, APIRoute) and inspect.iscoroutinefunction(r.endpoint))
    assert set(asynchronous) <= AWAITS_ITS_WORK, asynchronous
    handlers = [h for h in app.exception_handlers.values()
                if h.__module__.startswith("jixiao") and inspect.iscoroutinefunction(h)]
    assert handlers == [], "error handlers render HTML pages from the database: plain functions"


def test_a_slow_save_does_not_hold_the_other_requests(reference: tuple[World, int],  # noqa: F811
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    world, ident = reference
    other_answered = threading.Event()
    real_save = service.save_field

    def save_waiting_for_the_other_request(*args: Any, **kwargs: Any) -> Any:
        # Were this save run in the event loop, the other request could not be answered
        # while it waits, and the wait would end only at its timeout.
        other_answered.wait(timeout=20)
        return real_save(*args, **kwargs)

    monkeypatch.setattr(service, "save_field", save_waiting_for_the_other_request)
    order: list[str] = []

    async def run() -> None:
        transport = httpx2.ASGITransport(app=make_app(world))
        async with httpx2.AsyncClient(transport=transport, base_url="http://testserver") as client:
            signed = await client.post("/login", data={"username": "filler@U1", "password": PASSWORD,
                                                       "next": "/evaluations"})
            assert signed.status_code == 303
            page = await client.get(f"/evaluations/{ident}")
            token = page.text.split('name="csrf-token" content="', 1)[1].split('"', 1)[0]

            async def save() -> None:
                answer = await client.post(f"/evaluations/{ident}/field", headers={"X-CSRF-Token": token},
                                           data={"field": "/self_evaluation/funds/score",
                                                 "/self_evaluation/funds/score": "9", "version": "1",
                                                 "tab": "self"})
                assert answer.status_code == 200, answer.text
                order.append("save")

            async def list_page() -> None:
                await asyncio.sleep(0.05)  # the save is under way
                answer = await client.get("/evaluations")
                assert answer.status_code == 200
                order.append("list")
                other_answered.set()

            await asyncio.gather(save(), list_page())

    asyncio.run(run())
    assert order == ["list", "save"]
