"""HTTP dates (RFC 9110 IMF-fixdate), as `Expires`, `Last-Modified` and the like write them.

Written here rather than with `email.utils`, whose import costs more than all of lanner's
modules together; the format is fixed and English-only by the RFC.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Final

__all__ = ["EPOCH", "http_date"]

EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
_DAYS: Final = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS: Final = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def http_date(when: datetime | int) -> str:
    """`when` as an HTTP date: an aware datetime, or an int of seconds from now.

    >>> http_date(EPOCH)
    'Thu, 01 Jan 1970 00:00:00 GMT'
    >>> from datetime import timedelta, timezone
    >>> http_date(datetime(2026, 11, 24, 13, 5, 9, tzinfo=timezone(timedelta(hours=1))))
    'Tue, 24 Nov 2026 12:05:09 GMT'
    """
    if isinstance(when, datetime):
        if when.utcoffset() is None:
            raise ValueError("an HTTP date needs a timezone-aware datetime, e.g. datetime.now(UTC)")
        moment = when.astimezone(UTC)
    else:
        moment = datetime.fromtimestamp(int(time.time()) + when, UTC)
    return (
        f"{_DAYS[moment.weekday()]}, {moment.day:02d} {_MONTHS[moment.month - 1]} {moment.year:04d} "
        f"{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d} GMT"
    )
