"""Every example shown in docs/*.md is a copy of a file in docs/examples/, byte for byte.

A fenced ```python block preceded by a line `<!-- example: docs/examples/xyz.py -->` must
equal that file; the file is what tests/docs imports and runs, so the page shows tested code.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
MARKER = re.compile(r"^<!-- example: (?P<path>docs/examples/[\w/]+\.py) -->$")


def _snippets() -> list[tuple[str, int, str, str]]:
    """(page, line, example path, code) for every marked block of every page."""
    found: list[tuple[str, int, str, str]] = []
    for page in sorted(DOCS.glob("*.md")):
        lines = page.read_text(encoding="utf-8").splitlines()
        for index, line in enumerate(lines):
            match = MARKER.match(line)
            if match is None:
                continue
            assert index + 1 < len(lines) and lines[index + 1] == "```python", (
                f"{page.name}:{index + 1}: the example marker must be followed by a ```python fence"
            )
            end = lines.index("```", index + 2)
            code = "\n".join(lines[index + 2 : end]) + "\n"
            found.append((page.name, index + 1, match["path"], code))
    return found


SNIPPETS = _snippets()


@pytest.mark.parametrize(
    ("page", "line", "example", "code"),
    SNIPPETS,
    ids=[f"{page}:{line}" for page, line, _, _ in SNIPPETS],
)
def test_snippet_equals_its_example_file(page: str, line: int, example: str, code: str) -> None:
    assert code == (ROOT / example).read_text(encoding="utf-8")


def test_every_example_file_is_shown_on_a_page() -> None:
    shown = {example for _, _, example, _ in SNIPPETS}
    files = {
        str(path.relative_to(ROOT))
        for path in (DOCS / "examples").glob("*.py")
        if path.name != "__init__.py"
    }

    assert files - shown == set()


def test_every_page_shows_at_least_one_example() -> None:
    pages = {path.name for path in DOCS.glob("*.md")}
    with_examples = {page for page, _, _, _ in SNIPPETS}

    assert pages - with_examples == set()
