"""An explicit converter must agree with the Path type, by the runtime's own rule (`agrees`)."""

from __future__ import annotations

import datetime
import enum
import uuid
from typing import Literal, NewType

from lanner import Path, get


class Color(enum.Enum):
    RED = "red"


class Level(enum.IntEnum):
    LOW = 1


OrderId = NewType("OrderId", int)


@get("/things/{thing_id:int}")
async def int_for_uuid(thing_id: Path[uuid.UUID]) -> str:
    return ""


@get("/items/{item_id:uuid}")
async def uuid_for_int(item_id: Path[int]) -> str:
    return ""


@get("/files/{rest:path}")
async def path_for_int(rest: Path[int]) -> str:
    return ""


@get("/days/{day:str}")
async def str_for_date(day: Path[datetime.date]) -> str:
    return ""


@get("/levels/{level:str}")
async def str_for_int_enum(level: Path[Level]) -> str:
    return ""


@get("/orders/{order:str}")
async def str_for_optional_int(order: Path[int | None] = None) -> str:
    return ""


@get(["/a/{n:int}", "/b/{n:float}"])
async def second_path(n: Path[int]) -> str:
    return ""


# Correct: each converter gives what the type takes (a NewType is not a class at run time,
# so it reads as str; a float takes the float converter; an int enum the int one).
@get("/ok/{a:int}/{b:float}/{c:uuid}/{d:date}/{e:str}/{f:path}")
async def agreeing(
    a: Path[int], b: Path[float], c: Path[uuid.UUID], d: Path[datetime.date], e: Path[Color], f: Path[str]
) -> str:
    return ""


@get("/ok/{level:int}/{order:str}/{when:str}/{flag:str}/{pick:int}")
async def agreeing_too(
    level: Path[Level], order: Path[OrderId], when: Path[datetime.datetime], flag: Path[bool], pick: Path[Literal[1, 2]]
) -> str:
    return ""
