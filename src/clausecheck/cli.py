"""The command line: a thin shell over `clausecheck.api`. Parses, calls, prints, exits.

Exit codes: 0 no finding at or above the fail threshold; 1 such findings; 2 a usage,
configuration or input error. Errors are one line naming the file and the cause.
"""

from __future__ import annotations

import os
import sys
from typing import NoReturn

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def main(argv: list[str] | None = None) -> NoReturn:
    args = sys.argv[1:] if argv is None else argv
    if args in (["--version"], ["-V"]):  # fast path: no typer, no rich
        from clausecheck import __version__

        print(f"clausecheck {__version__}")
        raise SystemExit(EXIT_OK)
    from clausecheck.commands import run

    raise SystemExit(
        run(args, debug="--debug" in args or bool(os.environ.get("CLAUSECHECK_DEBUG")))
    )


if __name__ == "__main__":
    main()
