"""Byte ranges and conditional-request dates for `File` (RFC 9110 §13, §14).

A malformed `Range` is ignored (the whole file, 200); one that no part of the file
satisfies is "unsatisfiable" (416). Overlapping and adjacent ranges are merged.
"""

from __future__ import annotations

from datetime import UTC
from typing import Literal, TypeAlias

from lanner._respond.values import ETag

ByteRange: TypeAlias = tuple[int, int]
"""[start, end): end is exclusive."""


def parse_ranges(header: str, size: int, max_ranges: int) -> list[ByteRange] | Literal["unsatisfiable"] | None:
    """The ranges of a `Range` header for a file of `size` bytes, merged and sorted.

    None means "ignore the header"; more than `max_ranges` ranges is unsatisfiable.

    >>> parse_ranges("bytes=0-9, -5, 5-12", 100, 10)
    [(0, 13), (95, 100)]
    >>> parse_ranges("bytes=200-", 100, 10), parse_ranges("lines=1-2", 100, 10)
    ('unsatisfiable', None)
    """
    unit, _, specs = header.partition("=")
    if unit.strip().lower() != "bytes" or not specs.strip():
        return None
    ranges: list[ByteRange] = []
    for spec in specs.split(","):
        first, dash, last = spec.strip().partition("-")
        if not dash or not (first.isdigit() or first == "") or not (last.isdigit() or last == ""):
            return None
        if first == "" and last == "":
            return None
        if first == "":  # the last N bytes
            length = int(last)
            if length > 0 and size > 0:
                ranges.append((max(size - length, 0), size))
            continue
        start = int(first)
        if last != "" and int(last) < start:
            return None
        if start >= size:
            continue  # this range is unsatisfiable; others may not be
        end = size if last == "" else min(int(last) + 1, size)
        ranges.append((start, end))
    if not ranges:
        return "unsatisfiable"
    merged: list[ByteRange] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return "unsatisfiable" if len(merged) > max_ranges else merged


def _timestamp(text: str) -> int | None:
    from email.utils import parsedate_to_datetime  # only when a request sends a date

    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)  # asctime dates carry no zone: they are GMT
    return int(moment.timestamp())


def modified_since(header: str, mtime: float) -> bool:
    """Whether a file modified at `mtime` is newer than `If-Modified-Since` (a bad date: yes)."""
    since = _timestamp(header)
    return since is None or int(mtime) > since


def if_range_holds(header: str, etag: ETag, mtime: float) -> bool:
    """Whether `If-Range` still describes the file, so its `Range` applies (RFC 9110 §13.1.5).

    An entity tag must match strongly; a date must equal the modification time exactly.
    """
    text = header.strip()
    if text.startswith(('"', "W/")):
        try:
            given = ETag.from_header(text)
        except ValueError:
            return False
        return not given.weak and not etag.weak and given.value == etag.value
    stamp = _timestamp(text)
    return stamp is not None and stamp == int(mtime)
