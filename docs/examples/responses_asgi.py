from lanner import App, ASGIApp, Path, Receive, Scope, Send, get


@get("/countdown/{start:int}")
async def countdown(start: Path[int]) -> ASGIApp:
    async def stream(scope: Scope, receive: Receive, send: Send) -> None:
        headers = [(b"content-type", b"text/plain; charset=utf-8")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        for n in range(start, 0, -1):
            await send({"type": "http.response.body", "body": f"{n}\n".encode(), "more_body": True})
        await send({"type": "http.response.body", "body": b"liftoff\n"})

    return stream


app = App([countdown])
