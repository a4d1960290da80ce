"""The workflow of an evaluation, as one table: which role may take which action in
which state, and where it leads. docs/web.md shows the same table (a test keeps them equal).

草稿 → 已送审 → (主管部门已审) → 已通过 → 已公开; 已退回 is editable again like a draft."""

from __future__ import annotations

from dataclasses import dataclass

from jixiao.store.roles import BUREAU_REVIEWER, DEPARTMENT_REVIEWER, FILLER, UNIT_HEAD

DRAFT, SUBMITTED, DEPARTMENT_REVIEWED, APPROVED, PUBLISHED, RETURNED = (
    "draft", "submitted", "department-reviewed", "approved", "published", "returned")

STATUSES: dict[str, str] = {
    DRAFT: "草稿",
    SUBMITTED: "已送审",
    DEPARTMENT_REVIEWED: "主管部门已审",
    APPROVED: "已通过",
    PUBLISHED: "已公开",
    RETURNED: "已退回",
}

EDITABLE = (DRAFT, RETURNED)
# States an evaluation is in once it has been submitted and not sent back.
SUBMITTED_STATES = (SUBMITTED, DEPARTMENT_REVIEWED, APPROVED, PUBLISHED)
REVIEW = (SUBMITTED, DEPARTMENT_REVIEWED)

ACTIONS: dict[str, str] = {
    "edit": "修改",
    "submit": "送审",
    "forward": "主管部门审核通过（转财政）",
    "return": "退回",
    "approve": "审核通过",
    "publish": "公开",
    "comment": "批注",
}


@dataclass(frozen=True)
class Step:
    action: str
    roles: tuple[str, ...]
    from_states: tuple[str, ...]
    to_state: str | None  # None: the action writes but leaves the state as it is
    needs: str = ""  # what the action must carry, in the docs' words


UNIT = (FILLER, UNIT_HEAD)
REVIEWERS = (DEPARTMENT_REVIEWER, BUREAU_REVIEWER)

TABLE: tuple[Step, ...] = (
    Step("edit", UNIT, EDITABLE, None, "the version it is based on"),
    Step("submit", (UNIT_HEAD,), EDITABLE, SUBMITTED,
         "the version; a written explanation when errors remain neither fixed nor explained one by one (问题说明)"),
    Step("forward", (DEPARTMENT_REVIEWER,), (SUBMITTED,), DEPARTMENT_REVIEWED, "the version"),
    Step("return", (DEPARTMENT_REVIEWER,), (SUBMITTED,), RETURNED, "a reason"),
    Step("return", (BUREAU_REVIEWER,), (SUBMITTED, DEPARTMENT_REVIEWED, APPROVED), RETURNED, "a reason"),
    Step("approve", (BUREAU_REVIEWER,), REVIEW, APPROVED, "复核得分 and a reason"),
    Step("publish", (BUREAU_REVIEWER,), (APPROVED,), PUBLISHED, "(batchable)"),
    Step("comment", (*REVIEWERS, *UNIT), tuple(STATUSES), None, "a version, a field path and a text"),
)


def step_for(action: str, roles: set[str], state: str) -> Step | None:
    """The step that lets one of these roles take this action in this state."""
    for step in TABLE:
        if step.action == action and state in step.from_states and roles.intersection(step.roles):
            return step
    return None


def allowed_actions(roles: set[str], state: str) -> list[str]:
    """The actions open to these roles in this state, in the table's order."""
    out: list[str] = []
    for step in TABLE:
        if state in step.from_states and roles.intersection(step.roles) and step.action not in out:
            out.append(step.action)
    return out


def may_ever(action: str, roles: set[str]) -> bool:
    return any(step.action == action and roles.intersection(step.roles) for step in TABLE)


def markdown_table() -> str:
    """The table as docs/web.md shows it."""
    from jixiao.store.roles import ROLES

    lines = ["| action | roles | from | to | needs |", "|---|---|---|---|---|"]
    for step in TABLE:
        roles = ", ".join(f"`{r}` ({ROLES[r]})" for r in step.roles)
        states = ", ".join(f"{STATUSES[s]}" for s in step.from_states)
        to = STATUSES[step.to_state] if step.to_state else "(unchanged)"
        lines.append(f"| `{step.action}` ({ACTIONS[step.action]}) | {roles} | {states} | {to} | {step.needs} |")
    return "\n".join(lines) + "\n"
