from lanner import App, MultiDict, Request, Router, get


def every_value(pairs: MultiDict) -> dict[str, list[str]]:
    return {key: pairs.getlist(key) for key in pairs}


def last_value(pairs: MultiDict) -> dict[str, str]:
    return dict(pairs.items())


@get("/echo")
async def echo_query(request: Request) -> MultiDict:
    return request.query_params


legacy = Router("/legacy", [echo_query], type_encoders={MultiDict: last_value})

app = App([echo_query], routers=[legacy], type_encoders={MultiDict: every_value})
