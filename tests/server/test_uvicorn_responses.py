"""Background tasks and ETag 304s on a real uvicorn, over a loopback socket.

tests/server/responses_app.py runs in a subprocess started as `python -m lanner run`, so these
tests see real HTTP framing: a background task that is still waiting does not hold back its
response, and a 304 is a real 304 on the wire.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
APP = "tests.server.responses_app:app"
START_TIMEOUT = 20.0
STOP_TIMEOUT = 10.0


def _free_port() -> int:
    # Another process may take the port before uvicorn binds it; `_serve` retries then.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _stop(process: subprocess.Popen[bytes]) -> int:
    if process.poll() is None:
        process.send_signal(signal.SIGINT if sys.platform != "win32" else signal.SIGTERM)
        try:
            return process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
    return process.wait()


def _wait_until_up(process: subprocess.Popen[bytes], base_url: str, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}:\n{log.read_text()}")
        try:
            if httpx.get(f"{base_url}/health", timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise TimeoutError(f"the server did not answer within {START_TIMEOUT}s:\n{log.read_text()}")


def _serve(log: Path, attempts: int = 3) -> tuple[subprocess.Popen[bytes], str]:
    env = {name: value for name, value in os.environ.items() if name not in {"WEB_CONCURRENCY", "PORT"}}
    for attempt in range(1, attempts + 1):
        port = _free_port()
        with log.open("wb") as output:
            process = subprocess.Popen(
                [sys.executable, "-m", "lanner", "run", APP, "--port", str(port), "--log-level", "warning"],
                cwd=ROOT,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        base_url = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(process, base_url, log)
        except BaseException:
            _stop(process)
            if attempt == attempts or "address already in use" not in log.read_text().lower():
                raise
            continue
        return process, base_url
    raise AssertionError("unreachable: the last attempt returns or raises")


class Server:
    def __init__(self, base_url: str, log: Path) -> None:
        self.base_url = base_url
        self.log = log


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    log = tmp_path_factory.mktemp("uvicorn-responses") / "server.log"
    process, base_url = _serve(log)
    try:
        yield Server(base_url, log)
    finally:
        _stop(process)


@pytest.fixture
def http(server: Server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.base_url, timeout=5.0) as client:
        yield client


def _wait_for(condition: Callable[[], bool], timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def test_the_response_arrives_while_its_background_task_still_waits(http: httpx.Client) -> None:
    job = uuid.uuid4().hex

    accepted = http.post(f"/jobs/{job}")
    try:
        assert (accepted.status_code, accepted.json()) == (202, {"job": job, "state": "accepted"})
        assert http.get(f"/jobs/{job}").json() == {"done": False}
    finally:
        http.post(f"/jobs/{job}/release")  # a waiting task would hold up the server's shutdown


def test_the_background_task_runs_after_the_response(http: httpx.Client) -> None:
    job = uuid.uuid4().hex
    http.post(f"/jobs/{job}")

    assert http.post(f"/jobs/{job}/release").status_code == 204

    assert _wait_for(lambda: http.get(f"/jobs/{job}").json() == {"done": True})


def test_a_failing_background_task_is_logged_and_the_server_keeps_serving(server: Server, http: httpx.Client) -> None:
    job = uuid.uuid4().hex

    response = http.post(f"/failing-jobs/{job}")

    assert (response.status_code, response.text) == (202, "accepted")
    assert http.get("/health").status_code == 200
    assert _wait_for(lambda: "background task tests.server.responses_app.fail_job failed" in server.log.read_text())
    assert f"job {job} failed on purpose" in server.log.read_text()


def test_a_matching_if_none_match_is_a_304_on_the_wire(http: httpx.Client) -> None:
    fresh = http.get("/document")

    cached = http.get("/document", headers={"If-None-Match": fresh.headers["ETag"]})

    assert (fresh.status_code, fresh.headers["ETag"], fresh.json()) == (200, '"v1"', {"version": "1"})
    assert (cached.status_code, cached.content) == (304, b"")
    assert (cached.headers["ETag"], cached.headers["Cache-Control"]) == ('"v1"', "max-age=60")


def test_head_with_a_matching_weak_if_none_match_is_a_304_on_the_wire(http: httpx.Client) -> None:
    response = http.head("/document", headers={"If-None-Match": 'W/"v1"'})

    assert response.status_code == 304


def test_another_tag_gets_the_document(http: httpx.Client) -> None:
    response = http.get("/document", headers={"If-None-Match": '"v0"'})

    assert (response.status_code, response.json()) == (200, {"version": "1"})
