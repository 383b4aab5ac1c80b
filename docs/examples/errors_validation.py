import msgspec

from lanner import App, Body, Query, post


class Item(msgspec.Struct, frozen=True):
    name: str
    price: float


@post("/items")
async def create_item(item: Body[Item], limit: Query[int]) -> Item:
    return item


app = App([create_item])
