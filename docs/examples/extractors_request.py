from lanner import App, Request, post


@post("/inspect", status_code=200)
async def inspect(request: Request) -> dict[str, object]:
    body = await request.body()
    return {
        "method": request.method,
        "url": str(request.url),
        "tags": request.query_params.getlist("tag"),
        "content_type": request.content_type[0],
        "user_agent": request.headers.get("user-agent"),
        "cookies": dict(request.cookies),
        "client": request.client.host if request.client else None,
        "body": body.decode(),
        "body_again": (await request.body()).decode(),
    }


app = App([inspect])
