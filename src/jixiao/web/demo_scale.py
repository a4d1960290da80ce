"""A province-sized demonstration: ``jixiao db demo --units N --years Y``.

One 财政厅, 主管部门 of a hundred-odd sectors and regions, N 单位 under them, a filler
and a head for every unit, a reviewer for every department, bureau reviewers and an
administrator; then every unit's 整体支出 self-evaluation for each of the Y years up to
the reference report's year.

Each document is the reference report varied deterministically for its unit and year
(``random.Random`` seeded with both): the unit's size scales every amount, the year
grows it, the execution rate, the 三公经费, the indicators' completion and the scores the
unit gave itself vary, and some of the reference's slips are kept or fixed. Nothing is
summed here: each document goes through the engine (``reading.check``) and the store's
own ``create``/``save_version``/``transition``, so the indexed figures, 复核得分, times
returned and the audit log are what the application itself would have written. The
workflow is dated as if it happened around each year's deadline."""

from __future__ import annotations

import copy
import datetime as dt
import multiprocessing
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import select, text

from jixiao.store import auth, rollup, tasks
from jixiao.store import evaluations as store
from jixiao.store.db import Database
from jixiao.store.models import Evaluation, Membership, Organisation, TaskUnit, Transition, User
from jixiao.store.roles import ADMIN, BUREAU_REVIEWER, DEPARTMENT_REVIEWER, FILLER, UNIT_HEAD, Caller, Grant
from jixiao.web import reading
from jixiao.web.demo import PASSWORD, Login, _reference_data

BUREAU = "湖南省财政厅"
REFERENCE_YEAR = 2023
REGIONS = ("长沙市", "株洲市", "湘潭市", "衡阳市", "邵阳市", "岳阳市", "常德市", "张家界市", "益阳市", "郴州市",
           "永州市", "怀化市", "娄底市", "湘西州")
SECTORS = ("教育局", "卫生健康局", "农业农村局", "交通运输局", "民政局", "人力资源和社会保障局", "自然资源局",
           "生态环境局", "住房和城乡建设局", "水利局", "文化旅游广电局", "市场监督管理局")
UNIT_KINDS = ("机关", "事务中心", "服务中心", "执法大队", "研究所", "第一中学", "实验小学", "中心医院",
              "信息中心", "监测站", "培训中心", "档案馆")
FRAMEWORK = "hunan-overall"
CHUNK = 40  # units written per transaction

RETURN_REASONS = ("项目支出合计与附件2不一致，请核对后重报", "扣分指标未说明偏差原因，请补充",
                  "执行率得分与评分规则不符，请核对", "三公经费决算数与部门决算不一致，请核对")
REVIEW_REASONS = ("部分指标佐证不足，酌情扣分", "产出指标完成情况与佐证材料相符", "成本指标超支原因说明不充分",
                  "满意度调查样本偏少，酌情扣分")


@dataclass
class People:
    """The demonstration's callers, built from their grants (no session needed)."""

    admin: Caller
    bureau_reviewers: list[Caller]
    department_reviewers: dict[int, Caller] = field(default_factory=dict)
    fillers: dict[int, Caller] = field(default_factory=dict)
    heads: dict[int, Caller] = field(default_factory=dict)


def _money(value: Decimal | float, places: str = "0.01") -> Decimal:
    return Decimal(str(value)).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def _text(value: Decimal) -> str:
    return format(value, "f")


def _scaled(value: Any, factor: float) -> str | Any:
    """A stated amount times ``factor``, written with the decimals it was written with."""
    text = str(value)
    digits = "".join(ch for ch in text if ch.isdigit() or ch in ".-")
    if not digits or digits in ("-", "."):
        return value
    suffix = text[len(digits):] if text.startswith(digits) else ""
    places = len(digits.split(".")[1]) if "." in digits else 0
    quantum = "1" if places == 0 else "0." + "0" * (places - 1) + "1"
    return _text(_money(float(digits) * factor, quantum)) + suffix


def _rate(final: Decimal, full_year: Decimal) -> Decimal:
    return _money(final / full_year * 100)


def vary(reference: dict[str, Any], unit: str, region: str, year: int, rng: random.Random, size: float,
         previous: dict[str, str] | None) -> tuple[dict[str, Any], dict[str, str]]:
    """The reference document as this unit would have written it for this year; and the
    figures the next year states as 上年决算数."""
    data = copy.deepcopy(reference)
    data.pop("notes", None)
    data["title"] = f"{year}年度{unit}整体支出绩效自评报告"
    data["unit"] = {**data["unit"], "name": unit, "region": f"湖南省{region}", "year": year}
    growth = size * (1.04 ** (year - REFERENCE_YEAR)) * rng.uniform(0.93, 1.07)
    report, basic, table = data["report"], data["basic_data"], data["self_evaluation"]
    table["unit_name"] = unit
    for key in ("title",):
        basic[key] = basic[key].replace(str(REFERENCE_YEAR), str(year))
        table[key] = table[key].replace(str(REFERENCE_YEAR), str(year))
    report["attachments_listed"][0]["title"] = report["attachments_listed"][0]["title"].replace(
        str(REFERENCE_YEAR), str(year))

    # Spending: parts first, totals as their sums.
    pb = report["public_budget"]
    personnel = _money(689.35 * growth * rng.uniform(0.9, 1.1))
    public_funds = _money(63.72 * growth * rng.uniform(0.8, 1.2))
    items = pb["projects"]["items"]
    finals = [_money(float(_number(i["final"])) * growth * rng.uniform(0.5, 1.5)) for i in items]
    project = sum(finals, Decimal(0))
    basic_total = personnel + public_funds
    spent = basic_total + project
    rate = Decimal(str(rng.choices([1.0, rng.uniform(0.97, 0.9999), rng.uniform(0.9, 0.97), rng.uniform(0.8, 0.9),
                                     rng.uniform(0.6, 0.8)], weights=[10, 40, 28, 15, 7])[0]))
    full_year = _money(spent / rate)
    initial = _money(full_year * Decimal(str(rng.uniform(0.85, 1.0))))
    pb.update(initial_budget=_text(initial), revenue=_text(spent), expenditure=_text(spent), project=_text(project),
              basic=_text(basic_total), personnel=_text(personnel), public_funds=_text(public_funds))
    pb["projects"]["total"] = _text(project)
    for item, final in zip(items, finals, strict=True):
        item["final"] = _text(final)

    # The projects' own table: initial ± adjustment = final + carry-over.
    perf = report["performance"]["projects"]
    project_budget = carried = Decimal(0)
    by_name = dict(zip(["政协全会", "委员履职", "委员培训", "委员工作室"], [finals[3], finals[2], finals[0], finals[1]],
                       strict=True))
    for item, key in zip(perf["items"], ["政协全会", "委员履职", "委员培训", "委员工作室"], strict=True):
        final = by_name[key]
        carry = _money(final * Decimal(str(rng.uniform(0, 0.1)))) if rng.random() < 0.3 else Decimal(0)
        start = _money(final * Decimal(str(rng.uniform(0.6, 1.3))))
        item.update(initial=_text(start), adjustment=_text(final + carry - start), final=_text(final),
                    carryover=_text(carry))
        project_budget += start
        carried += carry
    keep_slip = rng.random() < 0.25  # the reference's “42.82元”
    if keep_slip:
        perf["items"][2]["final"] = perf["items"][2]["final"] + "元"
    perf["initial_total"] = _text(project_budget)

    # 附件3: the funds, their execution rate and the score the unit gave itself.
    funds = table["funds"]
    funds.update(initial=_text(initial), full_year=_text(full_year), final=_text(spent),
                 rate=_text(_rate(spent, full_year)) + "%")
    linear = _money(min(spent / full_year, Decimal(1)) * 10)
    funds["score"] = _text(linear) if rng.random() < 0.7 else str(int(linear))
    table["by_revenue"].update(total=_text(full_year), public=_text(full_year))
    # The split by nature of spending: the projects' full-year budgets and the rest; or, as
    # the reference does, the basic spending and the rest (mixing budget and spending).
    project_full = project + carried
    if rng.random() < 0.3:
        project_full = full_year - basic_total
    table["by_expenditure"].update(total=_text(full_year), basic=_text(full_year - project_full),
                                   project=_text(project_full))

    # 附件2: three public expenses, project and public funds, with last year's as stated then.
    expenses = basic["expenses"]
    three_budget = _money(1.0 * growth * rng.uniform(0.5, 3))
    three_final = _money(three_budget * Decimal(str(rng.uniform(0.4, 1.15))))
    prior = previous or {}
    for key in ("three_public", "reception"):
        expenses[key].update(budget=_text(three_budget), final=_text(three_final),
                             prior_final=prior.get("three_public", _text(_money(three_final * Decimal("1.1")))))
    project_stated = project if rng.random() < 0.7 else project - Decimal("0.01")  # 88.18 vs 88.17
    for key in ("project",):
        expenses[key].update(budget=_text(project_budget), final=_text(project_stated),
                             prior_final=prior.get("project", _text(_money(project * Decimal("0.95")))))
    expenses["project_categories"][0].update(budget=_text(project_budget), final=_text(project_stated),
                                             prior_final=expenses["project"]["prior_final"])
    funds_stated = public_funds if rng.random() < 0.7 else public_funds + Decimal("0.01")  # 63.72 vs 63.73
    expenses["public_funds"].update(
        budget=_text(_money(public_funds * Decimal(str(rng.uniform(0.9, 1.4))))), final=_text(funds_stated),
        prior_final=prior.get("public_funds", _text(_money(public_funds * Decimal("1.05")))))
    for key in ("office", "utilities_travel", "procurement", "meetings_training"):
        for part in ("prior_final", "budget", "final"):
            if part in expenses[key]:
                expenses[key][part] = _scaled(expenses[key][part], growth * rng.uniform(0.7, 1.3))
    staff = data["basic_data"]["staff"]
    authorized = max(3, round(27 * size * rng.uniform(0.9, 1.1)))
    in_service = max(2, round(authorized * rng.uniform(0.85, 1.12)))
    staff.update(authorized=authorized, in_service=in_service,
                 control_rate=f"{round(in_service / authorized * 100)}%")
    report["profile"]["staff"].update(in_service=in_service, total=in_service + 18, retired=18)

    _indicators(table, rng, initial, spent, full_year, year)
    following = {"three_public": _text(three_final), "project": _text(project_stated),
                 "public_funds": _text(funds_stated)}
    return data, following


def _number(text: Any) -> Decimal:
    return Decimal("".join(ch for ch in str(text) if ch.isdigit() or ch in ".-"))


def _indicators(table: dict[str, Any], rng: random.Random, initial: Decimal, spent: Decimal, full_year: Decimal,
                year: int) -> None:
    """Completion and self scores: a unit-year's quality decides how much of each target
    it met and how many points it took off (with a reason, mostly)."""
    quality = rng.choices([rng.uniform(0.97, 1.0), rng.uniform(0.85, 0.97), rng.uniform(0.65, 0.85),
                           rng.uniform(0.4, 0.65)], weights=[55, 28, 12, 5])[0]
    total = _number(table["funds"]["score"])
    places = "0.01" if rng.random() < 0.7 else "1"  # the framework wants two decimals; some units round
    for first in table["indicators"]:
        for group in first["groups"]:
            for item in group["items"]:
                weight = Decimal(str(item.get("weight", 0)))
                if weight == 0:
                    continue
                target = str(item.get("target", ""))
                if "万元" in target:  # the cost indicator: spending against the initial budget
                    item["target"] = f"≤{_text(initial)}万元"
                    actual = full_year if rng.random() < 0.3 else spent  # the reference states the budget
                    item["actual"] = f"{_text(actual)}万元"
                    ratio = min(Decimal(1), initial / actual)
                    score = _money(weight * ratio, places)
                elif target and target[-1] in "人次个" and any(c.isdigit() for c in target):
                    wanted = int(_number(target))
                    met = 1.0 if quality > 0.95 else min(1.0, quality * rng.uniform(0.9, 1.1))
                    done = max(0, round(wanted * met))
                    item["actual"] = f"{done}{target[-1]}"
                    score = _money(weight * min(Decimal(1), Decimal(done) / Decimal(max(wanted, 1))), places)
                elif target.endswith("%"):
                    share = min(100, max(40, round(100 * quality * rng.uniform(0.97, 1.03))))
                    item["actual"] = f"{share}%"
                    score = _money(weight * min(Decimal(1), Decimal(share) / _number(target)), places)
                else:
                    item["target"] = target.replace(str(REFERENCE_YEAR), str(year))
                    score = _money(weight * Decimal(str(min(1.0, quality * rng.uniform(0.95, 1.08)))), "1")
                item["score"] = _text(score.normalize()) if score == score.to_integral() else _text(score)
                if score < weight:
                    if rng.random() < 0.8:
                        item["reason"] = item.get("reason") or "部分工作未按计划完成，原因已在报告中说明"
                    else:
                        item.pop("reason", None)
                else:
                    item.pop("reason", None)
                total += score
    table["total"]["score"] = _text(total.normalize()) if total == total.to_integral() else _text(total)


# ----------------------------------------------------------------- the organisations


def _departments(count: int) -> list[tuple[str, str]]:
    """(name, region) of ``count`` departments: sectors of each region, cycled."""
    out = []
    for n in range(count):
        region, sector = REGIONS[n % len(REGIONS)], SECTORS[(n // len(REGIONS)) % len(SECTORS)]
        round_ = n // (len(REGIONS) * len(SECTORS))
        out.append((f"{region}{sector}" + (f"（{round_ + 1}）" if round_ else ""), region))
    return out


def _organisations(database: Database, units: int, out: Callable[[str], None]
                   ) -> tuple[People, list[tuple[int, str, str, int]], list[Login]]:
    """The bureau, departments (about 40 units each), units and their people. Every demo
    user has the same password; it is hashed once."""
    hashed = auth.hash_password(PASSWORD)
    departments = _departments(max(1, (units + 39) // 40))
    logins: list[Login] = []
    placed: list[tuple[int, str, str, int]] = []  # (unit id, name, region, department id)
    with database.writing() as s:
        if s.scalar(select(Organisation.id).limit(1)) is not None:
            raise SystemExit("jixiao：数据库中已有数据，演示数据只能写入空数据库")
        bureau = auth.add_organisation(s, BUREAU, "bureau", None, region="湖南省")
        users = [("admin", ADMIN, bureau)] + [(f"bureau-reviewer-{n}", BUREAU_REVIEWER, bureau) for n in (1, 2, 3)]
        orgs: list[tuple[Organisation, str]] = []
        for number, (name, region) in enumerate(departments, 1):
            department = auth.add_organisation(s, name, "department", bureau, region=f"湖南省{region}")
            users.append((f"dept-{number:03d}", DEPARTMENT_REVIEWER, department))
            orgs.append((department, region))
        for n in range(units):
            department, region = orgs[n % len(orgs)]
            kind = UNIT_KINDS[(n // len(orgs)) % len(UNIT_KINDS)]
            serial = n // (len(orgs) * len(UNIT_KINDS))
            name = f"{department.name}{kind}" + (f"（{serial + 1}）" if serial else "")
            unit = auth.add_organisation(s, name, "unit", department, region=f"湖南省{region}")
            placed.append((unit.id, name, region, department.id))
            users.append((f"u{n + 1:05d}-filler", FILLER, unit))
            users.append((f"u{n + 1:05d}-head", UNIT_HEAD, unit))
        grants: dict[str, Grant] = {}
        ids: dict[str, int] = {}
        for username, role, org in users:
            user = User(username=username, display_name=f"{username}（{org.name}）", password_hash=hashed)
            s.add(user)
            s.flush()
            s.add(Membership(user_id=user.id, organisation_id=org.id, role=role))
            grants[username] = Grant(org.id, org.path, role)
            ids[username] = user.id
            logins.append(Login(username, PASSWORD, role, org.name))
    out(f"机构与用户：1 个财政厅，{len(departments)} 个主管部门，{units} 个单位，{len(users)} 个用户")

    def caller(username: str) -> Caller:
        return Caller(ids[username], username, (grants[username],), "jixiao db demo", "cli")

    people = People(caller("admin"), [caller(f"bureau-reviewer-{n}") for n in (1, 2, 3)])
    for number, (department, _region) in enumerate(orgs, 1):
        people.department_reviewers[department.id] = caller(f"dept-{number:03d}")
    for n, (unit_id, _name, _region, _dept) in enumerate(placed):
        people.fillers[unit_id] = caller(f"u{n + 1:05d}-filler")
        people.heads[unit_id] = caller(f"u{n + 1:05d}-head")
    return people, placed, logins


# ----------------------------------------------------------------- the workflow


def _plan(rng: random.Random, latest: bool) -> tuple[int, str]:
    """How many times the evaluation was returned, and where it stands now."""
    returned = rng.choices([0, 1, 2], weights=[80, 15, 5])[0]
    if latest:
        end = rng.choices(["draft", "returned", "submitted", "department-reviewed", "approved", "published"],
                          weights=[14, 8, 20, 14, 22, 22])[0]
    else:
        end = rng.choices(["approved", "published"], weights=[8, 92])[0]
    if end == "returned":
        returned = max(returned, 1)
    if end == "draft":
        returned = 0
    return returned, end


@dataclass
class Clock:
    """The simulated time of a unit-year's workflow, advancing a few days a step."""

    now: dt.datetime
    rng: random.Random

    def step(self, low: int = 1, high: int = 12) -> dt.datetime:
        self.now += dt.timedelta(days=self.rng.randint(low, high), minutes=self.rng.randint(0, 600))
        return self.now


def _transition(s: Any, who: Caller, ev: Evaluation, action: str, clock: Clock, rng: random.Random,
                **extra: Any) -> None:
    row: Transition = store.transition(s, who, ev, action=action, version=ev.version, **extra)
    row.created_at = ev.updated_at = clock.step()
    if action == "publish":
        ev.published_at = row.created_at


def _corrected(data: dict[str, Any]) -> dict[str, Any]:
    """The document as the unit corrects it when returned: the project total in 附件2
    agrees with the text again."""
    data = copy.deepcopy(data)
    expenses = data["basic_data"]["expenses"]
    expenses["project"]["final"] = data["report"]["public_budget"]["project"]
    expenses["project_categories"][0]["final"] = expenses["project"]["final"]
    return data


def _walk(s: Any, people: People, unit_id: int, department_id: int, ev: Evaluation,
          correction: tuple[dict[str, Any], dict[str, Any]] | None, returned: int, end: str, clock: Clock,
          rng: random.Random) -> None:
    """Take the evaluation through the workflow to ``end`` (saving the correction, with
    its engine result, each time it was returned and sent again)."""
    head, reviewer = people.heads[unit_id], people.department_reviewers[department_id]
    bureau = rng.choice(people.bureau_reviewers)
    if end == "draft":
        return
    for n in range(returned):
        _transition(s, head, ev, "submit", clock, rng,
                    comment="已逐项核对" if ev.errors == 0 else "错误项已核对，差异已在报告中说明")
        by = reviewer if n % 2 == 0 or rng.random() < 0.5 else bureau
        if by is bureau:
            _transition(s, reviewer, ev, "forward", clock, rng)
        _transition(s, by, ev, "return", clock, rng, comment=rng.choice(RETURN_REASONS))
        if end == "returned" and n == returned - 1:
            return
        assert correction is not None
        store.save_version(s, people.fillers[unit_id], ev, based_on=ev.version, data=correction[0],
                           figures=reading.figures(correction[1]), origin="演示：退回后修改")
        ev.updated_at = clock.step()
    _transition(s, head, ev, "submit", clock, rng,
                comment="已逐项核对" if ev.errors == 0 else "错误项已核对，差异已在报告中说明")
    if end == "submitted":
        return
    if rng.random() < 0.85:
        _transition(s, reviewer, ev, "forward", clock, rng)
    if end == "department-reviewed":
        if ev.status != "department-reviewed":
            _transition(s, reviewer, ev, "forward", clock, rng)
        return
    base = min(ev.self_score or Decimal(80), ev.recomputed_total or Decimal(80))
    review = _money(max(Decimal(30), base - Decimal(str(rng.uniform(0, 4)))), "0.1")
    _transition(s, bureau, ev, "approve", clock, rng, comment=rng.choice(REVIEW_REASONS), review_score=str(review))
    if end == "published":
        _transition(s, bureau, ev, "publish", clock, rng)


def _stderr(text: str) -> None:
    sys.stderr.write(text + "\n")


def build(database: Database, units: int, years: int, out: Callable[[str], None] | None = None,
          jobs: int = 1) -> list[Login]:
    """Fill an upgraded, empty database with ``units`` units and ``years`` years of their
    evaluations, with ``jobs`` processes; the logins created (the administrator, reviewers,
    then every unit's two)."""
    def say(text: str) -> None:
        (out or _stderr)(text)

    if units < 1 or not 1 <= years <= 20:
        raise SystemExit("jixiao：--units 至少为 1，--years 在 1 到 20 之间")
    started = time.perf_counter()
    people, placed, logins = _organisations(database, units, say)
    reference = _reference_data()
    first = REFERENCE_YEAR - years + 1
    bureau_id = people.admin.grants[0].organisation_id
    task_ids: dict[int, int] = {}
    with database.writing() as s:
        for year in range(first, REFERENCE_YEAR + 1):
            task = tasks.open_task(s, people.admin, bureau_id=bureau_id, year=year, framework=FRAMEWORK,
                                   deadline=dt.date(year + 1, 4, 30), units=[])
            task_ids[year] = task.id
    global _WORK
    _WORK = _Work(database.url, people, reference, first, task_ids,
                  {unit_id: random.Random(f"size-{unit_id}").lognormvariate(0, 0.8) for unit_id, *_ in placed})
    chunks = [placed[start:start + CHUNK] for start in range(0, len(placed), CHUNK)]
    done = engine_runs = 0

    def progress(written: tuple[int, int]) -> None:
        nonlocal done, engine_runs
        done, engine_runs = done + written[0], engine_runs + written[1]
        say(f"已写入 {done}/{len(placed) * years} 份自评（{time.perf_counter() - started:.0f} 秒，"
            f"引擎运行 {engine_runs} 次）")

    if jobs <= 1:
        _WORK.database = database
        for chunk in chunks:
            progress(_fill(chunk))
    else:
        # Each process runs the engine on its chunk outside any transaction, then writes
        # the chunk in one; the database is opened anew in every process.
        database.dispose()
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            for written in pool.imap_unordered(_fill, chunks):
                progress(written)
    _WORK = None
    # The planner's statistics of a freshly filled database describe it empty: on
    # PostgreSQL the dashboard took 730 ms (p50, loopback load) before ANALYZE and 240 ms
    # after (docs/benchmarks.md). VACUUM also marks the pages all-visible, without which
    # PostgreSQL's index-only scans (the dashboard's and the list's) read every heap row
    # again: dashboard p95 560 → 170 ms under load. Autovacuum would get there later; a
    # demo starts now. VACUUM runs outside a transaction; SQLite's would rewrite the file.
    if database.is_sqlite:
        with database.writing() as s:
            s.execute(text("ANALYZE"))
        say("已更新查询统计信息（ANALYZE）")
    else:
        with database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
        say("已整理并更新查询统计信息（VACUUM ANALYZE）")
    return logins


@dataclass
class _Work:
    """What the processes filling the chunks share (set before they fork)."""

    url: str
    people: People
    reference: dict[str, Any]
    first: int
    task_ids: dict[int, int]
    sizes: dict[int, float]
    database: Database | None = None


_WORK: _Work | None = None


def _fill(chunk: list[tuple[int, str, str, int]]) -> tuple[int, int]:
    """Write the evaluations of a chunk of units, all their years: (written, engine runs)."""
    work = _WORK
    assert work is not None
    if work.database is None:
        work.database = Database(work.url)
    prepared = []
    runs = 0
    for unit_id, name, region, department_id in chunk:
        previous: dict[str, str] | None = None
        for year in range(work.first, REFERENCE_YEAR + 1):
            rng = random.Random(f"{unit_id}-{year}")
            data, previous = vary(work.reference, name, region, year, rng, work.sizes[unit_id], previous)
            result = reading.check(data)
            deadline = dt.datetime(year + 1, 4, 30, 9, tzinfo=dt.UTC)
            clock = Clock(deadline - dt.timedelta(days=rng.randint(20, 75)), rng)
            returned, end = _plan(rng, latest=year == REFERENCE_YEAR)
            correction = None
            if returned > 1 or (returned and end != "returned"):
                fixed = _corrected(data)
                correction = (fixed, reading.check(fixed))
                runs += 1
            runs += 1
            prepared.append((unit_id, department_id, year, data, result, clock, rng, returned, end, correction))
    people = work.people
    with work.database.writing() as s:
        rollup.lock(s, people.admin.paths())  # a chunk writes many evaluations: the bureau alone
        for unit_id, department_id, year, data, result, clock, rng, returned, end, correction in prepared:
            s.add(TaskUnit(task_id=work.task_ids[year], unit_id=unit_id))
            ev, version = store.create(s, people.fillers[unit_id], unit_id=unit_id, kind="overall", year=year,
                                       data=data, figures=reading.figures(result), title=data["title"],
                                       framework=FRAMEWORK, origin="演示：按参考报告变化", task_id=work.task_ids[year])
            ev.created_at = ev.updated_at = version.created_at = clock.now
            _walk(s, people, unit_id, department_id, ev, correction, returned, end, clock, rng)
    return len(prepared), runs
