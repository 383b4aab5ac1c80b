"""The notes example on a real uvicorn, over a loopback socket: what `lanner run` serves.

The server runs in a subprocess started exactly as the README says (`python -m lanner run
examples.notes.app:app`), so these tests see real HTTP framing, real lifespan handling and
real signals. One server serves the whole module; each test tags its notes uniquely so that
tests do not see each other's data.
"""

from __future__ import annotations

import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from server_process import START_TIMEOUT, ServerProcess, free_port, start, without

ROOT = Path(__file__).resolve().parents[2]
APP = "examples.notes.app:app"
ALICE = {"X-API-Key": "alice-secret"}


def _lanner(*args: str) -> list[str]:
    return [sys.executable, "-m", "lanner", *args]


def _server_env() -> dict[str, str]:
    # An in-memory database and one worker, whatever the developer's shell exports.
    return without("NOTES_DB", "WEB_CONCURRENCY", "LANNER_APP", "PORT")


def _serve(log: Path) -> ServerProcess:
    """The example app on a free port, answering."""
    return start(
        lambda port: _lanner("run", APP, "--port", str(port), "--log-level", "warning"),
        log,
        cwd=ROOT,
        env=_server_env(),
    )


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of the example app on uvicorn; stopped after the module's tests."""
    running = _serve(tmp_path_factory.mktemp("uvicorn") / "server.log")
    try:
        yield running.base_url
    finally:
        running.stop()


@pytest.fixture
def http(server: str) -> Iterator[httpx.Client]:
    """An HTTP client of the running server, with alice's API key."""
    with httpx.Client(base_url=server, headers=ALICE, timeout=5.0) as client:
        yield client


@pytest.fixture
def tag() -> str:
    """A tag no other test uses, to find this test's notes in the shared database."""
    return f"t-{uuid.uuid4().hex[:12]}"


def test_a_created_note_reads_back_from_its_location(http: httpx.Client, tag: str) -> None:
    created = http.post("/notes", json={"title": "Over the wire", "tags": [tag]})
    assert created.status_code == 201
    note = http.get(created.headers["Location"])
    assert (note.status_code, note.json()) == (200, created.json())


def test_listing_filters_by_tag_and_search(http: httpx.Client, tag: str) -> None:
    for title in ("Groceries", "Gift ideas", "Sprint plan"):
        http.post("/notes", json={"title": title, "tags": [tag]})
    response = http.get("/notes", params={"tag": tag, "q": "g", "limit": 1})
    page = response.json()
    assert response.status_code == 200
    assert ([note["title"] for note in page["items"]], page["total"]) == (["Gift ideas"], 2)


def test_a_deleted_note_answers_204_then_404(http: httpx.Client, tag: str) -> None:
    location = http.post("/notes", json={"title": "Short-lived", "tags": [tag]}).headers["Location"]
    deleted = http.delete(location)
    assert (deleted.status_code, deleted.content) == (204, b"")
    assert http.get(location).status_code == 404


def test_no_api_key_is_401(server: str) -> None:
    assert httpx.get(f"{server}/notes", timeout=5.0).status_code == 401


def test_an_unknown_path_is_404(http: httpx.Client) -> None:
    response = http.get("/no/such/path")
    assert (response.status_code, response.json()["detail"]) == (404, "Not Found")


def test_a_wrong_method_is_405_with_allow(http: httpx.Client) -> None:
    response = http.patch("/notes/1", json={"title": "Nope"})
    assert response.status_code == 405
    assert response.headers["Allow"] == "DELETE, GET, HEAD, OPTIONS, PUT"


def test_a_text_body_is_415(http: httpx.Client) -> None:
    response = http.post("/notes", content=b"Groceries", headers={"Content-Type": "text/plain"})
    assert response.status_code == 415


def test_an_out_of_range_limit_is_400_naming_it(http: httpx.Client) -> None:
    response = http.get("/notes", params={"limit": 1000})
    assert response.status_code == 400
    assert response.json()["errors"] == [{"source": "query", "name": "limit", "message": "Expected `int` <= 100"}]


def test_head_of_a_get_route_sends_its_headers_without_a_body(http: httpx.Client) -> None:
    get, head = http.get("/health"), http.head("/health")
    assert (head.status_code, head.content) == (200, b"")
    assert head.headers["Content-Type"] == get.headers["Content-Type"] == "application/json"
    assert head.headers["Content-Length"] == get.headers["Content-Length"] == str(len(get.content))


def test_ctrl_c_stops_the_server_cleanly(tmp_path: Path) -> None:
    log = tmp_path / "server.log"
    assert _serve(log).stop() == 0
    assert "Traceback" not in log.read_text()


@pytest.mark.parametrize(
    ("app", "message"),
    [
        ("examples.notes.app", "give the app as module:attribute"),
        ("examples.notes.nope:app", 'Could not import module "examples.notes.nope"'),
        ("examples.notes.app:nope", 'Attribute "nope" not found in module "examples.notes.app"'),
    ],
)
def test_lanner_run_refuses_a_bad_app_with_a_clear_message(app: str, message: str) -> None:
    result = subprocess.run(
        _lanner("run", app, "--port", str(free_port())),
        cwd=ROOT,
        env=_server_env(),
        capture_output=True,
        text=True,
        timeout=START_TIMEOUT,
    )
    assert result.returncode != 0
    assert message in result.stderr
