"""Work run after the response is sent: `BackgroundTask` and `BackgroundTasks`.

A sync function runs in a worker thread so it never blocks the event loop; an async one is
awaited. Only anyio is used, so both run the same on asyncio and trio.
"""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from types import MappingProxyType
from typing import Generic, NoReturn, ParamSpec, final

import anyio
import anyio.to_thread
from lanner._compat import override

__all__ = ["BackgroundTask", "BackgroundTasks"]

P = ParamSpec("P")

logger = logging.getLogger("lanner")


@final
class BackgroundTask(Generic[P]):
    """A function and its arguments, called after the response is sent; immutable.

    mypy checks the arguments against `fn`'s signature. `fn` may be sync or async.

    >>> def send_email(to: str, *, subject: str) -> None: ...
    >>> BackgroundTask(send_email, "ada@example.com", subject="Welcome")
    BackgroundTask(send_email, 'ada@example.com', subject='Welcome')
    """

    __slots__ = ("_call", "_fn", "_is_async")

    _fn: Callable[P, Awaitable[None] | None]
    _call: functools.partial[Awaitable[None] | None]
    _is_async: bool

    def __init__(self, fn: Callable[P, Awaitable[None] | None], *args: P.args, **kwargs: P.kwargs) -> None:
        object.__setattr__(self, "_fn", fn)
        object.__setattr__(self, "_call", functools.partial(fn, *args, **kwargs))
        object.__setattr__(self, "_is_async", _is_async_callable(fn))

    @property
    def fn(self) -> Callable[P, Awaitable[None] | None]:
        """The function to call."""
        return self._fn

    @property
    def args(self) -> tuple[object, ...]:
        """The positional arguments it is called with."""
        return self._call.args

    @property
    def kwargs(self) -> Mapping[str, object]:
        """The keyword arguments it is called with (read-only)."""
        return MappingProxyType(self._call.keywords)

    async def run(self) -> None:
        """Call the function: awaited if async, in a worker thread if sync. Errors propagate."""
        if self._is_async:
            result = self._call()
        else:
            (result,) = await anyio.to_thread.run_sync(_call_boxed, self._call)
        # A sync callable may still hand back an awaitable (a wrapped coroutine function).
        if inspect.isawaitable(result):
            await result

    @property
    def name(self) -> str:
        """The function's qualified name with its module, for logs."""
        return _describe(self.fn)

    @override
    def __setattr__(self, name: str, value: object) -> NoReturn:
        raise AttributeError(f"BackgroundTask is immutable: cannot set {name!r}")

    @override
    def __delattr__(self, name: str) -> NoReturn:
        raise AttributeError(f"BackgroundTask is immutable: cannot delete {name!r}")

    @override
    def __repr__(self) -> str:
        shown = [getattr(self.fn, "__qualname__", None) or repr(self.fn)]
        shown.extend(map(repr, self.args))
        shown.extend(f"{key}={value!r}" for key, value in self.kwargs.items())
        return f"BackgroundTask({', '.join(shown)})"


@final
class BackgroundTasks:
    """Several background tasks; one that raises is logged and the others still run.

    In order, one after the other, by default; all at once in an anyio task group with
    `run_in_task_group=True`.

    >>> def touch(path: str) -> None: ...
    >>> tasks = BackgroundTasks([BackgroundTask(touch, "a"), BackgroundTask(touch, "b")])
    >>> len(tasks.tasks), tasks.run_in_task_group
    (2, False)
    """

    __slots__ = ("_run_in_task_group", "_tasks")

    _tasks: tuple[BackgroundTask[...], ...]
    _run_in_task_group: bool

    def __init__(self, tasks: Sequence[BackgroundTask[...]], *, run_in_task_group: bool = False) -> None:
        object.__setattr__(self, "_tasks", tuple(tasks))
        object.__setattr__(self, "_run_in_task_group", bool(run_in_task_group))

    @property
    def tasks(self) -> tuple[BackgroundTask[...], ...]:
        """The tasks, in the order given."""
        return self._tasks

    @property
    def run_in_task_group(self) -> bool:
        """Whether the tasks run concurrently in one anyio task group."""
        return self._run_in_task_group

    async def run(self) -> None:
        """Run every task; a failure is logged to the `lanner` logger, not raised."""
        if self.run_in_task_group:
            async with anyio.create_task_group() as group:
                for task in self.tasks:
                    group.start_soon(_run_logged, task)
        else:
            for task in self.tasks:
                await _run_logged(task)

    @override
    def __setattr__(self, name: str, value: object) -> NoReturn:
        raise AttributeError(f"BackgroundTasks is immutable: cannot set {name!r}")

    @override
    def __delattr__(self, name: str) -> NoReturn:
        raise AttributeError(f"BackgroundTasks is immutable: cannot delete {name!r}")

    @override
    def __repr__(self) -> str:
        return f"BackgroundTasks({list(self.tasks)!r}, run_in_task_group={self.run_in_task_group})"


async def _run_logged(task: BackgroundTask[...]) -> None:
    # Exception, not BaseException: cancellation must still reach the task group.
    try:
        await task.run()
    except Exception:
        logger.exception("background task %s failed", task.name)


def _call_boxed(call: Callable[[], Awaitable[None] | None]) -> tuple[Awaitable[None] | None]:
    # Trio refuses a thread function that returns a coroutine; inside a tuple it passes.
    return (call(),)


def _is_async_callable(fn: object) -> bool:
    while isinstance(fn, functools.partial):
        fn = fn.func
    # An object whose __call__ is async is not a coroutine function itself.
    return inspect.iscoroutinefunction(fn) or inspect.iscoroutinefunction(getattr(fn, "__call__", None))


def _describe(fn: object) -> str:
    qualname = getattr(fn, "__qualname__", None)
    if not isinstance(qualname, str):
        return repr(fn)
    module = getattr(fn, "__module__", None)
    return f"{module}.{qualname}" if isinstance(module, str) else qualname
