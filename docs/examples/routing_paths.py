from lanner import App, Path, get


@get(["/", "/index.html"])
async def home() -> str:
    return "Welcome"


@get(["/posts", "/posts/page/{page:int}"])
async def list_posts(page: Path[int] = 1) -> dict[str, int]:
    return {"page": page}


app = App([home, list_posts])
