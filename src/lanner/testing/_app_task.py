"""One call of an ASGI app, run as a task that remembers how it ended and can be stopped."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Final

import anyio

__all__ = ["DISCONNECT_GRACE_SECONDS", "AppTask", "ClientDisconnected"]

# Long enough for an app's `finally:` cleanup, short enough that a test closing an endless
# stream does not notice the wait.
DISCONNECT_GRACE_SECONDS: Final = 0.5


class ClientDisconnected(OSError):
    """What the app's `send()` raises once the test client hung up (ASGI spec 2.4)."""


class AppTask:
    """Runs `call` once; keeps its exception instead of letting it tear down the task group.

    The owner starts `run()` in a task group or portal, and later `wait()`s or `stop()`s it.
    """

    def __init__(self, call: Callable[[], Awaitable[None]]) -> None:
        self.error: Exception | None = None
        self._call = call
        self._done = anyio.Event()
        self._cancel_scope: anyio.CancelScope | None = None
        self._cancel_requested = False
        self._error_reported = False

    @property
    def is_done(self) -> bool:
        return self._done.is_set()

    async def run(self) -> None:
        # The scope is made here because a cancel scope belongs to the event loop that runs it.
        with anyio.CancelScope() as self._cancel_scope:
            if self._cancel_requested:
                self._cancel_scope.cancel()
            try:
                await self._call()
            except Exception as exc:
                self.error = exc
            finally:
                self._done.set()

    async def wait(self) -> None:
        await self._done.wait()

    async def stop(self, grace: float = DISCONNECT_GRACE_SECONDS) -> None:
        """Let the app finish on its own for `grace` seconds, then cancel it."""
        with anyio.move_on_after(grace):
            await self._done.wait()
        if not self._done.is_set():
            if self._cancel_scope is None:
                self._cancel_requested = True
            else:
                self._cancel_scope.cancel()
            await self._done.wait()

    def take_error(self) -> Exception | None:
        """The app's exception the first time it is asked for, so it is raised only once.

        A `ClientDisconnected` (or a group of only those) is the app noticing the client
        left, not a bug, so it is never handed out.
        """
        if self._error_reported or self.error is None or _is_disconnect(self.error):
            return None
        self._error_reported = True
        return self.error


def _is_disconnect(error: Exception) -> bool:
    if isinstance(error, ClientDisconnected):
        return True
    if isinstance(error, ExceptionGroup):
        others = error.subgroup(lambda e: not isinstance(e, ClientDisconnected | ExceptionGroup))
        return others is None
    return False
