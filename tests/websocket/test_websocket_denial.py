"""How a connection is refused before `accept`: a denial response, or a close the server turns into 403.

Servers that list the ASGI `websocket.http.response` extension (uvicorn, hypercorn, the test
client) get a real HTTP answer: the error's status and JSON document. Others get a
`websocket.close` with 1008 (1011 for a bug) and a reason; they answer 403. The second kind
is driven here through the raw ASGI interface.
"""

from __future__ import annotations

import logging
from typing import Annotated, Any, Literal

import pytest
from returns.result import Failure, Result, Success

from lanner import (
    App,
    Extract,
    Header,
    Message,
    NotAuthorized,
    PermissionDenied,
    Query,
    Response,
    State,
    WebSocket,
    websocket,
)
from lanner.testing import TestClient, WebSocketDenied

Backend = Literal["asyncio", "trio"]


@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    """Every async test here runs on both event loops."""
    backend: str = request.param
    return backend


async def converse(app: App, path: str, *, extensions: dict[str, Any] | None = None) -> list[Message]:
    """Run one connection with no denial extension (unless given); what the app sent."""
    incoming: list[Message] = [{"type": "websocket.connect"}]
    sent: list[Message] = []

    async def receive() -> Message:
        return incoming.pop(0) if incoming else {"type": "websocket.disconnect", "code": 1000}

    async def send(message: Message) -> None:
        sent.append(message)

    path, _, query = path.partition("?")
    scope = {
        "type": "websocket",
        "asgi": {"version": "3.0"},
        "scheme": "ws",
        "server": ("testserver", 80),
        "client": ("127.0.0.1", 5000),
        "root_path": "",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "headers": [],
        "subprotocols": [],
        "extensions": extensions or {},
        "state": {},
    }
    await app(scope, receive, send)
    return sent


def _denied(app: App, path: str, backend: Backend = "asyncio", **client: Any) -> WebSocketDenied:
    with pytest.raises(WebSocketDenied) as denied:
        with TestClient(app, backend=backend, **client).websocket_connect(path):
            pass
    return denied.value


@websocket("/rooms")
async def rooms(ws: WebSocket, limit: Query[int]) -> None:
    await ws.accept()


def test_an_invalid_extractor_value_is_a_400_denial_with_every_problem(backend: Backend) -> None:
    denied = _denied(App([rooms]), "/rooms?limit=x", backend)
    assert denied.status_code == 400
    assert denied.body == (
        b'{"status_code":400,"detail":"Validation failed","errors":'
        b'[{"source":"query","name":"limit","message":"Expected `int`, got `str`"}]}'
    )
    assert (b"content-type", b"application/json") in denied.headers


async def test_without_the_extension_an_invalid_value_closes_with_1008_and_a_reason() -> None:
    sent = await converse(App([rooms]), "/rooms")
    assert sent == [
        {
            "type": "websocket.close",
            "code": 1008,
            "reason": "Validation failed: query limit: Missing required query parameter",
        }
    ]


@websocket("/private")
async def private(ws: WebSocket) -> None:
    raise PermissionDenied("Members only")


def test_an_http_error_raised_before_accept_answers_with_its_status_and_document(backend: Backend) -> None:
    denied = _denied(App([private]), "/private", backend)
    assert (denied.status_code, denied.body) == (403, b'{"status_code":403,"detail":"Members only"}')


async def test_without_the_extension_an_http_error_closes_with_1008_and_its_detail() -> None:
    sent = await converse(App([private]), "/private")
    assert sent == [{"type": "websocket.close", "code": 1008, "reason": "Members only"}]


def authenticated(authorization: Header[str | None] = None) -> Result[str, NotAuthorized]:
    if authorization != "Bearer good":
        return Failure(NotAuthorized("Bad token"))
    return Success("ada")


def teapot(x_teapot: Header[str | None] = None) -> Result[str, Response[str]]:
    return Success("fine") if x_teapot is None else Failure(Response("short and stout", status_code=418))


@websocket("/me")
async def me(
    ws: WebSocket,
    user: Annotated[str, Extract(authenticated, sync_to_thread=False)],
    pot: Annotated[str, Extract(teapot, sync_to_thread=False)],
) -> None:
    await ws.accept()
    await ws.send_text(user)


def test_a_failure_from_an_extractor_is_the_denial(backend: Backend) -> None:
    denied = _denied(App([me]), "/me", backend)
    assert (denied.status_code, denied.body) == (401, b'{"status_code":401,"detail":"Bad token"}')


def test_a_failure_holding_a_response_is_sent_as_the_denial(backend: Backend) -> None:
    client = {"headers": {"Authorization": "Bearer good", "X-Teapot": "1"}}
    denied = _denied(App([me]), "/me", backend, **client)
    assert (denied.status_code, denied.body) == (418, b"short and stout")


@websocket("/shy")
async def shy(ws: WebSocket) -> None:
    return None


def test_a_handler_that_returns_without_accepting_refuses_with_403(backend: Backend) -> None:
    assert _denied(App([shy]), "/shy", backend).status_code == 403


@websocket("/refuse")
async def refuse(ws: WebSocket) -> None:
    await ws.close(4003, "not today")


async def test_closing_before_accept_is_a_refusal_with_the_code_given() -> None:
    sent = await converse(App([refuse]), "/refuse", extensions={"websocket.http.response": {}})
    assert sent == [{"type": "websocket.close", "code": 4003, "reason": "not today"}]


@websocket("/broken")
async def broken(ws: WebSocket) -> None:
    raise KeyError("secret internals")


def test_a_bug_before_accept_is_a_500_denial_that_says_nothing_inside(
    backend: Backend, caplog: pytest.LogCaptureFixture
) -> None:
    denied = _denied(App([broken]), "/broken", backend, raise_server_exceptions=False)
    assert (denied.status_code, denied.body) == (500, b'{"status_code":500,"detail":"Internal Server Error"}')
    [record] = [r for r in caplog.records if r.name == "lanner"]
    assert record.levelno == logging.ERROR and record.exc_info is not None
    assert "WEBSOCKET /broken: handler broken" in record.getMessage()


async def test_without_the_extension_a_bug_before_accept_closes_with_1011() -> None:
    sent = await converse(App([broken]), "/broken")
    assert sent == [{"type": "websocket.close", "code": 1011, "reason": "Internal Server Error"}]


def test_a_bug_before_accept_is_raised_in_the_test_by_default() -> None:
    with pytest.raises(KeyError, match="secret internals"):
        with TestClient(App([broken])).websocket_connect("/broken"):
            pass


@websocket("/needs-state")
async def needs_state(ws: WebSocket, db: State[str]) -> None:
    await ws.accept()


def test_missing_app_state_is_a_500_denial_logged_without_a_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    denied = _denied(App([needs_state]), "/needs-state", raise_server_exceptions=False)
    assert denied.status_code == 500
    [record] = [r for r in caplog.records if r.name == "lanner"]
    assert 'State "db" is not in the app state' in record.getMessage()
    assert record.exc_info is None


def test_an_unknown_path_is_a_404_denial(backend: Backend) -> None:
    denied = _denied(App([shy]), "/nowhere", backend)
    assert (denied.status_code, denied.body) == (404, b'{"status_code":404,"detail":"Not Found"}')


async def test_without_the_extension_an_unknown_path_closes_before_accepting() -> None:
    sent = await converse(App([shy]), "/nowhere")
    assert sent == [{"type": "websocket.close", "code": 1008, "reason": "Not Found"}]


async def test_an_http_path_is_not_a_websocket_path() -> None:
    from lanner import get

    @get("/page")
    async def page() -> str:
        return "html"

    sent = await converse(App([page]), "/page", extensions={"websocket.http.response": {}})
    assert [m["type"] for m in sent] == ["websocket.http.response.start", "websocket.http.response.body"]
    assert sent[0]["status"] == 404
