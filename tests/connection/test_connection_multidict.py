"""MultiDict: the last value for a repeated key, every value on request; and Address."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from lanner._connection.datastructures import Address, MultiDict

PAIRS = [("tag", "a"), ("q", "x"), ("tag", "b")]


def test_multidict_get_returns_the_last_of_repeated_values() -> None:
    assert MultiDict(PAIRS).get("tag") == "b"


def test_multidict_getitem_returns_the_last_of_repeated_values() -> None:
    assert MultiDict(PAIRS)["tag"] == "b"


def test_multidict_get_returns_the_default_when_absent() -> None:
    assert MultiDict(PAIRS).get("page", "1") == "1"


def test_multidict_get_returns_none_when_absent() -> None:
    assert MultiDict(PAIRS).get("page") is None


def test_multidict_getitem_of_a_missing_key_raises_key_error() -> None:
    with pytest.raises(KeyError):
        MultiDict(PAIRS)["page"]


def test_multidict_getlist_returns_every_value_in_order() -> None:
    assert MultiDict(PAIRS).getlist("tag") == ["a", "b"]


def test_multidict_getlist_of_a_missing_key_is_empty() -> None:
    assert MultiDict(PAIRS).getlist("page") == []


def test_multidict_items_give_one_pair_per_key_with_the_last_value() -> None:
    assert list(MultiDict(PAIRS).items()) == [("tag", "b"), ("q", "x")]


def test_multidict_multi_items_give_every_pair_in_order() -> None:
    assert MultiDict(PAIRS).multi_items() == PAIRS


def test_multidict_multi_items_returns_a_copy() -> None:
    md = MultiDict(PAIRS)
    md.multi_items().clear()
    assert md.multi_items() == PAIRS


def test_multidict_keys_are_the_distinct_keys_in_first_seen_order() -> None:
    assert list(MultiDict(PAIRS).keys()) == ["tag", "q"]


def test_multidict_values_are_the_last_value_per_key() -> None:
    assert list(MultiDict(PAIRS).values()) == ["b", "x"]


def test_multidict_iterates_each_key_once() -> None:
    assert list(MultiDict(PAIRS)) == ["tag", "q"]


def test_multidict_len_counts_distinct_keys() -> None:
    assert len(MultiDict(PAIRS)) == 2


def test_multidict_contains_a_sent_key() -> None:
    assert "q" in MultiDict(PAIRS)


def test_multidict_is_empty_without_pairs() -> None:
    assert (len(MultiDict()), list(MultiDict())) == (0, [])


def test_multidict_keeps_a_blank_value() -> None:
    assert MultiDict([("flag", "")]).get("flag") == ""


def test_multidict_equality_ignores_the_interleaving_of_different_keys() -> None:
    assert MultiDict([("a", "1"), ("b", "2")]) == MultiDict([("b", "2"), ("a", "1")])


def test_multidict_equality_sees_the_order_of_one_keys_values() -> None:
    assert MultiDict([("a", "1"), ("a", "2")]) != MultiDict([("a", "2"), ("a", "1")])


def test_multidict_equality_sees_a_dropped_repeat() -> None:
    assert MultiDict([("a", "1"), ("a", "2")]) != MultiDict([("a", "2")])


def test_multidict_is_never_equal_to_a_plain_dict() -> None:
    assert MultiDict([("a", "1")]) != {"a": "1"}


def test_multidict_is_a_read_only_mapping() -> None:
    md: Mapping[str, str] = MultiDict(PAIRS)
    assert not hasattr(md, "__setitem__")


def test_multidict_is_not_changed_by_its_source_list() -> None:
    pairs = list(PAIRS)
    md = MultiDict(pairs)
    pairs.append(("q", "y"))
    assert md.getlist("q") == ["x"]


def test_multidict_is_unhashable() -> None:
    with pytest.raises(TypeError):
        hash(MultiDict(PAIRS))


def test_multidict_repr_shows_every_pair() -> None:
    assert repr(MultiDict([("a", "1")])) == "MultiDict([('a', '1')])"


def test_address_exposes_host_and_port() -> None:
    client = Address("203.0.113.7", 51234)
    assert (client.host, client.port) == ("203.0.113.7", 51234)


def test_address_unpacks_as_a_pair() -> None:
    host, port = Address("::1", 8000)
    assert (host, port) == ("::1", 8000)
