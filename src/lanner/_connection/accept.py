"""The `Accept` header (RFC 9110 §12.5.1): which of the media types a handler can answer with
the client prefers.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache
from typing import Final, NamedTuple, final

from lanner._compat import override

from lanner._connection.parsing import parse_content_type, split_unquoted, unquote_string

__all__ = ["Accept", "MediaRange"]

# RFC 9110 §5.6.2 token characters, lower-case letters only (ranges are lower-cased first).
_TOKEN_CHARS: Final = frozenset("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyz")


@final
class MediaRange(NamedTuple):
    """One media range of an `Accept` header, with its weight.

    >>> next(iter(Accept("text/html;level=1;q=0.5")))
    MediaRange(main_type='text', subtype='html', params=(('level', '1'),), q=0.5)
    """

    main_type: str
    subtype: str
    params: tuple[tuple[str, str], ...]
    q: float

    @property
    def media_type(self) -> str:
        """`"text/html"`, `"text/*"` or `"*/*"`, without parameters.

        >>> MediaRange("text", "*", (), 1.0).media_type
        'text/*'
        """
        return f"{self.main_type}/{self.subtype}"

    @property
    def specificity(self) -> int:
        """How narrow the range is: `*/*` 0, `type/*` 1, `type/sub` 2, and 3 + one per parameter.

        >>> MediaRange("text", "html", (("level", "1"),), 1.0).specificity
        4
        """
        if self.params:
            return 3 + len(self.params)
        if self.subtype != "*":
            return 2
        return 0 if self.main_type == "*" else 1

    def matches(self, main_type: str, subtype: str, params: Mapping[str, str]) -> bool:
        """Whether this range covers the media type `main_type/subtype;params` (lower-case).

        >>> MediaRange("text", "*", (), 1.0).matches("text", "csv", {})
        True
        """
        if self.main_type == "*":
            return True
        if self.main_type != main_type:
            return False
        if self.subtype == "*":
            return True
        if self.subtype != subtype:
            return False
        # Parameter values compare case-insensitively: `charset=UTF-8` is `charset=utf-8`.
        return all(params.get(name, "").lower() == value.lower() for name, value in self.params)


@final
class Accept:
    """A parsed `Accept` header, its ranges in the client's order of preference.

    Ranges are ordered by q-value, then specificity, then position in the header. A range
    that is malformed (no `type/subtype`, `*/subtype`, a q-value outside the grammar) is
    skipped; a malformed parameter is dropped. A header that is missing, empty or has no
    valid range accepts anything. `q=0` marks a type as not acceptable. Never raises.

    >>> accept = Accept("text/html;q=0.9, application/json, */*;q=0.1")
    >>> [r.media_type for r in accept]
    ['application/json', 'text/html', '*/*']
    >>> accept.best_match(["text/html", "text/plain"])
    'text/html'
    """

    __slots__ = ("_ranges", "_specificities")

    _ranges: tuple[MediaRange, ...]
    _specificities: tuple[int, ...]

    def __init__(self, header_value: str = "") -> None:
        self._ranges, self._specificities = _parse_header(header_value) if header_value else _EMPTY

    def best_match(self, provided: Sequence[str], default: str | None = None) -> str | None:
        """The media type in `provided` the client prefers, else `default`.

        Each candidate gets the q-value of the most specific range that matches it; the
        highest q wins, a tie going to the earlier candidate. A candidate no range matches,
        or matched with `q=0`, is not acceptable. With no usable header: `provided[0]`.

        >>> Accept("application/*;q=0.5, application/json;q=0").best_match(
        ...     ["application/json", "application/xml"])
        'application/xml'
        >>> Accept("text/html").best_match(["application/json"], default="text/plain")
        'text/plain'
        """
        if not self._ranges:
            return provided[0] if provided else default
        best, best_q = default, 0.0
        for candidate in provided:
            q = self._quality(candidate)
            if q > best_q:
                best, best_q = candidate, q
        return best

    def accepts(self, media_type: str) -> bool:
        """Whether the client accepts `media_type` (with a q-value above 0).

        >>> Accept("text/*, text/csv;q=0").accepts("text/csv")
        False
        """
        return not self._ranges or self._quality(media_type) > 0.0

    def quality(self, media_type: str) -> float:
        """The q-value the client gives `media_type`: 0.0 when not acceptable.

        >>> Accept("text/*;q=0.3").quality("text/plain; charset=utf-8")
        0.3
        """
        return self._quality(media_type) if self._ranges else 1.0

    def _quality(self, media_type: str) -> float:
        main_type, subtype, params = _parse_provided(media_type)
        best_specificity, best_q = -1, 0.0
        # Ranges are sorted by q first, so among equally specific ranges the higher q wins.
        for media_range, specificity in zip(self._ranges, self._specificities, strict=True):
            if specificity > best_specificity and media_range.matches(main_type, subtype, params):
                best_specificity, best_q = specificity, media_range.q
        return best_q

    def __iter__(self) -> Iterator[MediaRange]:
        return iter(self._ranges)

    def __len__(self) -> int:
        return len(self._ranges)

    @override
    def __repr__(self) -> str:
        return f"Accept({self._ranges!r})"


_EMPTY: Final[tuple[tuple[MediaRange, ...], tuple[int, ...]]] = ((), ())


@lru_cache(maxsize=256)
def _parse_header(header_value: str) -> tuple[tuple[MediaRange, ...], tuple[int, ...]]:
    # Browsers send a few distinct Accept values, over and over: parse each once. The
    # result is immutable, so sharing it between requests is safe.
    ranges: list[MediaRange] = []
    for chunk in split_unquoted(header_value, ","):
        media_range = _parse_range(chunk)
        if media_range is not None:
            ranges.append(media_range)
    ranges.sort(key=_preference)  # stable: equal ranges keep their header order
    return tuple(ranges), tuple(r.specificity for r in ranges)


def _preference(media_range: MediaRange) -> tuple[float, int]:
    return (-media_range.q, -media_range.specificity)


@lru_cache(maxsize=256)
def _parse_provided(media_type: str) -> tuple[str, str, dict[str, str]]:
    # The candidates are the app's own, a handful per route: parse each once.
    full_type, params = parse_content_type(media_type)
    main_type, _, subtype = full_type.partition("/")
    return main_type, subtype, params


def _parse_range(chunk: str) -> MediaRange | None:
    pieces = split_unquoted(chunk, ";")
    media_type = pieces[0].strip(" \t").lower()
    main_type, slash, subtype = media_type.partition("/")
    if not (slash and _is_token(main_type) and _is_token(subtype)):
        return None
    if main_type == "*" and subtype != "*":
        return None
    params: list[tuple[str, str]] = []
    q = 1.0
    for piece in pieces[1:]:
        name, sep, value = piece.partition("=")
        name = name.strip(" \t").lower()
        value = value.strip(" \t")
        if name == "q":
            weight = _parse_q(value)
            if weight is None:
                return None
            q = weight
            # What follows the weight was RFC 7231's accept-ext, not part of the range.
            break
        if not sep or not _is_token(name):
            continue
        if value.startswith('"'):
            unquoted = unquote_string(value)
            if unquoted is None:
                continue
            value = unquoted
        params.append((name, value))
    return MediaRange(main_type, subtype, tuple(params), q)


def _is_token(text: str) -> bool:
    return bool(text) and _TOKEN_CHARS.issuperset(text)


def _parse_q(text: str) -> float | None:
    # qvalue = ( "0" [ "." *DIGIT ] ) / ( "1" [ "." *"0" ] ): RFC 9110 allows at most three
    # decimals; more are accepted, since their meaning is still clear.
    whole, _, decimals = text.partition(".")
    if whole not in ("0", "1") or len(decimals) > 8:
        return None
    if decimals and not (decimals.isascii() and decimals.isdigit()):
        return None
    if whole == "1" and decimals.strip("0"):
        return None
    return float(text)
