import math
from typing import Annotated

import msgspec
from typing_extensions import override

from lanner import App, ClassicPagination, ClassicPaginator, Query, get


class Person(msgspec.Struct):
    id: str
    name: str


# A paginator implements 'get_total' and 'get_items'. Usually they query a database; here
# a list stands in for one.
class PersonClassicPaginator(ClassicPaginator[Person]):
    def __init__(self) -> None:
        self.data = [Person(id=str(number), name=f"Person {number}") for number in range(1, 51)]

    @override
    def get_total(self, page_size: int) -> int:
        return math.ceil(len(self.data) / page_size)

    @override
    def get_items(self, page_size: int, current_page: int) -> list[Person]:
        start = (current_page - 1) * page_size
        return self.data[start : start + page_size]


paginator = PersonClassicPaginator()
PageSize = Annotated[int, msgspec.Meta(ge=1, le=100)]
Page = Annotated[int, msgspec.Meta(ge=1)]


# The handler takes two query parameters, 'page_size' and 'current_page', for the paginator.
@get("/people")
def people_handler(page_size: Query[PageSize], current_page: Query[Page] = 1) -> ClassicPagination[Person]:
    return paginator(page_size=page_size, current_page=current_page)


app = App([people_handler])
