"""`Response[T]`: an HTTP response as an immutable value, changed with `with_*` methods.

A value can be returned from many requests at once: nothing about it changes after it is
built, so no request sees another's headers or cookies.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Final, Generic, TypeAlias, TypeVar, final

import msgspec

from lanner._errors import check_header_text
from lanner._respond.background import BackgroundTask, BackgroundTasks
from lanner._respond.values import ResponseHeader, SetCookie, check_header

__all__ = ["Response"]

T_co = TypeVar("T_co", covariant=True)

HeadersInput: TypeAlias = Mapping[str, str] | Sequence[ResponseHeader] | Sequence[tuple[str, str]]
Background: TypeAlias = BackgroundTask[...] | BackgroundTasks


HeaderPairs: TypeAlias = tuple[tuple[str, str], ...]

_NO_HEADERS: Final[HeaderPairs] = ()
_NO_COOKIES: Final[tuple[SetCookie, ...]] = ()
_force_setattr: Final = msgspec.structs.force_setattr


def normalize_headers(headers: HeadersInput | None) -> HeaderPairs:
    """Any accepted headers input as checked `(name, value)` pairs."""
    if not headers:
        return _NO_HEADERS
    if isinstance(headers, Mapping):
        return tuple(check_header(name, value) for name, value in headers.items())
    pairs: list[tuple[str, str]] = []
    for header in headers:
        if type(header) is ResponseHeader:
            if header.value is not None and not header.documentation_only:
                pairs.append((header.name, header.value))
        elif isinstance(header, tuple) and len(header) == 2:  # type: ignore[redundant-expr]  # checked at run time: the input is the user's
            pairs.append(check_header(*header))
        else:
            raise TypeError(f"headers must be a mapping, (name, value) pairs or ResponseHeader values, got {header!r}")
    return tuple(pairs)


def _checked_cookies(cookies: Sequence[SetCookie]) -> tuple[SetCookie, ...]:
    for cookie in cookies:
        if type(cookie) is not SetCookie:
            raise TypeError(f"cookies must be SetCookie values, got {cookie!r}")
    return tuple(cookies)


class _Content(msgspec.Struct, Generic[T_co], frozen=True):
    content: T_co


@final
class Response(_Content[T_co], frozen=True, kw_only=True):
    """An HTTP response as a value: content, status, headers, cookies, background work.

    `content` is encoded as the handler's return annotation says (`Response[Item]` encodes
    an `Item` as JSON). `status_code=None` means the route's default (POST 201, ...).
    Every change returns a new value: `with_status`, `with_header`, `with_headers`,
    `with_cookie`, `without_cookie`, `with_media_type`, `with_background`.

    >>> resp = Response({"id": 7}).with_status(201).with_header("X-Id", "7")
    >>> resp.status_code, resp.header("x-id")
    (201, '7')
    """

    status_code: int | None = None
    headers: HeadersInput | None = _NO_HEADERS
    """After construction always a tuple of `(name, value)` pairs (see `header_pairs`)."""
    cookies: Sequence[SetCookie] = _NO_COOKIES
    media_type: str | None = None
    background: Background | None = None

    def __post_init__(self) -> None:
        # Runs when a Response is built (or `msgspec.structs.replace`d); the `with_*` copies
        # skip it and check only what they change.
        if self.headers is not _NO_HEADERS:
            _force_setattr(self, "headers", normalize_headers(self.headers))
        if self.cookies is not _NO_COOKIES:
            _force_setattr(self, "cookies", _checked_cookies(self.cookies))
        if self.status_code is not None:
            _check_status(self.status_code)
        if self.media_type is not None:
            check_header_text("media type", self.media_type)

    if TYPE_CHECKING:
        # msgspec's stubs leave it out; the Struct method copies fields without `__post_init__`.
        def __copy__(self) -> Response[T_co]: ...

    def _with(self, field: str, value: object) -> Response[T_co]:
        # `__copy__` does not run `__post_init__` (as `msgspec.structs.replace` does): every
        # caller has checked `value` already, and the other fields were checked when built.
        changed = self.__copy__()
        _force_setattr(changed, field, value)
        return changed

    @property
    def header_pairs(self) -> HeaderPairs:
        """The headers this response sets, as `(name, value)` pairs in order."""
        return self.headers  # type: ignore[return-value]  # normalised by __post_init__

    def header(self, name: str) -> str | None:
        """The value this response sets for header `name` (case-insensitive), if any."""
        lower = name.lower()
        for header_name, value in self.header_pairs:
            if header_name.lower() == lower:
                return value
        return None

    def with_status(self, status_code: int) -> Response[T_co]:
        """A copy answering with `status_code`.

        >>> Response(b"ok").with_status(202).status_code
        202
        """
        return self._with("status_code", _check_status(int(status_code)))

    def with_header(self, name: str, value: str) -> Response[T_co]:
        """A copy that sends `name: value`, replacing any header of that name.

        >>> Response(b"").with_header("X-A", "1").with_header("x-a", "2").header("X-A")
        '2'
        """
        added = check_header(name, value)
        current: HeaderPairs = self.headers  # type: ignore[assignment]  # normalised by __post_init__
        if current:
            lower = name.lower()
            headers = (*[h for h in current if h[0].lower() != lower], added)
        else:
            headers = (added,)
        # `_with` inlined: headers are set on most responses.
        changed = self.__copy__()
        _force_setattr(changed, "headers", headers)
        return changed

    def with_headers(self, headers: HeadersInput) -> Response[T_co]:
        """A copy with every header in `headers` set, each replacing one of the same name."""
        added = normalize_headers(headers)
        names = {name.lower() for name, _ in added}
        kept = [h for h in self.header_pairs if h[0].lower() not in names]
        return self._with("headers", (*kept, *added))

    def with_cookie(self, cookie: SetCookie) -> Response[T_co]:
        """A copy that sets `cookie`, replacing a cookie of the same key, path and domain.

        >>> Response(b"").with_cookie(SetCookie("sid", "abc", httponly=True)).cookies[0].key
        'sid'
        """
        if type(cookie) is not SetCookie:
            raise TypeError(f"with_cookie takes a SetCookie, got {cookie!r}")
        current = self.cookies
        cookies = (*[c for c in current if not _same_cookie(c, cookie)], cookie) if current else (cookie,)
        changed = self.__copy__()
        _force_setattr(changed, "cookies", cookies)
        return changed

    def without_cookie(self, key: str, *, path: str = "/", domain: str | None = None) -> Response[T_co]:
        """A copy that tells the client to delete cookie `key` (an expired `Set-Cookie`)."""
        return self.with_cookie(SetCookie(key, path=path, domain=domain).to_deleting())

    def with_media_type(self, media_type: str) -> Response[T_co]:
        """A copy sent with this `Content-Type`."""
        media_type = str(media_type)
        check_header_text("media type", media_type)
        return self._with("media_type", media_type)

    def with_background(self, task: Background) -> Response[T_co]:
        """A copy that also runs `task` after the response is sent (after any earlier ones)."""
        current = self.background
        if current is None:
            combined: Background = task
        else:
            before = list(current.tasks) if isinstance(current, BackgroundTasks) else [current]
            after = list(task.tasks) if isinstance(task, BackgroundTasks) else [task]
            combined = BackgroundTasks([*before, *after])
        return self._with("background", combined)


def _check_status(status_code: int) -> int:
    if not 100 <= status_code <= 599:
        raise ValueError(f"status_code must be between 100 and 599, got {status_code}")
    return status_code


def _same_cookie(a: SetCookie, b: SetCookie) -> bool:
    return a.key == b.key and a.path == b.path and a.domain == b.domain
