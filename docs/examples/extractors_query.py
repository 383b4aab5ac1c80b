from typing import Annotated

import msgspec

from lanner import Alias, App, Query, get

PageSize = Annotated[int, Alias("page-size"), msgspec.Meta(ge=1, le=100)]


@get("/search")
async def search(
    q: Query[str],
    page_size: Query[PageSize] = 20,
    lang: Query[str | None] = None,
    tag: Query[tuple[str, ...]] = (),
    exact: Query[bool] = False,
) -> dict[str, object]:
    return {"q": q, "page_size": page_size, "lang": lang, "tag": tag, "exact": exact}


@get("/compare")
async def compare(id: Query[list[int]]) -> dict[str, list[int]]:
    return {"ids": sorted(id)}


app = App([search, compare])
