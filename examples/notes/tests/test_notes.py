"""Creating, reading, replacing and deleting one note."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import anyio
import pytest

from examples.notes.app import app, list_notes
from examples.notes.db import Database
from examples.notes.models import NoteIn
from lanner.testing import AsyncTestClient, TestClient


def test_creating_a_note_answers_201_with_its_location(client: TestClient, alice: dict[str, str]) -> None:
    response = client.post("/notes", json={"title": "Groceries", "tags": ["home"]}, headers=alice)
    assert response.status_code == 201
    assert response.headers["Location"] == f"/notes/{response.json()['id']}"


def test_a_created_note_reads_back_from_its_location(client: TestClient, alice: dict[str, str]) -> None:
    created = client.post("/notes", json={"title": "Groceries", "body": "milk", "tags": ["home"]}, headers=alice)
    note = client.get(created.headers["Location"], headers=alice).json()
    assert note == created.json()
    assert (note["owner"], note["title"], note["body"], note["tags"]) == ("alice", "Groceries", "milk", ["home"])


def test_body_and_tags_are_optional(client: TestClient, alice: dict[str, str]) -> None:
    note = client.post("/notes", json={"title": "Just a title"}, headers=alice).json()
    assert (note["body"], note["tags"]) == ("", [])


def test_replacing_a_note_changes_it_and_its_update_time(client: TestClient, alice: dict[str, str]) -> None:
    created = client.post("/notes", json={"title": "Draft", "tags": ["todo"]}, headers=alice)
    response = client.put(created.headers["Location"], json={"title": "Final", "body": "done"}, headers=alice)
    note = response.json()
    assert response.status_code == 200
    assert (note["title"], note["body"], note["tags"]) == ("Final", "done", [])
    assert note["created_at"] == created.json()["created_at"] < note["updated_at"]


def test_deleting_a_note_answers_204_and_it_is_gone(client: TestClient, alice: dict[str, str]) -> None:
    location = client.post("/notes", json={"title": "Temporary"}, headers=alice).headers["Location"]
    response = client.delete(location, headers=alice)
    assert (response.status_code, response.content) == (204, b"")
    assert client.get(location, headers=alice).status_code == 404


def test_an_unknown_note_is_404_naming_it(client: TestClient, alice: dict[str, str]) -> None:
    response = client.get("/notes/42", headers=alice)
    assert (response.status_code, response.json()["detail"]) == (404, "Note 42 does not exist")


def test_a_note_id_that_is_not_a_number_is_404(client: TestClient, alice: dict[str, str]) -> None:
    assert client.get("/notes/abc", headers=alice).status_code == 404


def test_latest_is_404_before_the_first_note(client: TestClient, alice: dict[str, str]) -> None:
    assert client.get("/notes/latest", headers=alice).status_code == 404


def test_latest_is_the_most_recently_changed_note(client: TestClient, alice: dict[str, str]) -> None:
    first = client.post("/notes", json={"title": "First"}, headers=alice).headers["Location"]
    client.post("/notes", json={"title": "Second"}, headers=alice)
    client.put(first, json={"title": "First, edited"}, headers=alice)
    assert client.get("/notes/latest", headers=alice).json()["title"] == "First, edited"


def test_head_of_a_note_sends_its_headers_only(client: TestClient, alice: dict[str, str]) -> None:
    location = client.post("/notes", json={"title": "Groceries"}, headers=alice).headers["Location"]
    get, head = client.get(location, headers=alice), client.head(location, headers=alice)
    assert (head.status_code, head.content) == (200, b"")
    assert head.headers["Content-Length"] == get.headers["Content-Length"]


def test_notes_outlive_the_server_when_notes_db_is_a_file(
    backend: Literal["asyncio", "trio"], alice: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NOTES_DB", str(tmp_path / "notes.sqlite3"))
    with TestClient(app, backend=backend) as client:
        location = client.post("/notes", json={"title": "Remember me"}, headers=alice).headers["Location"]
    with TestClient(app, backend=backend) as client:
        assert client.get(location, headers=alice).json()["title"] == "Remember me"


async def test_concurrent_creates_each_get_their_own_note(alice: dict[str, str]) -> None:
    async with AsyncTestClient(app) as client:

        async def create(n: int) -> None:
            response = await client.post("/notes", json={"title": f"Note {n}"}, headers=alice)
            assert response.status_code == 201

        async with anyio.create_task_group() as tasks:
            for n in range(20):
                tasks.start_soon(create, n)
        page = (await client.get("/notes", params={"limit": 100}, headers=alice)).json()
    assert page["total"] == 20
    assert sorted(note["title"] for note in page["items"]) == sorted(f"Note {n}" for n in range(20))


async def test_a_handler_is_a_plain_function_too() -> None:
    db = await Database.open(":memory:")
    try:
        await db.add_user("alice", "alice-secret")
        user = await db.user_for_key("alice-secret")
        assert user is not None
        await db.create_note(user, NoteIn(title="Unit-tested"))
        page = await list_notes(user, db)
    finally:
        await db.close()
    assert [note.title for note in page.items] == ["Unit-tested"]
