"""The return annotation picks the response encoder, so it must be written."""

from __future__ import annotations

from lanner import _rules
from lanner.mypy import _types
from lanner.mypy._route import Route


def check(route: Route) -> None:
    handler = route.handler
    if route.methods and _types.returned(handler.defn, handler.type) is None:
        route.fail_return(f"{route.method_where(route.methods[0])} {_rules.missing_return_annotation()}")
