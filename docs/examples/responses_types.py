import datetime
from http import HTTPStatus

import msgspec

from lanner import App, Body, MediaType, Path, delete, get, post


class Point(msgspec.Struct, frozen=True):
    x: int
    y: int


@get("/point")
async def point() -> Point:  # application/json
    return Point(1, 2)


@get("/point.msgpack", media_type=MediaType.MESSAGEPACK)
async def point_msgpack() -> Point:  # application/vnd.msgpack
    return Point(1, 2)


@get("/today")
async def today() -> dict[str, datetime.date]:
    return {"today": datetime.date(2024, 5, 6)}


@get("/hello")
async def hello() -> str:  # text/plain; charset=utf-8
    return "Hello, World!"


@get("/page", media_type=MediaType.HTML)
async def page() -> str:  # text/html; charset=utf-8
    return "<h1>Hello</h1>"


@get("/raw")
async def raw() -> bytes:  # application/octet-stream
    return b"\x89PNG"


@get("/logo.png", media_type="image/png")
async def logo() -> bytes:
    return b"\x89PNG"


@post("/points")
async def create_point(point: Body[Point]) -> Point:  # 201
    return point


@delete("/points/{n:int}")
async def delete_point(n: Path[int]) -> None:  # 204, no body
    return None


@post("/jobs", status_code=HTTPStatus.ACCEPTED)
async def start_job() -> None:  # 202, empty body
    return None


app = App([point, point_msgpack, today, hello, page, raw, logo, create_point, delete_point, start_job])
