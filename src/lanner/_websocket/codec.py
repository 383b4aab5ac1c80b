"""Decode WebSocket messages into typed, validated values; problems in the HTTP shape.

A message that fails is a `ValidationError` whose details say `source="message"`, exactly
as a bad request body says `source="body"`: clients read one error format everywhere.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Final

import msgspec

from lanner._errors import ErrorDetail, ValidationError
from lanner._extract.body import decode_with
from lanner._layers import DEFAULT_WEBSOCKET_MAX_MESSAGE_SIZE

DEFAULT_MAX_MESSAGE_SIZE: Final = DEFAULT_WEBSOCKET_MAX_MESSAGE_SIZE

Decode = Callable[[str | bytes], object]


def message_error(text: str, name: str = "$") -> ValidationError:
    """A `ValidationError` about the message as a whole (or the part at `name`).

    >>> message_error("Expected a text message, got a binary one").errors[0].source
    'message'
    """
    return ValidationError([ErrorDetail("message", name, text)])


def decode_message(decode: Decode, data: str | bytes, kind: str) -> object:
    """`decode(data)`, every way it can fail as a `ValidationError` about the message."""
    try:
        return decode_with(decode, data, kind)  # type: ignore[arg-type]  # msgspec's JSON decoder takes str too
    except ValidationError as exc:
        raise ValidationError([msgspec.structs.replace(e, source="message") for e in exc.errors]) from None


@functools.lru_cache(maxsize=256)
def _json_decoder(tp: object) -> Decode:
    return msgspec.json.Decoder(tp).decode


@functools.lru_cache(maxsize=256)
def _msgpack_decoder(tp: object) -> Decode:
    return msgspec.msgpack.Decoder(tp).decode  # type: ignore[return-value]  # only ever given bytes


def json_decoder(tp: object) -> Decode:
    """A decoder of JSON into `tp`, made once per type (types are looked up per message)."""
    try:
        return _json_decoder(tp)
    except TypeError:  # an unhashable annotation: not worth caching
        return msgspec.json.Decoder(tp).decode


def msgpack_decoder(tp: object) -> Decode:
    """A decoder of MessagePack into `tp`, made once per type."""
    try:
        return _msgpack_decoder(tp)
    except TypeError:
        return msgspec.msgpack.Decoder(tp).decode  # type: ignore[return-value]  # only ever given bytes


def expect_text(data: str | bytes) -> str:
    """The text of a text message; a binary one is a validation problem."""
    if isinstance(data, str):
        return data
    raise message_error("Expected a text message, got a binary one")


def expect_bytes(data: str | bytes) -> bytes:
    """The bytes of a binary message; a text one is a validation problem."""
    if isinstance(data, bytes):
        return data
    raise message_error("Expected a binary message, got a text one")


class MessageDecoder:
    """How a listener reads its messages into one type, built when the App is built.

    `str` takes text messages and `bytes` binary ones, as they are; any other type is
    decoded and validated from JSON (a text message) or MessagePack (a binary message).

    >>> MessageDecoder(list[int]).decode("[1, 2]")
    [1, 2]
    >>> MessageDecoder(list[int]).decode('["x"]')
    Traceback (most recent call last):
    ...
    lanner._errors.ValidationError: Validation failed
    """

    __slots__ = ("_json", "_msgpack", "_raw")

    def __init__(self, annotation: object) -> None:
        self._raw: Callable[[str | bytes], str | bytes] | None = None
        if annotation is str:
            self._raw = expect_text
        elif annotation is bytes:
            self._raw = expect_bytes
        self._json = msgspec.json.Decoder(annotation).decode
        self._msgpack = msgspec.msgpack.Decoder(annotation).decode

    def decode(self, data: str | bytes) -> object:
        """The validated value of one message; `ValidationError` when it does not fit."""
        if self._raw is not None:
            return self._raw(data)
        if isinstance(data, str):
            return decode_message(self._json, data, "JSON")
        return decode_message(self._msgpack, data, "MessagePack")  # type: ignore[arg-type]  # bytes only
