"""Build the OpenAPI 3.1 document from the App's compiled routes.

Runs once (on first request of the document), from `RouteDoc`s the build step recorded:
what each route reads, what it can answer, with which statuses and headers. Schemas come
from `msgspec.json.schema_components`, so they match what lanner validates and encodes.
"""

from __future__ import annotations

import collections.abc
import inspect
import types
from collections.abc import Sequence
from typing import Any, Union, get_args, get_origin

import msgspec

from lanner._connection.upload import UploadFile
from lanner._errors import ErrorDetail, HTTPError
from lanner._extract.markers import Source
from lanner._extract.plan import MISSING, BodyParam, Param
from lanner._openapi.config import OpenAPIConfig
from lanner._respond.files import File
from lanner._respond.redirect import Redirect
from lanner._respond.response import Response
from lanner._respond.streams import ServerSentEvent, Stream
from lanner._respond.templates import Template
from lanner._respond.values import ResponseHeader, SetCookie

__all__ = ["RouteDoc", "build_document"]

JSON = "application/json"
MSGPACK = "application/vnd.msgpack"
BINARY = {"type": "string", "format": "binary"}


class RouteDoc(msgspec.Struct, frozen=True):
    """What the OpenAPI document needs of one route and method, recorded at build time."""

    method: str
    path: str
    """The template with converters removed: `/items/{item_id}`."""
    name: str
    params: tuple[Param, ...]
    body: BodyParam | None
    returns: object
    status: int
    media_types: tuple[str, ...]
    """What structured answers are sent as (more than one: negotiated from Accept)."""
    headers: tuple[ResponseHeader, ...] = ()
    cookies: tuple[SetCookie, ...] = ()
    failures: tuple[object, ...] = ()
    """`E` of every `Result[T, E]` its custom extractors return."""
    summary: str | None = None
    description: str | None = None
    tags: tuple[str, ...] = ()


class HTTPErrorDocument(msgspec.Struct, omit_defaults=True):
    """The JSON body of every error answer: `extra` only when the error has one."""

    status_code: int
    detail: str
    extra: Any = None  # any JSON value: Any, not object, whose schema msgspec cannot write


class ValidationErrorDocument(msgspec.Struct, omit_defaults=True):
    """The 400 answer: `errors` lists every problem with the request's inputs at once.

    A 400 that is not about one input (a malformed body, too many query parameters) has
    no `errors`.
    """

    status_code: int
    detail: str
    extra: Any = None
    errors: list[ErrorDetail] = []


class _Schemas:
    """Collects every type the document names, then asks msgspec for all schemas at once."""

    def __init__(self) -> None:
        self._types: list[object] = []
        self._schemas: tuple[dict[str, object], ...] = ()
        self.components: dict[str, object] = {}

    def want(self, tp: object) -> None:
        if not any(tp is known or tp == known for known in self._types):
            self._types.append(tp)

    def resolve(self) -> None:
        self._schemas, components = msgspec.json.schema_components(
            self._types, schema_hook=_schema_hook, ref_template="#/components/schemas/{name}"
        )
        self.components = {name: _tidy(schema) for name, schema in components.items()}

    def of(self, tp: object) -> dict[str, object]:
        for known, schema in zip(self._types, self._schemas, strict=True):
            if tp is known or tp == known:
                return schema
        raise KeyError(tp)


def _schema_hook(tp: type) -> dict[str, object]:
    if tp is UploadFile:
        return dict(BINARY)
    if tp is object:
        return {"description": "Any value"}
    # A type only a type_encoder knows: any value (msgspec takes an empty schema as "unknown").
    return {"title": tp.__name__}


def _tidy(schema: dict[str, Any]) -> dict[str, Any]:
    """A component whose description (a class docstring) is indented plainly, without doctests."""
    description = schema.get("description")
    if not isinstance(description, str):
        return schema
    paragraphs = inspect.cleandoc(description).split("\n\n")
    kept = [p for p in paragraphs if not p.lstrip().startswith(">>>")]
    return {**schema, "description": "\n\n".join(kept)} if kept else {k: v for k, v in schema.items() if k != "description"}


def build_document(config: OpenAPIConfig, routes: Sequence[RouteDoc]) -> dict[str, object]:
    """The OpenAPI 3.1 document for `routes`."""
    schemas = _Schemas()
    for route in routes:
        _collect(route, schemas)
    schemas.want(HTTPErrorDocument)
    schemas.want(ValidationErrorDocument)
    schemas.resolve()
    paths: dict[str, dict[str, object]] = {}
    taken: set[str] = set()
    for route in routes:
        paths.setdefault(route.path, {})[route.method.lower()] = _operation(route, schemas, taken)
    info: dict[str, object] = {"title": config.title, "version": config.version}
    if config.description:
        info["description"] = config.description
    document: dict[str, object] = {"openapi": "3.1.0", "info": info, "paths": paths}
    if config.servers:
        document["servers"] = [{"url": url} for url in config.servers]
    document["components"] = {"schemas": schemas.components}
    return document


def _collect(route: RouteDoc, schemas: _Schemas) -> None:
    for param in route.params:
        if param.source is not Source.STATE:
            schemas.want(param.annotation)
    if route.body is not None and route.body.source is not Source.BODY_STREAM:
        schemas.want(route.body.annotation)
    for content in _contents(route.returns):
        schemas.want(content)


def _contents(annotation: object) -> list[object]:
    """The types a return annotation can send as JSON/MessagePack (as `pick_encoder` reads it)."""
    if annotation is None or annotation is type(None) or annotation is MISSING:
        return []
    origin = get_origin(annotation) or annotation
    if origin is Response:
        args = get_args(annotation)
        return _contents(args[0]) if args else []
    if _is_result(origin) or _is_maybe(origin):
        return _contents(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        values, data = _split(annotation)
        found = [c for value in values for c in _contents(value)]
        if len(data) == 1:
            found.extend(_contents(data[0]))
        elif data:
            found.append(_union(data))  # several data types: sent as one structured value
        return found
    if _is_value(annotation):
        return []
    if origin is collections.abc.Callable or annotation in (str, bytes):
        return []
    return [annotation]


_VALUES = (Response, Redirect, File, Stream, ServerSentEvent, Template)


def _is_value(tp: object) -> bool:
    """A response value or an `HTTPError`: answered as itself, not encoded as data."""
    origin = get_origin(tp) or tp
    return isinstance(origin, type) and (issubclass(origin, HTTPError) or origin in _VALUES)


def _split(union: object) -> tuple[list[object], list[object]]:
    """A union's response values and errors, and its data members (encoded together)."""
    members = get_args(union)
    return [m for m in members if _is_value(m)], [m for m in members if not _is_value(m)]


def _union(members: list[object]) -> object:
    return members[0] if len(members) == 1 else Union[tuple(members)]  # noqa: UP007  # built from runtime parts


def _is_result(origin: object) -> bool:
    return getattr(origin, "__module__", "") == "returns.result" and getattr(origin, "__name__", "") == "Result"


def _is_maybe(origin: object) -> bool:
    return getattr(origin, "__module__", "") == "returns.maybe" and getattr(origin, "__name__", "") == "Maybe"


def _operation(route: RouteDoc, schemas: _Schemas, taken: set[str]) -> dict[str, object]:
    operation: dict[str, object] = {"operationId": _operation_id(route, taken)}
    if route.summary:
        operation["summary"] = route.summary
    if route.description:
        operation["description"] = route.description
    if route.tags:
        operation["tags"] = list(route.tags)
    parameters = [_parameter(param, schemas) for param in route.params if param.source is not Source.STATE]
    if parameters:
        operation["parameters"] = parameters
    if route.body is not None:
        operation["requestBody"] = _request_body(route.body, schemas)
    operation["responses"] = _responses(route, schemas)
    return operation


def _operation_id(route: RouteDoc, taken: set[str]) -> str:
    # The handler's name; a second route of the same handler adds its method, then a number.
    candidate = route.name
    if candidate in taken:
        candidate = f"{route.name}_{route.method.lower()}"
    number = 2
    while candidate in taken:
        candidate, number = f"{route.name}_{route.method.lower()}_{number}", number + 1
    taken.add(candidate)
    return candidate


def _parameter(param: Param, schemas: _Schemas) -> dict[str, object]:
    schema = dict(schemas.of(param.annotation))
    required = param.source is Source.PATH or param.required
    if not required and param.default is not None and _encodable(param.default):
        schema["default"] = msgspec.json.decode(msgspec.json.encode(param.default))
    entry: dict[str, object] = {"name": param.wire, "in": param.source.value, "required": required, "schema": schema}
    if param.many and param.source is Source.QUERY:
        entry["style"], entry["explode"] = "form", True
    return entry


def _encodable(value: object) -> bool:
    try:
        msgspec.json.encode(value)
    except (TypeError, ValueError):
        return False
    return True


def _request_body(body: BodyParam, schemas: _Schemas) -> dict[str, object]:
    if body.source is Source.BODY_STREAM or body.annotation is bytes:
        content: dict[str, object] = {"application/octet-stream": {"schema": BINARY}}
    elif body.source is Source.FORM:
        schema = schemas.of(body.annotation)
        content = {"application/x-www-form-urlencoded": {"schema": schema}, "multipart/form-data": {"schema": schema}}
    else:
        schema = schemas.of(body.annotation)
        content = {JSON: {"schema": schema}, MSGPACK: {"schema": schema}}
    return {"required": True, "content": content}


_ERROR = {"$ref": "#/components/schemas/HTTPErrorDocument"}
_VALIDATION = {"$ref": "#/components/schemas/ValidationErrorDocument"}


class _Responses:
    """The responses of one operation, by status; what lands on one status is merged."""

    def __init__(self, route: RouteDoc) -> None:
        self.route = route
        self._descriptions: dict[str, list[str]] = {}
        self._content: dict[str, dict[str, object]] = {}
        self._headers: dict[str, dict[str, object]] = {}

    def add(
        self,
        status: str,
        description: str,
        content: dict[str, object] | None = None,
        *,
        success: bool = False,
        headers: dict[str, object] | None = None,
    ) -> None:
        """Document `status` (a media type -> schema `content`); a second answer on it is merged.

        A `success` answer carries the route's layered headers and cookies.
        """
        descriptions = self._descriptions.setdefault(status, [])
        if description not in descriptions:
            descriptions.append(description)
        known = self._content.setdefault(status, {})
        for media, schema in (content or {}).items():
            known[media] = _either(known[media], schema) if media in known else schema
        if success:
            headers = {**_headers(self.route), **(headers or {})}
        if headers:
            self._headers.setdefault(status, {}).update(headers)

    def error(self, status: str, description: str) -> None:
        """An error document on `status` (400: the validation document)."""
        self.add(status, description, {JSON: _VALIDATION if status == "400" else _ERROR})

    def render(self) -> dict[str, object]:
        rendered: dict[str, object] = {}
        for status in sorted(self._descriptions):
            descriptions = self._descriptions[status]
            response: dict[str, object] = {
                "description": descriptions[0] if len(descriptions) == 1 else "\n".join(f"- {d}" for d in descriptions)
            }
            if self._content[status]:
                response["content"] = {media: {"schema": schema} for media, schema in self._content[status].items()}
            if status in self._headers:
                response["headers"] = self._headers[status]
            rendered[status] = response
        return rendered


def _either(known: object, new: object) -> object:
    """One schema for two answers on one status and media type."""
    if known == new:
        return known
    if (known, new) in ((_VALIDATION, _ERROR), (_ERROR, _VALIDATION)):
        return _VALIDATION  # the validation document is the error document with `errors`
    alternatives = list(known["anyOf"]) if isinstance(known, dict) and set(known) == {"anyOf"} else [known]
    if new not in alternatives:
        alternatives.append(new)
    return {"anyOf": alternatives}


def _responses(route: RouteDoc, schemas: _Schemas) -> dict[str, object]:
    out = _Responses(route)
    _answers(route.returns, route, schemas, out)
    for failure in route.failures:
        _failures(failure, out)
    reads_input = any(p.source is not Source.STATE for p in route.params) or route.body is not None
    if reads_input:
        out.error("400", "The request's input is invalid")
    if route.body is not None:
        out.error("413", "The body is over the size limit")
        if route.body.source is not Source.BODY_STREAM and route.body.annotation is not bytes:
            out.error("415", "The body's content type is not one this route reads")
    if len(route.media_types) > 1:
        out.error("406", "No media type the client accepts is available")
    if route.method == "GET" and any(h.name.lower() == "etag" and not h.documentation_only for h in route.headers):
        out.add("304", _NOT_MODIFIED)
    return out.render()


_NOT_MODIFIED = "Not modified: the client's copy (`If-None-Match`) is current"


def _answers(annotation: object, route: RouteDoc, schemas: _Schemas, out: _Responses) -> None:
    """Add the responses `annotation` can produce with the route's status."""
    status = str(route.status)
    origin = get_origin(annotation) or annotation
    if annotation is None or annotation is type(None):
        out.add(status, "No content", success=True)
    elif origin is Response:
        args = get_args(annotation)
        _answers(args[0] if args else object, route, schemas, out)
    elif _is_result(origin):
        success, failure = get_args(annotation)
        _answers(success, route, schemas, out)
        _failures(failure, out)
    elif _is_maybe(origin):
        _answers(get_args(annotation)[0], route, schemas, out)
        out.error("404", "Nothing found")
    elif origin in (Union, types.UnionType):
        values, data = _split(annotation)
        for value in values:
            _answers(value, route, schemas, out)
        if len(data) == 1:
            _answers(data[0], route, schemas, out)
        elif data:
            _structured(_union(data), route, schemas, out)
    elif isinstance(origin, type) and issubclass(origin, HTTPError):
        _failures(origin, out)
    elif origin is Redirect:
        out.add("3XX", "A redirect", headers={"Location": {"schema": {"type": "string"}}})
    elif origin is File:
        out.add(status, "The file", {"application/octet-stream": BINARY}, success=True)
        out.add("206", "Part of the file (a Range request)")
        out.add("304", _NOT_MODIFIED)
        out.error("404", "No such file")
        out.add("416", "The requested range is not in the file")
    elif origin is Stream:
        out.add(status, "A stream", {"application/octet-stream": BINARY}, success=True)
    elif origin is ServerSentEvent:
        out.add(status, "Server-sent events", {"text/event-stream": {"type": "string"}}, success=True)
    elif origin is Template:
        out.add(status, "An HTML page", {"text/html": {"type": "string"}}, success=True)
    elif annotation is str:
        media = route.media_types[0] if route.media_types else "text/plain"
        out.add(status, "Text", {media: {"type": "string"}}, success=True)
    elif annotation is bytes:
        media = route.media_types[0] if route.media_types else "application/octet-stream"
        out.add(status, "Bytes", {media: BINARY}, success=True)
    elif origin is collections.abc.Callable:
        out.add("default", "Answered by an ASGI application")
    elif annotation is object:
        out.add(status, "Any value", {m: {} for m in route.media_types or (JSON,)}, success=True)
    else:
        _structured(annotation, route, schemas, out)


def _structured(annotation: object, route: RouteDoc, schemas: _Schemas, out: _Responses) -> None:
    schema = schemas.of(annotation)
    out.add(str(route.status), "Success", {m: schema for m in route.media_types or (JSON,)}, success=True)


def _failures(failure: object, out: _Responses) -> None:
    """Add a response for each error class in a `Result`'s failure type."""
    members = get_args(failure) if get_origin(failure) in (Union, types.UnionType) else (failure,)
    for member in members:
        if isinstance(member, type) and issubclass(member, HTTPError):
            status = getattr(member, "default_status", None)
            key = str(status) if isinstance(status, int) and member is not HTTPError else "default"
            out.error(key, _first_line(member.__doc__) or member.__name__)
        else:
            out.add("default", "A failure answered by the handler's Response")


def _first_line(text: str | None) -> str:
    return (text or "").strip().splitlines()[0] if text and text.strip() else ""


def _headers(route: RouteDoc) -> dict[str, object]:
    """The layered headers and cookies of a route's successful answers."""
    headers: dict[str, object] = {}
    for header in route.headers:
        entry: dict[str, object] = {"schema": {"type": "string"}}
        if header.description:
            entry["description"] = header.description
        if header.value is not None and not header.documentation_only:
            entry["example"] = header.value
        headers[header.name] = entry
    if route.cookies:
        names = ", ".join(
            f"`{cookie.key}` ({cookie.description})" if cookie.description else f"`{cookie.key}`"
            for cookie in route.cookies
        )
        headers["Set-Cookie"] = {"schema": {"type": "string"}, "description": f"Sets the cookies {names}"}
    return headers
