"""The full names the plugin keys on, where lanner *defines* them (not its re-exports)."""

from __future__ import annotations

from typing import Final

_DECORATORS: Final = "lanner._routing.decorators"
_MARKERS: Final = "lanner._extract.markers"

ROUTE_FACTORIES: Final[dict[str, tuple[str, ...] | None]] = {
    f"{_DECORATORS}.get": ("GET",),
    f"{_DECORATORS}.post": ("POST",),
    f"{_DECORATORS}.put": ("PUT",),
    f"{_DECORATORS}.patch": ("PATCH",),
    f"{_DECORATORS}.delete": ("DELETE",),
    f"{_DECORATORS}.head": ("HEAD",),
    f"{_DECORATORS}.options": ("OPTIONS",),
    f"{_DECORATORS}.route": None,  # the methods are its `methods` argument
}
"""Each route decorator factory and the methods its routes answer."""

ROUTE_DECORATOR_CALL: Final = f"{_DECORATORS}.RouteDecorator.__call__"

EXTRACTOR_ALIASES: Final = {
    f"{_MARKERS}.Path": "Path",
    f"{_MARKERS}.Query": "Query",
    f"{_MARKERS}.Header": "Header",
    f"{_MARKERS}.Cookie": "Cookie",
    f"{_MARKERS}.Body": "Body",
    f"{_MARKERS}.Form": "Form",
    f"{_MARKERS}.BodyStream": "BodyStream",
    f"{_MARKERS}.State": "State",
}
"""The `Annotated` aliases and the source each reads."""

SOURCE_MARKERS: Final = {
    f"{_MARKERS}.PATH": "Path",
    f"{_MARKERS}.QUERY": "Query",
    f"{_MARKERS}.HEADER": "Header",
    f"{_MARKERS}.COOKIE": "Cookie",
    f"{_MARKERS}.BODY": "Body",
    f"{_MARKERS}.FORM": "Form",
    f"{_MARKERS}.BODY_STREAM": "BodyStream",
    f"{_MARKERS}.STATE": "State",
}
"""The markers behind the aliases, for `Annotated[int, PATH]` written out."""

BODY_SOURCES: Final = frozenset({"Body", "Form", "BodyStream"})

EXTRACT: Final = f"{_MARKERS}.Extract"
ALIAS: Final = f"{_MARKERS}.Alias"
ANNOTATED: Final = frozenset({"typing.Annotated", "typing_extensions.Annotated"})
LITERAL: Final = frozenset({"typing.Literal", "typing_extensions.Literal"})

RESPONSE: Final = "lanner._respond.response.Response"
REDIRECT: Final = "lanner._respond.redirect.Redirect"
HTTP_ERROR: Final = "lanner._errors.HTTPError"
RESULT: Final = "returns.result.Result"
MAYBE: Final = "returns.maybe.Maybe"
COROUTINE: Final = "typing.Coroutine"

LANNER: Final = "lanner."
"""lanner's own classes (Request, File, Stream, Redirect, ...) are taken as they are."""
