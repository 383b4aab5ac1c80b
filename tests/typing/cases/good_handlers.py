"""Correct handlers in every shape the plugin reads: mypy must report nothing here."""

from __future__ import annotations

import dataclasses
import datetime
import decimal
import enum
import uuid
from collections.abc import AsyncIterator, Iterator, Sequence
from typing import Annotated, Final, Literal, NamedTuple, NewType, TypedDict

import msgspec
from returns.maybe import Maybe
from returns.result import Result

import lanner
from lanner import (
    Alias,
    App,
    Body,
    BodyStream,
    ClassicPagination,
    Cookie,
    Extract,
    File,
    Form,
    Header,
    HTTPError,
    NotFound,
    Path,
    Query,
    Redirect,
    Request,
    Response,
    Router,
    ServerSentEvent,
    State,
    Stream,
    Template,
    delete,
    get,
    head,
    options,
    patch,
    post,
    put,
    route,
)
from lanner import get as GET

ITEM: Final = "/items/{item_id:int}"
BOTH: Final = ["/v1/items/{item_id:int}", "/v2/items/{item_id:int}"]
UserId = NewType("UserId", int)


class Item(msgspec.Struct, frozen=True):
    name: str
    price: float
    tags: list[str] = []


@dataclasses.dataclass
class Point:
    x: int
    when: datetime.datetime


class Color(enum.Enum):
    RED = "red"


class Row(TypedDict):
    name: str
    amount: decimal.Decimal


class Pair(NamedTuple):
    left: int
    right: uuid.UUID


class Teapot(HTTPError):
    pass


class Search(msgspec.Struct):
    q: str
    page: int = 1


@get(ITEM)
async def read_item(item_id: Path[int], verbose: Query[bool] = False) -> Item:
    return Item("x", 1.0)


@get(BOTH)
async def read_versioned(item_id: Path[int]) -> Item | None:
    return None


@post("/items")
async def create_item(item: Body[Item]) -> Item:
    return item


@put("/items/{item_id}")
def replace_item(item_id: Path[uuid.UUID], item: Body[Item], etag: Header[str | None] = None) -> Response[Item]:
    return Response(item)


@patch("/items/{item_id:uuid}")
async def patch_item(item_id: Path[uuid.UUID], form: Form[Search]) -> dict[str, object]:
    return {}


@delete("/items/{item_id:int}")
async def delete_item(item_id: Path[int]) -> None:
    return None


@head("/ping")
async def ping() -> None:
    return None


@options("/ping")
async def ping_options() -> Response[None]:
    return Response(None, status_code=204)


@route("/things/{day:date}", methods=["GET", "POST"])
async def things(day: Path[datetime.date], session: Cookie[str] = "") -> list[Point]:
    return []


@lanner.get("/colors/{color}")
async def by_color(color: Path[Color]) -> Row:
    raise NotImplementedError


@GET("/users/{user_id}")
async def by_new_type(user_id: Path[UserId]) -> Pair:
    raise NotImplementedError


@get("/files/{rest:path}")
async def files(rest: Path[str]) -> File:
    return File(rest)


@get("/search")
async def search(query: Query[Search], page: Query[Annotated[int, msgspec.Meta(ge=1)]] = 1) -> Sequence[Item]:
    return []


@get("/aliased/{page_size}")
async def aliased(size: Path[Annotated[int, Alias("page_size")]], sort: Query[Literal["asc", "desc"]] = "asc") -> str:
    return ""


@post("/upload")
async def upload(body: BodyStream, request: Request) -> bytes:
    return b""


@get("/state")
async def state(db: State[dict[str, int]]) -> Result[Item, NotFound]:
    raise NotImplementedError


@get("/maybe/{n:int}")
async def maybe(n: Path[int]) -> Maybe[Item]:
    raise NotImplementedError


@get("/errors")
async def errors() -> Item | Teapot | Redirect:
    raise NotImplementedError


@get("/stream")
async def stream() -> Stream:
    raise NotImplementedError


@get("/events")
async def events() -> ServerSentEvent:
    raise NotImplementedError


@get("/page")
async def page() -> Template | ClassicPagination[Item]:
    raise NotImplementedError


@get("/sync", status_code=202)
def sync_handler() -> tuple[int, ...]:
    return ()


@get("/raw", status_code=204)
async def no_content() -> None:
    return None


# Custom extractors: chains, generators, Result, shared ones, Path parameters through them.
class Db:
    pass


async def db_session(db: State[Db]) -> AsyncIterator[Db]:
    yield db


def token(authorization: Header[str]) -> Result[str, NotFound]:
    raise NotImplementedError


async def current_user(t: Annotated[str, Extract(token)], db: Annotated[Db, Extract(db_session)]) -> Item:
    return Item(t, 0.0)


def owner(user_id: Path[int]) -> Iterator[int]:
    yield user_id


CurrentUser = Annotated[Item, Extract(current_user)]
Owner = Annotated[int, Extract(owner, sync_to_thread=False)]


@get("/users/{user_id}/me")
async def me(user: CurrentUser, again: CurrentUser, who: Owner) -> Item:
    return user


@post("/users/{user_id}/items")
async def add(who: Owner, item: Body[Item], user: Annotated[Item | None, Extract(current_user)] = None) -> Item:
    return item


# Placeholders from a Router prefix: the handler's Path parameters are not in its own path.
@get("/")
async def list_comments(post_id: Path[int]) -> list[str]:
    return []


app = App([read_item, create_item, Router("/posts/{post_id:int}/comments", [list_comments])])
