"""Build the OpenAPI 3.1 document from the App's compiled routes.

Runs once (on first request of the document), from `RouteDoc`s the build step recorded:
what each route reads, what it can answer, with which statuses and headers. Schemas come
from `msgspec.json.schema_components`, so they match what lanner validates and encodes.
"""

from __future__ import annotations

import collections.abc
import types
from collections.abc import Sequence
from typing import Union, get_args, get_origin

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
    """The JSON body of every error answer."""

    status_code: int
    detail: str
    extra: object = None


class ValidationErrorDocument(msgspec.Struct):
    """The 400 answer to invalid input: every problem at once."""

    status_code: int
    detail: str
    errors: list[ErrorDetail]


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
        self._schemas, self.components = msgspec.json.schema_components(
            self._types, schema_hook=_schema_hook, ref_template="#/components/schemas/{name}"
        )

    def of(self, tp: object) -> dict[str, object]:
        for known, schema in zip(self._types, self._schemas, strict=True):
            if tp is known or tp == known:
                return schema
        raise KeyError(tp)


def _schema_hook(tp: type) -> dict[str, object]:
    if tp is UploadFile:
        return dict(BINARY)
    # A type only a type_encoder knows: any value (msgspec takes an empty schema as "unknown").
    return {"title": tp.__name__}


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
    """The content types a return annotation can send as JSON/MessagePack."""
    if annotation is None or annotation is type(None) or annotation is MISSING:
        return []
    origin = get_origin(annotation) or annotation
    if origin is Response:
        args = get_args(annotation)
        return _contents(args[0]) if args else []
    if _is_result(origin) or _is_maybe(origin):
        return _contents(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        return [c for member in get_args(annotation) for c in _contents(member)]
    if isinstance(origin, type) and (issubclass(origin, HTTPError) or origin in _SPECIAL):
        return []
    if origin is collections.abc.Callable or annotation in (str, bytes):
        return []
    return [annotation]


_SPECIAL = (Redirect, File, Stream, ServerSentEvent, Template)


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


def _error_response(description: str, validation: bool = False) -> dict[str, object]:
    name = "ValidationErrorDocument" if validation else "HTTPErrorDocument"
    return {"description": description, "content": {JSON: {"schema": {"$ref": f"#/components/schemas/{name}"}}}}


def _responses(route: RouteDoc, schemas: _Schemas) -> dict[str, object]:
    responses: dict[str, object] = {}
    _answers(route.returns, route, schemas, responses)
    for failure in route.failures:
        _failures(failure, responses)
    reads_input = any(p.source is not Source.STATE for p in route.params) or route.body is not None
    if reads_input:
        responses.setdefault("400", _error_response("The request's input is invalid", validation=True))
    if route.body is not None:
        responses.setdefault("413", _error_response("The body is over the size limit"))
        if route.body.source is not Source.BODY_STREAM and route.body.annotation is not bytes:
            responses.setdefault("415", _error_response("The body's content type is not one this route reads"))
    if len(route.media_types) > 1:
        responses.setdefault("406", _error_response("No media type the client accepts is available"))
    return dict(sorted(responses.items()))


def _answers(annotation: object, route: RouteDoc, schemas: _Schemas, out: dict[str, object]) -> None:
    """Add the responses `annotation` can produce with the route's status."""
    status = str(route.status)
    origin = get_origin(annotation) or annotation
    if annotation is None or annotation is type(None):
        out[status] = _described("No content", route)
    elif origin is Response:
        args = get_args(annotation)
        _answers(args[0] if args else object, route, schemas, out)
    elif _is_result(origin):
        success, failure = get_args(annotation)
        _answers(success, route, schemas, out)
        _failures(failure, out)
    elif _is_maybe(origin):
        _answers(get_args(annotation)[0], route, schemas, out)
        out.setdefault("404", _error_response("Nothing found"))
    elif origin in (Union, types.UnionType):
        for member in get_args(annotation):
            _answers(member, route, schemas, out)
    elif isinstance(origin, type) and issubclass(origin, HTTPError):
        _failures(origin, out)
    elif origin is Redirect:
        out["3XX"] = {"description": "A redirect", "headers": {"Location": {"schema": {"type": "string"}}}}
    elif origin is File:
        out[status] = _described("The file", route, {"application/octet-stream": {"schema": BINARY}})
        out["206"] = {"description": "Part of the file (a Range request)"}
        out["304"] = {"description": "Not modified since the client's copy"}
        out["404"] = _error_response("No such file")
        out["416"] = {"description": "The requested range is not in the file"}
    elif origin is Stream:
        out[status] = _described("A stream", route, {"application/octet-stream": {"schema": BINARY}})
    elif origin is ServerSentEvent:
        out[status] = _described("Server-sent events", route, {"text/event-stream": {"schema": {"type": "string"}}})
    elif origin is Template:
        out[status] = _described("An HTML page", route, {"text/html": {"schema": {"type": "string"}}})
    elif annotation is str:
        media = route.media_types[0] if route.media_types else "text/plain"
        out[status] = _described("Text", route, {media: {"schema": {"type": "string"}}})
    elif annotation is bytes:
        media = route.media_types[0] if route.media_types else "application/octet-stream"
        out[status] = _described("Bytes", route, {media: {"schema": BINARY}})
    elif origin is collections.abc.Callable:
        out.setdefault("default", {"description": "Answered by an ASGI application"})
    elif annotation is object:
        out[status] = _described("Any value", route, {m: {"schema": {}} for m in route.media_types or (JSON,)})
    else:
        schema = schemas.of(annotation)
        out[status] = _described("Success", route, {m: {"schema": schema} for m in route.media_types or (JSON,)})


def _failures(failure: object, out: dict[str, object]) -> None:
    """Add a response for each error class in a `Result`'s failure type."""
    members = get_args(failure) if get_origin(failure) in (Union, types.UnionType) else (failure,)
    for member in members:
        if isinstance(member, type) and issubclass(member, HTTPError):
            status = getattr(member, "default_status", None)
            key = str(status) if isinstance(status, int) and member is not HTTPError else "default"
            out.setdefault(key, _error_response(_first_line(member.__doc__) or member.__name__))
        else:
            out.setdefault("default", {"description": "A failure answered by the handler's Response"})


def _first_line(text: str | None) -> str:
    return (text or "").strip().splitlines()[0] if text and text.strip() else ""


def _described(description: str, route: RouteDoc, content: dict[str, object] | None = None) -> dict[str, object]:
    response: dict[str, object] = {"description": description}
    if content:
        response["content"] = content
    headers: dict[str, object] = {}
    for header in route.headers:
        entry: dict[str, object] = {"schema": {"type": "string"}}
        if header.description:
            entry["description"] = header.description
        headers[header.name] = entry
    if route.cookies:
        names = ", ".join(cookie.key for cookie in route.cookies)
        headers["Set-Cookie"] = {"schema": {"type": "string"}, "description": f"Sets the cookies {names}"}
    if headers:
        response["headers"] = headers
    return response
