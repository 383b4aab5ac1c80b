import time

from lanner import App, CacheControlHeader, ETag, Router, get


@get("/population")
async def get_population_count() -> int:
    return 100_000


@get("/chance_of_rain")
async def get_chance_of_rain() -> float:
    return 0.5


@get("/timestamp", cache_control=CacheControlHeader.prevent_storing())
async def get_server_time() -> float:
    return time.time()


@get("/logo", etag=ETag("logo-v3"), cache_control=CacheControlHeader(max_age=3600, public=True))
async def logo() -> bytes:
    return b"<svg/>"


weather = Router(
    "/weather",
    [get_chance_of_rain, get_server_time],
    cache_control=CacheControlHeader(max_age=86400),  # one day
    etag=ETag("forecast-2024-05-06", weak=True),
)

app = App(
    [get_population_count, logo],
    routers=[weather],
    cache_control=CacheControlHeader(max_age=2628288),  # one month
)
