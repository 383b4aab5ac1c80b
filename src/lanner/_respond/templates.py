"""`Template`: a page rendered by the App's template engine (a Jinja2 `Environment` or any
object with `get_template(name).render(**context)`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol, final

import msgspec

from lanner._errors import check_header_text

__all__ = ["Template", "TemplateEngine", "literal_template_names"]


class LoadedTemplate(Protocol):
    """What `TemplateEngine.get_template` returns."""

    def render(self, *args: object, **context: object) -> str: ...


class TemplateEngine(Protocol):
    """Anything that finds templates by name: `jinja2.Environment` is one."""

    def get_template(self, name: str) -> LoadedTemplate: ...


class _TemplateName(msgspec.Struct, frozen=True):
    name: str
    context: Mapping[str, object] | None = None


@final
class Template(_TemplateName, frozen=True, kw_only=True):
    """Render template `name` with `context` (HTML by default).

    >>> Template("item.html", {"name": "Widget"}).media_type
    'text/html'
    """

    status_code: int | None = None
    media_type: str = "text/html"
    headers: Mapping[str, str] | None = None

    def __post_init__(self) -> None:
        check_header_text("media type", self.media_type)

    def render(self, engine: TemplateEngine) -> str:
        """The rendered text (lanner calls this; a missing template raises the engine's error)."""
        return engine.get_template(self.name).render(**(self.context or {}))


def literal_template_names(fn: object) -> list[str]:
    """The template names `fn` passes to `Template(...)` as string literals.

    Read from its bytecode when the App is built (a constant loaded right after `Template`),
    so a misspelt literal name is found then rather than by the first request.
    """
    import dis

    code = getattr(fn, "__code__", None)
    if code is None:
        return []
    instructions = list(dis.get_instructions(code))
    names: list[str] = []
    for loaded, following in zip(instructions, instructions[1:]):
        if (
            loaded.opname in ("LOAD_GLOBAL", "LOAD_NAME", "LOAD_DEREF")
            and loaded.argval == "Template"
            and following.opname == "LOAD_CONST"
            and isinstance(following.argval, str)
        ):
            names.append(following.argval)
    return names
