import msgspec

from lanner import App, NotFound, Path, Redirect, get, post


class Article(msgspec.Struct, frozen=True):
    slug: str
    title: str


ARTICLES = {"hello-world": Article("hello-world", "Hello, World")}
RENAMED = {"hello": "hello-world"}


@get("/some-path", status_code=307)
async def redirect() -> Redirect:
    return Redirect("/other-path")


@get("/other-path")
async def other_path() -> str:
    return "You were sent here"


@get("/articles/{slug}")
async def read_article(slug: Path[str]) -> Article | Redirect | NotFound:
    if slug in RENAMED:
        return Redirect(f"/articles/{RENAMED[slug]}", status_code=301)
    if slug not in ARTICLES:
        return NotFound(f"No article {slug}")
    return ARTICLES[slug]


@post("/articles")
async def create_article() -> Redirect:
    return Redirect("/articles/hello-world", status_code=303)


app = App([redirect, other_path, read_article, create_article])
