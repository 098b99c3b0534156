"""Typer commands. `clausecheck FILE…` is short for `clausecheck check FILE…`."""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

try:  # typer 0.2x vendors its own Click; its exceptions are not the `click` package's
    from typer import _click as click
except ImportError:  # older typer depends on the click package
    import click
import typer
from typer.core import TyperGroup

from clausecheck import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class UserError(Exception):
    """A mistake in the command line, the configuration or a rule file: one line, exit 2."""


class _DefaultToCheck(TyperGroup):
    """Route `clausecheck contract.pdf` to the `check` command."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        first = next((a for a in args if not a.startswith("-")), None)
        wants_help = any(a in ("--help", "-h") for a in args) and first is None
        if args and not wants_help and first not in self.commands and args[0] not in (
            "--install-completion", "--show-completion",
        ):  # fmt: skip
            args = ["check", *args]
        return super().parse_args(ctx, args)


app = typer.Typer(
    cls=_DefaultToCheck,
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Check a software contract for the clauses that protect the buyer.\n\n"
    "clausecheck CONTRACT.pdf|.docx|.txt [more files or folders]",
)
rules_app = typer.Typer(help="List, show, validate and test rules.", no_args_is_help=True)
app.add_typer(rules_app, name="rules")


class Fmt(str, Enum):
    table = "table"
    json = "json"
    sarif = "sarif"
    github = "github"
    junit = "junit"
    markdown = "markdown"
    csv = "csv"
    html = "html"


class PdfEngine(str, Enum):
    auto = "auto"
    pdfium = "pdfium"
    pdfplumber = "pdfplumber"


PathsArg = Annotated[list[str], typer.Argument(help="Contracts: files, folders, globs.")]
PackOpt = Annotated[str | None, typer.Option("--pack", help="Rule pack name or folder.")]
RulesOpt = Annotated[
    list[str] | None, typer.Option("--rules", help="Extra rule file or folder (repeatable).")
]
LangOpt = Annotated[str | None, typer.Option("--lang", help="Report language: zh or en.")]
OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file.")]
JobsOpt = Annotated[
    int | None, typer.Option("--jobs", "-j", min=1, help="Parallel processes (default: cores).")
]
ExcludeOpt = Annotated[
    list[str] | None, typer.Option("--exclude", help="Skip paths matching GLOB (repeatable).")
]
BuyerOpt = Annotated[
    str | None, typer.Option("--buyer", help="Which party is the buyer: 甲方, 乙方, 'Party A'.")
]


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", "-V", help="Show the version.")] = False,
) -> None:
    if version:
        typer.echo(f"clausecheck {__version__}")
        raise typer.Exit(EXIT_OK)


@app.command("check")
def check_command(
    paths: PathsArg,
    fmt: Annotated[Fmt | None, typer.Option("--format", "-f", help="Output format.")] = None,
    output: OutputOpt = None,
    lang: LangOpt = None,
    pack: PackOpt = None,
    rules: RulesOpt = None,
    buyer: BuyerOpt = None,
    jobs: JobsOpt = None,
    exclude: ExcludeOpt = None,
    details: Annotated[
        bool, typer.Option("--details", help="Per-rule detail for every file.")
    ] = False,
    fail_on: Annotated[
        str | None, typer.Option("--fail-on", help="Statuses that fail (default missing,risky).")
    ] = None,
    min_severity: Annotated[
        str | None,
        typer.Option("--min-severity", help="Lowest severity that fails: low|medium|high."),
    ] = None,
    exit_zero: Annotated[
        bool, typer.Option("--exit-zero", help="Exit 0 even with findings.")
    ] = False,
    pdf_engine: Annotated[PdfEngine, typer.Option("--pdf-engine")] = PdfEngine.auto,
    password: Annotated[str | None, typer.Option("--password", help="PDF password.")] = None,
    max_pages: Annotated[int | None, typer.Option("--max-pages", min=1)] = None,
    ocr: Annotated[
        bool | None,
        typer.Option("--ocr/--no-ocr", help="Recognise scanned pages (needs clausecheck[ocr])."),
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Do not read or write cached texts and results.")
    ] = False,
    baseline: Annotated[
        Path | None, typer.Option("--baseline", help="Fail only on findings not in this file.")
    ] = None,
    write_baseline: Annotated[
        Path | None, typer.Option("--write-baseline", help="Record current findings here.")
    ] = None,
    config: Annotated[Path | None, typer.Option("--config", help="Configuration file.")] = None,
    color: Annotated[bool | None, typer.Option("--color/--no-color")] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
) -> None:
    """Check contracts and print the gap table (or another format)."""
    from clausecheck.runner import CheckRequest, run_check

    request = CheckRequest(
        paths=paths, fmt=fmt.value if fmt else None, output=output, lang=lang, pack=pack,
        rules=tuple(rules or ()), buyer=buyer, jobs=jobs, exclude=tuple(exclude or ()),
        details=details, fail_on=fail_on, min_severity=min_severity, exit_zero=exit_zero,
        pdf_engine=pdf_engine.value, password=password, max_pages=max_pages,
        ocr=None if ocr is None else ("always" if ocr else "never"),
        use_cache=not no_cache, baseline=baseline, write_baseline=write_baseline,
        config=config, color=color,
    )  # fmt: skip
    raise typer.Exit(run_check(request))


class CompareFmt(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    html = "html"
    markdown = "markdown"


@app.command("compare")
def compare_command(
    paths: PathsArg,
    fmt: Annotated[CompareFmt, typer.Option("--format", "-f")] = CompareFmt.table,
    output: OutputOpt = None,
    lang: LangOpt = None,
    pack: PackOpt = None,
    rules: RulesOpt = None,
    buyer: BuyerOpt = None,
    jobs: JobsOpt = None,
    exclude: ExcludeOpt = None,
    color: Annotated[bool | None, typer.Option("--color/--no-color")] = None,
    debug: Annotated[bool, typer.Option("--debug")] = False,
) -> None:
    """Compare vendors' drafts side by side: items as rows, vendors as columns."""
    from clausecheck.runner import CheckRequest, run_compare

    request = CheckRequest(
        paths=paths, fmt=fmt.value, output=output, lang=lang, pack=pack,
        rules=tuple(rules or ()), buyer=buyer, jobs=jobs, exclude=tuple(exclude or ()),
        color=color,
    )  # fmt: skip
    raise typer.Exit(run_compare(request))


@rules_app.command("list")
def rules_list(pack: PackOpt = None, rules: RulesOpt = None, lang: LangOpt = None) -> None:
    """Every rule of the pack: id, title, severity, pack."""
    from clausecheck.rulecmds import list_rules

    list_rules(pack, tuple(rules or ()), lang)


@rules_app.command("show")
def rules_show(
    rule_id: Annotated[str, typer.Argument(metavar="ID")],
    pack: PackOpt = None,
    rules: RulesOpt = None,
    lang: LangOpt = None,
) -> None:
    """What a rule checks, its advice and its examples."""
    from clausecheck.rulecmds import show_rule

    show_rule(rule_id, pack, tuple(rules or ()), lang)


@rules_app.command("validate")
def rules_validate(
    paths: Annotated[list[Path], typer.Argument(help="Rule files or folders.")],
) -> None:
    """Validate rule files against the schema (exit 2 on the first error)."""
    from clausecheck.rulecmds import validate_rules

    validate_rules(paths)


@rules_app.command("test")
def rules_test(paths: Annotated[list[Path], typer.Argument(help="Rule files or folders.")]) -> None:
    """Run every example of every rule; exit 1 if any does not come out as written."""
    from clausecheck.rulecmds import test_rules

    raise typer.Exit(test_rules(paths))


class ConfigFmt(str, Enum):
    table = "table"
    json = "json"


@app.command("config")
def config_command(
    config: Annotated[Path | None, typer.Option("--config", help="Configuration file.")] = None,
    fmt: Annotated[ConfigFmt, typer.Option("--format", "-f")] = None,
) -> None:
    """Print the effective configuration and where each value came from."""
    from clausecheck.runner import show_config

    show_config(config, (fmt or ConfigFmt.table).value)


class EvalFmt(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"


@app.command("eval")
def eval_command(
    folder: Annotated[Path, typer.Argument(help="Folder of labelled contracts.")],
    labels: Annotated[
        Path | None, typer.Option("--labels", help="Labels file (default: FOLDER/labels.tsv).")
    ] = None,
    fmt: Annotated[EvalFmt, typer.Option("--format", "-f")] = EvalFmt.table,
    output: OutputOpt = None,
    pack: PackOpt = None,
    rules: RulesOpt = None,
    fail_under: Annotated[
        list[str] | None,
        typer.Option("--fail-under", help="METRIC=VALUE, e.g. presence-f1=0.95 (repeatable)."),
    ] = None,
    show_agreements: Annotated[
        bool, typer.Option("--all", help="List every item, not only disagreements.")
    ] = False,
    jobs: JobsOpt = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Do not read or write cached texts and results.")
    ] = False,
    color: Annotated[bool | None, typer.Option("--color/--no-color")] = None,
    debug: Annotated[bool, typer.Option("--debug")] = False,
) -> None:
    """Measure the rules against labelled contracts: precision, recall, agreement."""
    from clausecheck.evaluation import EvalRequest, run_eval

    request = EvalRequest(
        folder=folder, labels=labels, fmt=fmt.value, output=output, pack=pack,
        rules=tuple(rules or ()), fail_under=tuple(fail_under or ()),
        show_agreements=show_agreements, color=color, jobs=jobs, use_cache=not no_cache,
    )  # fmt: skip
    raise typer.Exit(run_eval(request))


def run(args: list[str], debug: bool = False) -> int:
    """Run the app and map every failure to an exit code: never a traceback for a user."""
    from clausecheck.model import InputError
    from clausecheck.rules.loader import RuleError

    try:
        # Outside standalone mode Click returns the code of a typer.Exit instead of raising.
        code = app(args=args, prog_name="clausecheck", standalone_mode=False)
        return code if isinstance(code, int) else EXIT_OK
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:
        _error("aborted")
        return EXIT_ERROR
    except click.ClickException as exc:  # usage errors: exit 2, never Click's 1
        if type(exc).__name__ == "NoArgsIsHelpError":  # bare `clausecheck`: the help
            sys.stdout.write(exc.format_message() + "\n")
            return EXIT_ERROR
        hint = ""
        if isinstance(exc, click.exceptions.UsageError) and exc.ctx is not None:
            hint = f" (see: {exc.ctx.command_path} --help)"
        _error(" ".join(exc.format_message().split()) + hint)
        return EXIT_ERROR
    except (UserError, RuleError) as exc:
        _error(str(exc))
        return EXIT_ERROR
    except InputError as exc:
        _error(f"{exc.path}: {exc.message}" if exc.path else exc.message)
        return EXIT_ERROR
    except KeyboardInterrupt:
        _error("interrupted")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # a bug of ours: one line, the traceback only with --debug
        if debug:
            raise
        _error(f"internal error: {type(exc).__name__}: {exc} (run with --debug for details)")
        return EXIT_ERROR


def _error(message: str) -> None:
    sys.stderr.write(f"clausecheck: error: {message}\n")
    sys.stderr.flush()


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")
