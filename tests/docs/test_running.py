"""docs/running.md: the lifespan, start-up hooks, a failing start-up, a proxy's root path,
and `lanner run` on a real uvicorn."""

from __future__ import annotations

import logging
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import anyio
import httpx
import pytest

from docs.examples import running_app, running_failing
from lanner import App, Message, get
from lanner import Path as PathParam
from lanner.testing import TestClient

Backend = Literal["asyncio", "trio"]

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 20.0


# --- lifespan and hooks -------------------------------------------------------------------


def test_lifespan_state_reaches_the_handler(backend: Backend) -> None:
    with TestClient(running_app.app, backend=backend) as client:
        response = client.get("/health")

    assert response.json() == {"database": True}


def test_hooks_run_around_the_lifespan(backend: Backend, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="myapp"):
        with TestClient(running_app.app, backend=backend):
            started = [record.getMessage() for record in caplog.records]

    assert started == ["starting"]
    assert [record.getMessage() for record in caplog.records] == ["starting", "stopped"]


def test_failing_startup_refuses_to_start(backend: Backend) -> None:
    with pytest.raises(RuntimeError, match="ConnectionError: database is unreachable"):
        with TestClient(running_failing.app, backend=backend):
            pass


def test_lifespan_state_on_a_server_without_state_support_fails_the_startup() -> None:
    sent: list[Message] = []
    incoming = iter([{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}])

    async def receive() -> Message:
        return next(incoming)

    async def send(message: Message) -> None:
        sent.append(message)

    anyio.run(running_app.app, {"type": "lifespan", "asgi": {"version": "3.0"}}, receive, send)

    assert sent[0]["type"] == "lifespan.startup.failed"
    assert "does not support lifespan state" in sent[0]["message"]


# --- behind a proxy -----------------------------------------------------------------------


def test_root_path_is_stripped_before_routing_and_kept_in_urls(backend: Backend) -> None:
    client = TestClient(running_app.app, backend=backend, root_path="/api")

    response = client.get("/where")

    assert response.json() == {"url": "http://testserver/api/where", "base_url": "http://testserver/api/"}


def test_forwarding_headers_are_not_trusted_by_the_app(backend: Backend) -> None:
    client = TestClient(running_app.app, backend=backend)

    response = client.get("/where", headers={"X-Forwarded-Proto": "https", "X-Forwarded-Host": "evil.example"})

    assert response.json()["url"] == "http://testserver/where"


@get("/{owner}")
async def read_owner(owner: PathParam[str]) -> dict[str, str]:
    return {"owner": owner}


@get("/{owner}/{repo}")
async def read_repo(owner: PathParam[str], repo: PathParam[str]) -> dict[str, str]:
    return {"owner": owner, "repo": repo}


def test_root_path_is_stripped_before_matching_placeholders(backend: Backend) -> None:
    client = TestClient(App([read_owner, read_repo]), backend=backend, root_path="/api")

    response = client.get("/octocat")

    assert response.json() == {"owner": "octocat"}


# --- lanner run ---------------------------------------------------------------------------


def _lanner(*args: str) -> list[str]:
    return [sys.executable, "-m", "lanner", *args]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    """`lanner run docs.examples.running_app:app --root-path /api` on a free port; its URL."""
    log = tmp_path / "server.log"
    port = _free_port()
    with log.open("wb") as output:
        process = subprocess.Popen(
            _lanner("run", "docs.examples.running_app:app", "--port", str(port), "--root-path", "/api"),
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"lanner run exited with {process.returncode}:\n{log.read_text()}")
            try:
                httpx.get(f"{base_url}/health", timeout=1.0)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        yield base_url
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_lanner_run_serves_the_app_with_its_lifespan(served: str) -> None:
    response = httpx.get(f"{served}/health", timeout=5.0)

    assert response.json() == {"database": True}


def test_lanner_run_root_path_shows_in_urls(served: str) -> None:
    response = httpx.get(f"{served}/where", timeout=5.0)

    assert response.json()["base_url"].endswith("/api/")


def test_lanner_run_exits_when_startup_fails() -> None:
    result = subprocess.run(
        _lanner("run", "docs.examples.running_failing:app", "--port", str(_free_port())),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=START_TIMEOUT,
    )

    assert result.returncode == 3
    assert "ConnectionError: database is unreachable" in result.stderr
    assert "Application startup failed. Exiting." in result.stderr


def test_lanner_run_refuses_reload_with_several_workers() -> None:
    result = subprocess.run(
        _lanner("run", "docs.examples.running_app:app", "--reload", "--workers", "2"),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=START_TIMEOUT,
    )

    assert result.returncode == 2
    assert "--reload and --workers cannot be combined" in result.stderr
