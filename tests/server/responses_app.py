"""A small app for tests/server/test_uvicorn_responses.py: background tasks and ETag 304s.

Served by `python -m lanner run tests.server.responses_app:app` in a subprocess, one worker, so
the module-level dictionaries are the whole server's state.
"""

from __future__ import annotations

import anyio

from lanner import App, BackgroundTask, CacheControlHeader, ETag, Path, Response, get, post

RELEASES: dict[str, anyio.Event] = {}
DONE: dict[str, bool] = {}


async def finish_job(job: str) -> None:
    """Waits until the test releases the job, then marks it done."""
    await RELEASES[job].wait()
    DONE[job] = True


def fail_job(job: str) -> None:
    raise RuntimeError(f"job {job} failed on purpose")


@get("/health")
async def health() -> str:
    return "ok"


@post("/jobs/{job}")
async def start_job(job: Path[str]) -> Response[dict[str, str]]:
    RELEASES[job] = anyio.Event()
    DONE[job] = False
    return Response({"job": job, "state": "accepted"}, status_code=202).with_background(
        BackgroundTask(finish_job, job)
    )


@post("/jobs/{job}/release", status_code=204)
async def release_job(job: Path[str]) -> None:
    RELEASES[job].set()


@get("/jobs/{job}")
async def read_job(job: Path[str]) -> dict[str, bool]:
    return {"done": DONE.get(job, False)}


@post("/failing-jobs/{job}", status_code=202)
async def start_failing_job(job: Path[str]) -> Response[str]:
    return Response("accepted").with_background(BackgroundTask(fail_job, job))


@get("/document", etag=ETag("v1"), cache_control=CacheControlHeader(max_age=60))
async def document() -> dict[str, str]:
    return {"version": "1"}


app = App([health, start_job, release_job, read_job, start_failing_job, document])
