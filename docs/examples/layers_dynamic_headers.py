from random import randint

import msgspec

from lanner import App, Response, ResponseHeader, Router, get


class Resource(msgspec.Struct, frozen=True):
    id: int
    name: str


@get(
    "/resources",
    response_headers=[
        ResponseHeader("Random-Header", description="a number from 100 to 1000", documentation_only=True),
    ],
)
async def retrieve_resource() -> Response[Resource]:
    return Response(Resource(id=1, name="my resource"), headers={"Random-Header": str(randint(100, 1000))})


@get("/plain-resource")
async def retrieve_plain_resource() -> Resource:
    return Resource(id=2, name="plain resource")


def add_request_number(response: Response[object]) -> Response[object]:
    if response.header("Random-Header") is not None:
        return response  # what the handler set itself stays
    return response.with_header("Random-Header", str(randint(1, 100)))


router = Router(
    "/router-path",
    [retrieve_resource, retrieve_plain_resource],
    after_request=add_request_number,
    response_headers=[
        ResponseHeader("Random-Header", description="a number from 1 to 100", documentation_only=True),
    ],
)

app = App([router])
