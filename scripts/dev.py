"""The project's two set-up commands, runnable with nothing but Python 3.11 and pip.

    python3 scripts/dev.py serve   # the example app on uvicorn, http://127.0.0.1:8000
    python3 scripts/dev.py test    # the whole test suite: pytest, then mypy --strict

Both create `.venv` on first use and reinstall into it only when pyproject.toml changes,
so the second run starts at once.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
STAMP = VENV / ".lanner-dev-stamp"


def _venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _run(*args: str | os.PathLike[str]) -> int:
    print("+", " ".join(str(a) for a in args), flush=True)
    return subprocess.call([str(a) for a in args], cwd=ROOT)


def _check(*args: str | os.PathLike[str]) -> None:
    if _run(*args) != 0:
        raise SystemExit(f"command failed: {' '.join(str(a) for a in args)}")


def ensure_venv() -> Path:
    """Create .venv and install lanner with its dev extra, unless it is up to date."""
    python = _venv_python()
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if python.exists() and STAMP.exists() and STAMP.read_text() == wanted:
        return python
    if not python.exists():
        _check(sys.executable, "-m", "venv", VENV)
    _check(python, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    _check(python, "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[dev]")
    STAMP.write_text(wanted)
    return python


def serve(python: Path, extra: list[str]) -> int:
    return _run(python, "-m", "lanner", "run", "examples.notes.app:app", *extra)


def test(python: Path, extra: list[str]) -> int:
    status = _run(python, "-m", "pytest", *extra)
    status |= _run(python, "-m", "mypy")
    return status


def main() -> None:
    commands = {"serve": serve, "test": test}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        raise SystemExit(f"usage: python3 scripts/dev.py {{{'|'.join(commands)}}} [args...]")
    python = ensure_venv()
    raise SystemExit(commands[sys.argv[1]](python, sys.argv[2:]))


if __name__ == "__main__":
    main()
