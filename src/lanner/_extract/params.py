"""Read a route's path, query, header, cookie and state values.

`LeafReader` is built once per route from its plan; per request, `read` makes one pass
over each source the route uses and decodes every value with a decoder built at build
time. Problems are gathered, not raised one by one: the client hears about all of them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Final, get_args

import msgspec

from lanner._connection.parsing import parse_query_string, pick_cookies
from lanner._errors import ErrorDetail, ErrorSource, ValidationError
from lanner._extract.markers import Source
from lanner._extract.plan import MISSING, Param, QueryGroup
from lanner._types import Scope

Decoder = Callable[[object], object]
"""Raw wire value (a `str`, or a `list[str]` for many-valued parameters) to the typed value;
raises `msgspec.ValidationError`."""

_BOOL_WORDS: Final = {
    "true": "true", "false": "false", "1": "true", "0": "false",
    "yes": "true", "no": "false", "on": "true", "off": "false",
}  # fmt: skip

_MISSING_MESSAGES: Final[dict[Source, str]] = {
    Source.QUERY: "Missing required query parameter",
    Source.HEADER: "Missing required header",
    Source.COOKIE: "Missing required cookie",
    Source.PATH: "Missing required path parameter",
}


INVALID: Final = object()
"""Put in a slot whose value failed validation, so extractors needing it are skipped."""


class MissingState(LookupError):
    """A `State[T]` the lifespan did not provide: a server-side mistake, not the client's."""


def _mentions_bool(tp: object) -> bool:
    return tp is bool or any(_mentions_bool(arg) for arg in get_args(tp))


def _bool_words(raw: object) -> object:
    if isinstance(raw, str):
        return _BOOL_WORDS.get(raw.lower(), raw)
    if isinstance(raw, list):
        return [_BOOL_WORDS.get(item.lower(), item) if isinstance(item, str) else item for item in raw]
    return raw


def _decode_int(raw: object) -> object:
    # Short digit strings are the common case; anything else (negatives, 4,300-digit strings
    # that int() itself refuses) goes to msgspec, which answers with a validation error.
    if isinstance(raw, str) and len(raw) < 19 and raw.isascii() and raw.isdigit():
        return int(raw)
    return msgspec.convert(raw, int, strict=False)


def build_decoder(param: Param, *, converted_to: type | None = None) -> Decoder | None:
    """The decoder for one parameter, or None when the raw value is already right.

    `converted_to` is the type a path converter already produced (`int` for `{id:int}`).
    """
    annotation = param.annotation
    if annotation is str or annotation is converted_to:
        return None
    if param.many and annotation in (list[str], list):
        return None
    if annotation is int:
        return _decode_int
    convert: Decoder = functools.partial(msgspec.convert, type=annotation, strict=False)
    if _mentions_bool(annotation):
        inner = convert
        return lambda raw: inner(_bool_words(raw))
    return convert


def _detail(source: ErrorSource, name: str, exc: msgspec.ValidationError) -> ErrorDetail:
    message, _, where = str(exc).partition(" - at `$")
    if where:
        name = name + where.rstrip("`")  # "tags" + "[1]" for the second item of a list
    return ErrorDetail(source, name, message)


_Leaf = tuple[int, Param, Decoder | None]


class LeafReader:
    """Reads every path, query, header, cookie and state value of one route."""

    __slots__ = (
        "_constants",
        "_cookie",
        "_groups",
        "_header",
        "_cookie_names",
        "_header_names",
        "_max_query",
        "_path",
        "_query",
        "_state",
    )

    def __init__(
        self,
        leaves: list[tuple[int, Param, Decoder | None]],
        groups: list[tuple[int, QueryGroup, tuple[Decoder | None, ...]]],
        max_query_params: int,
        constants: list[tuple[int, object]] = [],  # noqa: B006  # read only
    ) -> None:
        """`constants` are slots with a fixed value: Path parameters this template lacks."""
        by_source: dict[Source, list[_Leaf]] = {}
        for leaf in leaves:
            by_source.setdefault(leaf[1].source, []).append(leaf)
        self._path = tuple(by_source.get(Source.PATH, ()))
        self._query = tuple(by_source.get(Source.QUERY, ()))
        self._header = tuple(by_source.get(Source.HEADER, ()))
        self._cookie = tuple(by_source.get(Source.COOKIE, ()))
        self._state = tuple(by_source.get(Source.STATE, ()))
        self._groups = tuple(groups)
        self._header_names = frozenset(p.wire.encode("latin-1") for _, p, _ in self._header) - {b"cookie"}
        self._cookie_names = frozenset(p.wire for _, p, _ in self._cookie)
        self._max_query = max_query_params
        self._constants = tuple(constants)

    def read(self, scope: Scope, values: list[object]) -> None:
        """Fill `values` at each leaf's slot; raise `ValidationError` listing every problem."""
        errors = self.collect(scope, values)
        if errors:
            raise ValidationError(errors)

    def collect(self, scope: Scope, values: list[object]) -> list[ErrorDetail]:
        """Fill `values` at each leaf's slot (`INVALID` where a value fails); return the problems."""
        errors: list[ErrorDetail] = []
        for slot, constant in self._constants:
            values[slot] = constant
        if self._path:
            self._read(scope["path_params"], self._path, values, errors, "path")
        if self._query or self._groups:
            multi: dict[str, list[str]] = {}
            for key, value in parse_query_string(scope["query_string"], self._max_query):
                found = multi.get(key)
                if found is None:
                    multi[key] = [value]
                else:
                    found.append(value)
            if self._query:
                self._read(multi, self._query, values, errors, "query", multi=True)
            for slot, group, decoders in self._groups:
                values[slot] = _read_group(multi, group, decoders, errors)
        if self._header or self._cookie:
            # One pass over the raw headers serves both header and cookie parameters.
            headers: dict[str, list[str]] = {}
            cookie_header: str | None = None
            wanted = self._header_names
            for name, value in scope["headers"]:
                if name in wanted:
                    headers.setdefault(name.decode("latin-1"), []).append(value.decode("latin-1"))
                elif name == b"cookie":
                    # HTTP/2 may split cookies over several header lines; they join with "; ".
                    text = value.decode("latin-1")
                    cookie_header = text if cookie_header is None else f"{cookie_header}; {text}"
            if self._header:
                self._read(headers, self._header, values, errors, "header", multi=True)
            if self._cookie:
                cookies = pick_cookies(cookie_header, self._cookie_names) if cookie_header else {}
                self._read(cookies, self._cookie, values, errors, "cookie")
        if self._state:
            state = scope.get("state") or {}
            for slot, param, _ in self._state:
                try:
                    values[slot] = state[param.wire]
                except KeyError:
                    if param.required:
                        raise MissingState(
                            f'State "{param.wire}" is not in the app state: yield it from the '
                            "lifespan (and run a server that supports lifespan state)"
                        ) from None
                    values[slot] = param.default
        return errors

    @staticmethod
    def _read(
        source: Mapping[str, object],
        leaves: tuple[_Leaf, ...],
        values: list[object],
        errors: list[ErrorDetail],
        kind: ErrorSource,
        *,
        multi: bool = False,
    ) -> None:
        """Decode each leaf from `source`; with `multi`, its values are lists of every value."""
        for slot, param, decode in leaves:
            raw = source.get(param.wire, MISSING)
            if raw is MISSING:
                if param.required:
                    errors.append(ErrorDetail(kind, param.wire, _MISSING_MESSAGES[param.source]))
                    values[slot] = INVALID
                else:
                    values[slot] = param.default
                continue
            if multi:
                found: list[str] = raw  # type: ignore[assignment]  # multi sources hold lists
                if kind == "header" and any("\x00" in value for value in found):
                    errors.append(ErrorDetail(kind, param.wire, "Header contains a NUL character"))
                    values[slot] = INVALID
                    continue
                # The last value of a repeated key wins, as in Starlette's query_params[key].
                raw = found if param.many else found[-1]
            if decode is None:
                values[slot] = raw
            else:
                try:
                    values[slot] = decode(raw)
                except msgspec.ValidationError as exc:
                    errors.append(_detail(kind, param.wire, exc))
                    values[slot] = INVALID

def _read_group(
    multi: dict[str, list[str]],
    group: QueryGroup,
    decoders: tuple[Decoder | None, ...],
    errors: list[ErrorDetail],
) -> object:
    if group.default is not MISSING and not any(param.wire in multi for param in group.fields):
        return group.default  # `Query[Window | None] = None` and no field of Window was sent
    fields: dict[str, object] = {}
    failed = False
    for param, decode in zip(group.fields, decoders, strict=True):
        found = multi.get(param.wire)
        if found is None:
            if param.required:
                errors.append(ErrorDetail("query", param.wire, _MISSING_MESSAGES[Source.QUERY]))
                failed = True
            continue
        raw: object = found if param.many else found[-1]
        try:
            fields[param.wire] = raw if decode is None else decode(raw)
        except msgspec.ValidationError as exc:
            errors.append(_detail("query", param.wire, exc))
            failed = True
    if failed:
        return INVALID
    try:
        return msgspec.convert(fields, group.type, strict=False)
    except msgspec.ValidationError as exc:
        errors.append(_detail("query", group.name, exc))
        return INVALID

