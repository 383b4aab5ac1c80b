"""Templates the runtime's parser refuses, written as literals: reported at the decorator."""

from __future__ import annotations

from lanner import Path, get


@get("/items/{item_id")
async def unbalanced(item_id: Path[str] = "") -> str:
    return item_id


@get("/items/{slug:slug}")
async def unknown_converter(slug: Path[str]) -> str:
    return slug


@get("/a/{x}/b/{x}")
async def twice(x: Path[str]) -> str:
    return x


@get("/avatars/user-{user_id}")
async def part_of_a_segment(user_id: Path[int]) -> str:
    return ""


@get("/files/{rest:path}/raw")
async def path_not_last(rest: Path[str]) -> str:
    return rest


@get("/items/{1st}")
async def not_an_identifier() -> str:
    return ""


@get(["/ok/{n:int}", "/bad/{n:integer}"])
async def one_of_two_paths(n: Path[int]) -> str:
    return ""


@get("items/{n:int")
async def no_leading_slash(n: Path[int] = 0) -> str:
    """Without "/" a path is refused only when no Router prefix joins it: not reported.
    Its other mistake is reported, with the path as a prefix would leave it."""
    return ""


def a_variable_path(path: str) -> None:
    @get(path)
    async def not_literal() -> str:
        """Not a literal: build time checks it."""
        return ""
