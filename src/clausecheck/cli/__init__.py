"""The command line: parses, calls a command of `clausecheck.app`, prints, exits.

    __init__  `main`, the console-script entry point, with the `--version` fast path
    parse     the Typer app: options and arguments -> a request -> an `app` command
    run       `run(args)`: the app run, and every exception mapped to an exit code

Exit codes (`errors.ExitCode`): 0 no finding at or above the fail threshold; 1 such
findings; 2 a usage, configuration, rule or input error; 130 interrupted. Errors are one
line naming the file and the cause.
"""

from __future__ import annotations

import os
import sys
from typing import NoReturn

from clausecheck import __version__
from clausecheck.errors import ExitCode


def main(argv: list[str] | None = None) -> NoReturn:
    args = sys.argv[1:] if argv is None else argv
    if args in (["--version"], ["-V"]):  # fast path: no typer, no rich
        print(f"clausecheck {__version__}")
        raise SystemExit(ExitCode.OK)
    # Imported here, not at the top: `run` imports typer (and so Click), which the
    # --version fast path above does without.
    from clausecheck.cli.run import run

    debug = "--debug" in args or bool(os.environ.get("CLAUSECHECK_DEBUG"))
    raise SystemExit(run(args, debug=debug))


if __name__ == "__main__":
    main()
