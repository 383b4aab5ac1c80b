from lanner import App, ResponseHeader, Router, SetCookie, get


@get(
    "/handler-path",
    response_headers=[ResponseHeader("My-Local-Header", "local", description="handler level header")],
    response_cookies=[SetCookie("my-cookie", "456"), SetCookie("local-cookie", "local")],
)
async def my_route_handler() -> str:
    return "hello world"


@get("/plain")
async def plain() -> str:
    return "no handler layer"


inner = Router(
    "/inner-path",
    [my_route_handler, plain],
    response_headers={"Inner-Router-Header": "inner"},
    response_cookies={"inner-cookie": "inner"},
)
router = Router(
    "/router-path",
    routers=[inner],
    response_headers=[ResponseHeader("Router-Level-Header", "router", description="router level header")],
    response_cookies=[SetCookie("router-cookie", "router"), SetCookie("my-cookie", "123")],
)

app = App(
    [router],
    response_headers={"App-Level-Header": "app"},
    response_cookies={"app-cookie": "app"},
)
