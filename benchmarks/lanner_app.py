"""lanner's adapter for the peer benchmark harness (../shared/bench), written as a user would.

Typed handlers, extractors and return annotations only: no shortcut a lanner user would not
write. Run with `BENCH_APPS_PATH=benchmarks` (see benchmarks/README.md).
"""

from __future__ import annotations

import msgspec
from apps._data import (  # type: ignore[import-not-found]  # the harness's data module
    HC_RESPONSE_COOKIE,
    HC_RESPONSE_HEADER,
    large_rows,
)

import lanner
from lanner import App, Body, Cookie, Header, Path, Query, Response, SetCookie, get, post

NAME = "lanner"
VERSIONS = {"lanner": lanner.__version__, "msgspec": msgspec.__version__}


class Dimensions(msgspec.Struct):
    width: float
    height: float
    depth: float


class Item(msgspec.Struct):
    id: int
    name: str
    description: str | None
    price: float
    tax: float | None
    in_stock: bool
    quantity: int
    tags: list[str]
    category: str
    dimensions: Dimensions


class User(msgspec.Struct):
    id: int
    name: str
    email: str
    active: bool
    score: float
    tags: list[str]


class SearchResult(msgspec.Struct):
    q: str
    limit: int
    tags: list[str]


USERS: list[User] = [User(**row) for row in large_rows()]


@get("/plaintext")
async def plaintext() -> str:
    return "Hello, World!"


@get("/json")
async def json_small() -> dict[str, str]:
    return {"message": "Hello, World!"}


@get("/users/{user_id:int}")
async def user(user_id: Path[int]) -> dict[str, int]:
    return {"user_id": user_id}


@get("/search")
async def search(q: Query[str], limit: Query[int], tags: Query[list[str]] = []) -> SearchResult:  # noqa: B006
    return SearchResult(q=q, limit=limit, tags=tags)


@post("/items")
async def create_item(item: Body[Item]) -> Item:
    return item


@get("/large")
async def large() -> list[User]:
    return USERS


@get("/hc")
async def headers_cookies(x_token: Header[str], session: Cookie[str]) -> Response[dict[str, str]]:
    return (
        Response({"token": x_token, "session": session})
        .with_header(HC_RESPONSE_HEADER, x_token)
        .with_cookie(SetCookie(HC_RESPONSE_COOKIE, session, httponly=True))
    )


app = App([plaintext, json_small, user, search, create_item, large, headers_cookies])
