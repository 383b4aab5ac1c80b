"""`ExceptionHandler(on, fn)` is typed: mypy --strict refuses a handler for `MyError` that takes
another exception type, and accepts the typed pairs as a layer's `exception_handlers`.

mypy is slow, so one run (a module fixture) checks one file that holds every case; each test
reads the errors of its own lines.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import mypy.api
import pytest

import lanner

CASES = textwrap.dedent(
    """
    from lanner import App, ExceptionHandler, HTTPError, Request, Response


    class MyError(Exception): ...


    class OtherError(Exception): ...


    def takes_my_error(request: Request, exc: MyError) -> Response[str]:
        return Response(str(exc))


    async def takes_my_error_async(request: Request, exc: MyError) -> Response[str]:
        return Response(str(exc))


    def takes_other_error(request: Request, exc: OtherError) -> Response[str]:
        return Response(str(exc))


    def takes_http_error(request: Request, exc: HTTPError) -> Response[str]:
        return Response(exc.detail)


    right = ExceptionHandler(MyError, takes_my_error)  # case: right
    right_async = ExceptionHandler(MyError, takes_my_error_async)  # case: right-async
    by_status = ExceptionHandler(404, takes_http_error)  # case: by-status
    wrong = ExceptionHandler(MyError, takes_other_error)  # case: wrong
    wrong_status = ExceptionHandler(404, takes_my_error)  # case: wrong-status
    app = App([], exception_handlers=[ExceptionHandler(MyError, takes_my_error)])  # case: inline-list
    pairs = [ExceptionHandler(MyError, takes_my_error), ExceptionHandler(404, takes_http_error)]  # case: mixed-list
    mixed = App([], exception_handlers=pairs)  # case: mixed-app
    """
)


@pytest.fixture(scope="module")
def errors_by_case(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """The mypy --strict errors of CASES, keyed by the `# case:` tag of their line."""
    source = tmp_path_factory.mktemp("typing") / "exception_handler_cases.py"
    source.write_text(CASES, encoding="utf-8")
    stdout, stderr, _ = mypy.api.run(
        ["--strict", "--no-error-summary", "--config-file=", "--cache-dir=/dev/null", str(source)]
    )
    assert stderr == ""
    tags = {
        number: line.split("# case: ", 1)[1]
        for number, line in enumerate(CASES.splitlines(), start=1)
        if "# case: " in line
    }
    found: dict[str, list[str]] = {tag: [] for tag in tags.values()}
    for line in stdout.splitlines():
        location, _, message = line.partition(": error: ")
        if not message:
            continue
        number = int(Path(location).name.split(":")[1])
        found.setdefault(tags.get(number, f"line {number}"), []).append(message)
    return found


@pytest.mark.parametrize("case", ["right", "right-async", "by-status"])
def test_a_handler_taking_its_exception_type_type_checks(errors_by_case: dict[str, list[str]], case: str) -> None:
    assert errors_by_case[case] == []


def test_a_handler_taking_another_exception_type_is_a_type_error(errors_by_case: dict[str, list[str]]) -> None:
    (error,) = errors_by_case["wrong"]
    assert 'Argument 2 to "ExceptionHandler" has incompatible type' in error
    assert "OtherError" in error and "MyError" in error


def test_a_status_code_handler_must_take_an_http_error(errors_by_case: dict[str, list[str]]) -> None:
    (error,) = errors_by_case["wrong-status"]
    assert 'Argument 2 to "ExceptionHandler" has incompatible type' in error
    assert "HTTPError" in error


def test_typed_pairs_in_a_list_given_to_a_layer_type_check(errors_by_case: dict[str, list[str]]) -> None:
    assert errors_by_case["inline-list"] == []


def test_typed_pairs_for_different_exceptions_in_one_list_type_check(errors_by_case: dict[str, list[str]]) -> None:
    assert (errors_by_case["mixed-list"], errors_by_case["mixed-app"]) == ([], [])


def test_nothing_else_in_the_cases_is_an_error(errors_by_case: dict[str, list[str]]) -> None:
    assert {case: errors for case, errors in errors_by_case.items() if case.startswith("line ")} == {}


def test_exception_handler_is_importable_from_lanner() -> None:
    assert "ExceptionHandler" in lanner.__all__
    assert getattr(lanner, "ExceptionHandler", None) is not None
