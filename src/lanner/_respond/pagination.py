"""Pagination: generic containers for a page of items, and paginators that fill them.

The containers are msgspec Structs, encoded like any other return value. A paginator
subclass supplies `get_items` (and `get_total` where a total exists); calling it builds the
container.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Generic, TypeVar

import msgspec

__all__ = [
    "AsyncClassicPaginator",
    "AsyncCursorPaginator",
    "AsyncOffsetPaginator",
    "ClassicPagination",
    "ClassicPaginator",
    "CursorPagination",
    "CursorPaginator",
    "OffsetPagination",
    "OffsetPaginator",
]

T = TypeVar("T")
C = TypeVar("C")


class ClassicPagination(msgspec.Struct, Generic[T], frozen=True):
    """One page of `page_size` items: page `current_page` of `total_pages`."""

    items: Sequence[T]
    page_size: int
    current_page: int
    total_pages: int


class OffsetPagination(msgspec.Struct, Generic[T], frozen=True):
    """`limit` items starting at `offset`, out of `total`."""

    items: Sequence[T]
    limit: int
    offset: int
    total: int


class CursorPagination(msgspec.Struct, Generic[C, T], frozen=True):
    """Up to `results_per_page` items; `cursor` fetches the next ones (None: no more)."""

    items: Sequence[T]
    results_per_page: int
    cursor: C | None


class ClassicPaginator(ABC, Generic[T]):
    """Subclass with `get_total` and `get_items`; call with `page_size` and `current_page`.

    >>> class Numbers(ClassicPaginator[int]):
    ...     def get_total(self, page_size: int) -> int:
    ...         return math.ceil(25 / page_size)
    ...     def get_items(self, page_size: int, current_page: int) -> list[int]:
    ...         start = (current_page - 1) * page_size
    ...         return list(range(25))[start : start + page_size]
    >>> Numbers()(page_size=10, current_page=3)
    ClassicPagination(items=[20, 21, 22, 23, 24], page_size=10, current_page=3, total_pages=3)
    """

    @abstractmethod
    def get_total(self, page_size: int) -> int:
        """The number of pages."""

    @abstractmethod
    def get_items(self, page_size: int, current_page: int) -> Sequence[T]:
        """The items of page `current_page` (1-based)."""

    def __call__(self, page_size: int, current_page: int) -> ClassicPagination[T]:
        return ClassicPagination(
            self.get_items(page_size, current_page), page_size, current_page, self.get_total(page_size)
        )


class AsyncClassicPaginator(ABC, Generic[T]):
    """`ClassicPaginator` with async `get_total` and `get_items`."""

    @abstractmethod
    async def get_total(self, page_size: int) -> int:
        """The number of pages."""

    @abstractmethod
    async def get_items(self, page_size: int, current_page: int) -> Sequence[T]:
        """The items of page `current_page` (1-based)."""

    async def __call__(self, page_size: int, current_page: int) -> ClassicPagination[T]:
        items = await self.get_items(page_size, current_page)
        return ClassicPagination(items, page_size, current_page, await self.get_total(page_size))


class OffsetPaginator(ABC, Generic[T]):
    """Subclass with `get_total` and `get_items`; call with `limit` and `offset`."""

    @abstractmethod
    def get_total(self) -> int:
        """The number of items in all."""

    @abstractmethod
    def get_items(self, limit: int, offset: int) -> Sequence[T]:
        """`limit` items from `offset`."""

    def __call__(self, limit: int, offset: int) -> OffsetPagination[T]:
        return OffsetPagination(self.get_items(limit, offset), limit, offset, self.get_total())


class AsyncOffsetPaginator(ABC, Generic[T]):
    """`OffsetPaginator` with async `get_total` and `get_items`."""

    @abstractmethod
    async def get_total(self) -> int:
        """The number of items in all."""

    @abstractmethod
    async def get_items(self, limit: int, offset: int) -> Sequence[T]:
        """`limit` items from `offset`."""

    async def __call__(self, limit: int, offset: int) -> OffsetPagination[T]:
        return OffsetPagination(await self.get_items(limit, offset), limit, offset, await self.get_total())


class CursorPaginator(ABC, Generic[C, T]):
    """Subclass with `get_items`; call with `cursor` and `results_per_page`."""

    @abstractmethod
    def get_items(self, cursor: C | None, results_per_page: int) -> tuple[Sequence[T], C | None]:
        """The items after `cursor`, and the cursor for the next ones (None: no more)."""

    def __call__(self, cursor: C | None, results_per_page: int) -> CursorPagination[C, T]:
        items, next_cursor = self.get_items(cursor, results_per_page)
        return CursorPagination(items, results_per_page, next_cursor)


class AsyncCursorPaginator(ABC, Generic[C, T]):
    """`CursorPaginator` with an async `get_items`."""

    @abstractmethod
    async def get_items(self, cursor: C | None, results_per_page: int) -> tuple[Sequence[T], C | None]:
        """The items after `cursor`, and the cursor for the next ones (None: no more)."""

    async def __call__(self, cursor: C | None, results_per_page: int) -> CursorPagination[C, T]:
        items, next_cursor = await self.get_items(cursor, results_per_page)
        return CursorPagination(items, results_per_page, next_cursor)
