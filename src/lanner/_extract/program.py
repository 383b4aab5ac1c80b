"""Flatten a handler's plan into a program over numbered slots.

Runs once per handler, when the App is built. Custom extractors form a graph (two
parameters may ask for the same one, which may ask for others); the program lists each
extractor once, after everything it needs, so per request each runs at most once and
simply reads its arguments from slots filled before it.
"""

from __future__ import annotations

from collections.abc import Callable

import msgspec

from lanner import _rules
from lanner._extract.markers import Source
from lanner._extract.plan import (
    BodyParam,
    CallPlan,
    Dependency,
    DependencyParam,
    Input,
    Param,
    PlanError,
    QueryGroup,
    RequestParam,
    describe,
)

Args = tuple[tuple[int, ...], tuple[tuple[str, int], ...]]
"""Where a call's arguments are: positional slots, then (keyword, slot) pairs."""


class Step(msgspec.Struct, frozen=True):
    """One custom extractor call: its result goes to `slot`."""

    slot: int
    dependency: Dependency
    args: Args
    needs_body: bool
    """It reads the body, itself or through an extractor it depends on."""

    @property
    def input_slots(self) -> tuple[int, ...]:
        return (*self.args[0], *(slot for _, slot in self.args[1]))


class Program(msgspec.Struct):
    """Every input of one handler, each in its own slot, in the order they are computed."""

    size: int = 0
    leaves: list[tuple[int, Param]] = msgspec.field(default_factory=list)
    groups: list[tuple[int, QueryGroup]] = msgspec.field(default_factory=list)
    body: tuple[int, BodyParam] | None = None
    body_owner: str = ""
    request_slot: int | None = None
    steps: list[Step] = msgspec.field(default_factory=list)
    handler_args: Args = ((), ())
    _leaf_slots: dict[tuple[Source, str, str, str], int] = msgspec.field(default_factory=dict)
    _dependency_slots: dict[Callable[..., object], int] = msgspec.field(default_factory=dict)

    @property
    def path_params(self) -> list[Param]:
        """Every `Path` parameter, of the handler and of its extractors."""
        return [param for _, param in self.leaves if param.source is Source.PATH]

    def _slot(self) -> int:
        self.size += 1
        return self.size - 1

    def _call(self, plan: CallPlan) -> Args:
        positional: list[int] = []
        keywords: list[tuple[str, int]] = []
        for item in plan.inputs:
            slot = self._input(item, plan)
            if _name(item) in plan.keyword_only:
                keywords.append((_name(item), slot))
            else:
                positional.append(slot)
        return tuple(positional), tuple(keywords)

    def _input(self, item: Input, owner: CallPlan) -> int:
        if isinstance(item, Param):
            key = (item.source, item.wire, repr(item.annotation), repr(item.default))
            slot = self._leaf_slots.get(key)
            if slot is None:
                slot = self._leaf_slots[key] = self._slot()
                self.leaves.append((slot, item))
            return slot
        if isinstance(item, QueryGroup):
            slot = self._slot()
            self.groups.append((slot, item))
            return slot
        if isinstance(item, BodyParam):
            if self.body is not None:
                raise PlanError(
                    _rules.body_read_twice(self.body[1].name, self.body_owner, item.name, describe(owner.fn))
                )
            slot = self._slot()
            self.body, self.body_owner = (slot, item), describe(owner.fn)
            return slot
        if isinstance(item, RequestParam):
            if self.request_slot is None:
                self.request_slot = self._slot()
            return self.request_slot
        return self._dependency(item)

    def _dependency(self, item: DependencyParam) -> int:
        dependency = item.dependency
        slot = self._dependency_slots.get(dependency.fn)
        if slot is None:
            args = self._call(dependency.call)
            slot = self._dependency_slots[dependency.fn] = self._slot()
            inputs = {*args[0], *(s for _, s in args[1])}
            needs_body = (self.body is not None and self.body[0] in inputs) or any(
                step.needs_body for step in self.steps if step.slot in inputs
            )
            self.steps.append(Step(slot, dependency, args, needs_body))
        return slot


def compile_program(plan: CallPlan) -> Program:
    """The program that computes every argument of the planned handler."""
    program = Program()
    program.handler_args = program._call(plan)
    return program


def _name(item: Input) -> str:
    return item.name
