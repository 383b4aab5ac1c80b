from collections.abc import AsyncIterator, Iterator

import pytest

from docs.examples.testing_app import User, app, current_user
from lanner.testing import AsyncTestClient, TestClient


@pytest.fixture(params=["asyncio", "trio"])
def client(request: pytest.FixtureRequest) -> Iterator[TestClient]:
    with TestClient(app, backend=request.param) as client:  # runs the lifespan
        yield client


def test_greeting_comes_from_the_lifespan_state(client: TestClient) -> None:
    response = client.get("/greeting")

    assert response.status_code == 200
    assert response.text == "Hello"


def test_me_answers_401_for_an_unknown_token(client: TestClient) -> None:
    response = client.get("/me", headers={"Authorization": "Bearer nobody"})

    assert response.status_code == 401
    assert response.json() == {"status_code": 401, "detail": "Unknown token"}


async def fake_user() -> User:
    return User(name="test-user")


def test_me_with_the_user_extractor_overridden() -> None:
    client = TestClient(app.with_overrides({current_user: fake_user}))

    assert client.get("/me").json() == {"name": "test-user"}


def test_numbers_arrive_line_by_line(client: TestClient) -> None:
    with client.stream("GET", "/numbers") as response:
        lines = list(response.iter_lines())

    assert lines == ["0", "1", "2"]


def test_a_crash_in_the_handler_is_raised_in_the_test() -> None:
    client = TestClient(app)

    with pytest.raises(RuntimeError, match="bug in the handler"):
        client.get("/crash")


def test_a_crash_is_a_500_when_server_exceptions_are_not_raised() -> None:
    client = TestClient(app, raise_server_exceptions=False)

    response = client.get("/crash")

    assert response.status_code == 500
    assert response.json() == {"status_code": 500, "detail": "Internal Server Error"}


@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    backend: str = request.param
    return backend


@pytest.fixture
async def async_client() -> AsyncIterator[AsyncTestClient]:
    async with AsyncTestClient(app) as client:
        yield client


@pytest.mark.anyio
async def test_greeting_with_the_async_client(async_client: AsyncTestClient) -> None:
    response = await async_client.get("/greeting")

    assert response.text == "Hello"
