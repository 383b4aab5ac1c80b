from lanner import App, Path, Router, get


@get("/")
async def list_comments(post_id: Path[int]) -> list[str]:
    return [f"First comment on post {post_id}"]


@get("/{comment_id:int}")
async def read_comment(post_id: Path[int], comment_id: Path[int]) -> dict[str, int]:
    return {"post_id": post_id, "comment_id": comment_id}


@get("/status", response_headers={"Cache-Control": "no-store"})
async def status() -> dict[str, str]:
    return {"version": "1"}


@get("/health")
async def health() -> str:
    return "ok"


comments = Router("/posts/{post_id:int}/comments", [list_comments, read_comment])
v1 = Router(
    "/v1",
    [status, comments],
    response_headers={"X-API-Version": "1", "Cache-Control": "max-age=60"},
)
api = Router("/api", routers=[v1])

app = App([health, api], response_headers={"X-Content-Type-Options": "nosniff"})
