from typing import Annotated

import msgspec

from lanner import App, Body, BodyStream, Router, post


class Order(msgspec.Struct, frozen=True):
    item: str
    quantity: Annotated[int, msgspec.Meta(ge=1)] = 1


@post("/orders")
async def place_order(order: Body[Order]) -> Order:
    return order


@post("/uploads", status_code=200)
async def upload(data: Body[bytes]) -> dict[str, int]:
    return {"size": len(data)}


@post("/measure", status_code=200)
async def measure(chunks: BodyStream) -> dict[str, int]:
    size = 0
    async for chunk in chunks:
        size += len(chunk)
    return {"size": size}


# Old clients send JSON without a Content-Type; accept it from them only.
legacy = Router("/legacy", [place_order], strict_content_type=False)

app = App([place_order, upload, measure, legacy])
