"""URL: parsing, replace, and building from a scope without trusting the client."""

from __future__ import annotations

import pytest

from lanner._connection.parsing import normalize_host, parse_port
from lanner._connection.url import URL
from lanner._types import Scope


def _scope(**changes: object) -> Scope:
    scope: Scope = {
        "type": "http",
        "scheme": "http",
        "server": ("127.0.0.1", 8000),
        "path": "/items",
        "query_string": b"",
        "headers": [],
    }
    scope.update(changes)
    return scope


def _with_host(host: bytes, **changes: object) -> Scope:
    return _scope(headers=[(b"host", host)], **changes)


# Parsing and parts


def test_url_parts_of_a_full_url() -> None:
    url = URL("https://Example.com:8443/items?limit=10#top")
    assert (url.scheme, url.netloc, url.path, url.query, url.fragment) == (
        "https",
        "Example.com:8443",
        "/items",
        "limit=10",
        "top",
    )


def test_url_hostname_is_lower_cased() -> None:
    assert URL("http://Example.COM/").hostname == "example.com"


def test_url_hostname_of_an_ipv6_address_has_no_brackets() -> None:
    assert URL("http://[::1]:8000/").hostname == "::1"


def test_url_hostname_skips_user_info() -> None:
    assert URL("http://user:pw@example.com:81/").hostname == "example.com"


def test_url_hostname_of_a_relative_url_is_none() -> None:
    assert URL("/items?x=1").hostname is None


def test_url_port_is_the_written_port() -> None:
    assert URL("http://example.com:8080/").port == 8080


def test_url_port_is_none_when_not_written() -> None:
    assert URL("https://example.com/").port is None


def test_url_port_is_none_when_not_a_valid_port() -> None:
    assert URL("http://example.com:99999/").port is None


def test_url_text_round_trips() -> None:
    text = "https://example.com:8443/a%20b?x=1&y=2#top"
    assert str(URL(text)) == text


def test_url_relative_text_round_trips() -> None:
    assert str(URL("/items?x=1")) == "/items?x=1"


def test_url_equals_its_text() -> None:
    assert URL("http://example.com/a") == "http://example.com/a"


def test_url_equals_the_same_url() -> None:
    assert URL("http://example.com/a") == URL("http://example.com/a")


def test_url_differs_from_another_url() -> None:
    assert URL("http://example.com/a") != URL("http://example.com/b")


def test_url_hashes_as_its_text() -> None:
    assert hash(URL("http://example.com/")) == hash("http://example.com/")


def test_url_repr_shows_its_text() -> None:
    assert repr(URL("http://example.com/")) == "URL('http://example.com/')"


def test_url_takes_no_new_attributes() -> None:
    with pytest.raises(AttributeError):
        URL("/").extra = 1  # type: ignore[attr-defined]  # the point of the test


# replace


def test_url_replace_returns_a_new_url_and_keeps_the_old() -> None:
    url = URL("http://example.com/a")
    replaced = url.replace(path="/b")
    assert (str(replaced), str(url)) == ("http://example.com/b", "http://example.com/a")


def test_url_replace_scheme() -> None:
    assert URL("http://example.com/a").replace(scheme="https") == "https://example.com/a"


def test_url_replace_hostname_keeps_the_port() -> None:
    assert URL("http://example.com:81/").replace(hostname="other.org") == "http://other.org:81/"


def test_url_replace_hostname_brackets_an_ipv6_address() -> None:
    assert URL("http://example.com:81/").replace(hostname="::1") == "http://[::1]:81/"


def test_url_replace_port() -> None:
    assert URL("http://example.com/").replace(port=8080) == "http://example.com:8080/"


def test_url_replace_port_none_removes_the_port() -> None:
    assert URL("http://example.com:81/").replace(port=None) == "http://example.com/"


def test_url_replace_host_keeps_user_info() -> None:
    assert URL("http://u:p@a.org:81/").replace(hostname="b.org") == "http://u:p@b.org:81/"


def test_url_replace_netloc() -> None:
    assert URL("http://example.com/a").replace(netloc="other.org:81") == "http://other.org:81/a"


def test_url_replace_netloc_with_hostname_is_an_error() -> None:
    with pytest.raises(ValueError, match="netloc"):
        URL("http://example.com/").replace(netloc="a.org", hostname="b.org")


def test_url_replace_port_out_of_range_is_an_error() -> None:
    with pytest.raises(ValueError, match="65535"):
        URL("http://example.com/").replace(port=70000)


def test_url_replace_path_encodes_what_a_path_cannot_hold() -> None:
    assert URL("http://h/").replace(path="/a b/é?#").path == "/a%20b/%C3%A9%3F%23"


def test_url_replace_path_keeps_existing_escapes() -> None:
    assert URL("http://h/").replace(path="/a%2Fb").path == "/a%2Fb"


def test_url_replace_relative_path_under_a_host_gets_a_slash() -> None:
    assert URL("http://h/a").replace(path="b") == "http://h/b"


def test_url_replace_query() -> None:
    assert URL("http://h/a?x=1").replace(query="y=2&z=a b") == "http://h/a?y=2&z=a%20b"


def test_url_replace_empty_query_removes_it() -> None:
    assert URL("http://h/a?x=1").replace(query="") == "http://h/a"


def test_url_replace_fragment() -> None:
    assert URL("http://h/a").replace(fragment="top") == "http://h/a#top"


# from_scope: the host


def test_url_from_scope_uses_a_valid_host_header() -> None:
    assert URL.from_scope(_with_host(b"example.com")) == "http://example.com/items"


def test_url_from_scope_keeps_a_host_headers_port() -> None:
    assert URL.from_scope(_with_host(b"example.com:8080")).port == 8080


def test_url_from_scope_drops_a_default_port() -> None:
    assert URL.from_scope(_with_host(b"example.com:443", scheme="https")).netloc == "example.com"


def test_url_from_scope_lower_cases_the_host() -> None:
    assert URL.from_scope(_with_host(b"Example.COM")).netloc == "example.com"


def test_url_from_scope_accepts_a_bracketed_ipv6_host() -> None:
    assert URL.from_scope(_with_host(b"[::1]:8080")).netloc == "[::1]:8080"


def test_url_from_scope_accepts_an_ipv4_host() -> None:
    assert URL.from_scope(_with_host(b"192.0.2.1:81")).netloc == "192.0.2.1:81"


@pytest.mark.parametrize(
    "host",
    [
        b"",
        b"a b",
        b"user@example.com",
        b"evil.com/path",
        b"evil.com\\x",
        b"a\x00b",
        b"caf\xc3\xa9.com",
        b"\xff\xfe",
        b"example.com:",
        b"example.com:99999",
        b"example.com:80:80",
        b"example.com:8o",
        b"[::1",
        b"[not-an-ip]",
        b"[::1]x",
        b"::1",
        b"evil.com#frag",
        b"evil.com?x",
    ],
)
def test_url_ignores_an_invalid_host_header(host: bytes) -> None:
    assert URL.from_scope(_with_host(host)).netloc == "127.0.0.1:8000"


def test_url_ignores_forwarding_headers() -> None:
    scope = _scope(
        headers=[
            (b"host", b"example.com"),
            (b"x-forwarded-host", b"evil.com"),
            (b"x-forwarded-proto", b"https"),
            (b"forwarded", b"host=evil.com;proto=https"),
        ]
    )
    assert URL.from_scope(scope) == "http://example.com/items"


def test_url_from_scope_uses_the_server_without_a_host_header() -> None:
    assert URL.from_scope(_scope()) == "http://127.0.0.1:8000/items"


def test_url_from_scope_drops_the_servers_default_port() -> None:
    assert URL.from_scope(_scope(scheme="https", server=("10.0.0.1", 443))).netloc == "10.0.0.1"


def test_url_from_scope_brackets_an_ipv6_server() -> None:
    assert URL.from_scope(_scope(server=("::1", 8000))).netloc == "[::1]:8000"


def test_url_from_scope_leaves_out_a_unix_socket_server() -> None:
    assert URL.from_scope(_scope(server=("/tmp/app.sock", None))) == "http:///items"


def test_url_from_scope_without_any_host_has_an_empty_netloc() -> None:
    url = URL.from_scope(_scope(server=None))
    assert (str(url), url.hostname) == ("http:///items", None)


def test_url_from_scope_of_a_websocket_defaults_to_ws() -> None:
    scope = _with_host(b"example.com", type="websocket")
    del scope["scheme"]
    assert URL.from_scope(scope).scheme == "ws"


# from_scope: path and query


def test_url_from_scope_encodes_the_decoded_path() -> None:
    assert URL.from_scope(_with_host(b"h", path="/a b/é/%")).path == "/a%20b/%C3%A9/%25"


def test_url_from_scope_keeps_an_encoded_slash_from_raw_path() -> None:
    assert URL.from_scope(_with_host(b"h", path="/a/b", raw_path=b"/a%2Fb")).path == "/a%2Fb"


def test_url_from_scope_ignores_a_raw_path_that_no_longer_matches() -> None:
    scope = _with_host(b"h", path="/rewritten", raw_path=b"/original")
    assert URL.from_scope(scope).path == "/rewritten"


def test_url_from_scope_prefixes_the_root_path() -> None:
    assert URL.from_scope(_with_host(b"h", path="/items", root_path="/api")).path == "/api/items"


def test_url_from_scope_does_not_repeat_a_root_path_already_in_the_path() -> None:
    scope = _with_host(b"h", path="/api/items", raw_path=b"/api/items", root_path="/api")
    assert URL.from_scope(scope).path == "/api/items"


def test_url_from_scope_keeps_the_query_string() -> None:
    assert URL.from_scope(_with_host(b"h", query_string=b"a=1&b=%20")) == "http://h/items?a=1&b=%20"


def test_url_from_scope_encodes_a_nul_and_invalid_utf8_in_the_path() -> None:
    scope = _with_host(b"h", path="/a\x00\ufffd", raw_path=b"/a%00\xff")
    assert URL.from_scope(scope).path == "/a%00%FF"


def test_url_from_scope_encodes_a_lone_surrogate_in_the_path() -> None:
    assert URL.from_scope(_with_host(b"h", path="/a\udcff")).path == "/a%FF"


def test_url_from_scope_encodes_a_nul_invalid_utf8_and_a_hash_in_the_query() -> None:
    url = URL.from_scope(_with_host(b"h", query_string=b"a=\x00&b=\xff#x"))
    assert (url.query, url.fragment) == ("a=%00&b=%FF%23x", "")


def test_url_from_scope_round_trips_through_its_text() -> None:
    url = URL.from_scope(_with_host(b"h:81", path="/a b", query_string=b"q=1"))
    assert URL(str(url)) == url


# base_of


def test_base_url_is_the_root_with_a_trailing_slash() -> None:
    assert URL.base_of(_with_host(b"example.com", query_string=b"x=1")) == "http://example.com/"


def test_base_url_includes_the_root_path() -> None:
    assert URL.base_of(_with_host(b"example.com", root_path="/api")) == "http://example.com/api/"


def test_base_url_ignores_an_invalid_host_header() -> None:
    assert URL.base_of(_with_host(b"evil.com/x")) == "http://127.0.0.1:8000/"


# normalize_host


def test_normalize_host_accepts_a_trailing_dot() -> None:
    assert normalize_host("example.com.", 80) == "example.com."


def test_normalize_host_keeps_a_non_default_port() -> None:
    assert normalize_host("example.com:80", 443) == "example.com:80"


def test_normalize_host_rejects_an_empty_port() -> None:
    assert normalize_host("example.com:") is None


def test_parse_port_rejects_non_ascii_digits() -> None:
    assert parse_port("８０") is None


def test_parse_port_rejects_a_sign() -> None:
    assert parse_port("+80") is None
