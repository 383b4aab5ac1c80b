"""BackgroundTask and BackgroundTasks, on asyncio and trio."""

from __future__ import annotations

import functools
import logging
import threading

import anyio
import pytest

from lanner._respond.background import BackgroundTask, BackgroundTasks


@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    """Every async test here runs on both event loops."""
    backend: str = request.param
    return backend


class Recorder:
    """Collects what the tasks did, and on which thread."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, ...]] = []
        self.threads: list[int] = []

    def sync(self, *words: str) -> None:
        self.threads.append(threading.get_ident())
        self.calls.append(("sync", *words))

    async def async_(self, word: str, *, suffix: str = "") -> None:
        self.threads.append(threading.get_ident())
        self.calls.append(("async", word + suffix))

    def fail(self) -> None:
        raise RuntimeError("boom")

    async def fail_async(self) -> None:
        raise RuntimeError("async boom")


async def test_async_task_is_awaited_with_its_arguments() -> None:
    recorder = Recorder()
    await BackgroundTask(recorder.async_, "hi", suffix="!").run()
    assert recorder.calls == [("async", "hi!")]


async def test_sync_task_runs_in_a_worker_thread() -> None:
    recorder = Recorder()
    await BackgroundTask(recorder.sync, "a", "b").run()
    assert recorder.calls == [("sync", "a", "b")]
    assert recorder.threads != [threading.get_ident()]


async def test_sync_task_receives_keyword_arguments() -> None:
    seen: dict[str, int] = {}

    def store(*, key: str, value: int) -> None:
        seen[key] = value

    await BackgroundTask(store, key="n", value=3).run()
    assert seen == {"n": 3}


async def test_partial_of_async_function_is_awaited() -> None:
    recorder = Recorder()
    await BackgroundTask(functools.partial(recorder.async_, "p")).run()
    assert recorder.calls == [("async", "p")]


async def test_object_with_async_call_is_awaited_on_the_event_loop() -> None:
    class Job:
        thread = 0

        async def __call__(self) -> None:
            self.thread = threading.get_ident()

    job = Job()
    await BackgroundTask(job).run()
    assert job.thread == threading.get_ident()


async def test_sync_callable_returning_a_coroutine_has_it_awaited() -> None:
    recorder = Recorder()
    await BackgroundTask(lambda: recorder.async_("wrapped")).run()
    assert recorder.calls == [("async", "wrapped")]


async def test_single_task_error_propagates() -> None:
    with pytest.raises(RuntimeError, match="boom"):
        await BackgroundTask(Recorder().fail).run()


async def test_tasks_run_in_order() -> None:
    recorder = Recorder()
    tasks = BackgroundTasks([BackgroundTask(recorder.sync, "1"), BackgroundTask(recorder.async_, "2")])
    await tasks.run()
    assert recorder.calls == [("sync", "1"), ("async", "2")]


async def test_failing_task_is_logged_and_does_not_stop_the_others(caplog: pytest.LogCaptureFixture) -> None:
    recorder = Recorder()
    tasks = BackgroundTasks(
        [
            BackgroundTask(recorder.sync, "before"),
            BackgroundTask(recorder.fail),
            BackgroundTask(recorder.sync, "after"),
        ]
    )
    with caplog.at_level(logging.ERROR, logger="lanner"):
        await tasks.run()
    assert recorder.calls == [("sync", "before"), ("sync", "after")]
    [record] = caplog.records
    assert record.name == "lanner"
    assert "Recorder.fail" in record.getMessage()
    assert record.exc_info is not None and isinstance(record.exc_info[1], RuntimeError)


async def test_task_group_mode_runs_every_task(caplog: pytest.LogCaptureFixture) -> None:
    recorder = Recorder()
    tasks = BackgroundTasks(
        [
            BackgroundTask(recorder.async_, "a"),
            BackgroundTask(recorder.fail_async),
            BackgroundTask(recorder.sync, "b"),
        ],
        run_in_task_group=True,
    )
    with caplog.at_level(logging.ERROR, logger="lanner"):
        await tasks.run()
    assert sorted(recorder.calls) == [("async", "a"), ("sync", "b")]
    [record] = caplog.records
    assert "Recorder.fail_async" in record.getMessage()


async def test_task_group_mode_runs_tasks_concurrently() -> None:
    both_started = anyio.Event()
    started = 0

    async def meet() -> None:
        nonlocal started
        started += 1
        if started == 2:
            both_started.set()
        # Each task waits for the other: this only finishes if they run at the same time.
        with anyio.fail_after(5):
            await both_started.wait()

    await BackgroundTasks([BackgroundTask(meet), BackgroundTask(meet)], run_in_task_group=True).run()
    assert started == 2


@pytest.mark.parametrize("run_in_task_group", [False, True])
async def test_cancellation_is_not_logged_as_a_failure(
    caplog: pytest.LogCaptureFixture, run_in_task_group: bool
) -> None:
    tasks = BackgroundTasks([BackgroundTask(anyio.sleep_forever)], run_in_task_group=run_in_task_group)
    with caplog.at_level(logging.ERROR, logger="lanner"), anyio.move_on_after(0.01) as scope:
        await tasks.run()
    assert scope.cancelled_caught
    assert caplog.records == []


def test_task_is_immutable() -> None:
    task = BackgroundTask(Recorder().sync, "a")
    with pytest.raises(AttributeError, match="immutable"):
        task.args = ()  # type: ignore[misc]  # assigning is what is tested


def test_tasks_are_immutable_and_stored_as_a_tuple() -> None:
    recorder = Recorder()
    given = [BackgroundTask(recorder.sync)]
    tasks = BackgroundTasks(given)
    given.append(BackgroundTask(recorder.sync))
    assert len(tasks.tasks) == 1
    with pytest.raises(AttributeError, match="immutable"):
        tasks.run_in_task_group = True  # type: ignore[misc]  # assigning is what is tested


def test_task_keeps_its_function_and_arguments() -> None:
    recorder = Recorder()
    task = BackgroundTask(recorder.async_, "w", suffix="s")
    assert (task.fn, task.args, dict(task.kwargs)) == (recorder.async_, ("w",), {"suffix": "s"})


def send_email(to: str, *, subject: str) -> None:
    """A module-level function, so its qualified name is just its name."""


def test_task_repr_shows_the_call() -> None:
    assert repr(BackgroundTask(send_email, "ada", subject="hi")) == "BackgroundTask(send_email, 'ada', subject='hi')"
