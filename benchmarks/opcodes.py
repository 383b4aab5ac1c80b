"""Count the bytecode instructions and Python frames of one request, per app and scenario.

    python benchmarks/opcodes.py                          # raw and lanner, every scenario
    python benchmarks/opcodes.py headers-cookies --by-function
    python benchmarks/opcodes.py --apps raw,lanner,muffin plaintext

Timings on a shared machine move by 5-10 % from run to run; the number of instructions a
request runs does not. It is what a change to the request path should lower, and the
ratio to raw tracks the in-process timing ratio closely. Each request is run twice first
(caches, specialisation), then once under `sys.settrace` with opcode events; the app gets
the same scope, receive and send the harness's in-process driver gives it.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections import Counter
from collections.abc import Callable, Coroutine
from pathlib import Path
from types import FrameType
from typing import Any

HERE = Path(__file__).resolve().parent
HARNESS = Path(os.environ.get("LANNER_BENCH_HARNESS", HERE.parent.parent / "shared" / "bench"))

Tracer = Callable[[FrameType, str, Any], "Tracer | None"]
"""A `sys.settrace` function: returns the frame's local tracer."""


class Count:
    """What one traced request ran: instructions per function, and how many frames."""

    def __init__(self) -> None:
        self.opcodes: Counter[str] = Counter()
        self.frames = 0

    def tracer(self, frame: FrameType, event: str, arg: Any) -> Tracer | None:
        if frame.f_code.co_filename == __file__:
            return self.tracer if event == "call" else None  # the driver: not counted
        if event == "call":
            frame.f_trace_opcodes = True
            self.frames += 1
        elif event == "opcode":
            code = frame.f_code
            self.opcodes[f"{code.co_name} ({code.co_filename.rsplit('/', 1)[-1]})"] += 1
        return self.tracer

    @property
    def total(self) -> int:
        return sum(self.opcodes.values())


def count_request(app: Any, scenario: Any, build_scope: Callable[[Any], dict[str, Any]]) -> Count:
    """Run one request of `scenario` through `app` (twice untraced, then traced)."""
    message = {"type": "http.request", "body": scenario.body, "more_body": False}

    async def receive() -> dict[str, Any]:
        return message

    async def send(message: dict[str, Any]) -> None:
        return None

    scopes = [build_scope(scenario) for _ in range(3)]

    def run() -> None:
        scope = scopes.pop()
        scope["state"] = {}
        coroutine: Coroutine[Any, Any, None] = app(scope, receive, send)
        try:
            coroutine.send(None)  # nothing in a request awaits anything that suspends
        except StopIteration:
            return
        raise RuntimeError(f"{scenario.name}: the request suspended; run it on an event loop")

    run()
    run()
    count = Count()
    sys.settrace(count.tracer)
    try:
        run()
    finally:
        sys.settrace(None)
    return count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("scenarios", nargs="*", help="scenario names (default: all)")
    parser.add_argument("--apps", default="raw,lanner", help="harness app names, comma-separated")
    parser.add_argument("--by-function", action="store_true", help="also list instructions per function")
    args = parser.parse_args()

    sys.path[:0] = [str(HARNESS), str(HERE)]
    os.chdir(HARNESS)  # the harness's apps read their data relative to it
    apps_package = importlib.import_module("apps")
    apps_package.__path__.append(str(HERE))  # lanner_app.py, as BENCH_APPS_PATH does
    scenarios = importlib.import_module("scenarios").SCENARIOS
    build_scope = importlib.import_module("inproc").build_scope
    names = args.scenarios or list(scenarios)
    apps = args.apps.split(",")
    loaded = {name: importlib.import_module(f"apps.{name}_app").app for name in apps}

    print(f"{'scenario':16s}" + "".join(f"{name:>22s}" for name in apps))
    for name in names:
        counts = {app: count_request(loaded[app], scenarios[name], build_scope) for app in apps}
        base = counts[apps[0]].total
        cells = []
        for app in apps:
            count = counts[app]
            ratio = f" ({count.total / base:.2f}x)" if app != apps[0] else ""
            cells.append(f"{count.total:>6d} ops {count.frames:>3d} fr{ratio:>8s}")
        print(f"{name:16s}" + "".join(f"{cell:>22s}" for cell in cells))
        if args.by_function:
            for app in apps:
                for function, n in counts[app].opcodes.most_common():
                    print(f"    {app:8s} {n:5d}  {function}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
