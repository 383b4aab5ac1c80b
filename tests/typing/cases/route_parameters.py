"""Every parameter must be an extractor: the handler's and its custom extractors'."""

from __future__ import annotations

from typing import Annotated, Any

from lanner import Extract, Query, Request, State, get


@get("/plain")
async def plain(limit: int) -> int:
    return limit


@get("/untyped")
async def untyped(limit) -> int:  # type: ignore[no-untyped-def]  # the mistake under test
    return 0


@get("/star")
async def star(*names: Query[str]) -> int:
    return 0


def bad_extractor(limit: int) -> int:
    return limit


@get("/custom")
async def custom(value: Annotated[int, Extract(bad_extractor)]) -> int:
    return value


def deeper(value: Annotated[int, Extract(bad_extractor)]) -> int:
    return value


@get("/deeper")
async def two_levels(value: Annotated[int, Extract(deeper)]) -> int:
    return value


@get("/fine")
async def fine(request: Request, q: Query[int] | None = None, db: State[dict[str, int]] = {}) -> int:
    """Correct: extractors, the request, an optional extractor."""
    return 0


Limit = Annotated[int, "a note"]


@get("/left-to-build-time")
async def left_to_build_time(odd: Limit = 0, anything: Any = None) -> int:
    """Not reported: `Annotated` without a marker, and `Any`, which may come from anywhere
    (build time refuses both)."""
    return 0


class Handlers:
    @get("/method")
    async def method(self, limit: Query[int]) -> int:
        return limit
