"""Both clients are httpx clients on lanner's own transport, and plain requests just work."""

from __future__ import annotations

import json
from typing import Literal

import httpx

from lanner._types import Receive, Scope, Send
from lanner.testing import AsyncTestClient, TestClient


async def echo_request(scope: Scope, receive: Receive, send: Send) -> None:
    """Answers with the method, path and body it received, as JSON."""
    if scope["type"] == "lifespan":
        return  # no lifespan support: the client must carry on without one
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    payload = {"method": scope["method"], "path": scope["path"], "body": body.decode()}
    await send(
        {
            "type": "http.response.start",
            "status": 201,
            "headers": [(b"content-type", b"application/json"), (b"x-app", b"echo")],
        }
    )
    await send({"type": "http.response.body", "body": json.dumps(payload).encode()})


def test_test_client_is_an_httpx_client_on_its_own_transport() -> None:
    client = TestClient(echo_request)
    assert isinstance(client, httpx.Client)
    assert not isinstance(client._transport, (httpx.ASGITransport, httpx.HTTPTransport))


def test_async_test_client_is_an_httpx_async_client_on_its_own_transport() -> None:
    client = AsyncTestClient(echo_request)
    assert isinstance(client, httpx.AsyncClient)
    assert not isinstance(client._transport, (httpx.ASGITransport, httpx.AsyncHTTPTransport))


def test_sync_requests_return_httpx_responses(backend: Literal["asyncio", "trio"]) -> None:
    client = TestClient(echo_request, backend=backend)
    response = client.post("/items", content=b"hello")
    assert isinstance(response, httpx.Response)
    assert response.status_code == 201
    assert response.headers["x-app"] == "echo"
    assert response.json() == {"method": "POST", "path": "/items", "body": "hello"}


def test_sync_requests_work_inside_the_context_manager(backend: Literal["asyncio", "trio"]) -> None:
    with TestClient(echo_request, backend=backend) as client:
        first = client.get("/one")
        second = client.put("/two", json={"a": 1})
    assert first.json()["path"] == "/one"
    assert second.json() == {"method": "PUT", "path": "/two", "body": '{"a":1}'}


async def test_async_requests_return_httpx_responses() -> None:
    client = AsyncTestClient(echo_request)
    response = await client.delete("/items/1")
    assert isinstance(response, httpx.Response)
    assert response.json() == {"method": "DELETE", "path": "/items/1", "body": ""}


async def test_async_requests_work_inside_the_context_manager() -> None:
    async with AsyncTestClient(echo_request) as client:
        response = await client.patch("/items/1", content=b"x")
    assert response.status_code == 201
    assert response.json()["body"] == "x"


async def redirects_then_sets_a_cookie(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] != "http":
        return
    if scope["path"] == "/old":
        headers = [(b"location", b"/new"), (b"set-cookie", b"session=abc; Path=/")]
        await send({"type": "http.response.start", "status": 307, "headers": headers})
        await send({"type": "http.response.body", "body": b""})
        return
    cookie = dict(scope["headers"]).get(b"cookie", b"")
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": scope["path"].encode() + b" " + cookie})


def test_redirects_are_followed_and_cookies_kept_like_any_httpx_client() -> None:
    response = TestClient(redirects_then_sets_a_cookie).get("/old")
    assert response.text == "/new session=abc"
    not_following = TestClient(redirects_then_sets_a_cookie, follow_redirects=False)
    assert not_following.get("/old").status_code == 307


async def test_the_sync_client_also_works_inside_a_running_event_loop() -> None:
    with TestClient(echo_request) as client:
        assert client.get("/inside").json()["path"] == "/inside"
