"""The README's example output is the real output (scripts/readme_examples.py re-makes it)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _script():
    spec = importlib.util.spec_from_file_location(
        "readme_examples", ROOT / "scripts" / "readme_examples.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_examples_are_the_real_output() -> None:
    script = _script()
    text = script.README.read_text(encoding="utf-8")
    assert text.count("\n$ clausecheck ") >= 3  # the examples are still there
    assert script.update(text) == text, "run: python scripts/readme_examples.py"
