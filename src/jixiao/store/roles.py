"""Roles and the caller: who is asking, with which roles, at which organisations.

A membership gives a role at an organisation and everything under it (a path prefix), so
a 主管部门审核人 at a department acts on its units, a 财政审核人 at the bureau on all."""

from __future__ import annotations

from dataclasses import dataclass

FILLER, UNIT_HEAD, DEPARTMENT_REVIEWER, BUREAU_REVIEWER, ADMIN = (
    "filler", "unit-head", "department-reviewer", "bureau-reviewer", "admin")

ROLES: dict[str, str] = {
    FILLER: "填报人",
    UNIT_HEAD: "单位负责人",
    DEPARTMENT_REVIEWER: "主管部门审核人",
    BUREAU_REVIEWER: "财政审核人",
    ADMIN: "管理员",
}

# The organisation kind each role is held at.
ROLE_ORGANISATION_KIND = {
    FILLER: "unit", UNIT_HEAD: "unit", DEPARTMENT_REVIEWER: "department",
    BUREAU_REVIEWER: "bureau", ADMIN: "bureau",
}

ORGANISATION_KINDS = {"bureau": "财政局", "department": "主管部门", "unit": "单位"}


@dataclass(frozen=True)
class Grant:
    organisation_id: int
    path: str  # the organisation's path, "/1/4/"
    role: str


@dataclass(frozen=True)
class Caller:
    user_id: int | None
    username: str
    grants: tuple[Grant, ...] = ()
    address: str = ""
    via: str = "session"  # session | token
    csrf_token: str = ""

    def roles_at(self, path: str) -> set[str]:
        """The roles that apply at the organisation with this path."""
        return {g.role for g in self.grants if path.startswith(g.path)}

    def paths(self) -> list[str]:
        return sorted({g.path for g in self.grants})

    def paths_with(self, *roles: str) -> list[str]:
        return sorted({g.path for g in self.grants if g.role in roles})

    @property
    def roles(self) -> set[str]:
        return {g.role for g in self.grants}


ANONYMOUS = Caller(None, "")
