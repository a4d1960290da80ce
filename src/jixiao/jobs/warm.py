"""Imported by the reading children's fork server (:func:`jixiao.jobs.batch.prepare_children`):
importing it loads the checks and parses the usual frameworks once, so that every child
forked from the server starts with them."""

from __future__ import annotations

import jixiao.jobs.batch
import jixiao.readers.load  # noqa: F401
from jixiao.audit.runner import warm_up

warm_up()
