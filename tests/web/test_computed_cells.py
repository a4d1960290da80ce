"""Computed cells: totals and rates show the engine's figure (``jixiao.api.Result.computed``)
read-only, with the figure the unit's document states beside it when it differs; saving an
addend swaps them in recomputed, and typing one previews them without saving anything."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

from jixiao import api
from jixiao.web import service
from tests.web.conftest import REFERENCE, World
from tests.web.test_pages import login, make_app, reference  # noqa: F401  (the fixture)


def _cell(html: str, path: str) -> str:
    ident = "f" + "".join(ch if ch.isalnum() or ch in "_-" else "-" for ch in path)
    found = re.search(rf'<div class="cell" id="{ident}"[^>]*>(.*?)(?=<div class="cell" id=|</td>|<div class="lbl">)',
                      html, re.S)
    assert found is not None, path
    return found.group(1)


def _readonly_value(cell: str) -> str | None:
    found = re.search(r'<input[^>]*class="[^"]*computed-figure[^"]*"[^>]*value="([^"]*)"[^>]*readonly', cell)
    return found.group(1) if found else None


def test_the_engine_computes_what_the_cells_show() -> None:
    computed = api.evaluate(api.read(REFERENCE)).computed
    assert computed["staff-control|staff.control_rate"] == "111.11"  # 30 ÷ 27; the table states 111%
    assert computed["funds-by-source|funds.total.full_year"] == "850.19"
    assert computed["card|total.score"] == "97" and computed["card|total.weight"] == "100"


def test_rates_and_totals_are_read_only_with_the_stated_figure_beside_when_it_differs(
        reference: tuple[World, int]) -> None:  # noqa: F811
    world, ident = reference
    client = TestClient(make_app(world))
    login(client, "filler@U1")
    basic = client.get(f"/evaluations/{ident}?tab=basic").text
    rate = _cell(basic, "/basic_data/staff/control_rate")
    assert _readonly_value(rate) == "111.11%" and "表内填报 <b>111%</b>" in rate
    page = client.get(f"/evaluations/{ident}").text
    funds_rate = _cell(page, "/self_evaluation/funds/rate")
    assert _readonly_value(funds_rate) == "98.95%" and "表内填报" not in funds_rate  # 98.95% as stated
    assert _readonly_value(_cell(page, "/self_evaluation/total/score")) == "97"
    assert _readonly_value(_cell(page, "/self_evaluation/by_revenue/total")) == "850.19"


def test_saving_an_addend_recomputes_the_total_and_typing_one_previews_it(reference: tuple[World, int]) -> None:  # noqa: F811
    world, ident = reference
    client = TestClient(make_app(world))
    token = login(client, "filler@U1")
    headers = {"X-CSRF-Token": token}
    # a blank total: computed from its parts, nothing stated beside it
    blank = client.post(f"/evaluations/{ident}/field", headers=headers, data={
        "field": "/self_evaluation/by_revenue/total", "/self_evaluation/by_revenue/total": "", "version": "1",
        "tab": "self"})
    assert blank.status_code == 200
    total = _cell(client.get(f"/evaluations/{ident}").text, "/self_evaluation/by_revenue/total")
    assert _readonly_value(total) == "850.19" and "表内填报" not in total
    # typing an addend: the total as it would be, out of band; nothing saved
    preview = client.post(f"/evaluations/{ident}/preview", headers=headers, data={
        "field": "/self_evaluation/by_revenue/public", "value": "800.5", "tab": "self"})
    assert preview.status_code == 200 and 'hx-swap-oob="true"' in preview.text
    assert _readonly_value(_cell(preview.text, "/self_evaluation/by_revenue/total")) == "800.5"
    assert 'name="/self_evaluation/by_revenue/public"' not in preview.text  # the field being typed is left alone
    assert service.detail(world.db, _filler(world), ident)["version"] == 2
    # saving it: the total comes back recomputed with the save
    saved = client.post(f"/evaluations/{ident}/field", headers=headers, data={
        "field": "/self_evaluation/by_revenue/public", "/self_evaluation/by_revenue/public": "800.5",
        "version": "2", "tab": "self"})
    assert saved.status_code == 200
    assert _readonly_value(_cell(saved.text, "/self_evaluation/by_revenue/total")) == "800.5"
    # a text cell, or a field not on the tab, previews nothing
    nothing = client.post(f"/evaluations/{ident}/preview", headers=headers, data={
        "field": "/self_evaluation/goals/expected", "value": "x", "tab": "self"})
    assert nothing.status_code == 204
    # a stated total that the engine disputes is open for correction, with the computed figure beside
    stated = client.post(f"/evaluations/{ident}/field", headers=headers, data={
        "field": "/self_evaluation/by_revenue/total", "/self_evaluation/by_revenue/total": "850.19", "version": "3",
        "tab": "self"})
    cell = _cell(stated.text, "/self_evaluation/by_revenue/total")
    assert "readonly" not in cell and "复算 <b>800.5</b>" in cell
    assert client.post(f"/evaluations/{ident}/preview", data={"field": "/x", "value": "1", "tab": "self"}
                       ).status_code == 403  # CSRF


def _filler(world: World) -> Any:
    from jixiao.store import auth

    with world.db.reading() as s:
        return auth.caller_for(s.merge(world.users["filler@U1"]))
