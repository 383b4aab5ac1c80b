"""Listing notes: only the caller's, searched, filtered by tags, and paged."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from lanner.testing import TestClient


def _titles(client: TestClient, headers: dict[str, str], **params: str | int | Sequence[str]) -> list[str]:
    response = client.get("/notes", params=params, headers=headers)
    assert response.status_code == 200, response.text
    return [note["title"] for note in response.json()["items"]]


@pytest.fixture
def shelf(client: TestClient, alice: dict[str, str], bob: dict[str, str]) -> TestClient:
    """Alice's three notes (oldest first) and one of Bob's."""
    for note in (
        {"title": "Groceries", "body": "milk, eggs", "tags": ["home", "shopping"]},
        {"title": "Sprint plan", "body": "ship 100% of the milestones", "tags": ["work"]},
        {"title": "Gift ideas", "body": "a book", "tags": ["home"]},
    ):
        assert client.post("/notes", json=note, headers=alice).status_code == 201
    client.post("/notes", json={"title": "Bob's groceries", "tags": ["home"]}, headers=bob)
    return client


def test_the_list_holds_only_the_callers_notes_newest_first(shelf: TestClient, alice: dict[str, str]) -> None:
    assert _titles(shelf, alice) == ["Gift ideas", "Sprint plan", "Groceries"]


def test_the_first_page_has_20_notes_and_the_total(shelf: TestClient, alice: dict[str, str]) -> None:
    page = shelf.get("/notes", headers=alice).json()
    assert (page["limit"], page["offset"], page["total"]) == (20, 0, 3)


def test_limit_and_offset_page_through_the_notes(shelf: TestClient, alice: dict[str, str]) -> None:
    page = shelf.get("/notes", params={"limit": 1, "offset": 1}, headers=alice).json()
    assert [note["title"] for note in page["items"]] == ["Sprint plan"]
    assert (page["limit"], page["offset"], page["total"]) == (1, 1, 3)


def test_q_searches_titles_and_bodies_ignoring_case(shelf: TestClient, alice: dict[str, str]) -> None:
    assert _titles(shelf, alice, q="MILK") == ["Groceries"]
    assert _titles(shelf, alice, q="gift") == ["Gift ideas"]


def test_q_matches_percent_and_underscore_literally(shelf: TestClient, alice: dict[str, str]) -> None:
    assert _titles(shelf, alice, q="100%") == ["Sprint plan"]
    assert _titles(shelf, alice, q="_") == []


def test_an_empty_q_filters_nothing(shelf: TestClient, alice: dict[str, str]) -> None:
    assert len(_titles(shelf, alice, q="")) == 3


def test_a_tag_filters_the_notes(shelf: TestClient, alice: dict[str, str]) -> None:
    assert _titles(shelf, alice, tag="home") == ["Gift ideas", "Groceries"]


def test_repeated_tags_must_all_match(shelf: TestClient, alice: dict[str, str]) -> None:
    assert _titles(shelf, alice, tag=["home", "shopping"]) == ["Groceries"]


def test_the_total_counts_the_filtered_notes(shelf: TestClient, alice: dict[str, str]) -> None:
    page = shelf.get("/notes", params={"tag": "home", "limit": 1}, headers=alice).json()
    assert (len(page["items"]), page["total"]) == (1, 2)
