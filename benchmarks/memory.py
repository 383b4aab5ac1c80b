"""Memory under load: the json-body scenario over loopback, RSS after 1 minute vs at the end.

    python benchmarks/memory.py                 # 10 minutes (the target's duration)
    python benchmarks/memory.py --minutes 2     # a quicker look

Starts `benchmarks/lanner_app.py` on uvicorn (1 worker, pinned to CPU 0), drives it with wrk
from CPU 1, samples the server's RSS every 10 s, and passes if the final RSS is within 5 %
of the RSS after the first minute. Needs the harness venv (it imports the harness's data)
and wrk.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
HARNESS = Path(os.environ.get("LANNER_BENCH_HARNESS", HERE.parent.parent / "shared" / "bench"))


def rss_kib(pid: int) -> int:
    """Resident set size of a process and its children's, in KiB (from /proc)."""
    total = 0
    for candidate in [pid, *_children(pid)]:
        try:
            for line in Path(f"/proc/{candidate}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            continue
    return total


def _children(pid: int) -> list[int]:
    try:
        found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except FileNotFoundError:
        return []
    return [int(child) for child in found]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=10.0)
    args = parser.parse_args()
    sys.path.insert(0, str(HARNESS))
    from apps._data import ITEM_BODY  # type: ignore[import-not-found]  # the harness's data module

    port = _free_port()
    env = {**os.environ, "PYTHONPATH": f"{HERE}{os.pathsep}{HARNESS}"}
    server = subprocess.Popen(
        ["taskset", "-c", "0", sys.executable, "-m", "uvicorn", "lanner_app:app", "--port", str(port),
         "--loop", "uvloop", "--http", "httptools", "--no-access-log", "--log-level", "warning"],
        env=env, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
            body = ITEM_BODY.decode().replace("\\", "\\\\").replace('"', '\\"')
            lua.write(f'wrk.method = "POST"\nwrk.body = "{body}"\nwrk.headers["Content-Type"] = "application/json"\n')
        seconds = int(args.minutes * 60)
        load = subprocess.Popen(
            ["taskset", "-c", "1", "wrk", "-t1", "-c64", f"-d{seconds}s", "-s", lua.name, f"http://127.0.0.1:{port}/items"],
            stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        started = time.monotonic()
        samples: list[tuple[float, int]] = []
        while load.poll() is None:
            time.sleep(10)
            samples.append((time.monotonic() - started, rss_kib(server.pid)))
        output = load.communicate()[0]
    finally:
        os.killpg(server.pid, signal.SIGINT)
        server.wait(timeout=20)
    after_first_minute = next((kib for at, kib in samples if at >= 60), samples[0][1])
    final = samples[-1][1]
    change = (final - after_first_minute) / after_first_minute * 100
    print(output.strip())
    print("RSS samples (s, KiB):", ", ".join(f"{at:.0f}:{kib}" for at, kib in samples))
    passed = abs(change) <= 5
    print(f"RSS after 1 min {after_first_minute} KiB, at the end {final} KiB: {change:+.1f} %  {'PASS' if passed else 'FAIL'}")
    return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
