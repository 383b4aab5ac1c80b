"""A handler whose status carries no body (204, 304; DELETE answers 204 by default) must
not return content."""

from __future__ import annotations

from lanner import _rules
from lanner.mypy import _types
from lanner.mypy._route import Route, Unknown


def check(route: Route) -> None:
    handler = route.handler
    returned = _types.returned(handler.defn, handler.type)
    if returned is None or route.methods is None or isinstance(route.status_code, Unknown):
        return
    if not _types.has_body(returned):
        return
    for method in route.methods:
        status = route.status_code or _rules.default_status(method)
        if status in _rules.NO_BODY_STATUSES:
            route.fail_return(f"{route.method_where(method)} {_rules.body_with_empty_status(route.show(returned), status)}")
            return
