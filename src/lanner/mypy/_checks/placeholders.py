"""Placeholders and `Path` parameters must match.

- A placeholder needs a `Path` parameter of its name (the handler's or a custom extractor's).
- With several paths, a `Path` parameter in some but not all of them needs a default.

A `Path` parameter missing from every path is left to build time: a Router prefix may
hold its placeholder.
"""

from __future__ import annotations

from lanner import _rules
from lanner._routing.template import PathTemplate
from lanner.mypy._route import Route


def check(route: Route) -> None:
    parsed = route.parsed_templates
    if not parsed:
        return
    chain = route.chain
    wires = {p.wire for p in chain.path_params}
    every_wire_known = chain.complete and None not in wires
    templates = [(raw, t) for raw, t in parsed if isinstance(t, PathTemplate)]
    for raw, template in templates:
        for placeholder in template.placeholders:
            if every_wire_known and placeholder.name not in wires:
                route.fail_route(f"{route.route_where(raw)} {_rules.placeholder_without_parameter(placeholder.name)}")
    if len(templates) != len(parsed) or len(templates) < 2:
        return
    reported: set[str] = set()
    for param in chain.path_params:
        wire = param.wire
        if wire is None or param.has_default or wire in reported:
            continue
        lacking = [raw for raw, t in templates if wire not in {p.name for p in t.placeholders}]
        if lacking and len(lacking) < len(templates):
            reported.add(wire)
            route.fail_route(f"{route.route_where(lacking[0])} {_rules.parameter_without_placeholder(wire)}")
