"""Placeholders and Path parameters: a placeholder needs a parameter (the handler's or a
custom extractor's, under its Alias name); with several paths, a parameter missing from some
of them needs a default. A parameter missing from every path is left to build time (a Router
prefix may hold its placeholder)."""

from __future__ import annotations

from typing import Annotated, Final

from lanner import Alias, Extract, Path, Query, get, route

USER: Final = "/users/{user_id}"
PATHS: Final = ("/a/{item_id}", "/b")


@get("/users/{user_id}")
async def wrong_name(uid: Path[int]) -> str:
    return ""


@get(USER)
async def final_constant(uid: Path[int]) -> str:
    return ""


@get(["/users/{user_id}/posts/{post_id:int}", "/posts/{post_id:int}"])
async def two_paths(user_id: Path[int], post_id: Path[int]) -> str:
    return ""


@get(["/users/{user_id}/posts/{post_id:int}", "/posts/{post_id:int}"])
async def two_paths_with_default(post_id: Path[int], user_id: Path[int] = 0) -> str:
    return ""


@get(PATHS)
async def final_tuple(item_id: Path[int]) -> str:
    return ""


@route(["/x/{a}", "/y/{b}"], methods=["get", "post"])
async def several_methods(a: Path[str]) -> str:
    return a


@get("/aliased/{uid}")
async def alias(user_id: Path[Annotated[int, Alias("uid")]]) -> str:
    return ""


@get("/aliased/{user_id}")
async def alias_hides_the_name(user_id: Path[Annotated[int, Alias("uid")]]) -> str:
    return ""


UserId = Path[Annotated[int, Alias("uid")]]


@get("/through-an-alias/{uid}")
async def through_a_type_alias(user_id: UserId) -> str:
    return ""


def user_from_path(user_id: Path[int]) -> str:
    return str(user_id)


CurrentUser = Annotated[str, Extract(user_from_path)]


@get("/users/{user_id}/me")
async def through_an_extractor(user: CurrentUser) -> str:
    return user


@get("/users/{user_id}/profile")
async def query_is_not_path(user_id: Query[int]) -> str:
    return ""


@get("/posts")
async def filled_by_a_router_prefix(post_id: Path[int]) -> str:
    """A Router("/posts/{post_id}") may give it its placeholder: build time checks."""
    return ""


async def plain_function(uid: Path[int]) -> str:
    return ""


called_directly = get("/direct/{user_id}")(plain_function)
