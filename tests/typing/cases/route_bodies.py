"""One body extractor per handler, counting those its custom extractors read."""

from __future__ import annotations

from typing import Annotated

import msgspec

from lanner import Body, BodyStream, Extract, Form, Query, post


class Item(msgspec.Struct):
    name: str


@post("/two")
async def two_bodies(item: Body[Item], form: Form[Item], raw: BodyStream) -> None:
    return None


def item_from_body(item: Body[Item]) -> Item:
    return item


@post("/through-an-extractor")
async def through_an_extractor(item: Annotated[Item, Extract(item_from_body)], raw: Body[bytes]) -> None:
    return None


def page(p: Query[int] = 1) -> int:
    return p


@post("/once")
async def one_extractor_twice(
    a: Annotated[Item, Extract(item_from_body)], b: Annotated[Item, Extract(item_from_body)], n: Annotated[int, Extract(page)]
) -> None:
    """Correct: an extractor runs once per request, so its body is read once."""
    return None
