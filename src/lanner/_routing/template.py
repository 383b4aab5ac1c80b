"""Path templates: `"/items/{item_id:int}"` parsed into segments.

Pure (only msgspec beside the stdlib): the App's build step and the mypy plugin both parse templates here,
so the two can never disagree about what a template means or what is wrong with it.
"""

from __future__ import annotations

from typing import Final

import msgspec

from lanner import _rules
from lanner._compat import override

CONVERTER_NAMES: Final = ("str", "int", "float", "uuid", "path", "date")


class TemplateError(ValueError):
    """A path template that cannot be routed; the message says what to change."""


class Placeholder(msgspec.Struct, frozen=True):
    """`{name}` or `{name:converter}` filling one whole path segment."""

    name: str
    converter: str | None

    @override
    def __str__(self) -> str:
        return f"{{{self.name}:{self.converter}}}" if self.converter else f"{{{self.name}}}"


Segment = str | Placeholder


class PathTemplate(msgspec.Struct, frozen=True):
    """A parsed template; `segments` excludes the leading empty segment of the root."""

    raw: str
    segments: tuple[Segment, ...]

    @property
    def placeholders(self) -> tuple[Placeholder, ...]:
        return tuple(s for s in self.segments if isinstance(s, Placeholder))

    @property
    def is_static(self) -> bool:
        return not any(isinstance(s, Placeholder) for s in self.segments)

    @property
    def path(self) -> str:
        """The normalised template text: one leading slash, no trailing slash."""
        return "/" + "/".join(str(s) for s in self.segments)


def normalize_path(path: str) -> str:
    """`items/` → `/items`: one leading slash, no trailing slash (the root stays `/`)."""
    path = "/" + path.strip("/")
    return path


def join_paths(prefix: str, path: str) -> str:
    """Join a router prefix and a route path: `/api` + `/items/` → `/api/items`."""
    return normalize_path(prefix.strip("/") + "/" + path.strip("/"))


def parse_template(raw: str) -> PathTemplate:
    """Parse a template, raising `TemplateError` with the fix for anything unroutable.

    >>> parse_template("/items/{item_id:int}").placeholders
    (Placeholder(name='item_id', converter='int'),)
    """
    if not raw.startswith("/"):
        raise TemplateError(_rules.path_must_start_with_slash(raw))
    text = normalize_path(raw)
    segments: list[Segment] = []
    seen: set[str] = set()
    parts = text[1:].split("/") if text != "/" else []
    for index, part in enumerate(parts):
        segment = _parse_segment(raw, part)
        if isinstance(segment, Placeholder):
            if segment.name in seen:
                raise TemplateError(_rules.duplicate_placeholder(raw, segment.name))
            seen.add(segment.name)
            if segment.converter == "path" and index != len(parts) - 1:
                raise TemplateError(_rules.path_converter_not_last(raw, str(segment)))
        segments.append(segment)
    return PathTemplate(text, tuple(segments))


def _parse_segment(raw: str, part: str) -> Segment:
    opens, closes = part.count("{"), part.count("}")
    if opens == 0 and closes == 0:
        return part
    if opens != closes or opens > 1 or not (part.startswith("{") and part.endswith("}")):
        if opens != closes:
            raise TemplateError(_rules.unbalanced_braces(raw, part))
        raise TemplateError(_rules.placeholder_not_whole_segment(raw, part))
    name, _, converter = part[1:-1].partition(":")
    name, converter = name.strip(), converter.strip()
    if not name.isidentifier():
        raise TemplateError(_rules.placeholder_name_not_identifier(raw, part))
    if ":" in part and converter not in CONVERTER_NAMES:
        raise TemplateError(_rules.unknown_converter(raw, converter, part, CONVERTER_NAMES))
    return Placeholder(name, converter or None)
