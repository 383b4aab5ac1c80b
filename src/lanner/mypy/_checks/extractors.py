"""`Annotated[T, Extract(fn)]`: what `fn` injects (its return type, after `Awaitable`,
generators and `Result[T, E]`) must be a `T`."""

from __future__ import annotations

from lanner.mypy._route import Route


def check(route: Route) -> None:
    for kind, message in route.chain.problems:
        if kind == "injects":
            route.fail_route(f"{route.where()} {message}")
