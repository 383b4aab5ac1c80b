"""Test lanner apps, or any ASGI app, in-process through httpx.

`TestClient` is a blocking `httpx.Client`, `AsyncTestClient` an `httpx.AsyncClient`; both
hand requests straight to the app with no server or socket, stream its responses, run its
lifespan when used as context managers, and open WebSocket sessions.

Example::

    from lanner.testing import TestClient

    def test_health() -> None:
        with TestClient(app) as client:
            assert client.get("/health").json() == {"ok": True}

Needs the `testing` extra (`pip install lanner[testing]`), which brings httpx.
"""

from __future__ import annotations

from lanner.testing._client import AsyncTestClient, TestClient
from lanner.testing._sessions import AsyncWebSocketSession, WebSocketSession
from lanner.testing._websocket import WebSocketDenied, WebSocketDisconnect

__all__ = [
    "AsyncTestClient",
    "AsyncWebSocketSession",
    "TestClient",
    "WebSocketDenied",
    "WebSocketDisconnect",
    "WebSocketSession",
]
