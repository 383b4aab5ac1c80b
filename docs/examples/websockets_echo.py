from lanner import App, WebSocket, websocket


@websocket("/echo")
async def echo(ws: WebSocket) -> None:
    await ws.accept(subprotocols=["echo.v1"])  # chosen if the client offers it
    async for message in ws.iter_data():  # ends when the client disconnects
        if message == "bye":
            await ws.close(4000, "Goodbye")
            return
        if isinstance(message, str):
            await ws.send_text(message)
        else:
            await ws.send_bytes(message)


app = App([echo])
