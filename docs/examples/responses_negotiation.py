import msgspec

from lanner import App, MediaType, get


class Forecast(msgspec.Struct, frozen=True):
    city: str
    celsius: float


@get("/forecast", media_type=(MediaType.JSON, MediaType.MESSAGEPACK))
async def forecast() -> Forecast:
    return Forecast("Lisbon", 21.5)


app = App([forecast])
