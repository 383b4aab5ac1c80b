"""Who may do what: API keys, and notes that belong to someone else."""

from __future__ import annotations

from returns.result import Result, Success

from examples.notes.app import app
from examples.notes.errors import InvalidApiKey, MissingApiKey
from examples.notes.extractors import current_user
from examples.notes.models import User
from lanner.testing import AsyncTestClient, TestClient


def test_health_needs_no_api_key(client: TestClient) -> None:
    response = client.get("/health")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})


def test_missing_api_key_is_401(client: TestClient) -> None:
    response = client.get("/notes")
    assert response.status_code == 401
    assert response.json()["detail"] == "Send your API key in the X-API-Key header"


def test_a_401_says_how_to_authenticate(client: TestClient) -> None:
    response = client.get("/me")
    assert response.headers["WWW-Authenticate"] == 'ApiKey header="X-API-Key"'


def test_an_unknown_api_key_is_401(client: TestClient) -> None:
    response = client.get("/me", headers={"X-API-Key": "guessed"})
    assert (response.status_code, response.json()["detail"]) == (401, "Unknown API key")


def test_me_is_the_owner_of_the_api_key(client: TestClient, alice: dict[str, str]) -> None:
    assert client.get("/me", headers=alice).json() == {"id": 1, "name": "alice"}


def test_the_api_key_header_name_is_case_insensitive(client: TestClient) -> None:
    response = client.get("/me", headers={"x-api-key": "bob-secret"})
    assert response.json()["name"] == "bob"


def test_a_note_of_another_user_is_forbidden(client: TestClient, alice: dict[str, str], bob: dict[str, str]) -> None:
    location = client.post("/notes", json={"title": "Alice's diary"}, headers=alice).headers["Location"]
    response = client.get(location, headers=bob)
    assert response.status_code == 403
    assert response.json()["detail"] == "Note 1 belongs to another user"


def test_another_users_note_cannot_be_deleted(client: TestClient, alice: dict[str, str], bob: dict[str, str]) -> None:
    location = client.post("/notes", json={"title": "Keep me"}, headers=alice).headers["Location"]
    assert client.delete(location, headers=bob).status_code == 403
    assert client.get(location, headers=alice).status_code == 200


async def test_current_user_can_be_replaced_for_a_test() -> None:
    async def as_carol() -> Result[User, MissingApiKey | InvalidApiKey]:
        return Success(User(id=7, name="carol"))

    async with AsyncTestClient(app.with_overrides({current_user: as_carol})) as client:
        response = await client.get("/me")
    assert response.json() == {"id": 7, "name": "carol"}
