"""Background tasks and ETag 304s on a real uvicorn, over a loopback socket.

tests/server/responses_app.py runs in a subprocess started as `python -m lanner run`, so these
tests see real HTTP framing: a background task that is still waiting does not hold back its
response, and a 304 is a real 304 on the wire.
"""

from __future__ import annotations

import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from server_process import ServerProcess, start, without

ROOT = Path(__file__).resolve().parents[2]
APP = "tests.server.responses_app:app"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    running = start(
        lambda port: [sys.executable, "-m", "lanner", "run", APP, "--port", str(port), "--log-level", "warning"],
        tmp_path_factory.mktemp("uvicorn-responses") / "server.log",
        cwd=ROOT,
        env=without("WEB_CONCURRENCY", "PORT"),
    )
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def http(server: ServerProcess) -> Iterator[httpx.Client]:
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


def test_a_failing_background_task_is_logged_and_the_server_keeps_serving(server: ServerProcess, http: httpx.Client) -> None:
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
