from typing import Annotated

import msgspec
from returns.maybe import Maybe

from lanner import Alias, App, Body, OpenAPIConfig, Path, Query, get, post


class Item(msgspec.Struct, frozen=True):
    """Something the shop sells."""

    name: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
    price: Annotated[float, msgspec.Meta(gt=0)]


ITEMS = {1: Item(name="Hammer", price=9.5)}


@get("/items", tags=["items"])
async def list_items(
    page_size: Query[Annotated[int, Alias("page-size"), msgspec.Meta(ge=1, le=100)]] = 20,
) -> list[Item]:
    """Every item, cheapest first."""
    return sorted(ITEMS.values(), key=lambda item: item.price)[:page_size]


@get("/items/{item_id:int}", tags=["items"], summary="Read one item")
async def read_item(item_id: Path[int]) -> Maybe[Item]:
    return Maybe.from_optional(ITEMS.get(item_id))


@post("/items", tags=["items"])
async def create_item(item: Body[Item]) -> Item:
    return item


app = App(
    [list_items, read_item, create_item],
    openapi=OpenAPIConfig(
        "Shop",
        "1.0.0",
        description="Items for sale.",
        servers=["https://shop.example.com"],
    ),
)
