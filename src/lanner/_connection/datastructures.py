"""Read-only views of what a request carries: its headers, its query pairs, its client's address.

None of them has a method that changes it: a handler cannot alter what the next one sees.
"""

from __future__ import annotations

from collections.abc import Iterable, ItemsView, Iterator, KeysView, Mapping, Sequence, ValuesView
from typing import NamedTuple, TypeVar, final, overload

from typing_extensions import TypeVar as TypeVar_

from lanner._compat import override

__all__ = ["Address", "Headers", "MultiDict"]

_T = TypeVar("_T")
# A default of str: a bare `MultiDict` is the query-string kind. (typing_extensions is
# already imported by msgspec, so this costs nothing at import time.)
V = TypeVar_("V", default=str)


@final
class Headers(Mapping[str, str]):
    """A request's headers: case-insensitive, each decoded as latin-1 only when read.

    Built from ASGI's raw `(name, value)` byte pairs; construction only keeps the list, so a
    handler that reads no header pays nothing, and one lookup decodes only what it finds
    (iteration, `len` and `==` decode all of them, once). For a repeated name, `headers[name]` and `get`
    give the FIRST value (as Starlette does) and `get_list` gives them all, in order;
    iteration, `len` and `keys()` see each name once.

    >>> headers = Headers([(b"accept", b"text/html"), (b"x-tag", b"a"), (b"x-tag", b"b")])
    >>> (headers["Accept"], headers.get("X-Tag"), headers.get_list("x-tag"), len(headers))
    ('text/html', 'a', ['a', 'b'], 2)
    """

    __slots__ = ("_index", "_raw")

    _raw: Sequence[tuple[bytes, bytes]]
    _index: dict[str, list[str]] | None

    def __init__(self, raw: Sequence[tuple[bytes, bytes]] = ()) -> None:
        self._raw = raw
        self._index = None

    @classmethod
    def from_mapping(cls, headers: Mapping[str, str] | Sequence[tuple[str, str]]) -> Headers:
        """Headers from text pairs, for tests and hand-built requests; names are lower-cased.

        Raises UnicodeEncodeError for text latin-1 cannot carry (this is never client input).

        >>> Headers.from_mapping({"Content-Type": "text/plain"}).raw
        [(b'content-type', b'text/plain')]
        """
        pairs = headers.items() if isinstance(headers, Mapping) else headers
        return cls([(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in pairs])

    @property
    def raw(self) -> Sequence[tuple[bytes, bytes]]:
        """The ASGI byte pairs this was built from, unchanged.

        >>> Headers([(b"host", b"example.com")]).raw
        [(b'host', b'example.com')]
        """
        return self._raw

    def _lookup(self) -> dict[str, list[str]]:
        # Built only for whole-mapping reads (iteration, len, ==): one lookup scans instead.
        index = self._index
        if index is None:
            index = {}
            for name, value in self._raw:
                key = name.decode("latin-1").lower()
                text = value.decode("latin-1")
                values = index.get(key)
                if values is None:
                    index[key] = [text]
                else:
                    values.append(text)
            self._index = index
        return index

    def _scan(self, name: str, first: bool) -> list[str]:
        # A handler reads a few headers of many: scanning the bytes for those few beats
        # decoding every header into an index.
        if self._index is not None or not name.isascii():
            return self._lookup().get(name.lower(), [])
        key = name.lower().encode("ascii")
        size = len(key)
        found: list[str] = []
        for raw_name, raw_value in self._raw:
            # ASGI servers send lower-case names; `.lower()` keeps lookups right for a
            # server (or a test) that does not, and the length test keeps it cheap.
            if len(raw_name) == size and raw_name.lower() == key:
                found.append(raw_value.decode("latin-1"))
                if first:
                    break
        return found

    @override
    def __getitem__(self, name: str, /) -> str:
        values = self._scan(name, True)
        if not values:
            raise KeyError(name)
        return values[0]

    @overload
    def get(self, name: str, /) -> str | None: ...
    @overload
    def get(self, name: str, /, default: str) -> str: ...
    @overload
    def get(self, name: str, /, default: _T) -> str | _T: ...
    @override
    def get(self, name: str, /, default: object = None) -> object:
        """The first value sent for `name`, or `default`.

        >>> Headers([(b"x-a", b"1")]).get("x-b", "none")
        'none'
        """
        values = self._scan(name, True)
        return values[0] if values else default

    def get_list(self, name: str) -> list[str]:
        """Every value sent for `name`, in the order received; `[]` when absent.

        >>> Headers([(b"via", b"a"), (b"via", b"b")]).get_list("Via")
        ['a', 'b']
        """
        return list(self._scan(name, False))

    def multi_items(self) -> list[tuple[str, str]]:
        """Every `(name, value)` pair, decoded, in the order received.

        >>> Headers([(b"via", b"a"), (b"via", b"b")]).multi_items()
        [('via', 'a'), ('via', 'b')]
        """
        return [(k.decode("latin-1").lower(), v.decode("latin-1")) for k, v in self._raw]

    @override
    def __contains__(self, name: object, /) -> bool:
        return isinstance(name, str) and bool(self._scan(name, True))

    @override
    def __iter__(self) -> Iterator[str]:
        return iter(self._lookup())

    @override
    def __len__(self) -> int:
        return len(self._lookup())

    @override
    def keys(self) -> KeysView[str]:
        return self._lookup().keys()

    @override
    def __eq__(self, other: object) -> bool:
        # Only another Headers: against a plain dict, repeated names would make `==`
        # disagree with itself depending on the side it is read from.
        if not isinstance(other, Headers):
            return NotImplemented
        return self._lookup() == other._lookup()

    # Defining __eq__ already makes instances unhashable at runtime (as dict); tell mypy.
    __hash__ = None  # type: ignore[assignment]  # object.__hash__ is not Optional in typeshed

    @override
    def __repr__(self) -> str:
        return f"Headers({self.multi_items()!r})"


@final
class MultiDict(Mapping[str, V]):
    """Query (or form) pairs: a read-only mapping where a key may repeat.

    Values are `str` unless said otherwise: `request.form()` gives a
    `MultiDict[str | UploadFile]`.

    `md[key]`, `get`, `items()` and `values()` give the LAST value sent for a key (as a
    plain `dict(pairs)` would); `getlist` gives every value and `multi_items()` every pair,
    in the order sent. It equals only another MultiDict with the same values per key.

    >>> md = MultiDict([("tag", "a"), ("q", "x"), ("tag", "b")])
    >>> (md["tag"], md.getlist("tag"), list(md.items()), len(md))
    ('b', ['a', 'b'], [('tag', 'b'), ('q', 'x')], 2)
    """

    __slots__ = ("_dict", "_list")

    _list: list[tuple[str, V]]
    _dict: dict[str, V]

    def __init__(self, pairs: Iterable[tuple[str, V]] = ()) -> None:
        self._list = list(pairs)
        self._dict = dict(self._list)

    @override
    def __getitem__(self, key: str, /) -> V:
        return self._dict[key]

    @overload
    def get(self, key: str, /) -> V | None: ...
    @overload
    def get(self, key: str, /, default: V) -> V: ...
    @overload
    def get(self, key: str, /, default: _T) -> V | _T: ...
    @override
    def get(self, key: str, /, default: object = None) -> object:
        """The last value sent for `key`, or `default`.

        >>> MultiDict([("a", "1"), ("a", "2")]).get("a")
        '2'
        """
        return self._dict.get(key, default)

    def getlist(self, key: str) -> list[V]:
        """Every value sent for `key`, in order; `[]` when absent.

        >>> MultiDict([("a", "1"), ("b", "x"), ("a", "2")]).getlist("a")
        ['1', '2']
        """
        if key not in self._dict:
            return []
        return [v for k, v in self._list if k == key]

    def multi_items(self) -> list[tuple[str, V]]:
        """Every pair, in the order sent (a new list each call).

        >>> MultiDict([("a", "1"), ("a", "2")]).multi_items()
        [('a', '1'), ('a', '2')]
        """
        return list(self._list)

    @override
    def __contains__(self, key: object, /) -> bool:
        return key in self._dict

    @override
    def __iter__(self) -> Iterator[str]:
        return iter(self._dict)

    @override
    def __len__(self) -> int:
        return len(self._dict)

    @override
    def keys(self) -> KeysView[str]:
        return self._dict.keys()

    @override
    def values(self) -> ValuesView[V]:
        return self._dict.values()

    @override
    def items(self) -> ItemsView[str, V]:
        return self._dict.items()

    @override
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, MultiDict):
            return NotImplemented
        if self._dict.keys() != other._dict.keys():
            return False
        # Same keys: equal when every key has the same values in the same order, whatever
        # the interleaving of different keys (`a=1&b=2` is `b=2&a=1`).
        return sorted(self._list, key=_pair_key) == sorted(other._list, key=_pair_key)

    __hash__ = None  # type: ignore[assignment]  # unhashable, as Headers (see there)

    @override
    def __repr__(self) -> str:
        return f"MultiDict({self._list!r})"


def _pair_key(pair: tuple[str, object]) -> str:
    # A stable sort on the key alone keeps each key's values in their sent order.
    return pair[0]


@final
class Address(NamedTuple):
    """Where a connection comes from (`request.client`) or arrives (the server), as ASGI gives it.

    >>> Address("203.0.113.7", 51234).host
    '203.0.113.7'
    """

    host: str
    port: int
