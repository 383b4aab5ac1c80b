import msgspec

from lanner import App, Body, Path, get, post


class Item(msgspec.Struct):
    name: str


@get("/items/{item_id}")
async def read_item(id: Path[int]) -> Item:
    return Item(f"item {id}")


@post("/items/{item_id:int}")
async def update_item(item_id: Path[str], item: Body[Item], raw: Body[bytes]) -> Item:
    return item


def build_app() -> App:
    return App([read_item, update_item])  # raises ImproperlyConfigured
