"""Files, streams and server-sent events on real servers, over loopback sockets: uvicorn
(started as `lanner run` starts it) and granian (which offers `http.response.pathsend`).

tests/server/files_streams_app.py runs in a subprocess; httpx (or a bare socket) talks to it.
These tests see what the in-process client cannot: real HTTP framing of ranges and 304s, a
client that closes its socket mid-stream (the stream's `finally` must run on the server), and
the server's own memory while a large file goes out or a large upload comes in.
"""

from __future__ import annotations

import hashlib
import os
import socket
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from server_process import ServerProcess, start, without

ROOT = Path(__file__).resolve().parents[2]
APP = "tests.server.files_streams_app:app"
MiB = 1024 * 1024

CONTENT = bytes(range(256)) * 4096  # 1 MiB, every byte value
MTIME = 1_700_000_000


def _command(server: str, port: int) -> list[str]:
    if server == "uvicorn":
        return [sys.executable, "-m", "lanner", "run", APP, "--port", str(port), "--log-level", "warning"]
    return [
        sys.executable, "-m", "granian", "--interface", "asgi", "--host", "127.0.0.1", "--port", str(port),
        "--workers", "1", "--log-level", "warning", APP,
    ]  # fmt: skip


def _server_env(directory: Path) -> dict[str, str]:
    # One worker whatever the developer's shell exports; the app finds its files in directory.
    env = {name: value for name, value in without("WEB_CONCURRENCY", "PORT", "LANNER_APP").items() if not name.startswith("GRANIAN_")}
    env["LANNER_TEST_DIR"] = str(directory)
    return env


class Server:
    """A running server: its process, base URL, log, and the directory the app serves from."""

    def __init__(self, name: str, running: ServerProcess, directory: Path) -> None:
        self.name = name
        self.running = running
        self.process = running.process
        self.base_url = running.base_url
        self.log = running.log
        self.port = running.port
        self.directory = directory

    def marker(self, token: str) -> Path:
        return self.directory / "markers" / token

    def stop(self) -> int:
        return self.running.stop()


def _serve(name: str, directory: Path) -> Server:
    (directory / "files").mkdir(parents=True, exist_ok=True)
    (directory / "markers").mkdir(exist_ok=True)
    running = start(
        lambda port: _command(name, port), directory / f"{name}.log", cwd=ROOT, env=_server_env(directory)
    )
    return Server(name, running, directory)


@pytest.fixture(scope="module", params=["uvicorn", "granian"])
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The app on each server in turn, with a 1 MiB file and a small text file to serve."""
    directory = tmp_path_factory.mktemp(request.param)
    running = _serve(request.param, directory)
    data = directory / "files" / "data.bin"
    data.write_bytes(CONTENT)
    os.utime(data, (MTIME, MTIME))
    (directory / "files" / "notes.txt").write_text("some notes\n")
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def http(server: Server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.base_url, timeout=10.0) as client:
        yield client


def _wait_for(condition: Callable[[], bool], timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


# --- files ---------------------------------------------------------------------------------


def test_a_file_is_sent_whole_with_its_headers(http: httpx.Client) -> None:
    response = http.get("/files/data.bin")

    assert response.status_code == 200
    assert response.content == CONTENT
    assert response.headers["content-length"] == str(len(CONTENT))
    assert response.headers["content-type"] == "application/octet-stream"
    assert response.headers["accept-ranges"] == "bytes"
    assert response.headers["content-disposition"] == 'attachment; filename="data.bin"'
    assert response.headers["etag"].startswith('"')
    assert response.headers["last-modified"] == "Tue, 14 Nov 2023 22:13:20 GMT"


def test_granian_gets_the_file_by_pathsend_and_uvicorn_in_chunks(server: Server, http: httpx.Client) -> None:
    before = http.get("/sent").json()
    assert http.get("/files/notes.txt").text == "some notes\n"
    after = http.get("/sent").json()

    pathsends = after.get("http.response.pathsend", 0) - before.get("http.response.pathsend", 0)
    assert pathsends == (1 if server.name == "granian" else 0)


def test_a_range_is_206(http: httpx.Client) -> None:
    response = http.get("/files/data.bin", headers={"Range": "bytes=1000-1999"})

    assert response.status_code == 206
    assert response.headers["content-range"] == f"bytes 1000-1999/{len(CONTENT)}"
    assert response.headers["content-length"] == "1000"
    assert response.content == CONTENT[1000:2000]


def test_several_ranges_are_multipart_byteranges(http: httpx.Client) -> None:
    response = http.get("/files/data.bin", headers={"Range": "bytes=0-9, -10"})

    assert response.status_code == 206
    assert response.headers["content-type"].startswith("multipart/byteranges; boundary=")
    assert response.headers["content-length"] == str(len(response.content))
    assert CONTENT[:10] in response.content and CONTENT[-10:] in response.content


def test_an_unsatisfiable_range_is_416(http: httpx.Client) -> None:
    response = http.get("/files/data.bin", headers={"Range": f"bytes={len(CONTENT)}-"})

    assert (response.status_code, response.headers["content-range"]) == (416, f"bytes */{len(CONTENT)}")


def test_a_matching_etag_is_a_304_on_the_wire(http: httpx.Client) -> None:
    etag = http.get("/files/data.bin").headers["etag"]

    response = http.get("/files/data.bin", headers={"If-None-Match": etag})

    assert (response.status_code, response.content) == (304, b"")
    assert response.headers["etag"] == etag


def test_if_modified_since_is_a_304_on_the_wire(http: httpx.Client) -> None:
    response = http.get("/files/data.bin", headers={"If-Modified-Since": "Wed, 15 Nov 2023 00:00:00 GMT"})

    assert response.status_code == 304


def test_head_of_a_file_has_no_body(http: httpx.Client) -> None:
    response = http.head("/files/data.bin")

    assert (response.status_code, response.content) == (200, b"")
    assert response.headers["content-length"] == str(len(CONTENT))


def test_a_missing_file_is_404_naming_no_path(server: Server, http: httpx.Client) -> None:
    response = http.get("/files/missing.bin")

    assert (response.status_code, response.json()["detail"]) == (404, "File not found")
    assert str(server.directory) not in response.text


def test_a_path_out_of_the_directory_is_404(http: httpx.Client) -> None:
    assert http.get("/files/%2e%2e/granian.log").status_code == 404
    assert http.get("/files/%2e%2e/uvicorn.log").status_code == 404


# --- streams and server-sent events ----------------------------------------------------------


def test_a_stream_arrives_whole(http: httpx.Client) -> None:
    response = http.get("/numbers", params={"count": 500})

    assert response.status_code == 200
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert response.text == "".join(f"{number}\n" for number in range(500))


def test_the_first_events_of_an_endless_sse_stream(server: Server, http: httpx.Client) -> None:
    token = f"sse-{uuid.uuid4().hex}"
    data: list[str] = []

    with http.stream("GET", f"/sse/{token}") as response:
        assert response.headers["content-type"] == "text/event-stream; charset=utf-8"
        assert response.headers["cache-control"] == "no-cache"
        assert response.headers["x-accel-buffering"] == "no"
        for line in response.iter_lines():
            if line.startswith("data: "):
                data.append(line)
            if len(data) == 3:
                break

    assert data == ['data: {"tick":0}', 'data: {"tick":1}', 'data: {"tick":2}']
    assert _wait_for(server.marker(token).exists), f"the SSE generator's finally did not run:\n{server.log.read_text()}"


@pytest.mark.parametrize("route", ["endless", "endless-sync"])
def test_a_client_closing_its_socket_mid_stream_runs_the_streams_finally(server: Server, route: str) -> None:
    token = f"{route}-{uuid.uuid4().hex}"
    with socket.create_connection(("127.0.0.1", server.port), timeout=10.0) as sock:
        sock.sendall(f"GET /{route}/{token} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        received = b""
        while len(received) < 10_000:
            chunk = sock.recv(65536)
            assert chunk, "the server closed the stream first"
            received += chunk
        assert received.startswith(b"HTTP/1.1 200")
        assert not server.marker(token).exists()  # still streaming

    assert _wait_for(server.marker(token).exists), f"the stream's finally did not run:\n{server.log.read_text()}"


def test_a_client_going_away_is_not_logged_as_a_server_error(server: Server) -> None:
    token = f"quiet-{uuid.uuid4().hex}"
    size_before = server.log.stat().st_size
    with socket.create_connection(("127.0.0.1", server.port), timeout=10.0) as sock:
        sock.sendall(f"GET /endless/{token} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        assert sock.recv(65536)
    assert _wait_for(server.marker(token).exists)
    time.sleep(0.2)  # let any log line land

    with server.log.open("rb") as log:
        log.seek(size_before)
        written = log.read().decode(errors="replace")
    assert "Traceback" not in written
    assert "failed" not in written


# --- uploads --------------------------------------------------------------------------------


def test_an_upload_arrives_intact(http: httpx.Client) -> None:
    content = os.urandom(3 * MiB + 17)

    response = http.post("/upload", data={"note": "hello"}, files={"file": ("data.bin", content)})

    assert response.status_code == 200
    assert response.json() == {
        "filename": "data.bin",
        "size": len(content),
        "sha256": hashlib.sha256(content).hexdigest(),
        "note": "hello",
    }


# --- memory: a large file out and a large upload in, on a fresh uvicorn ---------------------

DOWNLOAD_SIZE = 256 * MiB
UPLOAD_SIZE = 96 * MiB
MEMORY_BOUND = 64 * MiB


def _status_kib(pid: int, field: str) -> int:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise AssertionError(f"no {field} in /proc/{pid}/status")


def _peak_growth(pid: int, work: Callable[[], None]) -> int:
    """Bytes by which the process's peak resident memory grows while `work` runs."""
    try:
        with open(f"/proc/{pid}/clear_refs", "w") as clear:
            clear.write("5")  # reset VmHWM to the current RSS (Linux 4.0+)
    except OSError:
        pass  # then the peak so far counts against the work: a stricter measure
    before = _status_kib(pid, "VmRSS")
    work()
    return (_status_kib(pid, "VmHWM") - before) * 1024


needs_proc = pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="reads the server's memory from /proc")


@pytest.fixture
def fresh_uvicorn(tmp_path: Path) -> Iterator[Server]:
    running = _serve("uvicorn", tmp_path)
    try:
        (tmp_path / "files" / "warm.txt").write_text("warm")
        with httpx.Client(base_url=running.base_url) as client:  # import and warm every code path first
            assert client.get("/files/warm.txt").status_code == 200
            assert client.post("/upload", files={"file": ("w.bin", b"w" * (2 * MiB))}).status_code == 200
        yield running
    finally:
        running.stop()


@needs_proc
def test_serving_a_large_file_keeps_the_servers_memory_flat(fresh_uvicorn: Server) -> None:
    big = fresh_uvicorn.directory / "files" / "big.bin"
    with big.open("wb") as output:
        output.truncate(DOWNLOAD_SIZE)  # sparse: no disk used
    received = 0

    def download() -> None:
        nonlocal received
        with httpx.Client(base_url=fresh_uvicorn.base_url, timeout=60.0) as client:
            with client.stream("GET", "/files/big.bin") as response:
                assert response.status_code == 200
                for chunk in response.iter_raw():
                    received += len(chunk)

    growth = _peak_growth(fresh_uvicorn.process.pid, download)

    assert received == DOWNLOAD_SIZE
    assert growth < MEMORY_BOUND, f"peak memory grew by {growth / MiB:.0f} MiB for a {DOWNLOAD_SIZE // MiB} MiB file"


@needs_proc
def test_a_large_upload_keeps_the_servers_memory_flat(fresh_uvicorn: Server) -> None:
    boundary = uuid.uuid4().hex
    block = os.urandom(MiB)
    expected = hashlib.sha256()
    for _ in range(UPLOAD_SIZE // MiB):
        expected.update(block)

    def body() -> Iterator[bytes]:
        yield (
            f'--{boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nbig\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        for _ in range(UPLOAD_SIZE // MiB):
            for offset in range(0, MiB, 64 * 1024):
                yield block[offset : offset + 64 * 1024]
        yield f"\r\n--{boundary}--\r\n".encode()

    answers: list[httpx.Response] = []

    def upload() -> None:
        with httpx.Client(base_url=fresh_uvicorn.base_url, timeout=60.0) as client:
            answers.append(
                client.post(
                    "/upload", content=body(), headers={"Content-Type": f"multipart/form-data; boundary={boundary}"}
                )
            )

    growth = _peak_growth(fresh_uvicorn.process.pid, upload)

    assert answers[0].status_code == 200, answers[0].text
    assert answers[0].json() == {
        "filename": "big.bin",
        "size": UPLOAD_SIZE,
        "sha256": expected.hexdigest(),
        "note": "big",
    }
    assert growth < MEMORY_BOUND, f"peak memory grew by {growth / MiB:.0f} MiB for a {UPLOAD_SIZE // MiB} MiB upload"
