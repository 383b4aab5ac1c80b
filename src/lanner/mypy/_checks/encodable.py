"""The return type must be something lanner can send: msgspec-encodable, `str`/`bytes`/
`None`, a response value (`Response`, `Redirect`, `Stream`, an `HTTPError`, an ASGI app,
`Result`/`Maybe` of these), or a class a `type_encoders` entry covers: the handler's own
(a literal `{Class: fn}`) or one named in the plugin's config for the App's and Routers'."""

from __future__ import annotations

from lanner import _rules
from lanner.mypy import _types
from lanner.mypy._route import Route


def check(route: Route) -> None:
    handler = route.handler
    returned = _types.returned(handler.defn, handler.type)
    if returned is None or route.type_encoders is None or not route.methods:
        return
    found = _types.unencodable(returned, route.type_encoders)
    if found is not None:
        message = _rules.unencodable(route.show(found.content), found.unknown)
        route.fail_return(f"{route.method_where(route.methods[0])} {message}")
