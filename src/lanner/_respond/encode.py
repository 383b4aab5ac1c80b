"""Pick a route's response encoder from its handler's return annotation.

`pick_encoder` runs once per route, when the App is built: it decides how every value the
handler returns becomes bytes, and checks that lanner can encode it at all.
"""


from __future__ import annotations

import collections.abc
import types
import typing
from collections.abc import Mapping
from typing import Final, Union, get_args, get_origin

import msgspec

from lanner import _rules
from lanner._errors import HTTPError
from lanner._extract.plan import MISSING, PlanError
from lanner._media import MediaType, is_msgpack, with_charset
from lanner._respond.files import File
from lanner._respond.redirect import Redirect
from lanner._respond.response import Response
from lanner._respond.streams import (
    ServerSentEvent,
    Stream,
)
from lanner._respond.templates import Template

from lanner._respond.encoders import (
    AppEncoder,
    BodyEncoder,
    FileEncoder,
    MaybeEncoder,
    NoneEncoder,
    RedirectEncoder,
    ResponseEncoder,
    ResultEncoder,
    StreamEncoder,
    TemplateEncoder,
    ValueUnionEncoder,
)
from lanner._respond.route import _OCTET_STREAM, Content, Encoder, RouteResponse


def pick_encoder(annotation: object, route: RouteResponse, type_encoders: Mapping[type, object]) -> Encoder:
    """The encoder for a handler's return annotation; PlanError when lanner cannot encode it."""
    if annotation is MISSING:
        raise PlanError(_rules.missing_return_annotation())
    if annotation is None or annotation is type(None):
        return NoneEncoder(route)
    origin = get_origin(annotation) or annotation
    if origin is Redirect:
        return RedirectEncoder(route)
    if origin is Stream or origin is ServerSentEvent:
        return StreamEncoder(route)
    if origin is File:
        return FileEncoder(route)
    if origin is Template:
        if route.template_engine is None:
            raise PlanError(
                "returns a Template, but the App has no template engine; pass "
                "App(..., template_engine=jinja2.Environment(loader=...))"
            )
        return TemplateEncoder(route, route.template_engine)
    if origin is Response:
        args = get_args(annotation)
        inner = args[0] if args else object
        return ResponseEncoder(route, None if inner is object else _content(inner, route, type_encoders))
    module = getattr(origin, "__module__", "")
    if module == "returns.result" and getattr(origin, "__name__", "") == "Result":
        return ResultEncoder(route, pick_encoder(get_args(annotation)[0], route, type_encoders))
    if module == "returns.maybe" and getattr(origin, "__name__", "") == "Maybe":
        return MaybeEncoder(route, pick_encoder(get_args(annotation)[0], route, type_encoders))
    if _is_asgi_app(annotation):
        return AppEncoder()
    if get_origin(annotation) in (Union, types.UnionType):
        members = get_args(annotation)
        values = [m for m in members if _is_response_value(m)]
        if values:
            rest = [m for m in members if not _is_response_value(m)]
            content = pick_encoder(_union(rest), route, type_encoders) if rest else None
            return ValueUnionEncoder(route, content)
    if _is_response_value(annotation):
        return ValueUnionEncoder(route, None)
    return BodyEncoder(route, _content(annotation, route, type_encoders))


def _union(members: list[object]) -> object:
    if len(members) == 1:
        return members[0]
    return Union[tuple(members)]  # noqa: UP007  # built from runtime parts


_RESPONSE_VALUES: Final = (Response, Redirect, Stream, ServerSentEvent, File, Template)


def _is_response_value(tp: object) -> bool:
    origin = get_origin(tp) or tp
    return isinstance(origin, type) and (issubclass(origin, HTTPError) or origin in _RESPONSE_VALUES)


def _is_asgi_app(tp: object) -> bool:
    if get_origin(tp) is not collections.abc.Callable:
        return False
    params = get_args(tp)[0]
    return isinstance(params, list) and len(params) == 3


def _content(annotation: object, route: RouteResponse, type_encoders: Mapping[type, object]) -> Content:
    if annotation is None or annotation is type(None):
        return Content(lambda value: b"", None)
    media_type = route.media_type
    if annotation is bytes:
        return Content(_identity_bytes, (media_type or _OCTET_STREAM).encode("latin-1"))
    if annotation is str:
        return Content(_utf8, with_charset(media_type or MediaType.TEXT.value).encode("latin-1"))
    _check_encodable(annotation, type_encoders)
    if media_type is not None and is_msgpack(media_type):
        return Content(route.msgpack, media_type.encode("latin-1"))
    return Content(route.json, (media_type or MediaType.JSON.value).encode("latin-1"))


def _identity_bytes(value: object) -> bytes:
    if isinstance(value, bytes):
        return value
    if isinstance(value, bytearray | memoryview):
        return bytes(value)
    # bytes(5) would be five NUL bytes: a handler returning the wrong type must fail loudly.
    raise TypeError(f"the handler is annotated to return bytes but returned {type(value).__name__}")


def _utf8(value: object) -> bytes:
    if isinstance(value, str):
        return value.encode()
    raise TypeError(f"the handler is annotated to return str but returned {type(value).__name__}")


def _check_encodable(annotation: object, type_encoders: Mapping[type, object]) -> None:
    import msgspec.inspect as mi

    try:
        info = mi.type_info(annotation)
    except (TypeError, ValueError) as exc:
        raise PlanError(_rules.unencodable_type(_name(annotation), str(exc))) from exc
    for cls in _custom_types(info, set()):
        if not any(issubclass(cls, known) for known in type_encoders):
            raise PlanError(_rules.unencodable(_name(annotation), cls.__qualname__))


def _custom_types(info: object, seen: set[int]) -> typing.Iterator[type]:
    import msgspec.inspect as mi

    if isinstance(info, mi.CustomType):
        if info.cls is not object:  # `object` is "anything": encoded as msgspec sees it at runtime
            yield info.cls
        return
    if id(info) in seen or not isinstance(info, msgspec.Struct):
        return
    seen.add(id(info))
    for attr in info.__struct_fields__:
        value = getattr(info, attr)
        items = value if isinstance(value, tuple) else (value,)
        for item in items:
            if isinstance(item, mi.Field):
                yield from _custom_types(item.type, seen)
            elif isinstance(item, mi.Type):
                yield from _custom_types(item, seen)


def _name(annotation: object) -> str:
    return _rules.type_name(annotation)
