"""The ASGI lifespan protocol, driven the way a server drives it around a test client's life."""

from __future__ import annotations

from typing import Any, Final

import anyio

from lanner._types import ASGIApp, Message
from lanner.testing._app_task import AppTask

__all__ = ["Lifespan"]

_LIFESPAN_VERSIONS: Final = {"version": "3.0", "spec_version": "2.0"}
_PHASES: Final = ("startup", "shutdown")


class Lifespan:
    """Runs the app's lifespan: `run()` as a task, then `startup()`, later `shutdown()`.

    `state` is the dict handed to the app in the lifespan scope; requests get copies of it.
    Create it in the event loop thread that will `run()` it.
    """

    def __init__(self, app: ASGIApp) -> None:
        # ASGI leaves the state's values untyped: the app puts whatever it likes there.
        self.state: dict[str, Any] = {}
        self._app = app
        self._task = AppTask(self._call_app)
        self._requested = {phase: anyio.Event() for phase in _PHASES}
        self._answered = {phase: anyio.Event() for phase in _PHASES}
        self._answers: dict[str, Message] = {}
        self._phases_received = 0
        self._supported = True

    async def run(self) -> None:
        await self._task.run()

    async def startup(self) -> None:
        """Start the app up; no-op for an app that returns without speaking lifespan.

        Raises RuntimeError on `lifespan.startup.failed`, or the app's own exception.
        """
        answer = await self._ask("startup")
        if answer is None:
            self._raise_app_error()
            self._supported = False
        elif answer["type"] == "lifespan.startup.failed":
            await self._task.stop()
            raise RuntimeError(answer.get("message") or "Lifespan startup failed.")

    async def shutdown(self) -> None:
        """Shut the app down and wait for its lifespan task to end."""
        if not self._supported:
            return
        answer = await self._ask("shutdown")
        await self._task.stop()
        self._raise_app_error()
        if answer is not None and answer["type"] == "lifespan.shutdown.failed":
            raise RuntimeError(answer.get("message") or "Lifespan shutdown failed.")

    async def _ask(self, phase: str) -> Message | None:
        self._requested[phase].set()
        await self._answered[phase].wait()
        return self._answers.get(phase)

    def _raise_app_error(self) -> None:
        error = self._task.take_error()
        if error is not None:
            raise error

    async def _call_app(self) -> None:
        scope = {"type": "lifespan", "asgi": dict(_LIFESPAN_VERSIONS), "state": self.state}
        try:
            await self._app(scope, self._receive, self._send)
        finally:
            # An app that ends early answers every question with its ending.
            for answered in self._answered.values():
                answered.set()

    async def _receive(self) -> Message:
        if self._phases_received == len(_PHASES):
            await anyio.sleep_forever()  # the protocol has nothing more to say
        phase = _PHASES[self._phases_received]
        await self._requested[phase].wait()
        self._phases_received += 1
        return {"type": f"lifespan.{phase}"}

    async def _send(self, message: Message) -> None:
        kind = str(message["type"])
        for phase in _PHASES:
            if kind in (f"lifespan.{phase}.complete", f"lifespan.{phase}.failed"):
                if phase in self._answers:
                    raise RuntimeError(f"{kind!r} was sent twice.")
                self._answers[phase] = message
                self._answered[phase].set()
                return
        raise RuntimeError(f"Unexpected ASGI message {kind!r} during lifespan.")
