from docs.examples.extractors_custom import User, current_user
from docs.examples.extractors_custom import app as real_app


async def fake_user() -> User:
    return User(name="test-user")


app = real_app.with_overrides({current_user: fake_user})
