"""An explicit converter must agree with the `Path[T]` type: `{id:int}` with `Path[UUID]`
is refused. The rule is the runtime's own `agrees`."""

from __future__ import annotations

from lanner import _rules
from lanner._routing.converters import agrees, natural_converter
from lanner._routing.template import PathTemplate
from lanner.mypy import _types
from lanner.mypy._route import Route


def check(route: Route) -> None:
    for raw, template in route.parsed_templates or ():
        if not isinstance(template, PathTemplate):
            continue
        for placeholder in template.placeholders:
            converter = placeholder.converter
            if converter is None:
                continue
            for param in route.chain.path_params:
                if param.wire != placeholder.name or param.inner is None:
                    continue
                stand_in = _types.runtime_stand_in(param.inner)
                if stand_in is None or agrees(converter, stand_in):
                    continue
                declared = route.show(_types.strip_optional(param.inner))
                message = _rules.converter_disagrees(placeholder.name, converter, declared, natural_converter(stand_in))
                route.fail_route(f"{route.route_where(raw)} {message}")
                break
