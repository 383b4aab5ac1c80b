from typing import Annotated

import msgspec

from lanner import App, Query, get


class ProductFilter(msgspec.Struct, frozen=True):
    category: str
    max_price: Annotated[float, msgspec.Meta(gt=0)] | None = None
    in_stock: bool = False
    limit: Annotated[int, msgspec.Meta(ge=1, le=100)] = 20


@get("/products")
async def list_products(filters: Query[ProductFilter]) -> ProductFilter:
    return filters


app = App([list_products])
