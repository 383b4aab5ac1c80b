import threading

from lanner import App, get


@get("/loop")
async def on_the_loop() -> str:
    return threading.current_thread().name


@get("/worker")
def in_a_worker_thread() -> str:  # a plain def: runs in a worker thread
    return threading.current_thread().name


@get("/inline", sync_to_thread=False)
def inline() -> str:  # quick and never blocks: run it on the event loop
    return threading.current_thread().name


app = App([on_the_loop, in_a_worker_thread, inline])
