"""At most one body extractor (`Body`, `Form`, `BodyStream`), counting those of the custom
extractors the handler reads through."""

from __future__ import annotations

from lanner import _rules
from lanner.mypy._route import Route


def check(route: Route) -> None:
    bodies = route.chain.bodies
    if len(bodies) > 1:
        (first, first_owner), (second, second_owner) = bodies[0], bodies[1]
        route.fail_route(f"{route.where()} {_rules.body_read_twice(first, first_owner, second, second_owner)}")
