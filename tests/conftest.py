"""Shared fixtures. `cli` runs the command line in this process, as `clausecheck ARGS`
would (the same `main`, its exit code, its stdout and stderr), with a private cache."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from clausecheck.cli import main
from clausecheck.rules.loader import load_ruleset


@dataclass(frozen=True)
class Result:
    returncode: int
    stdout: str
    stderr: str


Cli = Callable[..., Result]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Cli:
    """`cli(*args, cwd=None, env=None, input=None)` -> Result(returncode, stdout, stderr)."""
    monkeypatch.setenv("CLAUSECHECK_CACHE_DIR", str(tmp_path / ".cli-cache"))
    monkeypatch.delenv("COLUMNS", raising=False)  # the table's width: the default, not the shell's

    def run(*args: object, cwd: Path | None = None, env: dict[str, str] | None = None,
            input: str | None = None) -> Result:  # fmt: skip
        with monkeypatch.context() as patch:
            if cwd is not None:
                patch.chdir(cwd)
            for key, value in (env or {}).items():
                patch.setenv(key, value)
            if input is not None:
                patch.setattr("sys.stdin", io.StringIO(input))
            capsys.readouterr()
            try:
                main([str(a) for a in args])
            except SystemExit as exc:
                code = exc.code
            out, err = capsys.readouterr()
        return Result(int(code or 0), out, err)

    return run


@pytest.fixture(scope="session")
def rule_count() -> int:
    """How many rules the default pack has (a check reports each once)."""
    return len(load_ruleset().rules)
