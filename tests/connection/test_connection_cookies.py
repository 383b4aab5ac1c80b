"""parse_cookie_header: lenient, first value wins, never raises."""

from __future__ import annotations

import pytest

from lanner._connection.parsing import find_cookie, is_plain_cookie_name, parse_cookie_header


def test_cookie_parser_reads_every_pair() -> None:
    assert parse_cookie_header("theme=dark; session=sess-5d41402a; lang=en") == {
        "theme": "dark",
        "session": "sess-5d41402a",
        "lang": "en",
    }


def test_cookie_parser_of_an_empty_header_is_empty() -> None:
    assert parse_cookie_header("") == {}


def test_cookie_parser_skips_a_malformed_pair_and_keeps_the_rest() -> None:
    assert parse_cookie_header("a=1; garbage; b=2") == {"a": "1", "b": "2"}


def test_cookie_parser_skips_a_pair_without_a_name() -> None:
    assert parse_cookie_header("=orphan; a=1") == {"a": "1"}


def test_cookie_parser_keeps_the_first_of_repeated_names() -> None:
    assert parse_cookie_header("id=specific; id=general") == {"id": "specific"}


def test_cookie_parser_strips_spaces_around_names_and_values() -> None:
    assert parse_cookie_header("  a =  1 ;b=2  ") == {"a": "1", "b": "2"}


def test_cookie_parser_tolerates_a_missing_space_after_semicolons() -> None:
    assert parse_cookie_header("a=1;b=2") == {"a": "1", "b": "2"}


def test_cookie_parser_unquotes_a_double_quoted_value() -> None:
    assert parse_cookie_header('token="abc def"') == {"token": "abc def"}


def test_cookie_parser_keeps_a_lone_double_quote() -> None:
    assert parse_cookie_header('a="; b=2') == {"a": '"', "b": "2"}


def test_cookie_parser_keeps_a_blank_value() -> None:
    assert parse_cookie_header("a=; b=2") == {"a": "", "b": "2"}


def test_cookie_parser_splits_on_the_first_equals_sign() -> None:
    assert parse_cookie_header("data=a=b==") == {"data": "a=b=="}


def test_cookie_parser_does_not_percent_decode() -> None:
    assert parse_cookie_header("a=%20x") == {"a": "%20x"}


def test_cookie_parser_skips_a_pair_with_a_nul() -> None:
    assert parse_cookie_header("a=x\x00y; b=2; c\x00=3") == {"b": "2"}


def test_cookie_parser_skips_a_pair_with_a_control_character() -> None:
    assert parse_cookie_header("a=x\x1by; b=2") == {"b": "2"}


def test_cookie_parser_reads_utf8_sent_through_a_latin1_header() -> None:
    header = "name=café".encode().decode("latin-1")
    assert parse_cookie_header(header) == {"name": "café"}


def test_cookie_parser_replaces_invalid_utf8() -> None:
    header = b"a=\xff\xfe; b=2".decode("latin-1")
    assert parse_cookie_header(header) == {"a": "\ufffd\ufffd", "b": "2"}


def test_cookie_parser_replaces_a_lone_surrogate() -> None:
    assert parse_cookie_header("a=\udc80€; b=2") == {"a": "?€", "b": "2"}


def test_cookie_parser_of_only_separators_is_empty() -> None:
    assert parse_cookie_header(";;; ; =;") == {}


@pytest.mark.parametrize(
    "header",
    [
        "seen=1",
        "theme=dark; seen=sess-5d41402a; lang=en",
        " seen =2",
        "a=b seen=3; seen=4",
        "xseen=1;seen=5",
        "seens=1; seen=6",
        ";seen=7",
        'a=1;  seen = "q" ;b',
        "seen=first; seen=second",
        "seen",
        "a=1; seen; b=2",
        "a=seen=1; b=2",
        " seen=8; seen=9",
        "a=1; seen=",
        "seen=10;",
        "=; seen=11",
        "seen=a\x01b; seen=12",
        "a=\x00; seen=13",
        "seen=14\x7f",
        "seen=\x00",
        "seen\x01=1; seen=15",
        "a=1;\tseen\t=\t16\t; b=2",
        "seen=a\tb",
    ],
)
def test_the_one_cookie_finder_agrees_with_the_parser(header: str) -> None:
    # A plain Cookie[str] parameter is read by find_cookie; it must find what the parser finds.
    assert find_cookie(header, "seen") == parse_cookie_header(header).get("seen")


def test_the_one_cookie_finder_skips_a_pair_with_a_control_as_the_parser_does() -> None:
    assert find_cookie("seen=a\x01b; seen=ok", "seen") == "ok"


def test_a_control_elsewhere_in_the_header_does_not_hide_the_cookie() -> None:
    assert find_cookie("theme=\x00; seen=ok; x=\x7f", "seen") == "ok"


def test_a_cookie_name_with_a_control_is_not_searched_for_by_the_finder() -> None:
    assert not is_plain_cookie_name("se\x01en")
