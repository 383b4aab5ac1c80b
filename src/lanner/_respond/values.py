"""Immutable response values: `SetCookie`, `ResponseHeader`, `CacheControlHeader`, `ETag`.

Each is a frozen msgspec struct checked when it is built, so a bad value fails in the handler
that made it, and nothing lanner writes can split a header (CR, LF or NUL). They are built
per request, so the checks are plain set and string operations, no regular expressions.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final, Literal, final

import msgspec

from lanner._errors import check_header_text
from lanner._respond.httpdate import EPOCH, http_date

__all__ = ["CacheControlHeader", "ETag", "ResponseHeader", "SetCookie", "check_header"]

_VISIBLE: Final = frozenset(map(chr, range(0x21, 0x7F)))
_TCHARS: Final = frozenset("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
# RFC 6265 av-octet (Path, Domain): any ASCII but controls and ";".
_ATTRIBUTE_OCTETS: Final = (_VISIBLE | {" "}) - {";"}
# RFC 9110 field-vchar, SP and HTAB: what a header value may hold.
_FIELD_OCTETS: Final = _VISIBLE | frozenset(map(chr, range(0x80, 0x100))) | {" ", "\t"}
# RFC 9110 etagc, without obs-text so that an ETag is always ASCII.
_ETAG_OCTETS: Final = _VISIBLE - {'"'}
_SAMESITE: Final = {"lax": "Lax", "strict": "Strict", "none": "None"}
_SAMESITE_ATTRIBUTE: Final = {key: f"; SameSite={value}" for key, value in _SAMESITE.items()}
# CacheControlHeader's fields and directives, in the order `to_header` writes them.
_CACHE_DIRECTIVES: Final = tuple(
    (directive.replace("-", "_"), directive)
    for directive in (
        "public", "private", "no-cache", "no-store", "no-transform", "max-age", "s-maxage", "must-revalidate",
        "proxy-revalidate", "immutable", "stale-while-revalidate", "stale-if-error",
    )
)  # fmt: skip
_CACHE_AGES: Final = ("max_age", "s_maxage", "stale_while_revalidate", "stale_if_error")


def _check_token(kind: str, text: str) -> None:
    if not text or not _TCHARS.issuperset(text):
        check_header_text(kind, text)
        raise ValueError(f"{kind} {text!r} must be a non-empty token: ASCII letters, digits or !#$%&'*+-.^_`|~")


# Header and cookie names already found to be tokens. Handlers use a few constant names, so
# one set lookup stands in for the per-character check; the bound keeps names that come from
# clients from growing it without end.
_TOKENS_SEEN: Final[set[str]] = set()
_TOKENS_SEEN_MAX: Final = 1024


def _check_new_token(kind: str, text: str) -> None:
    _check_token(kind, text)
    if len(_TOKENS_SEEN) < _TOKENS_SEEN_MAX:
        _TOKENS_SEEN.add(text)


def _check_int(kind: str, value: object, *, minimum: int | None = None) -> None:
    # bool is an int, but `max_age=True` is always a mistake.
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{kind} must be an int, got {type(value).__name__}")
    if minimum is not None and value < minimum:
        raise ValueError(f"{kind} must be at least {minimum}, got {value}")


def _check_field_value(kind: str, text: str) -> None:
    # Most values are printable ASCII: skip the per-character set lookups for them.
    if (text.isascii() and text.isprintable()) or _FIELD_OCTETS.issuperset(text):
        return
    check_header_text(kind, text)
    raise ValueError(f"{kind} {text!r} must be latin-1 text without controls; encode it, e.g. percent-encode")


def check_header(name: str, value: str) -> tuple[str, str]:
    """`(name, value)` if they make a header that cannot be split or refused, else ValueError.

    The name is an RFC 9110 token; the value is latin-1 text without controls (HTAB aside).

    >>> check_header("X-Id", "7")
    ('X-Id', '7')
    """
    if name not in _TOKENS_SEEN:
        _check_new_token("header name", name)
    if not (value.isascii() and value.isprintable()):
        _check_field_value(f"value of header {name!r}", value)
    return (name, value)


# `gc=False`: a cookie holds only strings, numbers and datetimes, so it can never be part of
# a reference cycle; untracked, it costs the collector nothing in the handlers that build one.
class _CookieKey(msgspec.Struct, frozen=True, gc=False):
    key: str
    value: str | None = None


@final
class SetCookie(_CookieKey, frozen=True, kw_only=True, repr_omit_defaults=True, gc=False):
    """One `Set-Cookie` header: a cookie and its attributes, checked when built.

    A value of cookie-octets is written bare. One that also has spaces or commas is written
    in double quotes (browsers send the quotes back; lanner's cookie parser removes them).
    Any other value (`;`, `"`, `\\`, controls, non-ASCII) raises ValueError: encode it first,
    e.g. with `base64.urlsafe_b64encode` or `urllib.parse.quote`. `expires` is an aware
    datetime, or an int of seconds from when the header is written. `path=None` leaves the
    `Path` attribute out.

    >>> SetCookie("sid", "abc", httponly=True).to_header()
    'sid=abc; Path=/; HttpOnly; SameSite=Lax'
    >>> SetCookie("greeting", "hello world", max_age=60, secure=True, samesite="strict").to_header()
    'greeting="hello world"; Max-Age=60; Path=/; Secure; SameSite=Strict'
    """

    max_age: int | None = None
    expires: datetime | int | None = None
    path: str | None = "/"
    domain: str | None = None
    secure: bool = False
    httponly: bool = False
    samesite: Literal["lax", "strict", "none"] = "lax"
    partitioned: bool = False
    description: str | None = None
    documentation_only: bool = False

    def __post_init__(self) -> None:
        if self.key not in _TOKENS_SEEN:
            _check_new_token("cookie name", self.key)
        value = self.value
        # RFC 6265 cookie-octets (visible ASCII but DQUOTE, comma, semicolon, backslash), plus
        # space and comma, common in values and read back by every browser when quoted. String
        # methods, not a set of allowed characters: ~2x faster for a 40-character session id.
        if value and not (
            value.isascii() and value.isprintable() and '"' not in value and ";" not in value and "\\" not in value
        ):
            check_header_text(f"value of cookie {self.key!r}", value)
            raise ValueError(
                f"value of cookie {self.key!r} ({value!r}) has a character no cookie can carry "
                "(; \" \\ controls non-ASCII): encode it first, e.g. with base64.urlsafe_b64encode"
            )
        if (
            self.max_age is None
            and self.expires is None
            and self.path == "/"
            and self.domain is None
            and self.samesite == "lax"
            and not self.partitioned
        ):
            return  # every other attribute at its default: nothing more to check
        self._check_attributes()

    def _check_attributes(self) -> None:
        if self.max_age is not None:
            _check_int("max_age", self.max_age)
        expires = self.expires
        if isinstance(expires, datetime):
            if expires.utcoffset() is None:
                raise ValueError("expires must be a timezone-aware datetime, e.g. datetime.now(UTC)")
        elif expires is not None:
            _check_int("expires", expires)
        for kind, text in (("path", self.path), ("domain", self.domain)):
            if text is not None and (not text or not _ATTRIBUTE_OCTETS.issuperset(text)):
                check_header_text(f"cookie {kind}", text)
                raise ValueError(f"cookie {kind} {text!r} must be non-empty ASCII without ';' or controls")
        if self.samesite not in _SAMESITE:
            raise ValueError(f"samesite must be 'lax', 'strict' or 'none', got {self.samesite!r}")
        if self.samesite == "none" and not self.secure:
            raise ValueError("samesite='none' needs secure=True: browsers reject it otherwise")
        if self.partitioned and not self.secure:
            raise ValueError("partitioned=True needs secure=True: browsers reject it otherwise")

    def to_header(self) -> str:
        """The `Set-Cookie` header value.

        >>> SetCookie("theme", "dark", path=None, domain="example.com").to_header()
        'theme=dark; Domain=example.com; SameSite=Lax'
        """
        value = self.value or ""
        if " " in value or "," in value:
            # `__post_init__` let only cookie-octets, space and comma through: these two are quoted.
            value = f'"{value}"'
        if self.max_age is None and self.expires is None and self.domain is None and not self.partitioned:
            # The usual cookie: one f-string.
            return (
                f"{self.key}={value}{'' if self.path is None else '; Path=' + self.path}"
                f"{'; Secure' if self.secure else ''}{'; HttpOnly' if self.httponly else ''}"
                f"{_SAMESITE_ATTRIBUTE[self.samesite]}"
            )
        # Built per response, so plain concatenation rather than a list and a join.
        text = f"{self.key}={value}"
        if self.max_age is not None:
            text += f"; Max-Age={self.max_age}"
        if self.expires is not None:
            text += f"; Expires={http_date(self.expires)}"
        if self.path is not None:
            text += f"; Path={self.path}"
        if self.domain is not None:
            text += f"; Domain={self.domain}"
        if self.secure:
            text += "; Secure"
        if self.httponly:
            text += "; HttpOnly"
        text += _SAMESITE_ATTRIBUTE[self.samesite]
        if self.partitioned:
            text += "; Partitioned"
        return text

    def to_deleting(self) -> SetCookie:
        """A cookie that makes the client delete this one: same key, path and domain, expired.

        >>> SetCookie("sid", "abc").to_deleting().to_header()
        'sid=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; SameSite=Lax'
        """
        return msgspec.structs.replace(
            self, value=None, max_age=0, expires=EPOCH, description=None, documentation_only=False
        )

    def header_pair(self) -> tuple[bytes, bytes]:
        """The ASGI header: `(b"set-cookie", value)`.

        >>> SetCookie("a", "1").header_pair()
        (b'set-cookie', b'a=1; Path=/; SameSite=Lax')
        """
        return (b"set-cookie", self.to_header().encode("latin-1"))


class _HeaderName(msgspec.Struct, frozen=True):
    name: str
    value: str | None = None


@final
class ResponseHeader(_HeaderName, frozen=True, kw_only=True, repr_omit_defaults=True):
    """One response header. `value=None` only documents a header (`documentation_only=True`).

    The value is latin-1 text without controls (HTAB aside).

    >>> ResponseHeader("X-Request-Id", "42").header_pair()
    (b'x-request-id', b'42')
    """

    description: str | None = None
    documentation_only: bool = False

    def __post_init__(self) -> None:
        if self.value is not None:
            check_header(self.name, self.value)
            return
        _check_token("header name", self.name)
        if not self.documentation_only:
            raise ValueError(f"header {self.name!r} needs a value unless documentation_only=True")

    def header_pair(self) -> tuple[bytes, bytes]:
        """The ASGI header: lower-cased name and value as latin-1 bytes."""
        if self.value is None:
            raise ValueError(f"header {self.name!r} is documentation-only and has no value to send")
        return (self.name.lower().encode("latin-1"), self.value.encode("latin-1"))


class _CacheAges(msgspec.Struct, frozen=True):
    max_age: int | None = None
    s_maxage: int | None = None


@final
class CacheControlHeader(_CacheAges, frozen=True, kw_only=True, repr_omit_defaults=True):
    """A `Cache-Control` header (RFC 9111). Ages are seconds; the flags are keyword-only.

    >>> CacheControlHeader(60, public=True, must_revalidate=True).to_header()
    'public, max-age=60, must-revalidate'
    >>> CacheControlHeader.from_header("No-Cache, MAX-AGE=0, x-unknown")
    CacheControlHeader(max_age=0, no_cache=True)
    """

    public: bool = False
    private: bool = False
    no_cache: bool = False
    no_store: bool = False
    no_transform: bool = False
    must_revalidate: bool = False
    proxy_revalidate: bool = False
    immutable: bool = False
    stale_while_revalidate: int | None = None
    stale_if_error: int | None = None
    documentation_only: bool = False

    def __post_init__(self) -> None:
        for attribute in _CACHE_AGES:
            age = getattr(self, attribute)
            if age is not None:
                _check_int(attribute, age, minimum=0)
        if self.public and self.private:
            raise ValueError("a response cannot be both public and private")

    def to_header(self) -> str:
        """The header value, directives in a fixed order ("" when none is set)."""
        parts: list[str] = []
        for attribute, directive in _CACHE_DIRECTIVES:
            setting = getattr(self, attribute)
            if setting is True:
                parts.append(directive)
            elif setting is not None and setting is not False:
                parts.append(f"{directive}={setting}")
        return ", ".join(parts)

    @classmethod
    def from_header(cls, value: str) -> CacheControlHeader:
        """Read a header value: any order and case, unknown directives ignored.

        A directive given twice keeps its first value. A field list (`private="Set-Cookie"`)
        is read as the bare directive. ValueError for an age that is not a whole number.
        """
        found = _directives(value)
        flags = {name: directive in found for name, directive in _CACHE_DIRECTIVES if name not in _CACHE_AGES}
        return cls(
            _age(found, "max-age"),
            _age(found, "s-maxage"),
            stale_while_revalidate=_age(found, "stale-while-revalidate"),
            stale_if_error=_age(found, "stale-if-error"),
            **flags,
        )

    @classmethod
    def prevent_storing(cls) -> CacheControlHeader:
        """`Cache-Control: no-store`: no cache may keep the response.

        >>> CacheControlHeader.prevent_storing().to_header()
        'no-store'
        """
        return cls(no_store=True)


def _directives(value: str) -> dict[str, str | None]:
    """Directive names (lower-cased) to their unquoted argument, None when there is none."""
    found: dict[str, str | None] = {}
    for item in _split_outside_quotes(value):
        name, sep, argument = item.partition("=")
        name = name.strip(" \t").lower()
        if name and name not in found:
            found[name] = argument.strip(" \t").strip('"') if sep else None
    return found


def _split_outside_quotes(value: str) -> list[str]:
    # A quoted field list may hold commas (`no-cache="Set-Cookie, Vary"`); field names are
    # tokens, so no quote inside one is escaped and every other piece is quoted text.
    items = [""]
    for index, piece in enumerate(value.split('"')):
        if index % 2:
            items[-1] += f'"{piece}"'
        else:
            first, *rest = piece.split(",")
            items[-1] += first
            items.extend(rest)
    return items


def _age(found: dict[str, str | None], name: str) -> int | None:
    if name not in found:
        return None
    argument = found[name]
    if not argument or not (argument.isascii() and argument.isdigit()):
        raise ValueError(f"Cache-Control {name} needs a whole number of seconds, got {argument!r}")
    return int(argument)


class _ETagValue(msgspec.Struct, frozen=True):
    value: str | None = None


@final
class ETag(_ETagValue, frozen=True, kw_only=True, repr_omit_defaults=True):
    """An entity tag (RFC 9110): visible ASCII without `"`. `value=None` only documents one.

    >>> ETag("v1").to_header(), ETag("v1", weak=True).to_header()
    ('"v1"', 'W/"v1"')
    >>> ETag.from_header('W/"x"') == ETag("x", weak=True)
    True
    """

    weak: bool = False
    documentation_only: bool = False

    def __post_init__(self) -> None:
        value = self.value
        if value is None:
            if not self.documentation_only:
                raise ValueError("an ETag needs a value unless documentation_only=True")
        elif not _ETAG_OCTETS.issuperset(value):
            check_header_text("ETag", value)
            raise ValueError(f"ETag {value!r} must be visible ASCII without '\"'")

    def to_header(self) -> str:
        """The `ETag` header value: `"x"`, or `W/"x"` when weak."""
        value = self._sendable()
        return f'W/"{value}"' if self.weak else f'"{value}"'

    @classmethod
    def from_header(cls, text: str) -> ETag:
        """Read `"x"` or `W/"x"` (surrounding spaces ignored); ValueError for anything else."""
        stripped = text.strip(" \t")
        weak = stripped.startswith("W/")
        quoted = stripped[2:] if weak else stripped
        if len(quoted) < 2 or quoted[0] != '"' or quoted[-1] != '"' or '"' in quoted[1:-1]:
            raise ValueError(f'{text!r} is not an entity tag: expected "x" or W/"x"')
        return cls(quoted[1:-1], weak=weak)

    def matches(self, if_none_match: str) -> bool:
        """Whether an `If-None-Match` value names this tag (weak comparison, RFC 9110 §8.8.3.2).

        `*` matches any tag; malformed members of the list are skipped.

        >>> ETag("v2").matches('"v1", W/"v2"'), ETag("v2").matches('"v1"'), ETag("v2").matches("*")
        (True, False, True)
        """
        value = self._sendable()
        if if_none_match.strip(" \t") == "*":
            return True
        return value in _opaque_tags(if_none_match)

    def _sendable(self) -> str:
        if self.value is None:
            raise ValueError("a documentation-only ETag has no value")
        return self.value


def _opaque_tags(header: str) -> list[str]:
    """The opaque tags of a list of entity tags; a tag may itself hold commas (`"a,b"`)."""
    tags: list[str] = []
    position = 0
    while (start := header.find('"', position)) != -1:
        end = header.find('"', start + 1)
        if end == -1:
            break
        # Between two tags only a comma, whitespace and the weak marker belong.
        if header[position:start].strip(" \t,") in ("", "W/"):
            tags.append(header[start + 1 : end])
        position = end + 1
    return tags
