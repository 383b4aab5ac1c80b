import msgspec

from lanner import App, Body, NotFound, Path, Query, get, post


class Item(msgspec.Struct, frozen=True):
    name: str
    price: float


ITEMS = {1: Item(name="Hammer", price=9.5)}


@get("/items/{item_id:int}")
async def read_item(item_id: Path[int], verbose: Query[bool] = False) -> Item:
    item = ITEMS.get(item_id)
    if item is None:
        raise NotFound(f"There is no item {item_id}")
    return Item(name=f"{item.name} (item {item_id})", price=item.price) if verbose else item


@post("/items")
async def create_item(item: Body[Item]) -> Item:  # 201 by default
    return item


app = App([read_item, create_item])  # an ASGI 3 application
