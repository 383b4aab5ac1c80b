"""Source text, read again with `ast`: what mypy's tree no longer holds.

mypy drops `Annotated` metadata while it parses: `Annotated[User, Extract(current_user)]`
reaches a plugin as `User`, and `Path[Annotated[int, Alias("uid")]]` as `Path[int]`. The
call is still in the file, so the plugin reads it there. Modules are parsed once per
content (a file that changes is parsed again) and indexed by function and by top-level
assignment.
"""

from __future__ import annotations

import ast
import os
from dataclasses import dataclass, field
from typing import TypeAlias

FunctionNode: TypeAlias = ast.FunctionDef | ast.AsyncFunctionDef


@dataclass(frozen=True)
class FunctionSite:
    """A function as written: its node, its `__qualname__` and its code's first line."""

    node: FunctionNode
    qualname: str
    first_line: int
    """The first decorator's line when decorated (as `co_firstlineno`), else the def's."""

    def annotation(self, parameter: str) -> ast.expr | None:
        """The parameter's annotation as written (None: it has none, or no such parameter)."""
        argument = self._argument(parameter)
        return argument.annotation if argument is not None else None

    def is_unannotated(self, parameter: str) -> bool:
        argument = self._argument(parameter)
        return argument is not None and argument.annotation is None

    def _argument(self, parameter: str) -> ast.arg | None:
        arguments = self.node.args
        for argument in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs):
            if argument.arg == parameter:
                return argument
        return None


@dataclass
class ParsedModule:
    path: str
    by_def: dict[tuple[str, int], FunctionSite] = field(default_factory=dict)
    """Functions by (name, line of `def`)."""
    by_qualname: dict[str, FunctionSite] = field(default_factory=dict)
    assignments: dict[str, ast.expr] = field(default_factory=dict)
    """Top-level `Name = ...`, `Name: T = ...` and `type Name = ...`: their values."""

    @property
    def filename(self) -> str:
        return os.path.basename(self.path)


class Sources:
    """Parsed modules, cached by path and re-parsed when the file changes."""

    def __init__(self) -> None:
        self._cache: dict[str, tuple[tuple[int, int], ParsedModule | None]] = {}

    def module(self, path: str) -> ParsedModule | None:
        try:
            stat = os.stat(path)
        except OSError:
            return None
        key = (stat.st_mtime_ns, stat.st_size)
        cached = self._cache.get(path)
        if cached is not None and cached[0] == key:
            return cached[1]
        parsed = _parse(path)
        self._cache[path] = (key, parsed)
        return parsed


def _parse(path: str) -> ParsedModule | None:
    try:
        with open(path, "rb") as file:
            tree = ast.parse(file.read(), filename=path)
    except (OSError, SyntaxError, ValueError):
        return None
    parsed = ParsedModule(path)
    _index(tree.body, "", parsed)
    type_alias = getattr(ast, "TypeAlias", None)  # `type X = ...`, Python 3.12+
    for statement in tree.body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target = statement.targets[0]
            if isinstance(target, ast.Name):
                parsed.assignments[target.id] = statement.value
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            if isinstance(statement.target, ast.Name):
                parsed.assignments[statement.target.id] = statement.value
        elif type_alias is not None and isinstance(statement, type_alias):
            name, value = getattr(statement, "name", None), getattr(statement, "value", None)
            if isinstance(name, ast.Name) and isinstance(value, ast.expr):
                parsed.assignments[name.id] = value
    return parsed


def _index(body: list[ast.stmt], prefix: str, parsed: ParsedModule) -> None:
    for statement in body:
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
            qualname = prefix + statement.name
            first = min([statement.lineno, *(d.lineno for d in statement.decorator_list)])
            site = FunctionSite(statement, qualname, first)
            parsed.by_def[(statement.name, statement.lineno)] = site
            parsed.by_qualname[qualname] = site
            _index(statement.body, qualname + ".<locals>.", parsed)
        elif isinstance(statement, ast.ClassDef):
            _index(statement.body, prefix + statement.name + ".", parsed)
        else:
            for child in ast.iter_child_nodes(statement):  # if/with/try/for/match blocks
                if isinstance(child, ast.stmt):
                    _index([child], prefix, parsed)
                elif isinstance(child, ast.ExceptHandler | ast.match_case):
                    _index(child.body, prefix, parsed)
