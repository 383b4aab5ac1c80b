"""The registration checks' rules and messages, shared by build time and the mypy plugin.

When the App is built, `ImproperlyConfigured` refuses a handler that cannot work; the mypy
plugin (`lanner.mypy`) reports the same mistakes before the code runs. Both take their
words from here, so the two never disagree. Each function returns the part of a message
after the route and handler (`GET /items/{id}: handler read (app.py:3) ...`); `where`
builds that part.

Pure: standard library only, no lanner runtime module. The plugin imports this module
inside mypy, where it must not import user code, anyio or msgspec's runtime state.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Sequence
from typing import Final, get_args, get_origin

# --- status codes ---------------------------------------------------------------------

DEFAULT_STATUS: Final = {"POST": 201, "DELETE": 204}
"""The success status of a method when `status_code` is not given (others answer 200)."""

NO_BODY_STATUSES: Final = frozenset({204, 304})
"""Statuses whose response carries no body: a handler with one must return `None`."""

REDIRECT_STATUSES: Final = (301, 302, 303, 307, 308)
"""The statuses a `Redirect` may have."""


def default_status(method: str) -> int:
    """The status a route of `method` answers when `status_code` is not given."""
    return DEFAULT_STATUS.get(method, 200)


# --- where ------------------------------------------------------------------------------


def where(methods: Sequence[str], paths: Sequence[str], handler: str) -> str:
    """`GET /items/{id}: handler read_item (app.py:12)`, the head of every message."""
    return f"{'/'.join(methods)} {', '.join(paths)}: handler {handler}"


def describe(name: str, filename: str, line: int) -> str:
    """`read_item (app.py:12)`: a function's name, file and first line (its first decorator's)."""
    return f"{name} ({filename}:{line})"


# --- path templates -----------------------------------------------------------------------


def path_must_start_with_slash(raw: str) -> str:
    return f'path "{raw}" must start with "/"'


def duplicate_placeholder(raw: str, name: str) -> str:
    return f'path "{raw}" has the placeholder "{name}" twice; give each placeholder its own name'


def path_converter_not_last(raw: str, segment: str) -> str:
    return (
        f'path "{raw}": the "path" converter takes the rest of the path, '
        f'so "{segment}" must be the last segment'
    )


def unbalanced_braces(raw: str, part: str) -> str:
    return f'path "{raw}" has unbalanced braces in "{part}"'


def placeholder_not_whole_segment(raw: str, part: str) -> str:
    return f'path "{raw}": a placeholder must fill a whole path segment, not "{part}"'


def placeholder_name_not_identifier(raw: str, part: str) -> str:
    return f'path "{raw}": placeholder "{part}" needs a Python identifier as its name'


def unknown_converter(raw: str, converter: str, part: str, known: Sequence[str]) -> str:
    return f'path "{raw}": unknown converter "{converter}" in "{part}"; use one of {", ".join(known)}'


# --- placeholders and Path parameters -------------------------------------------------------


def placeholder_without_parameter(name: str) -> str:
    """A placeholder no `Path` parameter (of the handler or its extractors) reads."""
    return (
        f'has no Path parameter "{name}"; add `{name}: Path[str]` (or another type) to its '
        "parameters, or rename the placeholder"
    )


def parameter_without_placeholder(wire: str) -> str:
    """A `Path` parameter without a default whose placeholder the path lacks."""
    return (
        f'has Path parameter "{wire}" but the path has no placeholder "{{{wire}}}"; add it to '
        "the path or give the parameter a default"
    )


def converter_disagrees(name: str, converter: str, declared: str, natural: str) -> str:
    """`{id:int}` with `Path[UUID]`: `natural` is the converter the declared type takes."""
    return (
        f'converts "{name}" with {converter}, but the handler declares it Path[{declared}]; '
        f"make the two agree, e.g. {{{name}:{natural}}}"
    )


# --- parameters ---------------------------------------------------------------------------------


def not_an_extractor(name: str) -> str:
    return (
        f'parameter "{name}" is not an extractor; annotate it as Path[T], Query[T], '
        f"Header[T], Cookie[T], Body[T], State[T], Annotated[T, Extract(fn)] or Request"
    )


def no_annotation(name: str) -> str:
    return (
        f'parameter "{name}" has no annotation; annotate it with an extractor '
        f"such as Query[str] or Header[str]"
    )


def star_parameter(name: str) -> str:
    return f'parameter "{name}" is *args or **kwargs; declare each input as its own parameter'


def in_custom_extractor(extractor: str, message: str) -> str:
    """A mistake inside a custom extractor, named by its `describe`."""
    return f"custom extractor {extractor}: {message}"


def body_read_twice(first: str, first_owner: str, second: str, second_owner: str) -> str:
    """Two body extractors (`Body`, `Form`, `BodyStream`), of the handler or its extractors."""
    return (
        f'reads the request body twice: "{first}" in {first_owner} and "{second}" in '
        f"{second_owner}; a handler may have one body extractor (Body, Form or BodyStream)"
    )


def extractor_injects_another_type(name: str, declared: str, extractor: str, function: str, injected: str) -> str:
    """`Annotated[T, Extract(fn)]` where `fn` gives something that is not a `T`."""
    return (
        f'parameter "{name}" is declared {declared}, but its extractor {extractor} injects '
        f"{injected}; annotate it Annotated[{injected}, Extract({function})], or make "
        f"{function} return {declared}"
    )


def injects(injected: object, declared: object) -> bool:
    """Whether a custom extractor that injects `injected` may fill a parameter of `declared`.

    Build time compares classes (and the classes of generic types' arguments), allowing
    subclasses and int for float; anything it cannot judge (type variables, forward
    references, protocols) passes. The mypy plugin judges the same rule with mypy's own
    subtype check, which also sees through generics' variance.
    """
    if injected == declared or declared is typing.Any or declared is object or injected is typing.Any:
        return True
    if _is_union(declared):
        return all(
            any(injects(member, option) for option in get_args(declared))
            for member in (get_args(injected) if _is_union(injected) else (injected,))
        )
    if _is_union(injected):
        return all(injects(member, declared) for member in get_args(injected))
    if injected is None:
        injected = type(None)
    if declared is None:
        declared = type(None)
    got, want = get_origin(injected) or injected, get_origin(declared) or declared
    if not (isinstance(got, type) and isinstance(want, type)):
        return True  # Literal, TypeVar, NewType, ForwardRef...: not judged here
    if not (issubclass(got, want) or (want, got) in _PROMOTIONS or _is_protocol(want)):
        return False
    got_args, want_args = get_args(injected), get_args(declared)
    if got is want and len(got_args) == len(want_args):
        return all(injects(a, b) for a, b in zip(got_args, want_args, strict=True) if a is not ...)
    return True


_PROMOTIONS: Final = frozenset({(float, int), (complex, int), (complex, float)})


def _is_union(tp: object) -> bool:
    return get_origin(tp) in (typing.Union, types.UnionType)


def _is_protocol(tp: type) -> bool:
    return bool(getattr(tp, "_is_protocol", False))


# --- return types -------------------------------------------------------------------------------


def missing_return_annotation() -> str:
    return "has no return annotation; add one, such as `-> Item` or `-> None`"


def unencodable(returned: str, unknown: str) -> str:
    """A return type with a class msgspec does not know and no `type_encoders` entry covers."""
    return (
        f"returns {returned}, which lanner cannot encode: msgspec does not know {unknown}; "
        f"return a msgspec Struct, dataclass or builtin type, or add type_encoders={{{unknown}: fn}}"
    )


def unencodable_type(returned: str, reason: str) -> str:
    """A return type msgspec refuses outright (build time only: the reason is msgspec's)."""
    return f"returns {returned}, which lanner cannot encode ({reason})"


def body_with_empty_status(returned: str, status: int) -> str:
    """A handler that returns content with a status that carries no body (204, 304)."""
    return f"returns {returned} with status {status}, which carries no body; return None, or set status_code=200"


def redirect_status(status: int) -> str:
    """A route returning a `Redirect` whose own `status_code` is no redirect status."""
    allowed = ", ".join(str(s) for s in REDIRECT_STATUSES[:-1])
    return (
        f"returns a Redirect with status_code={status}; a Redirect answers with {allowed} or "
        f"{REDIRECT_STATUSES[-1]}: give one of those, or leave status_code out (302)"
    )


# --- type names -----------------------------------------------------------------------------------


def type_name(tp: object) -> str:
    """A runtime type written as mypy writes it: `list[Money]`, `Item | None`, `UUID`.

    >>> import uuid
    >>> type_name(dict[str, list[uuid.UUID]] | None)
    'dict[str, list[UUID]] | None'
    """
    if tp is None or tp is type(None):
        return "None"
    if tp is Ellipsis:
        return "..."
    if tp is typing.Any:
        return "Any"
    if isinstance(tp, str):
        return tp
    if isinstance(tp, typing.ForwardRef):
        return tp.__forward_arg__
    if isinstance(tp, list):
        return "[" + ", ".join(type_name(a) for a in tp) + "]"
    origin, args = get_origin(tp), get_args(tp)
    if origin is typing.Annotated:
        return type_name(args[0])
    if origin in (typing.Union, types.UnionType):
        return " | ".join(type_name(a) for a in args)
    if origin is typing.Literal:
        return "Literal[" + ", ".join(_literal(v) for v in args) + "]"
    if origin is not None:
        if not args:
            return _short(origin)
        return f"{_short(origin)}[{', '.join(type_name(a) for a in args)}]"
    return _short(tp)


def _short(tp: object) -> str:
    name = getattr(tp, "__qualname__", None) or getattr(tp, "__name__", None)
    return name if isinstance(name, str) else repr(tp).replace("typing.", "")


def _literal(value: object) -> str:
    if isinstance(value, bool | int | str | bytes) or value is None:
        return repr(value)
    return f"{type(value).__qualname__}.{getattr(value, 'name', value)}"

