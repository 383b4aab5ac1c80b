from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

import msgspec

from lanner import Alias, App, Extract, Header, NotAuthorized, State, get


class User(msgspec.Struct, frozen=True):
    name: str


class Db:
    def __init__(self, users_by_token: dict[str, User]) -> None:
        self._users_by_token = users_by_token

    async def user_for_token(self, token: str) -> User | None:
        return self._users_by_token.get(token)


@asynccontextmanager
async def lifespan(app: App) -> AsyncIterator[dict[str, object]]:
    yield {"db": Db({"Bearer ada-token": User(name="ada")})}


async def current_user(token: Header[Annotated[str, Alias("authorization")]], db: State[Db]) -> User:
    user = await db.user_for_token(token)
    if user is None:
        raise NotAuthorized("Unknown token", headers={"WWW-Authenticate": "Bearer"})
    return user


CurrentUser = Annotated[User, Extract(current_user)]


@get("/me")
async def me(user: CurrentUser) -> User:
    return user


app = App([me], lifespan=lifespan)
