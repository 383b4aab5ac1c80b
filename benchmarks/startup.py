"""Import time, app build time and route lookup flatness, each judged against its target.

    python benchmarks/startup.py        # with the harness venv (Starlette is compared)

- `import lanner` (every public name) must take less than `import starlette` (its
  applications, routing, requests and responses), each in fresh interpreters, median of 15.
- An App of 1,000 routes (half static, half with two typed path parameters) builds in
  under half a second.
- Route lookup (in-process, a noop-ish handler) costs the same with 10 and 1,000 routes,
  static and dynamic: within 15 % (the spread of repeated runs on this machine).
"""

from __future__ import annotations

import asyncio
import compileall
import statistics
import subprocess
import sys
import time
from pathlib import Path as FilePath
from typing import Any

import lanner
from lanner import App, Message, Path, Routable, get

IMPORTS = {
    "lanner": "import lanner; from lanner import *",
    "starlette": (
        "import starlette.applications, starlette.routing, starlette.requests, starlette.responses"
    ),
}


def import_time(statement: str, runs: int = 15) -> float:
    """Median wall time in ms of `statement` in a fresh interpreter (interpreter start excluded).

    lanner is byte-compiled first, as pip does for any installed package (Starlette's wheel
    was): an editable checkout under PYTHONDONTWRITEBYTECODE would be compiled on every import.
    """
    compileall.compile_dir(FilePath(lanner.__file__).parent, quiet=1)
    code = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
    samples = [
        float(subprocess.check_output([sys.executable, "-c", code], text=True)) * 1000 for _ in range(runs)
    ]
    return statistics.median(samples)


def build_app(routes: int) -> tuple[App, float]:
    """An App of `routes` routes, half static, half with two typed path parameters."""
    handlers: list[Routable] = []
    for i in range(routes // 2):

        async def static() -> dict[str, int]:
            return {"n": 1}

        async def dynamic(user_id: Path[int], item: Path[str]) -> dict[str, int]:
            return {"n": user_id}

        handlers.append(get(f"/static/{i}/items")(static))
        handlers.append(get(f"/dynamic/{i}/{{user_id:int}}/{{item}}")(dynamic))
    started = time.perf_counter()
    app = App(handlers)
    return app, time.perf_counter() - started


def lookup_cost(app: App, path: str, n: int = 50_000) -> float:
    """Median µs per request of `app` answering GET `path` in-process."""

    async def send(message: Message) -> None:
        return None

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    scope = {"type": "http", "method": "GET", "path": path, "query_string": b"", "headers": [], "root_path": ""}

    async def run() -> float:
        started = time.perf_counter()
        for _ in range(n):
            await app(dict(scope), receive, send)
        return (time.perf_counter() - started) / n * 1e6

    loop = asyncio.new_event_loop()
    runs: list[float] = [loop.run_until_complete(run()) for _ in range(7)]
    loop.close()
    return statistics.median(runs)


def main() -> int:
    ok = True
    lanner_ms, starlette_ms = import_time(IMPORTS["lanner"]), import_time(IMPORTS["starlette"])
    passed = lanner_ms < starlette_ms
    ok &= passed
    print(f"import: lanner {lanner_ms:.1f} ms, starlette {starlette_ms:.1f} ms  {'PASS' if passed else 'FAIL'}")

    big, seconds = build_app(1000)
    passed = seconds < 0.5
    ok &= passed
    print(f"build: 1,000 routes in {seconds * 1000:.0f} ms (target < 500 ms)  {'PASS' if passed else 'FAIL'}")

    small, _ = build_app(10)
    for kind, path in (("static", "/static/4/items"), ("dynamic", "/dynamic/4/12345/abc")):
        few, many = lookup_cost(small, path), lookup_cost(big, path)
        passed = many <= few * 1.15
        ok &= passed
        print(f"lookup {kind}: 10 routes {few:.2f} µs, 1,000 routes {many:.2f} µs  {'PASS' if passed else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
