from lanner import App, ExceptionHandler, HTTPError, NotFound, Path, Request, Response, Router, get


class OutOfStock(Exception):
    def __init__(self, item_id: int) -> None:
        super().__init__(f"item {item_id} is out of stock")
        self.item_id = item_id


class ItemNotFound(NotFound):
    pass


def out_of_stock(request: Request, exc: OutOfStock) -> Response[dict[str, object]]:
    return Response({"error": "out of stock", "item_id": exc.item_id}, status_code=409)


def item_not_found(request: Request, exc: ItemNotFound) -> Response[dict[str, str]]:
    return Response({"error": exc.detail, "hint": "see /items for what we have"}, status_code=404)


def not_found(request: Request, exc: HTTPError) -> Response[str]:
    return Response(f"Nothing at {request.url.path}", status_code=404, media_type="text/plain")


def anything_else(request: Request, exc: Exception) -> Response[dict[str, str]]:
    return Response({"error": "the shop is closed for maintenance"}, status_code=503)


@get("/items/{item_id:int}")
async def buy_item(item_id: Path[int]) -> str:
    if item_id == 0:
        raise ItemNotFound(f"no item {item_id}")
    if item_id == 7:
        raise OutOfStock(item_id)
    return f"bought item {item_id}"


@get("/admin/reports")
async def reports() -> str:
    raise RuntimeError("the report database is down")


shop = Router(
    "/shop",
    [buy_item],
    exception_handlers=[ExceptionHandler(OutOfStock, out_of_stock), ExceptionHandler(ItemNotFound, item_not_found)],
)

app = App(
    [reports],
    routers=[shop],
    exception_handlers={404: not_found, Exception: anything_else},
)
