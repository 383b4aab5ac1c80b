import logging

from lanner import App, BackgroundTask, BackgroundTasks, Query, Response, get

logger = logging.getLogger(__name__)
greeted: set[str] = set()


async def logging_task(identifier: str, message: str) -> None:
    logger.info("%s: %s", identifier, message)


def saving_task(name: str) -> None:  # a sync task runs in a worker thread
    greeted.add(name)


@get("/greet")
async def greeter(name: Query[str]) -> Response[dict[str, str]]:
    return Response(
        {"hello": name},
        background=BackgroundTask(logging_task, "greeter", message=f"was called with name {name}"),
    )


@get("/welcome", background=BackgroundTask(logging_task, "welcome", message="was called"))
async def welcome() -> dict[str, str]:
    return {"hello": "world"}


@get("/greet-and-save")
async def greet_and_save(name: Query[str]) -> Response[dict[str, str]]:
    return Response(
        {"hello": name},
        background=BackgroundTasks(
            [
                BackgroundTask(logging_task, "greet-and-save", message=f"greeting {name}"),
                BackgroundTask(saving_task, name),
            ]
        ),
    )


app = App([greeter, welcome, greet_and_save])
