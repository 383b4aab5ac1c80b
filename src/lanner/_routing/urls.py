"""`url_for`: the path of a named route, its placeholders filled with checked, quoted values."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Mapping, Sequence, Set
from urllib.parse import quote

from lanner._routing.template import PathTemplate, Placeholder

NamedRoutes = Mapping[str, Sequence[tuple[PathTemplate, tuple[str, ...]]]]
"""Route name to each of its templates, with the converter of each placeholder."""


def path_for(
    routes: NamedRoutes, name: str, params: Mapping[str, object], ambiguous: Set[str] = frozenset()
) -> str:
    """The path of route `name` whose placeholders are exactly `params`.

    Raises `LookupError` for an unknown name or when no template of the route takes these
    parameters, and `TypeError`/`ValueError` for a value its converter cannot carry.
    """
    if name in ambiguous:
        raise LookupError(
            f'several handlers are called "{name}"; give the one you mean name="..." and ask for that'
        )
    templates = routes.get(name)
    if templates is None:
        known = ", ".join(sorted(routes)) or "none"
        raise LookupError(f'no route is named "{name}"; the named routes are: {known}')
    given = set(params)
    for template, converters in templates:
        if {p.name for p in template.placeholders} == given:
            return _fill(template, converters, params)
    wanted = " or ".join(
        "(" + ", ".join(p.name for p in template.placeholders) + ")" for template, _ in templates
    )
    raise LookupError(
        f'route "{name}" takes path parameters {wanted}; got ({", ".join(sorted(given))})'
    )


def _fill(template: PathTemplate, converters: tuple[str, ...], params: Mapping[str, object]) -> str:
    kinds = iter(converters)
    parts: list[str] = []
    for segment in template.segments:
        if isinstance(segment, Placeholder):
            parts.append(_format(segment.name, next(kinds), params[segment.name], template.raw))
        else:
            parts.append(quote(segment, safe=""))
    return "/" + "/".join(parts)


def _format(name: str, converter: str, value: object, template: str) -> str:
    text: str
    if converter == "int" and type(value) is int:
        text = str(value)
    elif converter == "float" and type(value) in (int, float):
        text = repr(float(value))  # type: ignore[arg-type]  # int or float, checked above
    elif converter == "uuid" and isinstance(value, uuid.UUID):
        text = str(value)
    elif converter == "date" and type(value) is datetime.date:
        text = value.isoformat()
    elif converter in ("str", "path") and isinstance(value, str) and (value or converter == "path"):
        text = value
    else:
        raise TypeError(
            f'path parameter "{name}" of {template} takes {_KINDS[converter]}, got {value!r}'
        )
    return quote(text, safe="/" if converter == "path" else "")


_KINDS = {
    "int": "an int",
    "float": "a float",
    "uuid": "a UUID",
    "date": "a datetime.date",
    "str": "a non-empty str",
    "path": "a str",
}
