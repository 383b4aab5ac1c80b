"""The plugin's cases: mypy runs once over tests/typing/cases, and

- each `cases/NAME.py` gets exactly its golden `cases/NAME.out` (every mistake its message,
  code and line; a file of correct handlers, nothing);
- build time agrees: a handler the plugin reports is refused by `App(...)` in the words of
  one of the plugin's messages (both take them from `lanner._rules`).

`LANNER_UPDATE_GOLDEN=1 pytest tests/typing` rewrites the .out files from mypy's output:
review the diff before committing it.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from lanner import App, ImproperlyConfigured, RouteHandler
from lanner._extract.plan import describe

HERE = Path(__file__).parent
CASES = HERE / "cases"
CASE_FILES = sorted(path.name for path in CASES.glob("*.py"))


def run_mypy(files: list[str], cwd: Path, cache_dir: Path, config: Path) -> list[str]:
    """mypy's error lines for `files` (paths relative to `cwd`), in a subprocess."""
    command = [sys.executable, "-m", "mypy", "--config-file", str(config), "--cache-dir", str(cache_dir)]
    command += ["--show-traceback", "--no-error-summary", "--hide-error-context", "--no-pretty", "--no-color-output", *files]
    env = {k: v for k, v in os.environ.items() if not k.startswith("MYPY")}
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env, check=False)
    if done.returncode not in (0, 1) or done.stderr.strip():
        raise AssertionError(f"mypy failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return [line for line in done.stdout.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def case_output(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """mypy's lines for every case file, by file name: one run for all of them."""
    lines = run_mypy(CASE_FILES, CASES, tmp_path_factory.mktemp("mypy-cache"), HERE / "mypy.ini")
    by_file: dict[str, list[str]] = {name: [] for name in CASE_FILES}
    for line in lines:
        by_file.setdefault(line.partition(":")[0], []).append(line)
    return by_file


# --- golden output -------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASE_FILES)
def test_mypy_reports_exactly_the_golden_output(case: str, case_output: dict[str, list[str]]) -> None:
    golden = CASES / case.replace(".py", ".out")
    got = case_output[case]
    if os.environ.get("LANNER_UPDATE_GOLDEN"):
        golden.write_text("".join(f"{line}\n" for line in got), encoding="utf-8")
    expected = golden.read_text(encoding="utf-8").splitlines() if golden.exists() else []

    # Sorted: mypy 1.19 and 2.x order mypy's own error and the plugin's on one line differently.
    assert sorted(got) == sorted(expected)


def test_every_golden_file_has_its_case() -> None:
    outputs = {path.name.replace(".out", ".py") for path in CASES.glob("*.out")}

    assert outputs <= set(CASE_FILES)


def test_nothing_but_the_plugin_reports_in_the_cases(case_output: dict[str, list[str]]) -> None:
    """The cases are otherwise correct strict code: every error is one of lanner's."""
    others = [
        line
        for lines in case_output.values()
        for line in lines
        if ": error:" in line and not line.endswith(("[lanner-route]", "[lanner-return]"))
        and "[no-untyped-def]" not in line
    ]

    assert others == []


# --- build time agrees ---------------------------------------------------------------------------

BUILD_TIME_ONLY = {
    ("route_template.py", "no_leading_slash"): "without a Router prefix the path must start with /",
    ("route_placeholders.py", "filled_by_a_router_prefix"): "a Router prefix may hold the placeholder",
    ("route_parameters.py", "left_to_build_time"): "Annotated without a marker, and Any",
    ("return_encodable.py", "encoded_by_the_app"): "the App's type_encoders (named in the plugin's config) encode it",
    ("good_handlers.py", "list_comments"): "its Router prefix holds the placeholder",
}
"""Handlers `App([handler])` refuses for a reason the plugin, on purpose, does not report."""

MESSAGE = re.compile(r"^(?P<file>[\w.]+):(?P<line>\d+): error: (?P<message>.*?)  \[lanner-(route|return)\]$")


def _load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"lanner_typing_case_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _handlers() -> Iterator[tuple[str, str, RouteHandler[Callable[..., Any]]]]:
    for path in sorted(CASES.glob("*.py")):
        module = _load(path)
        for name, value in vars(module).items():
            if isinstance(value, RouteHandler) and value.fn.__module__ == module.__name__:
                yield path.name, name, value


HANDLERS = list(_handlers())


def _plugin_messages(case: str, handler: RouteHandler[Callable[..., Any]], output: dict[str, list[str]]) -> list[str]:
    """The plugin's messages about `handler`: those naming it as build time does."""
    named = f": handler {describe(handler.fn)} "
    found = []
    for line in output[case]:
        match = MESSAGE.match(line)
        if match is not None and (named in match["message"] or f"{named[:-1]}: " in match["message"]):
            found.append(match["message"])
    return found


@pytest.mark.parametrize(("case", "name", "handler"), HANDLERS, ids=[f"{c}::{n}" for c, n, _ in HANDLERS])
def test_build_time_refuses_what_the_plugin_reports_in_the_same_words(
    case: str, name: str, handler: RouteHandler[Callable[..., Any]], case_output: dict[str, list[str]]
) -> None:
    reported = _plugin_messages(case, handler, case_output)
    try:
        App([handler])
    except ImproperlyConfigured as exc:
        refused: str | None = str(exc)
    else:
        refused = None

    if (case, name) in BUILD_TIME_ONLY:
        assert refused is not None and refused not in reported, BUILD_TIME_ONLY[(case, name)]
    elif reported:
        assert refused in reported
    else:
        assert refused is None
