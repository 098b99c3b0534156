"""The errors clausecheck reports to its user, and the exit codes.

Every error a user can cause (a bad command line, configuration, rule file or input
document) is a `ClauseCheckError`: it carries the exit code the command line ends with
and the one line it prints. The command line maps them in one place (`cli.run`);
anything else is a bug of ours.

    ClauseCheckError
    ├── UserError     a command line, labels file or output path that cannot be used
    │   └── ConfigError   a configuration file or baseline that cannot be used
    ├── RuleError     a rule or pack file that cannot be used (names file, line, key)
    └── InputError    a document that could not be read (a stable `code` for JSON/SARIF)
        └── NotAContract  a readable document whose text is not a contract
"""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path

__all__ = [
    "ClauseCheckError",
    "ConfigError",
    "ExitCode",
    "InputError",
    "NotAContract",
    "RuleError",
    "UserError",
]


class ExitCode(IntEnum):
    OK = 0  # no finding at or above the fail threshold; every eval threshold met
    FINDINGS = 1  # such findings, an expired waiver, an eval threshold not met
    ERROR = 2  # a usage, configuration, rule or input error
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT)


class ClauseCheckError(Exception):
    """An error the user can fix: one line of text, and the exit code it ends the run with."""

    exit_code: ExitCode = ExitCode.ERROR

    def one_line(self) -> str:
        return str(self)


class UserError(ClauseCheckError):
    """A mistake in the command line, a labels file or an output path: one line, exit 2."""


class ConfigError(UserError):
    """A configuration file or a baseline that cannot be used."""


class RuleError(ClauseCheckError):
    """A rule or pack file that cannot be used: names the file, line and key."""

    def __init__(self, path: str | Path, message: str, line: int | None = None, key: str = ""):
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {key + ': ' if key else ''}{message}")
        self.path, self.line, self.key = str(path), line, key


class InputError(ClauseCheckError):
    """A document that could not be read. `code` is stable (JSON/SARIF carry it)."""

    def __init__(self, code: str, message: str, path: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.path = path

    def one_line(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class NotAContract(InputError):
    """A document that reads, but not as a contract (a README, a web page, a letter): never
    a report of everything missing. Named on the command line it is an error; found in a
    folder it is skipped and counted."""

    CODE = "not-a-contract"

    def __init__(self, reason: str, path: str = "") -> None:
        super().__init__(self.CODE, f"not a contract: {reason}", path)
