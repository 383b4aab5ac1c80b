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

from lanner._connection.parsing import find_cookie, is_plain_cookie_name, parse_query_string, pick_cookies
from lanner._errors import ErrorDetail, ErrorSource
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
SourceReader = Callable[[Scope, list[object], list[ErrorDetail]], None]
"""Reads one source's values into their slots, adding any problem to the list."""


class LeafReader:
    """Reads every path, query, header, cookie and state value of one route.

    Built with the route as a tuple of readers, one per source the route uses, each shaped
    for what that route reads (a lone `Path[int]` is one dict lookup).
    """

    __slots__ = ("readers",)

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
        path = tuple(by_source.get(Source.PATH, ()))
        query = tuple(by_source.get(Source.QUERY, ()))
        headers = tuple(by_source.get(Source.HEADER, ()))
        cookies = tuple(by_source.get(Source.COOKIE, ()))
        state = tuple(by_source.get(Source.STATE, ()))
        readers: list[SourceReader] = []
        if constants:
            readers.append(_constants_reader(tuple(constants)))
        if path:
            readers.append(_path_reader(path))
        if query or groups:
            readers.append(_query_reader(query, tuple(groups), max_query_params))
        if headers or cookies:
            readers.append(_header_reader(headers, cookies))
        if state:
            readers.append(_state_reader(state))
        self.readers = tuple(readers)
        """One reader per source; each fills its slots and adds its problems to `errors`."""


    def collect(self, scope: Scope, values: list[object]) -> list[ErrorDetail]:
        """Fill `values` at each leaf's slot (`INVALID` where a value fails); return the problems.

        `values` must come in fresh (all None): None in a slot means "not found yet".
        """
        errors: list[ErrorDetail] = []
        for read in self.readers:
            read(scope, values, errors)
        return errors


def _constants_reader(constants: tuple[tuple[int, object], ...]) -> SourceReader:
    def read_constants(scope: Scope, values: list[object], errors: list[ErrorDetail]) -> None:
        for slot, constant in constants:
            values[slot] = constant

    return read_constants


def _path_reader(leaves: tuple[_Leaf, ...]) -> SourceReader:
    # A matched route always has every placeholder of its template: nothing can be missing.
    if any(decode is not None for _, _, decode in leaves):

        def read_path(scope: Scope, values: list[object], errors: list[ErrorDetail]) -> None:
            _read(scope["path_params"], leaves, values, errors, "path")

        return read_path
    if len(leaves) == 1:
        slot, name = leaves[0][0], leaves[0][1].wire

        def read_one(scope: Scope, values: list[object], errors: list[ErrorDetail]) -> None:
            values[slot] = scope["path_params"][name]

        return read_one
    pairs = tuple((slot, param.wire) for slot, param, _ in leaves)

    def read_converted(scope: Scope, values: list[object], errors: list[ErrorDetail]) -> None:
        params = scope["path_params"]
        for slot, name in pairs:
            values[slot] = params[name]

    return read_converted


def _query_reader(
    leaves: tuple[_Leaf, ...],
    groups: tuple[tuple[int, QueryGroup, tuple[Decoder | None, ...]], ...],
    max_params: int,
) -> SourceReader:
    def read_query(scope: Scope, values: list[object], errors: list[ErrorDetail]) -> None:
        multi: dict[str, list[str]] = {}
        for key, value in parse_query_string(scope["query_string"], max_params):
            found = multi.get(key)
            if found is None:
                multi[key] = [value]
            else:
                found.append(value)
        if leaves:
            _read(multi, leaves, values, errors, "query", multi=True)
        for slot, group, decoders in groups:
            values[slot] = _read_group(multi, group, decoders, errors)

    return read_query


def _header_reader(headers: tuple[_Leaf, ...], cookies: tuple[_Leaf, ...]) -> SourceReader:
    """One pass over the raw headers serves both header and cookie parameters.

    A plain `Header[str]` (one value, nothing to decode) is put straight in its slot during
    the pass; any other header parameter is gathered and decoded after it.
    """
    plain = {
        param.wire.encode("latin-1"): slot
        for slot, param, decode in headers
        if decode is None and not param.many and param.wire != "cookie"
    }
    plain_params = tuple(
        (slot, param) for slot, param, decode in headers if param.wire.encode("latin-1") in plain
    )
    expected = len(plain)
    others = tuple(leaf for leaf in headers if leaf[1].wire.encode("latin-1") not in plain)
    other_names = frozenset(param.wire.encode("latin-1") for _, param, _ in others)
    cookie_names = frozenset(param.wire for _, param, _ in cookies)
    # A plain `Cookie[str]` is searched for by name and put straight in its slot.
    plain_cookies = tuple(
        (slot, param)
        for slot, param, decode in cookies
        if decode is None and not param.many and is_plain_cookie_name(param.wire)
    )
    other_cookies = tuple(leaf for leaf in cookies if (leaf[0], leaf[1]) not in plain_cookies)

    wanted = frozenset(plain) | other_names | ({b"cookie"} if cookies else set())

    def read_headers(scope: Scope, values: list[object], errors: list[ErrorDetail]) -> None:
        gathered: dict[str, list[str]] | None = None
        cookie_header: str | None = None
        found = 0  # plain headers read cleanly; anything else sends them through the check below
        for name, raw in scope["headers"]:
            if name not in wanted:
                continue  # most headers: one set test
            slot = plain.get(name)
            if slot is not None:
                # The last value of a repeated name wins.
                if 0 in raw:  # a NUL; an int test is a memchr, ~8x faster than `b"\x00" in raw`
                    values[slot] = raw  # left undecoded: reported below
                    found = _RECHECK
                else:
                    values[slot] = raw.decode("latin-1")
                    found += 1
            elif name == b"cookie":
                # HTTP/2 may split cookies over several header lines; they join with "; ".
                text = raw.decode("latin-1")
                cookie_header = text if cookie_header is None else f"{cookie_header}; {text}"
            elif name in other_names:
                if gathered is None:
                    gathered = {}
                gathered.setdefault(name.decode("latin-1"), []).append(raw.decode("latin-1"))
        if found != expected:  # one missing, repeated, or holding a NUL
            _check_plain_headers(plain_params, values, errors)
        if others:
            _read(gathered or {}, others, values, errors, "header", multi=True)
        if not cookies:
            return
        if cookie_header is not None and cookie_header.isascii():
            for slot, param in plain_cookies:
                text = find_cookie(cookie_header, param.wire)
                if text is not None:
                    values[slot] = text
                elif param.required:
                    errors.append(ErrorDetail("cookie", param.wire, _MISSING_MESSAGES[Source.COOKIE]))
                    values[slot] = INVALID
                else:
                    values[slot] = param.default
            if other_cookies:
                _read(pick_cookies(cookie_header, cookie_names), other_cookies, values, errors, "cookie")
        else:
            picked = pick_cookies(cookie_header, cookie_names) if cookie_header else {}
            _read(picked, cookies, values, errors, "cookie")

    return read_headers


# `found` once a plain header holds a NUL: no count of later headers brings it back.
_RECHECK: Final = -(2**62)


def _check_plain_headers(
    plain_params: tuple[tuple[int, Param], ...], values: list[object], errors: list[ErrorDetail]
) -> None:
    for slot, param in plain_params:
        value = values[slot]
        if value is None:
            if param.required:
                errors.append(ErrorDetail("header", param.wire, _MISSING_MESSAGES[Source.HEADER]))
                values[slot] = INVALID
            else:
                values[slot] = param.default
        elif type(value) is bytes:  # left undecoded: it holds a NUL
            errors.append(ErrorDetail("header", param.wire, "Header contains a NUL character"))
            values[slot] = INVALID


def _state_reader(leaves: tuple[_Leaf, ...]) -> SourceReader:
    def read_state(scope: Scope, values: list[object], errors: list[ErrorDetail]) -> None:
        state = scope.get("state") or {}
        for slot, param, _ in leaves:
            try:
                values[slot] = state[param.wire]
            except KeyError:
                if param.required:
                    raise MissingState(
                        f'State "{param.wire}" is not in the app state: yield it from the '
                        "lifespan (and run a server that supports lifespan state)"
                    ) from None
                values[slot] = param.default

    return read_state


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

