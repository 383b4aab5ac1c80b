import msgspec

from lanner import App, Body, Path, Query, get, post


class Item(msgspec.Struct):
    name: str
    price: float


@get("/items/{item_id:int}")
async def read_item(item_id: Path[int], verbose: Query[bool] = False) -> dict[str, object]:
    return {"id": item_id, "verbose": verbose}


@post("/items")
async def create_item(item: Body[Item]) -> Item:
    return item


# Building the App reads both signatures, makes a msgspec decoder for Item and an encoder for
# each return type, and compiles each route into its endpoint. Per request, lanner looks the
# path up and runs the endpoint: nothing is inspected again.
app = App([read_item, create_item])
