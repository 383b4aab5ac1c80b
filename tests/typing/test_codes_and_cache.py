"""The error codes behave like mypy's own, and incremental runs stay right: a model that
stops being encodable, or a new plugin setting, re-checks the handlers that use it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HANDLERS = '''\
from lanner import Path, get
from models import Model


@get("/a/{x}")  # type: ignore[lanner-route]
async def wrong(y: Path[int]) -> None:
    return None


@get("/model")
async def model() -> Model:
    raise NotImplementedError
'''

STRUCT = "import msgspec\n\n\nclass Model(msgspec.Struct):\n    name: str\n"
PLAIN = "class Model:\n    name: str\n"


def _mypy(project: Path, config: Path, *files: str) -> list[str]:
    """mypy's error lines for `files` of `project`, with a cache kept in the project."""
    command = [sys.executable, "-m", "mypy", "--config-file", str(config), "--cache-dir", str(project / "cache")]
    command += ["--show-traceback", "--no-error-summary", "--hide-error-context", "--no-pretty", "--no-color-output", *files]
    env = {k: v for k, v in os.environ.items() if not k.startswith("MYPY")}
    done = subprocess.run(command, cwd=project, capture_output=True, text=True, env=env, check=False)
    assert done.returncode in (0, 1) and not done.stderr.strip(), done.stdout + done.stderr
    return [line for line in done.stdout.splitlines() if line.strip()]


def _config(tmp_path: Path, extra: str = "") -> Path:
    config = tmp_path / "mypy.ini"
    config.write_text(f"[mypy]\nplugins = lanner.mypy\nstrict = True\n{extra}", encoding="utf-8")
    return config


def _project(tmp_path: Path, model: str) -> Path:
    (tmp_path / "handlers.py").write_text(HANDLERS, encoding="utf-8")
    (tmp_path / "models.py").write_text(model, encoding="utf-8")
    return tmp_path


def test_ignoring_lanner_route_covers_lanner_return(tmp_path: Path) -> None:
    source = tmp_path / "ignored.py"
    source.write_text(
        "from lanner import get\n\n\n"
        "class Money:\n    pass\n\n\n"
        '@get("/m")\n'
        "async def money() -> Money:  # type: ignore[lanner-route]\n"
        "    return Money()\n",
        encoding="utf-8",
    )
    lines = _mypy(tmp_path, _config(tmp_path, "warn_unused_ignores = False\n"), "ignored.py")

    assert lines == []


def test_disabling_lanner_return_keeps_lanner_route(tmp_path: Path) -> None:
    project = _project(tmp_path, PLAIN)
    config = _config(tmp_path, "disable_error_code = lanner-return\n")
    lines = _mypy(project, config, "handlers.py")

    assert lines == []  # the route error is ignored on its line, the return error disabled


def test_an_incremental_run_reports_a_model_that_became_unencodable(tmp_path: Path) -> None:
    project = _project(tmp_path, STRUCT)
    config = _config(tmp_path)
    assert _mypy(project, config, "handlers.py", "models.py") == []

    (project / "models.py").write_text(PLAIN, encoding="utf-8")
    lines = _mypy(project, config, "handlers.py", "models.py")

    assert [line.split(": error: ")[0] for line in lines] == ["handlers.py:11"]
    assert lines[0].endswith("msgspec does not know Model; return a msgspec Struct, dataclass or builtin type, "
                             "or add type_encoders={Model: fn}  [lanner-return]")


def test_a_new_type_encoders_setting_rechecks_the_handlers(tmp_path: Path) -> None:
    project = _project(tmp_path, PLAIN)
    first = _mypy(project, _config(tmp_path), "handlers.py", "models.py")
    encoded = _config(tmp_path, "\n[lanner.mypy]\ntype_encoders = models.Model\n")
    second = _mypy(project, encoded, "handlers.py", "models.py")

    assert [line.split(": error: ")[0] for line in first] == ["handlers.py:11"]
    assert second == []


def test_a_warm_run_replays_the_errors_from_the_cache(tmp_path: Path) -> None:
    project = _project(tmp_path, PLAIN)
    config = _config(tmp_path)
    cold = _mypy(project, config, "handlers.py", "models.py")
    warm = _mypy(project, config, "handlers.py", "models.py")

    assert warm == cold != []
