import msgspec

from lanner import App, BackgroundTask, Response, SetCookie, delete, get, post

SENT: list[str] = []


class User(msgspec.Struct, frozen=True):
    name: str


def record(message: str) -> None:
    SENT.append(message)


@post("/sessions")
async def log_in() -> Response[User]:
    return (
        Response(User(name="ada"))
        .with_header("Location", "/users/ada")
        .with_cookie(SetCookie("session", "abc123", max_age=3600, secure=True, httponly=True))
    )


@delete("/sessions")
async def log_out() -> Response[None]:
    return Response(None).without_cookie("session")


@get("/report.csv")
async def report() -> Response[str]:
    csv = "name,visits\nada,3\n"
    return (
        Response(csv, media_type="text/csv")
        .with_header("Content-Disposition", 'attachment; filename="report.csv"')
        .with_background(BackgroundTask(record, "report sent"))
    )


@get("/legacy")
async def legacy() -> Response[dict[str, str]]:
    return Response({"moved": "/v2"}, status_code=299)


app = App([log_in, log_out, report, legacy])
