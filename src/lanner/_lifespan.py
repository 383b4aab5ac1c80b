"""The ASGI lifespan: start-up and shut-down of an App, and the state it shares.

A start-up that fails answers `lifespan.startup.failed`, so the server refuses to start
(uvicorn keeps serving an app that merely raises under its default `--lifespan auto`).
"""

from __future__ import annotations

import contextlib
import inspect
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from typing import TYPE_CHECKING, Final, TypeAlias

from lanner._types import Receive, Scope, Send

if TYPE_CHECKING:
    from lanner._app import App

logger: Final = logging.getLogger("lanner")

Lifespan: TypeAlias = "Callable[[App], AbstractAsyncContextManager[Mapping[str, object] | None]]"
Hook: TypeAlias = Callable[[], Awaitable[None] | None]


async def _call_hook(hook: Hook) -> None:
    result = hook()
    if inspect.isawaitable(result):
        await result


@contextlib.asynccontextmanager
async def _running(
    app: App, lifespan: Lifespan | None, on_startup: Sequence[Hook], on_shutdown: Sequence[Hook], state: dict[str, object] | None
) -> AsyncIterator[None]:
    for hook in on_startup:
        await _call_hook(hook)
    if lifespan is None:
        yield
    else:
        async with lifespan(app) as provided:
            if provided:
                if state is None:
                    raise RuntimeError(
                        "the lifespan yielded state, but this server does not support lifespan "
                        "state (scope['state']); run lanner on uvicorn, granian or hypercorn"
                    )
                state.update(provided)
            yield
    for hook in on_shutdown:
        await _call_hook(hook)


async def run_lifespan(
    app: App,
    lifespan: Lifespan | None,
    on_startup: Sequence[Hook],
    on_shutdown: Sequence[Hook],
    scope: Scope,
    receive: Receive,
    send: Send,
) -> None:
    """Speak the lifespan protocol: start up, wait for shut-down, shut down."""
    started = False
    await receive()  # lifespan.startup
    try:
        async with _running(app, lifespan, on_startup, on_shutdown, scope.get("state")):
            await send({"type": "lifespan.startup.complete"})
            started = True
            await receive()  # lifespan.shutdown
    except Exception as exc:
        phase = "shutdown" if started else "startup"
        logger.exception("lanner app %s failed", phase)
        await send({"type": f"lifespan.{phase}.failed", "message": f"{type(exc).__name__}: {exc}"})
        return
    await send({"type": "lifespan.shutdown.complete"})
