"""`run(args)`: the one place where an exception becomes an exit code and one line on
stderr. Never a traceback for a user (one with --debug, for a bug of ours)."""

from __future__ import annotations

import sys

import typer

from clausecheck.cli.parse import app

try:  # typer 0.28 vendors Click and names its exception base; before it, Click's own
    from typer import TyperException as UsageError
except ImportError:  # typer < 0.28
    from click import ClickException as UsageError
from clausecheck.errors import ClauseCheckError, ExitCode


def run(args: list[str], debug: bool = False) -> int:
    """Run the command line `args` (without the program name); returns the exit code."""
    try:
        # Outside standalone mode Click returns the code of a typer.Exit instead of raising.
        code = app(args=args, prog_name="clausecheck", standalone_mode=False)
        return int(code) if isinstance(code, int) else ExitCode.OK
    except typer.Exit as exc:
        return int(exc.exit_code)
    except typer.Abort:
        error("aborted")
        return ExitCode.ERROR
    except UsageError as exc:  # Click's usage errors: exit 2, never Click's 1
        message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        ctx = getattr(exc, "ctx", None)  # a usage error knows its command
        hint = f" (see: {ctx.command_path} --help)" if ctx is not None else ""
        error(" ".join(message.split()) + hint)
        return ExitCode.ERROR
    except ClauseCheckError as exc:
        error(exc.one_line())
        return exc.exit_code
    except KeyboardInterrupt:
        error("interrupted")
        return ExitCode.INTERRUPTED
    except BrokenPipeError:
        return ExitCode.OK
    except Exception as exc:  # a bug of ours: one line, the traceback only with --debug
        if debug:
            raise
        error(f"internal error: {type(exc).__name__}: {exc} (run with --debug for details)")
        return ExitCode.ERROR


def error(message: str) -> None:
    sys.stderr.write(f"clausecheck: error: {message}\n")
    sys.stderr.flush()
