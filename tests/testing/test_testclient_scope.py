"""The HTTP scope the app receives is shaped like uvicorn's."""

from __future__ import annotations

from typing import Any, Literal

import pytest

from lanner._types import Receive, Scope, Send
from lanner.testing import AsyncTestClient, TestClient


class ScopeRecorder:
    """An app that keeps the scope of each HTTP request and answers 204."""

    def __init__(self) -> None:
        self.scopes: list[Scope] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        self.scopes.append(scope)
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    @property
    def last(self) -> Scope:
        return self.scopes[-1]


def header_values(scope: Scope, name: bytes) -> list[bytes]:
    return [value for key, value in scope["headers"] if key == name]


def test_the_scope_has_uvicorns_keys_and_asgi_versions() -> None:
    app = ScopeRecorder()
    TestClient(app).get("/")
    assert app.last["type"] == "http"
    assert app.last["asgi"] == {"version": "3.0", "spec_version": "2.4"}
    assert app.last["http_version"] == "1.1"
    assert app.last["method"] == "GET"
    assert app.last["scheme"] == "http"
    assert app.last["root_path"] == ""
    assert app.last["extensions"] == {}
    assert set(app.last) >= {
        *("server", "client", "path", "raw_path", "query_string", "headers", "state"),
    }


def test_server_comes_from_base_url_with_default_ports() -> None:
    app = ScopeRecorder()
    TestClient(app).get("/")
    TestClient(app, base_url="https://example.org").get("/")
    TestClient(app, base_url="http://example.org:8080").get("/")
    assert [scope["server"] for scope in app.scopes] == [
        ("testserver", 80),
        ("example.org", 443),
        ("example.org", 8080),
    ]
    assert app.scopes[1]["scheme"] == "https"


def test_client_defaults_to_testclient_and_can_be_set() -> None:
    app = ScopeRecorder()
    TestClient(app).get("/")
    TestClient(app, client=("10.0.0.1", 1234)).get("/")
    assert [scope["client"] for scope in app.scopes] == [("testclient", 50000), ("10.0.0.1", 1234)]


def test_path_is_percent_decoded_and_raw_path_is_as_sent() -> None:
    app = ScopeRecorder()
    TestClient(app).get("/caf%C3%A9/a%2Fb?q=1%202&x=y")
    assert app.last["path"] == "/café/a/b"
    assert app.last["raw_path"] == b"/caf%C3%A9/a%2Fb"
    assert app.last["query_string"] == b"q=1%202&x=y"


def test_root_path_prefixes_path_and_raw_path_like_uvicorn() -> None:
    app = ScopeRecorder()
    TestClient(app, root_path="/api").get("/items")
    assert app.last["root_path"] == "/api"
    assert app.last["path"] == "/api/items"
    assert app.last["raw_path"] == b"/api/items"


def test_headers_are_lower_cased_bytes_with_host_and_testclient_user_agent() -> None:
    app = ScopeRecorder()
    TestClient(app).get("/", headers={"X-Custom": "Value"})
    pairs = app.last["headers"]
    assert all(isinstance(name, bytes) and isinstance(value, bytes) for name, value in pairs)
    assert header_values(app.last, b"x-custom") == [b"Value"]
    assert header_values(app.last, b"host") == [b"testserver"]
    assert header_values(app.last, b"user-agent") == [b"testclient"]


def test_a_user_agent_given_to_the_client_replaces_the_default() -> None:
    app = ScopeRecorder()
    TestClient(app, headers={"User-Agent": "mine"}).get("/")
    assert header_values(app.last, b"user-agent") == [b"mine"]


def test_state_is_empty_without_a_lifespan() -> None:
    app = ScopeRecorder()
    TestClient(app).get("/")
    assert app.last["state"] == {}


def test_pathsend_option_offers_the_extension() -> None:
    app = ScopeRecorder()
    TestClient(app, pathsend=True).get("/")
    assert app.last["extensions"] == {"http.response.pathsend": {}}


@pytest.mark.parametrize("raise_server_exceptions", [True, False])
def test_the_scope_tells_lanner_whether_to_raise_server_exceptions(
    raise_server_exceptions: bool,
) -> None:
    app = ScopeRecorder()
    TestClient(app, raise_server_exceptions=raise_server_exceptions).get("/")
    assert app.last["lanner.raise_server_exceptions"] is raise_server_exceptions


def test_sync_client_builds_the_same_scope_on_both_backends(
    backend: Literal["asyncio", "trio"],
) -> None:
    app = ScopeRecorder()
    TestClient(app, backend=backend).get("/x?y=1")
    assert (app.last["path"], app.last["query_string"]) == ("/x", b"y=1")


async def test_async_client_builds_the_same_scope() -> None:
    app = ScopeRecorder()
    client = AsyncTestClient(app, root_path="/r", client=("1.2.3.4", 5), pathsend=True)
    await client.get("/x?y=1")
    expected: dict[str, Any] = {
        "path": "/r/x",
        "query_string": b"y=1",
        "client": ("1.2.3.4", 5),
        "extensions": {"http.response.pathsend": {}},
        "lanner.raise_server_exceptions": True,
    }
    assert {key: app.last[key] for key in expected} == expected
