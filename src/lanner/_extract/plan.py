"""Read a handler's (or custom extractor's) signature into a plan of inputs.

Runs once per handler, when the App is built; this is the only place that inspects
signatures and resolves annotations. The plan says, for every parameter, where its value
comes from, under which wire name, with which type and default.
"""

from __future__ import annotations

import types
from collections import abc
import typing
from collections.abc import Callable, Mapping
from typing import Annotated, Final, Literal, Union, get_args, get_origin

import msgspec

from lanner import _rules
from lanner._extract.markers import Alias, Extract, Source, SourceMarker

MISSING: Final = msgspec.UNSET
"""The default of a required parameter."""

_SEQUENCE_ORIGINS: Final = frozenset(
    {list, tuple, set, frozenset, abc.Sequence, abc.MutableSequence, abc.Set}
)


class PlanError(Exception):
    """A signature lanner cannot serve; the App adds the route and handler location."""


class Param(msgspec.Struct, frozen=True):
    """One value read from the path, query, headers, cookies or app state."""

    source: Source
    name: str
    wire: str
    annotation: object
    """The type to validate against, `Annotated` with any `msgspec.Meta` constraints."""
    bare: object
    """The type without `Annotated` or a `| None`."""
    default: object
    many: bool
    """Takes every value of a repeated key (`list[str]`), not just one."""

    @property
    def required(self) -> bool:
        return self.default is MISSING


class QueryGroup(msgspec.Struct, frozen=True):
    """`Query[T]` with a Struct, dataclass or TypedDict `T`: one query parameter per field."""

    name: str
    type: type
    fields: tuple[Param, ...]
    default: object


class BodyParam(msgspec.Struct, frozen=True):
    """The request body (`Body`, `Form` or `BodyStream`)."""

    source: Source
    name: str
    annotation: object


class RequestParam(msgspec.Struct, frozen=True):
    """The connection object itself (`request: Request`)."""

    name: str


class Dependency(msgspec.Struct, frozen=True, eq=False):
    """A custom extractor function and the plan of its own parameters."""

    fn: Callable[..., object]
    kind: Literal["sync", "async", "gen", "asyncgen"]
    sync_to_thread: bool
    call: CallPlan


class DependencyParam(msgspec.Struct, frozen=True):
    """A parameter filled by a custom extractor."""

    name: str
    dependency: Dependency


Input = Param | QueryGroup | BodyParam | RequestParam | DependencyParam


class CallPlan(msgspec.Struct, frozen=True):
    """How to call one function: its inputs in order, and which are keyword-only."""

    fn: Callable[..., object]
    inputs: tuple[Input, ...]
    keyword_only: frozenset[str]
    returns: object
    """The return annotation, or MISSING when there is none."""


def describe(fn: Callable[..., object]) -> str:
    """`read_item (app.py:12)`: a function's name and where it is defined."""
    code = getattr(fn, "__code__", None)
    name = getattr(fn, "__qualname__", None) or repr(fn)
    if code is None:
        return name
    filename = code.co_filename.rsplit("/", 1)[-1]
    return f"{name} ({filename}:{code.co_firstlineno})"


def plan_call(
    fn: Callable[..., object],
    *,
    request_types: tuple[type, ...],
    overrides: Mapping[Callable[..., object], Callable[..., object]],
    _stack: tuple[Callable[..., object], ...] = (),
) -> CallPlan:
    """Plan how to call `fn`, following custom extractors (`Extract(fn)`) to any depth."""
    import inspect

    try:
        hints = typing.get_type_hints(fn, include_extras=True)
    except Exception as exc:  # NameError, TypeError: an annotation that does not evaluate
        raise PlanError(
            f"has annotations that cannot be resolved ({exc}); define the types they name at "
            "module level, where lanner can import them"
        ) from exc
    try:
        signature = inspect.signature(fn)
    except (TypeError, ValueError) as exc:
        raise PlanError(f"its signature cannot be read ({exc})") from exc
    inputs: list[Input] = []
    keyword_only: set[str] = set()
    for parameter in signature.parameters.values():
        if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
            raise PlanError(_rules.star_parameter(parameter.name))
        if parameter.kind is parameter.KEYWORD_ONLY:
            keyword_only.add(parameter.name)
        if parameter.name not in hints:
            raise PlanError(_rules.no_annotation(parameter.name))
        default = MISSING if parameter.default is parameter.empty else parameter.default
        inputs.append(
            _plan_input(
                parameter.name,
                hints[parameter.name],
                default,
                request_types=request_types,
                overrides=overrides,
                stack=(*_stack, fn),
            )
        )
    returns = hints.get("return", MISSING)
    return CallPlan(fn, tuple(inputs), frozenset(keyword_only), returns)


def _plan_input(
    name: str,
    annotation: object,
    default: object,
    *,
    request_types: tuple[type, ...],
    overrides: Mapping[Callable[..., object], Callable[..., object]],
    stack: tuple[Callable[..., object], ...],
) -> Input:
    if isinstance(annotation, type) and issubclass(annotation, request_types):
        return RequestParam(name)
    annotation = _lift_optional_extractor(annotation)
    if get_origin(annotation) is not Annotated:
        raise PlanError(_rules.not_an_extractor(name))
    inner, metadata = annotation.__origin__, annotation.__metadata__  # type: ignore[attr-defined]  # Annotated's runtime attributes
    source: Source | None = None
    extract: Extract | None = None
    alias: str | None = None
    constraints: list[object] = []
    for item in metadata:
        if isinstance(item, SourceMarker):
            if source is not None and source is not item.source:
                raise PlanError(
                    f'parameter "{name}" is marked both {source.value} and {item.source.value}; '
                    "pick one"
                )
            source = item.source
        elif isinstance(item, Extract):
            extract = item
        elif isinstance(item, Alias):
            alias = item.name
        else:
            constraints.append(item)
    if extract is not None:
        if source is not None:
            raise PlanError(f'parameter "{name}" is both a {source.value} and Extract(...); pick one')
        dependency = _plan_dependency(extract, request_types, overrides, stack)
        _check_injects(name, inner, dependency)
        return DependencyParam(name, dependency)
    if source is None:
        raise PlanError(f'parameter "{name}" is Annotated but not an extractor')
    typed = Annotated[(inner, *constraints)] if constraints else inner
    if source.reads_body:
        return BodyParam(source, name, typed)
    bare = strip_optional(inner)
    if source is Source.QUERY and _is_group(bare):
        assert isinstance(bare, type)
        return QueryGroup(name, bare, _group_fields(bare), default)
    wire = alias if alias is not None else name
    if source is Source.HEADER:
        wire = (alias if alias is not None else name.replace("_", "-")).lower()
    many = get_origin(bare) in _SEQUENCE_ORIGINS or bare in _SEQUENCE_ORIGINS
    return Param(source, name, wire, typed, bare, default, many)


def _plan_dependency(
    extract: Extract,
    request_types: tuple[type, ...],
    overrides: Mapping[Callable[..., object], Callable[..., object]],
    stack: tuple[Callable[..., object], ...],
) -> Dependency:
    import inspect

    fn = overrides.get(extract.fn, extract.fn)
    if fn in stack:
        chain = " -> ".join(describe(f) for f in (*stack, fn))
        raise PlanError(f"custom extractors depend on each other in a cycle: {chain}")
    try:
        call = plan_call(fn, request_types=request_types, overrides=overrides, _stack=stack)
    except PlanError as exc:
        raise PlanError(_rules.in_custom_extractor(describe(fn), str(exc))) from exc
    kind: Literal["sync", "async", "gen", "asyncgen"]
    if inspect.isasyncgenfunction(fn):
        kind = "asyncgen"
    elif inspect.isgeneratorfunction(fn):
        kind = "gen"
    elif inspect.iscoroutinefunction(fn):
        kind = "async"
    else:
        kind = "sync"
    return Dependency(fn, kind, extract.sync_to_thread, call)


def _check_injects(name: str, declared: object, dependency: Dependency) -> None:
    """`Annotated[T, Extract(fn)]`: what `fn` injects (its return annotation says) must be a `T`."""
    returns = dependency.call.returns
    if returns is MISSING:
        return
    injected = injected_type(returns)
    if not _rules.injects(injected, declared):
        fn = dependency.fn
        raise PlanError(
            _rules.extractor_injects_another_type(
                name,
                _rules.type_name(declared),
                describe(fn),
                getattr(fn, "__name__", repr(fn)),
                _rules.type_name(injected),
            )
        )


_YIELDING: Final = frozenset(
    {abc.Iterator, abc.Generator, abc.AsyncIterator, abc.AsyncGenerator, abc.Iterable, abc.AsyncIterable}
)


def injected_type(annotation: object) -> object:
    """The type a custom extractor injects, from its return annotation.

    A generator's yield type, an awaitable's result and a `Result`'s success type:
    `AsyncIterator[Db]`, `Awaitable[Db]` and `Result[Db, E]` all inject a `Db`.
    """
    origin = get_origin(annotation)
    if origin in _YIELDING or origin in (abc.Awaitable, abc.Coroutine):
        args = get_args(annotation)
        return injected_type(args[-1] if origin in (abc.Awaitable, abc.Coroutine) else args[0])
    module = getattr(origin, "__module__", "")
    if module == "returns.result" and getattr(origin, "__name__", "") == "Result":
        return injected_type(get_args(annotation)[0])
    return annotation


def _lift_optional_extractor(annotation: object) -> object:
    """`Query[int] | None` means `Query[int | None]`: move the `None` inside."""
    if get_origin(annotation) not in (Union, types.UnionType):
        return annotation
    args = get_args(annotation)
    extractors = [a for a in args if get_origin(a) is Annotated]
    if len(extractors) != 1 or len(args) != 2 or type(None) not in args:
        return annotation
    inner = extractors[0]
    return Annotated[(inner.__origin__ | None, *inner.__metadata__)]


def strip_optional(tp: object) -> object:
    """The type without `Annotated` and without a `| None`."""
    while get_origin(tp) is Annotated:
        tp = tp.__origin__  # type: ignore[attr-defined]  # Annotated's runtime attribute
    if get_origin(tp) in (Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return strip_optional(args[0])
    return tp


def is_group(tp: object) -> bool:
    """Whether `tp` is a Struct, dataclass or TypedDict: a type whose fields are named values."""
    return _is_group(tp)


def _is_group(tp: object) -> bool:
    import dataclasses

    return isinstance(tp, type) and (
        issubclass(tp, msgspec.Struct)
        or dataclasses.is_dataclass(tp)
        or typing.is_typeddict(tp)
    )


def group_fields(group: type, source: Source = Source.QUERY) -> tuple[Param, ...]:
    """One parameter per field of a Struct, dataclass or TypedDict (for query groups and forms)."""
    return _group_fields(group, source)


def _group_fields(group: type, source: Source = Source.QUERY) -> tuple[Param, ...]:
    import dataclasses

    hints = typing.get_type_hints(group, include_extras=True)
    fields: list[Param] = []
    if issubclass(group, msgspec.Struct):
        for info in msgspec.structs.fields(group):
            default = MISSING if info.required else _struct_default(info)
            fields.append(_group_field(info.encode_name, hints[info.name], default, source))
    elif dataclasses.is_dataclass(group):
        for dc_field in dataclasses.fields(group):
            has_default = (
                dc_field.default is not dataclasses.MISSING
                or dc_field.default_factory is not dataclasses.MISSING
            )
            fields.append(
                _group_field(dc_field.name, hints[dc_field.name], None if has_default else MISSING, source)
            )
    else:
        required: frozenset[str] = group.__required_keys__  # type: ignore[attr-defined]  # TypedDict runtime attribute
        for key, hint in hints.items():
            fields.append(_group_field(key, hint, MISSING if key in required else None, source))
    return tuple(fields)


def _struct_default(info: msgspec.structs.FieldInfo) -> object:
    if info.default is not msgspec.NODEFAULT:
        return info.default
    return None  # a default_factory: the group's constructor fills it in


def _group_field(wire: str, annotation: object, default: object, source: Source) -> Param:
    bare = strip_optional(annotation)
    many = get_origin(bare) in _SEQUENCE_ORIGINS or bare in _SEQUENCE_ORIGINS
    return Param(source, wire, wire, annotation, bare, default, many)
