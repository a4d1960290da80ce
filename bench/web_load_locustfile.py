"""The people of a province at work, for locust (run by ``bench/web_load.py``).

On the database ``jixiao db demo --units 5000 --years 5`` writes, each simulated person
signs in through the login form as a real demonstration user and then works as that role
does, waiting 1–3 s between clicks (a person reading the page):

- 财政审核人 (bureau reviewers): the year's dashboard and its JSON twin (when the
  application has them), the evaluation list paged and filtered by year and status, an
  evaluation from it, the review queue;
- 主管部门审核人 (department reviewers): their department's list and review queue;
- 填报人 (fillers) of units whose latest evaluation is still editable: their list, their
  evaluation's page, and saving one field as the page does (htmx POST with the CSRF
  token), alternating two values of 附件3 年度资金总额·得分.

Request names group the measurements: ``dashboard``, ``evaluation list``, ``save a field``
and the rest."""

from __future__ import annotations

import itertools
import json
import os
import random
import re
from typing import Any

import gevent
from locust import HttpUser, between, events, task

PASSWORD = "jixiao-demo"
UNITS = int(os.environ.get("JIXIAO_LOAD_UNITS", "5000"))
LATEST_YEAR = int(os.environ.get("JIXIAO_LOAD_YEAR", "2023"))
YEARS = [LATEST_YEAR - n for n in range(int(os.environ.get("JIXIAO_LOAD_YEARS", "5")))]
STATUSES = ["", "draft", "submitted", "department-reviewed", "approved", "published", "returned"]
SAVE_FIELD = "/self_evaluation/funds/score"
DASHBOARD = os.environ.get("JIXIAO_LOAD_DASHBOARD", "") == "1"

_numbers = itertools.count()
_filler_units = itertools.count()
LINK = re.compile(r'<a href="/evaluations/(\d+)(?:/review)?">')
CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')
VERSION = re.compile(r'id="base-version" name="version" value="(\d+)"')


FILLERS: list[tuple[str, int]] = [(u, int(e)) for u, e in json.loads(os.environ.get("JIXIAO_LOAD_FILLERS", "[]"))]
WARMUP = float(os.environ.get("JIXIAO_LOAD_WARMUP", "15"))


@events.test_start.add_listener
def _warm_up(environment: Any, **_kw: Any) -> None:
    """Sign-ins and first page loads happen in the warm-up; the figures count from its end."""
    if WARMUP > 0 and environment.runner is not None:
        gevent.spawn_later(WARMUP, environment.runner.stats.reset_all)


class Person(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    username = ""
    csrf = ""

    def sign_in(self, username: str) -> bool:
        self.username = username
        with self.client.post("/login", data={"username": username, "password": PASSWORD, "next": "/evaluations"},
                              name="sign in", catch_response=True) as answer:
            found = CSRF.search(answer.text)
            if answer.status_code != 200 or found is None:
                answer.failure(f"sign-in as {username}: {answer.status_code}")
                return False
            self.csrf = found.group(1)
        return True

    def evaluation_list(self, **query: Any) -> str:
        params = {k: v for k, v in query.items() if v not in ("", None)}
        with self.client.get("/evaluations", params=params, name="evaluation list", catch_response=True) as answer:
            if answer.status_code != 200 or "<table" not in answer.text:
                answer.failure(f"list answered {answer.status_code}")
            return answer.text


class BureauReviewer(Person):
    fixed_count = 10

    def on_start(self) -> None:
        self.sign_in(f"bureau-reviewer-{next(_numbers) % 3 + 1}")

    @task(4)
    def browse_list(self) -> None:
        year = random.choice(["", *YEARS])
        status = random.choice(STATUSES)
        page = random.choice([1, 1, 1, 2, 3, random.randint(1, 40)])
        text = self.evaluation_list(year=year, status=status, page=page if page > 1 else "")
        ids = LINK.findall(text)
        if ids and random.random() < 0.3:
            self.client.get(f"/evaluations/{random.choice(ids)}", name="evaluation page")

    @task(1)
    def review_queue(self) -> None:
        self.client.get("/review", name="review queue")

    @task(3)
    def dashboard(self) -> None:
        if not DASHBOARD:
            return
        year = random.choice(YEARS)
        self.client.get(f"/dashboard?year={year}", name="dashboard")
        if random.random() < 0.3:
            self.client.get(f"/api/v1/dashboard?year={year}", name="dashboard (JSON)")


class DepartmentReviewer(Person):
    fixed_count = 10

    def on_start(self) -> None:
        departments = max(1, (UNITS + 39) // 40)
        self.sign_in(f"dept-{next(_numbers) * 7 % departments + 1:03d}")

    @task(3)
    def browse_list(self) -> None:
        self.evaluation_list(year=random.choice(["", LATEST_YEAR]), page=random.choice(["", 2, 3]))

    @task(1)
    def review_queue(self) -> None:
        self.client.get("/review", name="review queue")


class Filler(Person):
    """A unit's filler at work on the latest year's draft (or returned) evaluation; each
    filler has a unit of its own (``bench/web_load.py`` lists them), so saves never meet."""

    fixed_count = 30
    evaluation = 0
    version = 0
    values = ("9", "9.5")

    def on_start(self) -> None:
        username, self.evaluation = FILLERS[next(_filler_units) % len(FILLERS)]
        self.sign_in(username)
        self.open_page()

    def open_page(self) -> None:
        answer = self.client.get(f"/evaluations/{self.evaluation}", name="evaluation page")
        found = VERSION.search(answer.text)
        if found:
            self.version = int(found.group(1))

    @task(6)
    def save_a_field(self) -> None:
        value = self.values[self.version % 2]
        with self.client.post(f"/evaluations/{self.evaluation}/field", name="save a field", catch_response=True,
                              headers={"X-CSRF-Token": self.csrf, "HX-Request": "true"},
                              data={"field": SAVE_FIELD, SAVE_FIELD: value, "version": str(self.version),
                                    "tab": "self"}) as answer:
            found = re.search(r'id="base-version" name="version" value="(\d+)"', answer.text)
            if answer.status_code != 200 or found is None:
                answer.failure(f"save answered {answer.status_code}")
                self.open_page()
                return
            self.version = int(found.group(1))

    @task(2)
    def own_page(self) -> None:
        self.open_page()

    @task(1)
    def own_list(self) -> None:
        self.evaluation_list()
