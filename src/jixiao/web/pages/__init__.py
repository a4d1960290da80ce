"""The browser pages: server-rendered Jinja2 templates with htmx, over the same service
functions as the JSON API. ``create_app`` includes ``routers`` and serves ``static/``."""

from __future__ import annotations

from jixiao.web.pages import admin, auth, dashboard, evaluations, jobs, public, workflow

routers = [auth.router, evaluations.router, workflow.router, jobs.router, public.router, dashboard.router,
           admin.router]
