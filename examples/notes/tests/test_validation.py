"""Bad input answers 400 (or 415) with every problem named, and never reaches the database."""

from __future__ import annotations

import httpx

from examples.notes.app import app
from lanner.testing import AsyncTestClient, TestClient


def _errors(response: httpx.Response) -> list[tuple[str, str]]:
    assert response.status_code == 400, response.text
    return [(error["source"], error["name"]) for error in response.json()["errors"]]


def test_limit_above_100_is_a_validation_error(client: TestClient, alice: dict[str, str]) -> None:
    response = client.get("/notes", params={"limit": 101}, headers=alice)
    assert response.json()["errors"] == [{"source": "query", "name": "limit", "message": "Expected `int` <= 100"}]


def test_a_negative_offset_is_a_validation_error(client: TestClient, alice: dict[str, str]) -> None:
    assert _errors(client.get("/notes", params={"offset": -1}, headers=alice)) == [("query", "offset")]


def test_a_limit_that_is_not_a_number_is_a_validation_error(client: TestClient, alice: dict[str, str]) -> None:
    assert _errors(client.get("/notes", params={"limit": "ten"}, headers=alice)) == [("query", "limit")]


def test_a_tag_filter_must_be_a_slug(client: TestClient, alice: dict[str, str]) -> None:
    assert _errors(client.get("/notes", params={"tag": ["home", "Not A Slug"]}, headers=alice)) == [("query", "tag[1]")]


def test_every_query_problem_is_reported_at_once(client: TestClient, alice: dict[str, str]) -> None:
    response = client.get("/notes", params={"limit": 0, "offset": -5, "tag": "?"}, headers=alice)
    assert sorted(_errors(response)) == [("query", "limit"), ("query", "offset"), ("query", "tag[0]")]


def test_an_empty_title_is_a_validation_error(client: TestClient, alice: dict[str, str]) -> None:
    response = client.post("/notes", json={"title": ""}, headers=alice)
    assert _errors(response) == [("body", "$.title")]


def test_a_missing_title_is_a_validation_error(client: TestClient, alice: dict[str, str]) -> None:
    response = client.post("/notes", json={"body": "no title"}, headers=alice)
    assert response.json()["errors"][0]["message"] == "Object missing required field `title`"


def test_an_unknown_field_is_a_validation_error(client: TestClient, alice: dict[str, str]) -> None:
    response = client.post("/notes", json={"title": "Typo", "tagz": ["home"]}, headers=alice)
    assert response.json()["errors"][0]["message"] == "Object contains unknown field `tagz`"


def test_more_than_10_tags_is_a_validation_error(client: TestClient, alice: dict[str, str]) -> None:
    tags = [f"tag-{n}" for n in range(11)]
    assert _errors(client.post("/notes", json={"title": "Tagged", "tags": tags}, headers=alice)) == [("body", "$.tags")]


def test_malformed_json_is_400_not_500(client: TestClient, alice: dict[str, str]) -> None:
    response = client.post(
        "/notes", content=b'{"title": ', headers={**alice, "Content-Type": "application/json"}
    )
    assert _errors(response) == [("body", "$")]


def test_a_body_that_is_not_json_is_415(client: TestClient, alice: dict[str, str]) -> None:
    response = client.post("/notes", content=b"title=Groceries", headers={**alice, "Content-Type": "text/plain"})
    assert response.status_code == 415


def test_a_wrong_method_is_405_with_allow(client: TestClient, alice: dict[str, str]) -> None:
    response = client.patch("/notes/1", json={"title": "Nope"}, headers=alice)
    assert response.status_code == 405
    assert response.headers["Allow"] == "DELETE, GET, HEAD, OPTIONS, PUT"


async def test_a_rejected_note_is_not_stored(alice: dict[str, str]) -> None:
    async with AsyncTestClient(app) as client:
        rejected = await client.post("/notes", json={"title": "x" * 201}, headers=alice)
        listing = await client.get("/notes", headers=alice)
    assert rejected.status_code == 400
    assert listing.json()["total"] == 0
