"""A route that returns a `Redirect` and sets its own `status_code` must set a redirect
status (301, 302, 303, 307, 308). (`Redirect("/x", status_code=200)` itself is caught by
mypy's own check: its `status_code` is a `Literal` of those five.)"""

from __future__ import annotations

from mypy.types import Instance, get_proper_type

from lanner import _rules
from lanner.mypy import _names, _types
from lanner.mypy._route import Route


def check(route: Route) -> None:
    handler = route.handler
    returned = _types.returned(handler.defn, handler.type)
    status = route.status_code
    if returned is None or not isinstance(status, int) or not route.methods:
        return
    proper = get_proper_type(returned)
    if not (isinstance(proper, Instance) and proper.type.fullname == _names.REDIRECT):
        return  # in a union, the route's status is for the content: a Redirect keeps its own
    if status not in _rules.REDIRECT_STATUSES:
        route.fail_return(f"{route.method_where(route.methods[0])} {_rules.redirect_status(status)}")
