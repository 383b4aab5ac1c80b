import msgspec
from returns.maybe import Maybe
from returns.result import Failure, Result, Success

from lanner import App, Conflict, NotFound, Path, get, post


class Book(msgspec.Struct, frozen=True):
    title: str
    on_loan: bool = False


BOOKS = {1: Book("Dune"), 2: Book("Emma", on_loan=True)}


@get("/books/{book_id:int}")
async def read_book(book_id: Path[int]) -> Maybe[Book]:
    return Maybe.from_optional(BOOKS.get(book_id))  # Nothing: 404


@post("/books/{book_id:int}/loans")
async def borrow(book_id: Path[int]) -> Result[Book, NotFound | Conflict]:
    book = BOOKS.get(book_id)
    if book is None:
        return Failure(NotFound(f"No book {book_id}"))
    if book.on_loan:
        return Failure(Conflict(f"{book.title} is on loan"))
    return Success(msgspec.structs.replace(book, on_loan=True))


app = App([read_book, borrow])
