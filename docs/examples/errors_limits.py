from lanner import App, Body, Query, get, post


@post("/uploads", status_code=200)
async def upload(data: Body[bytes]) -> dict[str, int]:  # up to 10 MiB, the default
    return {"size": len(data)}


@post("/avatars", status_code=200, request_max_body_size=64 * 1024)
async def upload_avatar(data: Body[bytes]) -> dict[str, int]:
    return {"size": len(data)}


@get("/search")
async def search(tag: Query[tuple[str, ...]] = ()) -> dict[str, int]:
    return {"tags": len(tag)}


app = App([upload, upload_avatar, search], max_query_params=50)
