"""Accept (RFC 9110 §12.5.1): ranges, q-values, specificity, best_match."""

from __future__ import annotations

from lanner._connection.accept import Accept, MediaRange

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def _types(accept: Accept) -> list[str]:
    return [media_range.media_type for media_range in accept]


def test_accept_iterates_ranges_by_q_value() -> None:
    accept = Accept("text/plain;q=0.5, application/json")
    assert _types(accept) == ["application/json", "text/plain"]


def test_accept_orders_equal_q_values_by_specificity() -> None:
    assert _types(Accept("*/*, text/*, text/html")) == ["text/html", "text/*", "*/*"]


def test_accept_keeps_header_order_for_equal_ranges() -> None:
    assert _types(Accept("text/csv, text/html")) == ["text/csv", "text/html"]


def test_accept_reads_parameters_and_q() -> None:
    assert list(Accept('text/html;Level="1";q=0.7')) == [
        MediaRange("text", "html", (("level", "1"),), 0.7)
    ]


def test_accept_lower_cases_media_types() -> None:
    assert _types(Accept("Text/HTML")) == ["text/html"]


def test_accept_ignores_what_follows_the_weight() -> None:
    assert list(Accept("text/html;q=0.5;ext=1")) == [MediaRange("text", "html", (), 0.5)]


def test_accept_skips_a_range_without_a_subtype() -> None:
    assert _types(Accept("text, application/json")) == ["application/json"]


def test_accept_skips_a_wildcard_type_with_a_subtype() -> None:
    assert _types(Accept("*/json, text/html")) == ["text/html"]


def test_accept_skips_a_range_with_a_q_value_above_one() -> None:
    assert _types(Accept("text/html;q=1.5, text/plain")) == ["text/plain"]


def test_accept_skips_a_range_with_a_non_numeric_q_value() -> None:
    assert _types(Accept("text/html;q=high, text/plain;q=nan, text/csv;q=")) == []


def test_accept_skips_a_range_with_a_negative_q_value() -> None:
    assert _types(Accept("text/html;q=-1")) == []


def test_accept_reads_a_q_value_with_a_trailing_dot() -> None:
    assert [r.q for r in Accept("text/html;q=0.")] == [0.0]


def test_accept_drops_a_malformed_parameter_but_keeps_the_range() -> None:
    assert list(Accept("text/html;level;q=0.5")) == [MediaRange("text", "html", (), 0.5)]


def test_accept_keeps_a_comma_inside_a_quoted_parameter() -> None:
    assert list(Accept('text/html;title="a,b", text/plain'))[0].params == (("title", "a,b"),)


def test_accept_skips_empty_list_elements() -> None:
    assert _types(Accept(" , text/html ,, ")) == ["text/html"]


def test_accept_with_a_nul_never_raises() -> None:
    assert _types(Accept("text/ht\x00ml, application/json;q=0\x00")) == []


def test_accept_from_invalid_utf8_never_raises() -> None:
    header = b"text/\xff\xfe, \xc3/json;q=0.5".decode("latin-1")
    assert _types(Accept(header)) == []


def test_accept_len_counts_valid_ranges() -> None:
    assert len(Accept(BROWSER)) == 4


# best_match


def test_best_match_prefers_the_higher_q_value() -> None:
    accept = Accept("application/json;q=0.5, text/html")
    assert accept.best_match(["application/json", "text/html"]) == "text/html"


def test_best_match_prefers_the_more_specific_range() -> None:
    accept = Accept("text/*;q=0.9, text/html;q=0.2")
    assert accept.best_match(["text/html", "text/plain"]) == "text/plain"


def test_best_match_prefers_a_range_with_matching_parameters() -> None:
    accept = Accept("text/html;level=1;q=0.1, text/html;q=0.9")
    assert accept.quality("text/html;level=1") == 0.1


def test_best_match_breaks_ties_by_the_order_provided() -> None:
    assert Accept("application/json, text/html").best_match(["text/html", "application/json"]) == (
        "text/html"
    )


def test_best_match_treats_q_zero_as_not_acceptable() -> None:
    accept = Accept("application/*, application/json;q=0")
    assert accept.best_match(["application/json"], default="none") == "none"


def test_best_match_returns_the_default_when_nothing_matches() -> None:
    accept = Accept("text/html")
    assert accept.best_match(["application/json"], default="text/plain") == "text/plain"


def test_best_match_returns_none_when_nothing_matches_and_no_default() -> None:
    assert Accept("text/html").best_match(["application/json"]) is None


def test_best_match_with_an_empty_header_returns_the_first_provided() -> None:
    assert Accept("").best_match(["application/json", "text/html"]) == "application/json"


def test_best_match_with_only_malformed_ranges_returns_the_first_provided() -> None:
    assert Accept("garbage;;,").best_match(["application/json", "text/html"]) == "application/json"


def test_best_match_with_nothing_provided_returns_the_default() -> None:
    assert Accept("").best_match([], default="text/plain") == "text/plain"


def test_best_match_with_a_browser_header_prefers_html() -> None:
    assert Accept(BROWSER).best_match(["application/json", "text/html"]) == "text/html"


def test_best_match_with_a_browser_header_falls_back_to_the_wildcard() -> None:
    assert Accept(BROWSER).best_match(["application/json"]) == "application/json"


def test_best_match_returns_the_provided_string_unchanged() -> None:
    provided = "Text/HTML; charset=utf-8"
    assert Accept("text/html").best_match([provided]) == provided


def test_best_match_compares_parameter_values_case_insensitively() -> None:
    assert Accept("text/plain;charset=UTF-8").accepts("text/plain; charset=utf-8")


# accepts and quality


def test_accepts_a_type_matched_by_a_wildcard() -> None:
    assert Accept("text/*").accepts("text/csv")


def test_accepts_rejects_a_type_with_q_zero() -> None:
    assert not Accept("text/*, text/csv;q=0").accepts("text/csv")


def test_accepts_rejects_an_unmatched_type() -> None:
    assert not Accept("text/html").accepts("application/json")


def test_accepts_anything_without_a_header() -> None:
    assert Accept().accepts("application/octet-stream")


def test_quality_is_that_of_the_most_specific_matching_range() -> None:
    assert Accept("*/*;q=0.1, text/*;q=0.5").quality("text/plain") == 0.5


def test_quality_of_a_range_repeated_is_the_higher_one() -> None:
    assert Accept("text/html;q=0.2, text/html;q=0.8").quality("text/html") == 0.8


def test_media_range_specificity_ranks_wildcards_below_types() -> None:
    ranges = [MediaRange(*types, (), 1.0) for types in [("*", "*"), ("a", "*"), ("a", "b")]]
    assert [r.specificity for r in ranges] == [0, 1, 2]
