"""Layered options: set on the App, a Router or a handler; the layer closest to the handler wins.

Resolved once per route when the App is built, into a frozen `Resolved` value; the request
path never merges anything.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final, Never, TypedDict

from lanner._media import MediaType

__all__ = ["HandlerOptions", "LayerOptions"]

TypeEncoders = Mapping[type, Callable[[Never], object]]

DEFAULT_MAX_BODY_SIZE: Final = 10 * 1024 * 1024
DEFAULT_MAX_QUERY_PARAMS: Final = 1000


class LayerOptions(TypedDict, total=False):
    """Options accepted by `App`, `Router` and every route decorator.

    Attributes:
        media_type: the response media type for `str`/`bytes`/encodable returns;
            `MediaType.MESSAGEPACK` makes structured returns MessagePack.
        type_encoders: `{MyType: fn}` teaches the encoder a type msgspec does not know;
            `fn` turns a value into something it does.
        request_max_body_size: bytes of body read at most (default 10 MiB); more is 413.
        strict_content_type: when True (the default) a `Body` without a content type is 415;
            when False it is read as JSON.
        max_query_params: query-string pairs read at most (default 1,000); more is 400.
    """

    media_type: MediaType | str
    type_encoders: TypeEncoders
    request_max_body_size: int
    strict_content_type: bool
    max_query_params: int


class HandlerOptions(LayerOptions, total=False):
    """Options of the route decorators: the layered ones and the handler's own.

    Attributes:
        status_code: the success status (default: POST 201, DELETE 204, others 200).
        name: the route's name for `url_for` (default: the function's name).
        sync_to_thread: run a sync handler in a worker thread (default True).
        include_in_schema, summary, description, tags: documentation of the route.
    """

    status_code: int
    name: str
    sync_to_thread: bool
    include_in_schema: bool
    summary: str
    description: str
    tags: Sequence[str]


@dataclass(frozen=True, slots=True)
class Resolved:
    """The options in force for one route after every layer is applied."""

    media_type: str | None
    type_encoders: Mapping[type, Callable[[Never], object]]
    request_max_body_size: int
    strict_content_type: bool
    max_query_params: int


def resolve(layers: Sequence[LayerOptions]) -> Resolved:
    """Merge layers given outermost (App) first; a later (closer) layer wins.

    >>> resolve([{"request_max_body_size": 10}, {"request_max_body_size": 5}]).request_max_body_size
    5
    """
    media_type: str | None = None
    type_encoders: dict[type, Callable[[Never], object]] = {}
    max_body = DEFAULT_MAX_BODY_SIZE
    strict = True
    max_query = DEFAULT_MAX_QUERY_PARAMS
    for layer in layers:
        if "media_type" in layer:
            media_type = str(layer["media_type"])
        type_encoders.update(layer.get("type_encoders", {}))
        max_body = layer.get("request_max_body_size", max_body)
        strict = layer.get("strict_content_type", strict)
        max_query = layer.get("max_query_params", max_query)
    return Resolved(media_type, type_encoders, max_body, strict, max_query)


LAYER_KEYS: Final = frozenset(LayerOptions.__annotations__)
