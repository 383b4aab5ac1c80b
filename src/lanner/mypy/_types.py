"""Build time's decisions about types, taken on mypy's types.

Each function mirrors one runtime function and says so; where the static type does not
decide the question (Any, type variables, a form it does not know), it answers "cannot
tell" (None) and the caller stays quiet.
"""

from __future__ import annotations

import datetime
import enum
import typing
import uuid
from collections.abc import Iterator

from mypy.expandtype import expand_type_by_instance
from mypy.maptype import map_instance_to_supertype
from mypy.messages import format_type_bare
from mypy.nodes import FuncDef, TypeInfo, Var
from mypy.options import Options
from mypy.types import (
    AnyType,
    CallableType,
    Instance,
    LiteralType,
    NoneType,
    ProperType,
    TupleType,
    Type,
    TypedDictType,
    TypeOfAny,
    TypeType,
    UnionType,
    get_proper_type,
    has_type_vars,
)

from lanner.mypy import _names


def show(typ: Type, options: Options) -> str:
    """A type as mypy writes it in messages, without quotes: `list[Money]`."""
    return format_type_bare(typ, options)


def returned(defn: FuncDef, signature: CallableType | None) -> Type | None:
    """The return annotation as written (`T` for `async def f() -> T`); None when missing."""
    unanalyzed = defn.unanalyzed_type
    if not isinstance(unanalyzed, CallableType) or _unannotated(unanalyzed.ret_type):
        return None
    if signature is None or _unannotated(signature.ret_type):
        return None
    ret = signature.ret_type
    proper = get_proper_type(ret)
    if defn.is_coroutine and isinstance(proper, Instance) and proper.type.fullname == _names.COROUTINE:
        return proper.args[-1]
    return ret


def _unannotated(typ: Type) -> bool:
    proper = get_proper_type(typ)
    return isinstance(proper, AnyType) and proper.type_of_any == TypeOfAny.unannotated


_YIELDING: typing.Final = frozenset(
    {
        "typing.Iterator",
        "typing.Generator",
        "typing.AsyncIterator",
        "typing.AsyncGenerator",
        "typing.Iterable",
        "typing.AsyncIterable",
    }
)
_AWAITING: typing.Final = frozenset({"typing.Awaitable", "typing.Coroutine"})


def injected(annotation: Type) -> Type:
    """`lanner._extract.plan.injected_type` on mypy types: a generator's yield type, an
    awaitable's result, a `Result`'s success type."""
    for _ in range(12):
        proper = get_proper_type(annotation)
        if not isinstance(proper, Instance) or not proper.args:
            return annotation
        name = proper.type.fullname
        if name in _YIELDING or name == _names.RESULT:
            annotation = proper.args[0]
        elif name in _AWAITING:
            annotation = proper.args[-1]
        else:
            return annotation
    return annotation


def judgeable(typ: Type) -> bool:
    """Whether a type says enough to compare it: no Any, no type variables."""
    proper = get_proper_type(typ)
    return not isinstance(proper, AnyType) and not has_type_vars(typ)


# --- converters ---------------------------------------------------------------------------------


class _NotAType:
    """What a NewType is at run time: an object, not a class."""


def strip_optional(typ: Type) -> Type:
    """`lanner._extract.plan._strip_optional`: the type without one `| None`."""
    proper = get_proper_type(typ)
    if isinstance(proper, UnionType):
        rest = [i for i in proper.items if not isinstance(get_proper_type(i), NoneType)]
        if len(rest) == 1:
            return strip_optional(rest[0])
    return typ


def runtime_stand_in(typ: Type) -> object | None:
    """A run-time type that `natural_converter` treats as it treats `typ` (None: cannot tell).

    The plugin cannot import user classes, so it hands the converter rules a standard type
    of the same kind: `IntEnum` for any int enum, `int` for a subclass of int, and so on.
    """
    proper = get_proper_type(strip_optional(typ))
    if isinstance(proper, LiteralType):
        return typing.Literal[0] if proper.fallback.type.fullname == "builtins.int" else str
    if isinstance(proper, UnionType):
        return None  # Literal[1, 2] and Literal[1] | Literal[2] look alike here; build time knows
    if isinstance(proper, TypedDictType | TupleType):
        return dict if isinstance(proper, TypedDictType) else tuple[int, str]
    if not isinstance(proper, Instance):
        return None
    info = proper.type
    if info.is_newtype:
        return _NotAType()
    if proper.args:
        return list[int]  # a generic type: not a class at run time
    if info.fullname == "builtins.bool":
        return bool
    if info.fullname == "datetime.date":
        return datetime.date
    if info.is_enum:
        return enum.IntEnum if info.has_base("builtins.int") else enum.Enum
    for base, stand_in in (("builtins.int", int), ("builtins.float", float), ("uuid.UUID", uuid.UUID)):
        if info.has_base(base):
            return stand_in
    return object


# --- responses ----------------------------------------------------------------------------------


def has_body(typ: Type) -> bool | None:
    """`lanner._build._has_body`: whether what a handler returns is sent as a body."""
    proper = get_proper_type(typ)
    if isinstance(proper, NoneType):
        return False
    if isinstance(proper, Instance):
        info = proper.type
        if info.fullname == _names.RESPONSE or info.module_name in ("returns.result", "returns.maybe"):
            return has_body(proper.args[0]) if proper.args else None
        return True
    if isinstance(proper, UnionType | TupleType | TypedDictType | LiteralType | CallableType | TypeType):
        return True
    return None


_SCALARS: typing.Final = frozenset(
    {
        "builtins.str",
        "builtins.int",
        "builtins.float",
        "builtins.bool",
        "builtins.bytes",
        "builtins.bytearray",
        "builtins.memoryview",
        "builtins.object",
        "datetime.datetime",
        "datetime.date",
        "datetime.time",
        "datetime.timedelta",
        "uuid.UUID",
        "decimal.Decimal",
    }
)
_CONTAINERS: typing.Final = frozenset(
    {
        "builtins.list",
        "builtins.tuple",
        "builtins.set",
        "builtins.frozenset",
        "builtins.dict",
        "typing.Sequence",
        "typing.MutableSequence",
        "typing.Collection",
        "typing.AbstractSet",
        "typing.MutableSet",
        "typing.Mapping",
        "typing.MutableMapping",
    }
)


class Unencodable(typing.NamedTuple):
    content: Type
    """The type build time hands to msgspec (`Money` in `Response[Money]`)."""
    unknown: str
    """The class msgspec does not know, as build time names it."""


def unencodable(typ: Type, encoders: frozenset[str]) -> Unencodable | None:
    """`lanner._respond.encode.pick_encoder`: the part of a return type lanner cannot encode."""
    proper = get_proper_type(typ)
    if isinstance(proper, Instance):
        info = proper.type
        if info.fullname == _names.RESPONSE:
            inner = get_proper_type(proper.args[0]) if proper.args else None
            if inner is None or (isinstance(inner, Instance) and inner.type.fullname == "builtins.object"):
                return None
            return _content(proper.args[0], encoders)
        if info.fullname in (_names.RESULT, _names.MAYBE) and proper.args:
            return unencodable(proper.args[0], encoders)
        if _is_response_value(proper):
            return None
    if isinstance(proper, CallableType) and not proper.is_ellipsis_args and len(proper.arg_types) == 3:
        return None  # an ASGI application
    if isinstance(proper, UnionType):
        values = [i for i in proper.items if _is_response_value(get_proper_type(i))]
        if values:
            rest = [i for i in proper.items if not _is_response_value(get_proper_type(i))]
            return unencodable(UnionType.make_union(rest), encoders) if rest else None
    return _content(typ, encoders)


def _is_response_value(proper: ProperType) -> bool:
    # Response, Redirect, Stream, File, ...: lanner's own classes are taken as values;
    # HTTPError subclasses (user-defined ones too) answer as errors.
    return isinstance(proper, Instance) and any(
        base.fullname.startswith(_names.LANNER) for base in proper.type.mro
    )


def _content(typ: Type, encoders: frozenset[str]) -> Unencodable | None:
    proper = get_proper_type(typ)
    if isinstance(proper, NoneType):
        return None
    unknown = next(_unknown_classes(typ, encoders, set(), 0), None)
    return Unencodable(typ, unknown) if unknown is not None else None


def _unknown_classes(typ: Type, encoders: frozenset[str], seen: set[str], depth: int) -> Iterator[str]:
    """The classes in `typ` msgspec does not know and no `type_encoders` entry covers."""
    if depth > 24:
        return
    proper = get_proper_type(typ)
    if isinstance(proper, UnionType | TupleType):
        for item in proper.items:
            yield from _unknown_classes(item, encoders, seen, depth + 1)
    elif isinstance(proper, TypedDictType):
        for item in proper.items.values():
            yield from _unknown_classes(item, encoders, seen, depth + 1)
    elif isinstance(proper, CallableType):
        yield "Callable"
    elif isinstance(proper, TypeType):
        yield "type"
    elif isinstance(proper, Instance):
        yield from _unknown_in_instance(proper, encoders, seen, depth)


def _unknown_in_instance(proper: Instance, encoders: frozenset[str], seen: set[str], depth: int) -> Iterator[str]:
    info = proper.type
    if any(base.fullname in encoders for base in info.mro):
        return
    if info.fullname in _SCALARS or info.is_enum or info.fullname.startswith(("msgspec.", _names.LANNER)):
        return
    if info.fullname in _CONTAINERS:
        for arg in proper.args:
            yield from _unknown_classes(arg, encoders, seen, depth + 1)
        return
    if info.is_newtype and info.bases:
        yield from _unknown_in_instance(info.bases[0], encoders, seen, depth + 1)
        return
    if info.typeddict_type is not None or info.tuple_type is not None:
        record = info.typeddict_type or info.tuple_type
        assert record is not None
        yield from _unknown_classes(expand_type_by_instance(record, proper), encoders, seen, depth + 1)
        return
    fields = _record_fields(info)
    if fields is None:
        yield _qualname(info)
        return
    key = str(proper)
    if key in seen:
        return
    seen.add(key)
    for var, owner in fields:
        if var.type is not None:
            field_type = expand_type_by_instance(var.type, map_instance_to_supertype(proper, owner))
            yield from _unknown_classes(field_type, encoders, seen, depth + 1)


def _record_fields(info: TypeInfo) -> list[tuple[Var, TypeInfo]] | None:
    """The fields msgspec encodes of a Struct, dataclass or attrs class (None: not one)."""
    if info.has_base("msgspec.Struct"):
        fields: dict[str, tuple[Var, TypeInfo]] = {}
        for owner in reversed(info.mro):
            if owner.fullname.startswith("msgspec.") or owner.fullname == "builtins.object":
                continue
            for name, symbol in owner.names.items():
                node = symbol.node
                if isinstance(node, Var) and not (node.is_classvar or node.is_inferred or node.is_final):
                    fields[name] = (node, owner)
        return list(fields.values())
    for marker in ("dataclass", "attrs"):
        metadata = info.metadata.get(marker)
        if metadata is None:
            continue
        found: list[tuple[Var, TypeInfo]] = []
        for attribute in metadata.get("attributes", []):
            if attribute.get("is_init_var"):
                continue
            for owner in info.mro:
                entry = owner.names.get(str(attribute.get("name")))
                if entry is not None and isinstance(entry.node, Var):
                    found.append((entry.node, owner))
                    break
        return found
    return None


def _qualname(info: TypeInfo) -> str:
    """`__qualname__` of the class, as build time names it."""
    qualname = info.fullname[len(info.module_name) + 1 :] if info.module_name else info.name
    return info.name if "@" in qualname or not qualname else qualname
