"""An app on a real server in a subprocess, on a free loopback port, for the server tests.

`start` runs the server's command, waits until it is ready, and starts again on another port
when a different process took the free port first. `ServerProcess.stop` stops it as Ctrl+C
would (the server then runs its lifespan's shutdown) and kills its whole process group if it
hangs (granian's workers included).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Final

import httpx

START_TIMEOUT: Final = 20.0
STOP_TIMEOUT: Final = 10.0
HOST: Final = "127.0.0.1"

Ready = Callable[[int], bool]
"""Whether the server on this port is ready for the tests."""


def free_port() -> int:
    """A port nothing listens on now (another process may take it before the server binds it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def answers(path: str = "/health") -> Ready:
    """Ready once `GET path` answers 200."""

    def ready(port: int) -> bool:
        try:
            return httpx.get(f"http://{HOST}:{port}{path}", timeout=1.0).status_code == 200
        except httpx.TransportError:
            return False

    return ready


answers_health: Final = answers()
"""The usual readiness: `GET /health` answers 200."""


def listens(port: int) -> bool:
    """Ready once the port takes a connection."""
    try:
        socket.create_connection((HOST, port), timeout=0.5).close()
    except OSError:
        return False
    return True


def without(*names: str) -> dict[str, str]:
    """This process's environment without `names` (one worker, whatever the shell exports)."""
    return {name: value for name, value in os.environ.items() if name not in names}


class ServerProcess:
    """A running server: its process, port and log."""

    def __init__(self, process: subprocess.Popen[bytes], port: int, log: Path) -> None:
        self.process = process
        self.port = port
        self.log = log

    @property
    def base_url(self) -> str:
        """`http://127.0.0.1:PORT`."""
        return f"http://{HOST}:{self.port}"

    def stop(self) -> int:
        """Stop the server as Ctrl+C would; kill its process group if it does not stop in time."""
        process = self.process
        if process.poll() is None:
            process.send_signal(signal.SIGINT if sys.platform != "win32" else signal.SIGTERM)
            try:
                return process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                if sys.platform != "win32":
                    os.killpg(process.pid, signal.SIGKILL)
                else:
                    process.kill()
        return process.wait()


def start(
    command: Callable[[int], list[str]],
    log: Path,
    *,
    cwd: Path,
    env: Mapping[str, str] | None = None,
    ready: Ready = answers_health,
    attempts: int = 3,
) -> ServerProcess:
    """Run `command(port)` on a free port, its output in `log`, and wait until it is `ready`."""
    for attempt in range(1, attempts + 1):
        port = free_port()
        with log.open("wb") as output:  # the child keeps its own copy of the file descriptor
            process = subprocess.Popen(
                command(port),
                cwd=cwd,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=sys.platform != "win32",
            )
        server = ServerProcess(process, port, log)
        try:
            _wait_until_ready(server, ready)
        except BaseException:
            server.stop()
            if attempt == attempts or "address already in use" not in log.read_text().lower():
                raise
            continue
        return server
    raise AssertionError("unreachable: the last attempt returns or raises")


def _wait_until_ready(server: ServerProcess, ready: Ready) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"the server exited with {server.process.returncode}:\n{server.log.read_text()}")
        if ready(server.port):
            return
        time.sleep(0.05)
    raise TimeoutError(f"the server was not ready within {START_TIMEOUT}s:\n{server.log.read_text()}")
