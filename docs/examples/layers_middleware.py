import time

from lanner import App, ASGIApp, Message, Receive, Router, Scope, Send, get


def timing(app: ASGIApp) -> ASGIApp:
    """Adds `Server-Timing` with how long the app took to start answering."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        started = time.perf_counter()

        async def send_with_timing(message: Message) -> None:
            if message["type"] == "http.response.start":
                took = f"app;dur={(time.perf_counter() - started) * 1000:.1f}"
                message = {**message, "headers": [*message["headers"], (b"server-timing", took.encode())]}
            await send(message)

        await app(scope, receive, send_with_timing)

    return middleware


def api_version(app: ASGIApp) -> ASGIApp:
    """Refuses requests without `X-API-Version: 2`, before the route runs."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if (b"x-api-version", b"2") not in scope["headers"]:
            await send({"type": "http.response.start", "status": 400, "headers": [(b"content-type", b"text/plain")]})
            await send({"type": "http.response.body", "body": b"send X-API-Version: 2"})
            return
        await app(scope, receive, send)

    return middleware


@get("/health")
async def health() -> str:
    return "ok"


@get("/orders")
async def list_orders() -> list[int]:
    return [1, 2, 3]


api = Router("/api", [list_orders], middleware=[api_version])

app = App([health], routers=[api], middleware=[timing])
