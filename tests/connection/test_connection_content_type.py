"""parse_content_type and the parameter helpers it shares with Accept."""

from __future__ import annotations

from lanner._connection.parsing import (
    parse_content_type,
    parse_parameters,
    split_unquoted,
    unquote_string,
)


def test_content_type_without_parameters() -> None:
    assert parse_content_type("application/json") == ("application/json", {})


def test_content_type_with_a_charset() -> None:
    assert parse_content_type("application/json; charset=utf-8") == (
        "application/json",
        {"charset": "utf-8"},
    )


def test_content_type_is_lower_cased_and_stripped() -> None:
    assert parse_content_type("  Text/HTML ") == ("text/html", {})


def test_content_type_parameter_names_are_lower_cased() -> None:
    assert parse_content_type("text/plain; CharSet=UTF-8")[1] == {"charset": "UTF-8"}


def test_content_type_unquotes_a_quoted_parameter() -> None:
    assert parse_content_type('multipart/form-data; boundary="a b"')[1] == {"boundary": "a b"}


def test_content_type_keeps_a_semicolon_inside_quotes() -> None:
    assert parse_content_type('multipart/form-data; boundary="a;b"; x=1')[1] == {
        "boundary": "a;b",
        "x": "1",
    }


def test_content_type_resolves_escapes_in_a_quoted_parameter() -> None:
    assert parse_content_type('text/plain; title="say \\"hi\\""')[1] == {"title": 'say "hi"'}


def test_content_type_skips_a_parameter_without_equals() -> None:
    assert parse_content_type("text/plain; junk; charset=utf-8")[1] == {"charset": "utf-8"}


def test_content_type_skips_a_parameter_without_a_name() -> None:
    assert parse_content_type("text/plain; =x")[1] == {}


def test_content_type_skips_an_unterminated_quoted_parameter() -> None:
    assert parse_content_type('text/plain; a="open; b=2')[1] == {}


def test_content_type_keeps_the_first_of_repeated_parameters() -> None:
    assert parse_content_type("text/plain; charset=utf-8; charset=latin-1")[1] == {
        "charset": "utf-8"
    }


def test_empty_content_type() -> None:
    assert parse_content_type("") == ("", {})


def test_content_type_with_parameters_but_no_media_type_is_empty() -> None:
    assert parse_content_type("; charset=utf-8") == ("", {})


def test_content_type_with_a_nul_never_raises() -> None:
    assert parse_content_type("application/json\x00; a=\x00") == (
        "application/json\x00",
        {"a": "\x00"},
    )


def test_content_type_from_invalid_utf8_never_raises() -> None:
    header = b"text/\xff\xfe; charset=\xc3".decode("latin-1")
    assert parse_content_type(header) == ("text/\xff\xfe", {"charset": "\xc3"})


def test_split_unquoted_splits_outside_quotes_only() -> None:
    assert split_unquoted('a,"b,c",d', ",") == ["a", '"b,c"', "d"]


def test_split_unquoted_honours_an_escaped_quote() -> None:
    assert split_unquoted('"a\\",b",c', ",") == ['"a\\",b"', "c"]


def test_unquote_string_rejects_a_quote_inside() -> None:
    assert unquote_string('"a"b"') is None


def test_unquote_string_rejects_an_escaped_closing_quote() -> None:
    assert unquote_string('"a\\"') is None


def test_parse_parameters_skips_bad_chunks() -> None:
    assert parse_parameters(["a=1", "b", "=c", ' d = "x" ']) == {"a": "1", "d": "x"}
