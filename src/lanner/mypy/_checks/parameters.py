"""Every parameter, of the handler and of its custom extractors, must be an extractor:
not a plain type, not unannotated, not `*args`/`**kwargs`."""

from __future__ import annotations

from lanner.mypy._route import Route


def check(route: Route) -> None:
    for kind, message in route.chain.problems:
        if kind == "parameter":
            route.fail_route(f"{route.where()} {message}")
