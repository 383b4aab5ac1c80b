from lanner import App, Query, get


@get("/divide")
async def divide(a: Query[int], b: Query[int]) -> float:
    return a / b


app = App([divide])
debug_app = App([divide], debug=True)  # on your machine only
