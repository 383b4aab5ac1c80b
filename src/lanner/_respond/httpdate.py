"""HTTP dates (RFC 9110 IMF-fixdate), as `Expires`, `Last-Modified` and the like write them."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from email.utils import format_datetime, formatdate
from typing import Final

__all__ = ["EPOCH", "http_date"]

EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)


def http_date(when: datetime | int) -> str:
    """`when` as an HTTP date: an aware datetime, or an int of seconds from now.

    >>> http_date(EPOCH)
    'Thu, 01 Jan 1970 00:00:00 GMT'
    """
    if isinstance(when, datetime):
        if when.utcoffset() is None:
            raise ValueError("an HTTP date needs a timezone-aware datetime, e.g. datetime.now(UTC)")
        return format_datetime(when.astimezone(UTC), usegmt=True)
    return formatdate(time.time() + when, usegmt=True)
