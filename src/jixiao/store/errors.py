"""What a store operation refuses, with the HTTP status the web answers and a message in
Chinese for the person who asked."""

from __future__ import annotations

from typing import Any


class StoreError(Exception):
    status = 400

    def __init__(self, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra


class NotFound(StoreError):
    """Also what a caller gets for a row outside its scope: whether it exists is not told."""

    status = 404


class Forbidden(StoreError):
    status = 403


class Conflict(StoreError):
    """A write based on a version that is no longer the current one."""

    status = 409


class Invalid(StoreError):
    status = 422
