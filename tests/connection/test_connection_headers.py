"""Headers: case-insensitive, lazily decoded, first value for a repeated name."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import overload

import pytest
from typing_extensions import override

from lanner._connection.datastructures import Headers

RAW = [
    (b"host", b"example.com"),
    (b"x-tag", b"a"),
    (b"accept", b"text/html"),
    (b"x-tag", b"b"),
]


class _Untouchable(Sequence[tuple[bytes, bytes]]):
    """A header list that fails any read, to prove construction reads nothing."""

    @overload
    def __getitem__(self, index: int) -> tuple[bytes, bytes]: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[tuple[bytes, bytes]]: ...
    @override
    def __getitem__(self, index: int | slice) -> object:
        raise AssertionError("read during construction")

    @override
    def __len__(self) -> int:
        raise AssertionError("read during construction")

    @override
    def __iter__(self) -> Iterator[tuple[bytes, bytes]]:
        raise AssertionError("read during construction")


def test_headers_construction_reads_nothing() -> None:
    headers = Headers(_Untouchable())
    assert isinstance(headers, Headers)


def test_headers_lookup_is_case_insensitive() -> None:
    assert Headers(RAW)["HOST"] == "example.com"


def test_headers_get_returns_the_first_of_repeated_values() -> None:
    assert Headers(RAW).get("x-tag") == "a"


def test_headers_getitem_returns_the_first_of_repeated_values() -> None:
    assert Headers(RAW)["X-Tag"] == "a"


def test_headers_get_list_returns_every_value_in_order() -> None:
    assert Headers(RAW).get_list("X-TAG") == ["a", "b"]


def test_headers_get_list_of_a_missing_name_is_empty() -> None:
    assert Headers(RAW).get_list("cookie") == []


def test_headers_get_returns_none_when_absent() -> None:
    assert Headers(RAW).get("cookie") is None


def test_headers_get_returns_the_default_when_absent() -> None:
    assert Headers(RAW).get("cookie", "") == ""


def test_headers_getitem_of_a_missing_name_raises_key_error() -> None:
    with pytest.raises(KeyError):
        Headers(RAW)["cookie"]


def test_headers_contains_is_case_insensitive() -> None:
    assert "Accept" in Headers(RAW)


def test_headers_contains_is_false_for_a_non_string() -> None:
    name: object = b"accept"
    assert name not in Headers(RAW)


def test_headers_iterate_each_name_once_in_first_seen_order() -> None:
    assert list(Headers(RAW)) == ["host", "x-tag", "accept"]


def test_headers_len_counts_distinct_names() -> None:
    assert len(Headers(RAW)) == 3


def test_headers_keys_are_the_distinct_names() -> None:
    assert list(Headers(RAW).keys()) == ["host", "x-tag", "accept"]


def test_headers_items_give_the_first_value_per_name() -> None:
    assert dict(Headers(RAW).items()) == {
        "host": "example.com",
        "x-tag": "a",
        "accept": "text/html",
    }


def test_headers_multi_items_give_every_pair_in_order() -> None:
    assert Headers(RAW).multi_items() == [
        ("host", "example.com"),
        ("x-tag", "a"),
        ("accept", "text/html"),
        ("x-tag", "b"),
    ]


def test_headers_raw_is_the_list_they_were_built_from() -> None:
    assert Headers(RAW).raw is RAW


def test_headers_lookups_agree_before_and_after_a_full_read() -> None:
    headers = Headers(RAW)
    before = (headers.get("x-tag"), headers.get_list("x-tag"), "host" in headers)
    list(headers)  # builds the index used for whole-mapping reads
    assert (headers.get("x-tag"), headers.get_list("x-tag"), "host" in headers) == before


def test_headers_get_list_returns_a_copy() -> None:
    headers = Headers(RAW)
    list(headers)
    headers.get_list("x-tag").append("c")
    assert headers.get_list("x-tag") == ["a", "b"]


def test_headers_decode_values_as_latin1() -> None:
    assert Headers([(b"x-name", b"caf\xe9")])["x-name"] == "café"


def test_headers_read_invalid_utf8_without_raising() -> None:
    assert Headers([(b"x-bad", b"\xff\xfe\xc3")])["x-bad"] == "\xff\xfe\xc3"


def test_headers_keep_a_nul_byte_without_raising() -> None:
    assert Headers([(b"x-nul", b"a\x00b")])["x-nul"] == "a\x00b"


def test_headers_match_names_a_server_did_not_lower_case() -> None:
    headers = Headers([(b"Content-Type", b"text/plain")])
    assert (headers.get("content-type"), list(headers)) == ("text/plain", ["content-type"])


def test_headers_get_with_a_non_ascii_name_is_absent() -> None:
    assert Headers(RAW).get("hôst") is None


def test_headers_from_mapping_lower_cases_names() -> None:
    assert Headers.from_mapping({"X-Request-ID": "42"}).raw == [(b"x-request-id", b"42")]


def test_headers_from_pairs_keep_repeated_names() -> None:
    headers = Headers.from_mapping([("Via", "a"), ("via", "b")])
    assert headers.get_list("via") == ["a", "b"]


def test_headers_equal_headers_with_the_same_values_per_name() -> None:
    one = Headers([(b"a", b"1"), (b"b", b"2"), (b"a", b"3")])
    other = Headers([(b"b", b"2"), (b"A", b"1"), (b"a", b"3")])
    assert one == other


def test_headers_differ_when_a_name_has_values_in_another_order() -> None:
    assert Headers([(b"a", b"1"), (b"a", b"2")]) != Headers([(b"a", b"2"), (b"a", b"1")])


def test_headers_are_never_equal_to_a_plain_dict() -> None:
    assert Headers([(b"a", b"1")]) != {"a": "1"}


def test_headers_are_a_read_only_mapping() -> None:
    headers: Mapping[str, str] = Headers(RAW)
    assert not hasattr(headers, "__setitem__")


def test_headers_take_no_new_attributes() -> None:
    with pytest.raises(AttributeError):
        Headers(RAW).extra = 1  # type: ignore[attr-defined]  # the point of the test


def test_headers_are_unhashable() -> None:
    with pytest.raises(TypeError):
        hash(Headers(RAW))


def test_headers_repr_shows_every_pair() -> None:
    assert repr(Headers([(b"a", b"1")])) == "Headers([('a', '1')])"
