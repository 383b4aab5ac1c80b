"""The return annotation picks the encoder: without one, lanner-return (mypy --strict adds
its own no-untyped-def)."""

from __future__ import annotations

from lanner import Query, get, post


@get("/untyped")
async def untyped():
    return "x"


@post("/half-typed")
def half_typed(limit: Query[int]):
    return limit


def mounted(prefix: str) -> None:
    @get(prefix + "/untyped")
    def not_a_literal_path():
        """The path is not a literal: the message says so, the check still runs."""
        return "x"
