#!/usr/bin/env python3
"""Keep the README's example output true: every fenced block that starts with
`$ clausecheck ARGS` is re-run and its output written back.

    python scripts/readme_examples.py          # rewrite README.md in place
    python scripts/readme_examples.py --check  # exit 1 if any block is out of date

A block may show only the head of the output: when it has a line `…`, about as many
lines as are before it now are kept (whole rows only), then `…`, then the last line.
"""

from __future__ import annotations

import glob
import os
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
FENCE = "```"
PROMPT = "$ clausecheck "
ELLIPSIS = "…"


def run(command: str) -> list[str]:
    """The output lines of `clausecheck ARGS`, globs expanded as a shell would, no colour."""
    args: list[str] = []
    for word in shlex.split(command[len(PROMPT) :]):
        args += sorted(glob.glob(word, root_dir=ROOT)) if "*" in word else [word]
    env = {**os.environ, "NO_COLOR": "1", "CLAUSECHECK_NO_PROGRESS": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "clausecheck", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return [line.rstrip() for line in done.stdout.splitlines()]


def refreshed(block: list[str]) -> list[str]:
    """A block (its lines between the fences) with its output re-made."""
    command, shown = block[0], block[1:]
    output = run(command)
    if ELLIPSIS in shown:
        head = shown.index(ELLIPSIS)
        if len(output) > head + 1:
            # cut before the first row that would not be shown whole (a row's continuation
            # lines are indented)
            while head > 0 and output[head].startswith(" "):
                head -= 1
            output = [*output[:head], ELLIPSIS, output[-1]]
    return [command, *output]


def update(text: str) -> str:
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        out.append(lines[i])
        if lines[i].strip() == FENCE and i + 1 < len(lines) and lines[i + 1].startswith(PROMPT):
            end = lines.index(FENCE, i + 1)
            out += refreshed(lines[i + 1 : end])
            i = end
            continue
        i += 1
    return "\n".join(out)


def main() -> int:
    text = README.read_text(encoding="utf-8")
    new = update(text)
    if "--check" in sys.argv[1:]:
        if new != text:
            print("README.md: example output is out of date; run scripts/readme_examples.py")
            return 1
        return 0
    README.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
