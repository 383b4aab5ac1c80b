"""`Annotated[T, Extract(fn)]`: `fn` must inject a `T` (after unwrapping `Awaitable`,
generators and `Result[T, E]`)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Annotated

import msgspec
from returns.result import Result, Success

from lanner import Extract, Header, NotAuthorized, get


class User(msgspec.Struct):
    name: str


class Admin(User):
    pass


def token(authorization: Header[str]) -> str:
    return authorization


async def current_user(t: Annotated[str, Extract(token)]) -> User:
    return User(t)


@get("/wrong")
async def wrong(user: Annotated[int, Extract(current_user)]) -> str:
    return ""


CurrentUser = Annotated[User, Extract(token)]


@get("/alias")
async def through_an_alias(user: CurrentUser) -> str:
    return ""


def maybe_user(t: Annotated[str, Extract(token)]) -> Result[User, NotAuthorized]:
    return Success(User(t))


def session() -> Iterator[str]:
    yield "s"


@get("/unwrapped")
async def unwrapped(user: Annotated[str, Extract(maybe_user)], s: Annotated[bytes, Extract(session)]) -> str:
    return ""


async def admin() -> Admin:
    return Admin("root")


async def generated() -> AsyncIterator[User]:
    yield User("x")


@get("/fine")
async def fine(
    a: Annotated[User, Extract(current_user)],
    b: Annotated[User, Extract(maybe_user)],
    c: Annotated[User, Extract(admin)],
    d: Annotated[User, Extract(generated)],
    e: Annotated[User | None, Extract(current_user)],
    f: Annotated[float, Extract(lambda: 1)],
) -> str:
    """Correct: the injected type is the parameter's (a subclass, or inside an optional, is
    fine); a lambda is left to build time."""
    return ""
