"""Parsers for what a client sends: query strings, cookies, content types, parameters, hosts.

They run on every request, so they use plain string operations (no regex, no `parse_qsl`)
and take a fast path when the input needs no decoding. None raises on client input, whatever
its shape: invalid UTF-8 becomes U+FFFD, and a malformed piece is skipped or replaced; the one
exception is a query string over its pair limit, a `BadRequest` (400) by design.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from typing import Final
from urllib.parse import unquote_plus

from lanner._errors import BadRequest

__all__ = [
    "find_cookie",
    "is_plain_cookie_name",
    "normalize_host",
    "parse_content_type",
    "parse_cookie_header",
    "parse_parameters",
    "parse_port",
    "parse_query_string",
    "pick_cookies",
    "split_unquoted",
    "unquote_string",
]

_REPLACEMENT: Final = "\ufffd"
# Control characters RFC 6265 keeps out of cookie names and values (HTAB is whitespace).
_COOKIE_CONTROLS: Final = frozenset(map(chr, [*range(0x09), *range(0x0A, 0x20), 0x7F]))
# A Host is a DNS-like name or IPv4 address here: RFC 3986 also allows sub-delimiters and
# escapes in a reg-name, but no real host needs them and they would end up in built URLs.
_HOST_NAME_CHARS: Final = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-._")
_IPV6_CHARS: Final = frozenset("0123456789abcdef:.")
_MAX_HOST_LENGTH: Final = 255 + len(":65535")


def parse_query_string(qs: bytes, max_params: int = 1000) -> list[tuple[str, str]]:
    """The `(name, value)` pairs of a raw query string, in order, blank values kept.

    Splits on `&` only (`;` is data, as in the WHATWG URL standard); `+` is a space and
    `%XX` escapes decode as UTF-8, an invalid sequence becoming U+FFFD; a NUL, raw or
    escaped, becomes U+FFFD as well, so no handler ever sees one. Empty parts (`a=1&&b=2`)
    are skipped; `a` alone reads as `("a", "")`. More than `max_params` pairs raises
    `BadRequest` before any of them is decoded.

    >>> parse_query_string(b"q=caf%C3%A9+au+lait&tag=a&tag=b&flag")
    [('q', 'café au lait'), ('tag', 'a'), ('tag', 'b'), ('flag', '')]
    """
    if not qs:
        return []
    # A raw non-ASCII byte is a client that did not percent-encode: read it as UTF-8 too.
    text = qs.decode("latin-1") if qs.isascii() else qs.decode("utf-8", "replace")
    parts = text.split("&")
    if len(parts) > max_params and len(parts) - parts.count("") > max_params:
        raise BadRequest(f"Too many query parameters (more than {max_params})")
    pairs: list[tuple[str, str]] = []
    append = pairs.append
    if "%" not in text and "+" not in text and "\x00" not in text:
        for part in parts:
            if part:
                name, _, value = part.partition("=")
                append((name, value))
        return pairs
    for part in parts:
        if part:
            name, _, value = part.partition("=")
            append((_decode_component(name), _decode_component(value)))
    return pairs


def _decode_component(text: str) -> str:
    if "%" in text or "+" in text:
        text = unquote_plus(text, errors="replace")
    if "\x00" in text:
        text = text.replace("\x00", _REPLACEMENT)
    return text


def parse_cookie_header(value: str) -> dict[str, str]:
    """The cookies of a `Cookie` header, name to value, read leniently.

    Pairs are split on `;` and on the first `=`, with spaces stripped and one pair of
    surrounding double quotes removed from a value. A chunk without `=` or without a name,
    or with a control character (NUL included), is skipped and the rest are read. When a
    name repeats, the FIRST value is kept: browsers send the cookie with the most specific
    path first. Header text arrives as latin-1, so non-ASCII text is re-read as UTF-8 (as
    browsers send it), invalid sequences becoming U+FFFD.

    >>> parse_cookie_header('theme=dark; broken; session="abc"; theme=light')
    {'theme': 'dark', 'session': 'abc'}
    """
    return _read_cookies(value, None)


def pick_cookies(value: str, names: frozenset[str]) -> dict[str, str]:
    """Only the cookies named in `names`, read exactly as `parse_cookie_header` reads them.

    For handlers that ask for a few cookies: each is found by searching for its name, and
    the others are never split, unquoted or kept.

    >>> pick_cookies('theme=dark; session="abc"; lang=en', frozenset({"session"}))
    {'session': 'abc'}
    """
    if not value.isascii():
        return _read_cookies(value, names)  # the rare header that is re-read as UTF-8
    found: dict[str, str] = {}
    for name in names:
        if not is_plain_cookie_name(name):
            return _read_cookies(value, names)  # a name no pair can have: read carefully
        text = find_cookie(value, name)
        if text is not None:
            found[name] = text
    return found


def is_plain_cookie_name(name: str) -> bool:
    """Whether `find_cookie` can look for `name`: no `=`, `;`, control or surrounding blanks."""
    return (
        bool(name)
        and "=" not in name
        and ";" not in name
        and name == name.strip(" \t")
        and _COOKIE_CONTROLS.isdisjoint(name)
    )


def find_cookie(header: str, name: str) -> str | None:
    """The first value of cookie `name`, as `parse_cookie_header` reads it.

    Only for an ASCII header and a name that `is_plain_cookie_name` accepts; a header
    with other text needs `parse_cookie_header`'s careful reading (it is re-read as UTF-8).

    >>> find_cookie('theme=dark; session="abc"', "session")
    'abc'
    """
    start = header.find(name)
    while start != -1:
        # A real pair starts the header or follows a ";" (values cannot hold one), give or
        # take blanks, and has "=" after the name, give or take blanks: "xsession=",
        # "a=b session=" and "sessions=" are not the cookie "session".
        after = start + len(name)
        # Indexing, not `startswith` at an offset: in CPython 3.11 that call parses its
        # arguments from a tuple and costs three times as much.
        if (
            after < len(header)
            and header[after] == "="
            and (start == 0 or (start > 1 and header[start - 1] == " " and header[start - 2] == ";"))
        ):
            found = True  # the usual shape, "a=1; name=value"
        else:
            before = header[:start].rstrip(" \t")
            while after < len(header) and header[after] in " \t":
                after += 1
            found = (not before or before[-1] == ";") and header.startswith("=", after)
        if found:
            end = header.find(";", after)
            text = header[after + 1 : end] if end != -1 else header[after + 1 :]
            # The parser skips a pair holding a control character. Only its value can: the
            # name has none and blanks surround it. One test of the value, not of a header
            # that browsers may send kilobytes long.
            if text.isprintable() or _COOKIE_CONTROLS.isdisjoint(text):
                text = text.strip(" \t")
                if '"' in text and len(text) > 1 and text[0] == '"' and text[-1] == '"':
                    text = text[1:-1]
                return text
        start = header.find(name, start + 1)
    return None


def _read_cookies(value: str, names: frozenset[str] | None) -> dict[str, str]:
    cookies: dict[str, str] = {}
    if not value:
        return cookies
    if not value.isascii():
        value = _as_utf8(value)
    # One check over the whole header keeps the common case free of per-pair scans.
    check_controls = not value.isprintable()
    for chunk in value.split(";"):
        name, sep, text = chunk.partition("=")
        name = name.strip(" \t")
        if not sep or not name or name in cookies or (names is not None and name not in names):
            continue
        if check_controls and not _COOKIE_CONTROLS.isdisjoint(chunk):
            continue
        text = text.strip(" \t")
        if len(text) > 1 and text[0] == '"' and text[-1] == '"':
            text = text[1:-1]
        cookies[name] = text
    return cookies


def _as_utf8(text: str) -> str:
    try:
        return text.encode("latin-1").decode("utf-8", "replace")
    except UnicodeEncodeError:
        # Not header text decoded as latin-1 (a caller's own string): only make sure no
        # lone surrogate survives to fail a later encode.
        return text.encode("utf-8", "replace").decode("utf-8")


def parse_content_type(value: str) -> tuple[str, dict[str, str]]:
    """A `Content-Type` value as its media type (lower-cased) and its parameters.

    Parameter names are lower-cased and quoted values unquoted; a malformed parameter is
    skipped and, for a repeated name, the first is kept. `("", {})` for an empty value or
    one with no media type.

    >>> parse_content_type('Application/JSON; Charset="utf-8"; junk')
    ('application/json', {'charset': 'utf-8'})
    """
    media_type, sep, rest = value.partition(";")
    media_type = media_type.strip(" \t").lower()
    if not media_type:
        return "", {}
    if not sep:
        return media_type, {}
    return media_type, parse_parameters(split_unquoted(rest, ";"))


def parse_parameters(chunks: Iterable[str]) -> dict[str, str]:
    """`name=value` chunks as a dict: names lower-cased, values unquoted, bad chunks skipped.

    >>> parse_parameters([" level=1", "q", ' title="a \\\\"b\\\\""', "level=2"])
    {'level': '1', 'title': 'a "b"'}
    """
    params: dict[str, str] = {}
    for chunk in chunks:
        name, sep, text = chunk.partition("=")
        name = name.strip(" \t").lower()
        if not sep or not name or name in params:
            continue
        text = text.strip(" \t")
        if text.startswith('"'):
            unquoted = unquote_string(text)
            if unquoted is None:
                continue
            text = unquoted
        params[name] = text
    return params


def split_unquoted(text: str, separator: str) -> list[str]:
    """`text.split(separator)`, except inside double-quoted strings (RFC 9110 §5.6.4).

    >>> split_unquoted('a; b="x;y"; c', ";")
    ['a', ' b="x;y"', ' c']
    """
    if '"' not in text:
        return text.split(separator)
    parts: list[str] = []
    start = 0
    quoted = escaped = False
    for i, char in enumerate(text):
        if escaped:
            escaped = False
        elif quoted:
            if char == "\\":
                escaped = True
            elif char == '"':
                quoted = False
        elif char == '"':
            quoted = True
        elif char == separator:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def unquote_string(text: str) -> str | None:
    """The content of an RFC 9110 quoted-string, escapes resolved; None if it is malformed.

    >>> unquote_string('"say \\\\"hi\\\\""'), unquote_string('"unterminated')
    ('say "hi"', None)
    """
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        return None
    inner = text[1:-1]
    if "\\" not in inner:
        return None if '"' in inner else inner
    out: list[str] = []
    escaped = False
    for char in inner:
        if escaped:
            out.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == '"':
            return None
        else:
            out.append(char)
    # A final backslash escaped what looked like the closing quote: the string never ends.
    return None if escaped else "".join(out)


def normalize_host(host: str, default_port: int | None = None) -> str | None:
    """A valid `Host` value, lower-cased and without `default_port`; None if it is invalid.

    Valid: a DNS-style name or IPv4 address, or a bracketed IPv6 address, then optionally
    `:` and a port (1-5 digits, at most 65535). Anything else (user info, a path, spaces,
    NUL, non-ASCII, an empty value) is invalid.

    >>> normalize_host("Example.COM:443", 443), normalize_host("a b@c")
    ('example.com', None)
    """
    if not host or len(host) > _MAX_HOST_LENGTH or not host.isascii():
        return None
    host = host.lower()
    if host.startswith("["):
        end = host.find("]")
        if end < 0 or not _is_ipv6(host[1:end]):
            return None
        name, rest = host[: end + 1], host[end + 1 :]
    else:
        name, _, _ = host.partition(":")
        rest = host[len(name) :]
        if not name or not _HOST_NAME_CHARS.issuperset(name):
            return None
    if not rest:
        return name
    port = parse_port(rest[1:])
    if rest[0] != ":" or port is None:
        return None
    return name if port == default_port else f"{name}:{port}"


def parse_port(text: str) -> int | None:
    """A port number written as 1-5 ASCII digits, at most 65535; None for anything else.

    >>> parse_port("8080"), parse_port("99999"), parse_port("８０")
    (8080, None, None)
    """
    if 0 < len(text) <= 5 and text.isascii() and text.isdigit():
        number = int(text)
        return number if number <= 65535 else None
    return None


def _is_ipv6(text: str) -> bool:
    if ":" not in text or not _IPV6_CHARS.issuperset(text):
        return False
    try:
        ipaddress.IPv6Address(text)
    except ValueError:
        return False
    return True
