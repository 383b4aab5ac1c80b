from lanner import App, Path, get


@get("/users/{user_id}")
async def read_user(id: Path[int]) -> dict[str, int]:
    return {"id": id}


def build_app() -> App:
    return App([read_user])  # raises ImproperlyConfigured
