"""Path segment converters: a segment that does not convert means the route does not match.

That is why `/items/abc` for `{item_id:int}` is a 404 rather than a 400: no route
describes that URL. Each `convert` raises ValueError on a segment it does not accept.
"""

from __future__ import annotations

import datetime
import enum
import uuid
from collections.abc import Callable
from typing import Final, Literal, get_args, get_origin

import msgspec

from lanner._routing.template import CONVERTER_NAMES


def _to_int(segment: str) -> int:
    # str.isdigit alone accepts "²" and int() accepts "1_000" and " 1": neither is a path int.
    if segment.isdigit() and segment.isascii():
        return int(segment)  # over 4,300 digits int() raises ValueError too: no match
    if segment[:1] == "-" and segment[1:].isdigit() and segment.isascii():
        return int(segment)
    raise ValueError(segment)


_FLOAT_CHARS: Final = frozenset("0123456789.-+eE")


def _to_float(segment: str) -> float:
    if not segment or not _FLOAT_CHARS.issuperset(segment):
        raise ValueError(segment)  # also refuses "nan", "inf" and "1_0"
    return float(segment)


def _to_uuid(segment: str) -> uuid.UUID:
    # Only the canonical 8-4-4-4-12 form: UUID() would also take braces and "urn:uuid:".
    if len(segment) != 36 or segment.count("-") != 4:
        raise ValueError(segment)
    return uuid.UUID(segment)


def _to_date(segment: str) -> datetime.date:
    if len(segment) != 10:
        raise ValueError(segment)
    return datetime.date.fromisoformat(segment)


def _to_str(segment: str) -> str:
    if not segment or "\x00" in segment:
        raise ValueError(segment)  # NUL never reaches a handler: no route matches such a path
    return segment


def _to_path(rest: str) -> str:
    if "\x00" in rest:
        raise ValueError(rest)
    return rest


class Converter(msgspec.Struct, frozen=True):
    """A named converter: the Python type it produces and how it reads a segment."""

    name: str
    type: type
    convert: Callable[[str], object]


CONVERTERS: Final[dict[str, Converter]] = {
    "str": Converter("str", str, _to_str),
    "int": Converter("int", int, _to_int),
    "float": Converter("float", float, _to_float),
    "uuid": Converter("uuid", uuid.UUID, _to_uuid),
    "path": Converter("path", str, _to_path),
    "date": Converter("date", datetime.date, _to_date),
}
assert tuple(CONVERTERS) == CONVERTER_NAMES

# Tried in this order when several placeholders compete for one segment position,
# most specific first, so "/items/12" prefers {id:int} over {slug:str}.
PRIORITY: Final = ("int", "uuid", "date", "float", "str")


def natural_converter(tp: object) -> str:
    """The converter a bare `{name}` gets from its `Path[T]` type.

    >>> natural_converter(int), natural_converter(uuid.UUID), natural_converter(bool)
    ('int', 'uuid', 'str')
    """
    if tp is bool:
        return "str"  # msgspec reads "true"/"false"; an int converter would refuse them
    if tp is datetime.date:
        return "date"
    if isinstance(tp, type):
        if issubclass(tp, enum.Enum):
            return "int" if issubclass(tp, int) else "str"
        for name in ("int", "float"):
            if issubclass(tp, CONVERTERS[name].type):
                return name
        if issubclass(tp, uuid.UUID):
            return "uuid"
        return "str"
    if get_origin(tp) is Literal:
        values = get_args(tp)
        if values and all(type(v) is int for v in values):
            return "int"
    return "str"


def agrees(converter: str, tp: object) -> bool:
    """Whether an explicit `{name:converter}` can produce a `Path[T]` of type `tp`."""
    natural = natural_converter(tp)
    if converter == "path":
        return natural == "str"
    return natural == converter
