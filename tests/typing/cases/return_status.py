"""A status that carries no body (204, 304; DELETE's default 204) with a return type that does."""

from __future__ import annotations

from http import HTTPStatus
from typing import Final

import msgspec
from returns.result import Result

from lanner import NotFound, Path, Redirect, Response, delete, get, route

NO_CONTENT: Final = 204


class Item(msgspec.Struct):
    name: str


@get("/empty", status_code=204)
async def empty() -> Item:
    return Item("x")


@get("/not-modified", status_code=HTTPStatus.NOT_MODIFIED)
async def not_modified() -> str:
    return ""


@delete("/items/{item_id:int}")
async def removed(item_id: Path[int]) -> Item:
    return Item("x")


@route("/either", methods=["GET", "DELETE"])
async def either() -> Response[Item]:
    return Response(Item("x"))


@get("/constant", status_code=NO_CONTENT)
async def constant() -> Result[Item, NotFound]:
    raise NotImplementedError


@delete("/fine")
async def fine() -> None:
    """Correct: nothing to send."""


@delete("/fine-too", status_code=200)
async def fine_too() -> Item:
    return Item("x")


@get("/fine-three", status_code=204)
async def fine_three() -> Response[None]:
    return Response(None)


@get("/moved", status_code=200)
async def moved() -> Redirect:
    return Redirect("/target")


@get("/moved-for-good", status_code=308)
async def moved_for_good() -> Redirect:
    """Correct: a redirect status."""
    return Redirect("/target")


@get("/moved-on")
async def moved_on() -> Redirect:
    """Correct: the Redirect's own status."""
    return Redirect("/target", status_code=303)
