"""A return type lanner cannot encode, unless a type_encoders entry covers it: the handler's
own (a literal dict) or one named in the plugin's config (here `AppEncoded`)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Mapping
from typing import Generic, NamedTuple, TypedDict, TypeVar

import msgspec
from returns.maybe import Maybe
from returns.result import Result

from lanner import File, NotFound, Redirect, Response, get

T = TypeVar("T")


class Money:
    """Not a type msgspec knows."""


class AppEncoded:
    """Named in [lanner.mypy] type_encoders: an App-level type_encoders handles it."""


class Wallet(msgspec.Struct):
    main: Money


@dataclasses.dataclass
class Purse:
    coins: list[Money]


class Page(msgspec.Struct, Generic[T]):
    items: list[T]


class Row(TypedDict):
    money: Money


class Pair(NamedTuple):
    left: int
    right: Money


@get("/money")
async def money() -> Money:
    return Money()


@get("/nested")
async def nested() -> dict[str, list[Money]]:
    return {}


@get("/struct")
async def struct() -> Wallet:
    raise NotImplementedError


@get("/dataclass")
def dataclass() -> Purse:
    raise NotImplementedError


@get("/generic")
async def generic() -> Page[Money]:
    raise NotImplementedError


@get("/typed-dict")
async def typed_dict() -> Row:
    raise NotImplementedError


@get("/named-tuple")
async def named_tuple() -> Pair:
    raise NotImplementedError


@get("/response")
async def response() -> Response[Money]:
    raise NotImplementedError


@get("/result")
async def result() -> Result[list[Money], NotFound]:
    raise NotImplementedError


@get("/maybe-or-error")
async def maybe_or_error() -> Maybe[Money] | NotFound:
    raise NotImplementedError


@get("/callback")
async def callback() -> Callable[[], int]:
    raise NotImplementedError


@get("/iterator")
def iterator() -> Iterator[str]:
    raise NotImplementedError


@get("/encoded-here", type_encoders={Money: lambda m: 0})
async def encoded_here() -> list[Money]:
    return []


@get("/encoded-by-the-app")
async def encoded_by_the_app() -> dict[str, AppEncoded]:
    return {}


def encoders() -> Mapping[type, Callable[[Money], int]]:
    return {Money: lambda m: 0}


@get("/encoders-not-literal", type_encoders=encoders())
async def encoders_not_literal() -> Money:
    """Not reported: the handler's encoders are not a literal dict."""
    return Money()


@get("/values")
async def values() -> Redirect | File | Response[bytes] | NotFound | str | None:
    """Correct: response values, errors and content together."""
    return None


async def asgi(scope: dict[str, object], receive: Callable[[], object], send: Callable[[object], object]) -> None:
    return None


@get("/asgi")
async def returns_an_app() -> Callable[[dict[str, object], Callable[[], object], Callable[[object], object]], object]:
    """Correct: an ASGI application answers the request itself."""
    return asgi
