"""docs/static-checking.md: the mypy output shown is what mypy prints for the example, and
building the example's app raises the first of those messages."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from docs.examples import static_checking
from lanner import ImproperlyConfigured

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "static-checking.md"
EXAMPLES = ROOT / "docs" / "examples"
MARKER = "<!-- mypy output of docs/examples/static_checking.py -->"


def _shown_output() -> list[str]:
    lines = PAGE.read_text(encoding="utf-8").splitlines()
    start = lines.index(MARKER)
    assert lines[start + 1] == "```text"
    end = lines.index("```", start + 2)
    return lines[start + 2 : end]


def _mypy(tmp_path: Path) -> list[str]:
    config = tmp_path / "mypy.ini"
    config.write_text("[mypy]\nplugins = lanner.mypy\nstrict = True\n", encoding="utf-8")
    command = [sys.executable, "-m", "mypy", "--config-file", str(config), "--cache-dir", str(tmp_path / "cache")]
    command += ["--show-traceback", "--no-error-summary", "--no-pretty", "--no-color-output", "static_checking.py"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("MYPY")}
    done = subprocess.run(command, cwd=EXAMPLES, capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 1 and not done.stderr, done.stdout + done.stderr
    return done.stdout.splitlines()


def test_the_page_shows_what_mypy_reports_for_the_example(tmp_path: Path) -> None:
    assert _mypy(tmp_path) == _shown_output()


def test_building_the_example_raises_the_first_message_mypy_shows() -> None:
    first = re.sub(r"^[\w.]+:\d+: error: (.*)  \[lanner-route\]$", r"\1", _shown_output()[0])

    with pytest.raises(ImproperlyConfigured) as info:
        static_checking.build_app()

    assert str(info.value) == first
