"""The demonstration database: one 财政局, two 主管部门, five 单位, a user for every role,
three years, the reference report among the evaluations, and evaluations in every state.
Everything goes through the same store functions as the application (and is audited)."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from jixiao.store import auth, queries
from jixiao.store import evaluations as store
from jixiao.store.db import Database
from jixiao.store.models import Organisation, User
from jixiao.store.roles import ADMIN, BUREAU_REVIEWER, DEPARTMENT_REVIEWER, FILLER, ROLES, UNIT_HEAD, Caller
from jixiao.web import reading

PASSWORD = "jixiao-demo"
REFERENCE = Path(__file__).resolve().parents[3] / "examples" / "reference-lusong-2023.yaml"
REFERENCE_UNIT = "中国人民政治协商会议湖南省株洲市芦淞区委员会"

BUREAU = "株洲市芦淞区财政局"
DEPARTMENTS = {
    "芦淞区政协": [REFERENCE_UNIT, "芦淞区政协委员事务中心"],
    "芦淞区教育局": ["芦淞区教育局机关", "芦淞区第一中学", "芦淞区实验小学"],
}
# (username, role, organisation); the reference unit's people are "filler" and "head".
UNIT_PEOPLE = {REFERENCE_UNIT: ("filler", "head"), "芦淞区政协委员事务中心": ("filler-zx", "head-zx"),
               "芦淞区教育局机关": ("filler-edu", "head-edu"), "芦淞区第一中学": ("filler-yz", "head-yz"),
               "芦淞区实验小学": ("filler-sx", "head-sx")}
USERS = [
    *((people[0], FILLER, unit) for unit, people in UNIT_PEOPLE.items()),
    *((people[1], UNIT_HEAD, unit) for unit, people in UNIT_PEOPLE.items()),
    ("dept-reviewer", DEPARTMENT_REVIEWER, "芦淞区政协"),
    ("dept-reviewer-edu", DEPARTMENT_REVIEWER, "芦淞区教育局"),
    ("bureau-reviewer", BUREAU_REVIEWER, BUREAU),
    ("admin", ADMIN, BUREAU),
]
# (unit, year, the actions taken after creation, by whom); every unit gets 2022 and 2023.
HISTORY: list[tuple[str, int, list[str]]] = [
    (REFERENCE_UNIT, 2022, ["submit", "forward", "approve", "publish"]),
    (REFERENCE_UNIT, 2023, []),  # the reference report, in 草稿
    ("芦淞区政协委员事务中心", 2022, ["submit", "approve", "publish"]),
    ("芦淞区政协委员事务中心", 2023, ["submit"]),
    ("芦淞区教育局机关", 2022, ["submit", "approve", "publish"]),
    ("芦淞区教育局机关", 2023, ["submit", "return"]),
    ("芦淞区第一中学", 2022, ["submit", "approve"]),
    ("芦淞区第一中学", 2023, ["submit", "forward"]),
    ("芦淞区实验小学", 2023, ["submit", "forward", "approve"]),
]


@dataclass
class Login:
    username: str
    password: str
    role: str
    organisation: str


def _reference_data() -> dict[str, Any]:
    read = reading.read_file(REFERENCE.read_bytes(), REFERENCE.name)
    assert read.data is not None, read.message
    return read.data


def _document_for(reference: dict[str, Any], unit: str, year: int) -> dict[str, Any]:
    if unit == REFERENCE_UNIT and year == 2023:
        return reference
    data = copy.deepcopy(reference)
    data["unit"] = {**data.get("unit", {}), "name": unit, "year": str(year)}
    data["title"] = f"{year}年度{unit}整体支出绩效自评报告"
    data.pop("notes", None)
    return data


def build(database: Database) -> list[Login]:
    """Fill an upgraded, empty database with the demonstration; the logins created."""
    with database.writing() as s:
        if s.scalar(select(Organisation.id).limit(1)) is not None:
            raise SystemExit("jixiao：数据库中已有数据，演示数据只能写入空数据库")
        orgs: dict[str, Organisation] = {}
        bureau = orgs[BUREAU] = auth.add_organisation(s, BUREAU, "bureau", None, region="湖南省株洲市芦淞区")
        for department, units in DEPARTMENTS.items():
            orgs[department] = auth.add_organisation(s, department, "department", bureau)
            for unit in units:
                orgs[unit] = auth.add_organisation(s, unit, "unit", orgs[department])
        logins = []
        for username, role, org in USERS:
            auth.add_user(s, username, PASSWORD, orgs[org], role, display_name=f"{ROLES[role]}（{org}）")
            logins.append(Login(username, PASSWORD, role, org))
        ids = {name: org.id for name, org in orgs.items()}

    def caller(username: str) -> Caller:
        with database.reading() as s:
            user = s.scalar(select(User).where(User.username == username))
            assert user is not None
            return auth.caller_for(user, "jixiao db demo", "cli")

    reviewers = {"芦淞区政协": caller("dept-reviewer"), "芦淞区教育局": caller("dept-reviewer-edu")}
    bureau_reviewer, admin = caller("bureau-reviewer"), caller("admin")
    reference = _reference_data()

    from jixiao.web import service

    service.open_task(database, admin, bureau_id=ids[BUREAU], year=2024, framework="hunan-overall",
                      deadline=None, unit_ids=[ids[u] for units in DEPARTMENTS.values() for u in units])
    for unit, year, actions in HISTORY:
        data = _document_for(reference, unit, year)
        figures = reading.figures(reading.check(data))
        maker, submitter = (caller(name) for name in UNIT_PEOPLE[unit])
        dept_name = next(d for d, units in DEPARTMENTS.items() if unit in units)
        with database.writing() as s:
            ev, _v = store.create(s, maker, unit_id=ids[unit], kind="overall", year=year, data=data, figures=figures,
                                  title=str(data.get("title", "")), framework=str(data.get("framework", "")),
                                  origin=f"演示：{REFERENCE.name}")
            for action in actions:
                who = {"submit": submitter, "forward": reviewers[dept_name]}.get(action, bureau_reviewer)
                ev = queries.get_evaluation(s, who, ev.id)
                extra: dict[str, Any] = {}
                if action == "submit":
                    extra["comment"] = "已逐项核对；与原文一致的差异已在报告中说明"
                elif action == "return":
                    extra["comment"] = "项目支出合计与附件2不一致，请核对后重报"
                elif action == "approve":
                    extra = {"comment": "部分指标佐证不足，酌情扣分", "review_score": "86"}
                store.transition(s, who, ev, action=action, version=ev.version, **extra)
    return logins

