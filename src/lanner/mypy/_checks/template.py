"""A template the runtime's parser refuses: unbalanced braces, an unknown converter, a
placeholder twice, a placeholder that is not a whole segment, `path` not last."""

from __future__ import annotations

from lanner._routing.template import TemplateError
from lanner.mypy._route import Route


def check(route: Route) -> None:
    for raw, parsed in route.parsed_templates or ():
        if isinstance(parsed, TemplateError):
            route.fail_route(f"{route.route_where(raw)}: {parsed}")
