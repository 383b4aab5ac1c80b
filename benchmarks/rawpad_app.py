"""A control for the loopback runs: the harness's raw app with fixed pure-Python work added.

Each HTTP request first runs a short arithmetic loop (about 4 µs in a tight loop on the
benchmark machine), then raw's own handling. Beside `raw` and `lanner` it shows what a given
amount of extra per-request work costs in req/s on a real server, apart from anything else a
framework does (docs/performance.md, "Over loopback"):

    cd ../shared/bench && BENCH_APPS_PATH=/path/to/lanner/benchmarks python http_bench.py \\
        --frameworks raw,rawpad,lanner --servers uvicorn --scenarios headers-cookies --repeats 4
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Final

from apps import raw_app  # type: ignore[import-not-found]  # the harness's hand-written ASGI app

NAME = "rawpad"
VERSIONS: Final[dict[str, str]] = raw_app.VERSIONS

Scope = MutableMapping[str, object]
Message = MutableMapping[str, object]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

_inner: Final[Callable[[Scope, Receive, Send], Awaitable[None]]] = raw_app.app
_ROUNDS: Final = 170  # about 4 µs on the 2-core EPYC of docs/performance.md


def _pad(rounds: int) -> int:
    total = 0
    for i in range(rounds):
        total += i
    return total


async def app(scope: Scope, receive: Receive, send: Send) -> None:
    """raw's app, after `_pad` on every HTTP request."""
    if scope["type"] == "http":
        _pad(_ROUNDS)
    await _inner(scope, receive, send)
