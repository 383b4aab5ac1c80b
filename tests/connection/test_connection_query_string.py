"""parse_query_string: `&`-separated pairs, percent/plus decoding, the pair limit."""

from __future__ import annotations

import pytest

from lanner._connection.parsing import parse_query_string
from lanner._errors import BadRequest


def test_query_string_pairs_come_back_in_order() -> None:
    assert parse_query_string(b"q=abc&limit=10&tags=a&tags=b") == [
        ("q", "abc"),
        ("limit", "10"),
        ("tags", "a"),
        ("tags", "b"),
    ]


def test_empty_query_string_has_no_pairs() -> None:
    assert parse_query_string(b"") == []


def test_query_string_keeps_a_blank_value() -> None:
    assert parse_query_string(b"a=") == [("a", "")]


def test_query_string_name_without_equals_has_a_blank_value() -> None:
    assert parse_query_string(b"flag") == [("flag", "")]


def test_query_string_skips_empty_parts() -> None:
    assert parse_query_string(b"&a=1&&b=2&") == [("a", "1"), ("b", "2")]


def test_query_string_does_not_split_on_semicolons() -> None:
    assert parse_query_string(b"a=1;b=2") == [("a", "1;b=2")]


def test_query_string_value_keeps_later_equals_signs() -> None:
    assert parse_query_string(b"expr=a=b") == [("expr", "a=b")]


def test_query_string_decodes_plus_as_space() -> None:
    assert parse_query_string(b"q=caf+au+lait") == [("q", "caf au lait")]


def test_query_string_decodes_percent_escapes_as_utf8() -> None:
    assert parse_query_string(b"q=caf%C3%A9") == [("q", "café")]


def test_query_string_decodes_escaped_names() -> None:
    assert parse_query_string(b"a%5B%5D=1") == [("a[]", "1")]


def test_query_string_keeps_an_escaped_plus() -> None:
    assert parse_query_string(b"n=1%2B1") == [("n", "1+1")]


def test_query_string_keeps_an_invalid_escape_as_text() -> None:
    assert parse_query_string(b"p=100%zz") == [("p", "100%zz")]


def test_query_string_replaces_escaped_invalid_utf8() -> None:
    assert parse_query_string(b"q=%FF%C3") == [("q", "\ufffd\ufffd")]


def test_query_string_reads_raw_utf8_bytes() -> None:
    assert parse_query_string("q=café".encode()) == [("q", "café")]


def test_query_string_replaces_raw_invalid_utf8() -> None:
    assert parse_query_string(b"q=\xff\xfe&ok=1") == [("q", "\ufffd\ufffd"), ("ok", "1")]


def test_query_string_replaces_an_escaped_nul() -> None:
    assert parse_query_string(b"q=a%00b") == [("q", "a\ufffdb")]


def test_query_string_replaces_a_raw_nul() -> None:
    assert parse_query_string(b"q\x00=a\x00b") == [("q\ufffd", "a\ufffdb")]


def test_query_string_at_the_limit_is_read() -> None:
    assert len(parse_query_string(b"&".join([b"a=1"] * 5), max_params=5)) == 5


def test_query_string_over_the_limit_is_a_bad_request() -> None:
    with pytest.raises(BadRequest) as caught:
        parse_query_string(b"&".join([b"a=1"] * 6), max_params=5)
    assert (caught.value.status_code, caught.value.detail) == (
        400,
        "Too many query parameters (more than 5)",
    )


def test_query_string_limit_defaults_to_a_thousand_pairs() -> None:
    assert len(parse_query_string(b"&".join([b"a"] * 1000))) == 1000
    with pytest.raises(BadRequest):
        parse_query_string(b"&".join([b"a"] * 1001))


def test_query_string_limit_does_not_count_empty_parts() -> None:
    assert parse_query_string(b"a=1&&&&&&b=2", max_params=2) == [("a", "1"), ("b", "2")]
