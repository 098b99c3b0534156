"""The Typer app: each command turns its options into a request for `clausecheck.app` and
exits with the code it returns. `clausecheck FILE…` is short for `clausecheck check FILE…`.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup

from clausecheck import __version__, report
from clausecheck.choices import (
    BANK_MIN_CLAUSES,
    BANK_SPLITS,
    COMPARE_FORMATS,
    DIFF_FORMATS,
    EVAL_FORMATS,
    LETTER_FORMATS,
)
from clausecheck.errors import ExitCode
from clausecheck.report.options import JSON_SCHEMAS

if TYPE_CHECKING:
    from clausecheck.app.drafts import DraftRequest

# Each command imports its `clausecheck.app` module when it runs, not here: a check does
# not load the code of compare, diff, letter, redline or eval (nor --help any of it).


class _DefaultToCheck(TyperGroup):
    """Route `clausecheck contract.pdf` to the `check` command."""

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:
        first = next((a for a in args if not a.startswith("-")), None)
        wants_help = any(a in ("--help", "-h") for a in args) and first is None
        if args and not wants_help and first not in self.commands and args[0] not in (
            "--install-completion", "--show-completion",
        ):  # fmt: skip
            args = ["check", *args]
        return super().parse_args(ctx, args)


class _Command(TyperCommand):
    """A usage line as people write them, `clausecheck check [OPTIONS] PATH...` (typer
    writes a required argument `{paths}...`)."""

    def collect_usage_pieces(self, ctx: typer.Context) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if isinstance(param, TyperArgument):
                name = (param.metavar or param.name or "arg").upper()
                name += "..." if param.nargs != 1 else ""
                pieces.append(name if param.required else f"[{name}]")
        return pieces


app = typer.Typer(
    cls=_DefaultToCheck,
    add_completion=False,
    invoke_without_command=True,  # bare `clausecheck`: the help, exit 2 (see _root)
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Check a software contract for the clauses that protect the buyer.\n\n"
    "clausecheck CONTRACT.pdf|.docx|.txt [more files or folders]",
)
rules_app = typer.Typer(help="List, show, validate and test rules.", invoke_without_command=True)
app.add_typer(rules_app, name="rules")


def _help_when_bare(ctx: typer.Context) -> None:
    """A group called without a command prints its help on stdout and exits 2."""
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit(ExitCode.ERROR)


def _choice(name: str, values: tuple[str, ...]) -> type[Enum]:
    """An option's choices as the Enum typer wants, from the list the reporters declare."""
    return Enum(name, {v: v for v in values}, type=str)  # type: ignore[return-value]


Fmt = _choice("Fmt", report.FORMATS)
CompareFmt = _choice("CompareFmt", COMPARE_FORMATS)
EvalFmt = _choice("EvalFmt", EVAL_FORMATS)
BankSplit = _choice("BankSplit", BANK_SPLITS)
ConfigFmt = _choice("ConfigFmt", ("table", "json"))
DiffFmt = _choice("DiffFmt", DIFF_FORMATS)
LetterFmt = _choice("LetterFmt", LETTER_FORMATS)
PdfEngine = _choice("PdfEngine", ("auto", "pdfium", "pdfplumber"))
JsonSchema = _choice("JsonSchema", JSON_SCHEMAS)

PathsArg = Annotated[
    list[str], typer.Argument(metavar="PATH", help="Contracts: files, folders, globs.")
]
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
NoCacheOpt = Annotated[
    bool, typer.Option("--no-cache", help="Do not read or write cached texts and results.")
]
ColorOpt = Annotated[bool | None, typer.Option("--color/--no-color")]
ConfigOpt = Annotated[Path | None, typer.Option("--config", help="Configuration file.")]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show tracebacks.")]
DebugPatternsOpt = Annotated[
    bool, typer.Option("--debug", help="Show tracebacks and the patterns of missing items.")
]
AssumeContractOpt = Annotated[
    bool,
    typer.Option("--assume-contract", help="Check files whose text does not read as a contract."),
]
NoBomOpt = Annotated[
    bool, typer.Option("--no-bom", help="CSV without the UTF-8 byte-order mark Excel needs.")
]


@app.callback()
def _root(
    ctx: typer.Context,
    version: Annotated[bool, typer.Option("--version", "-V", help="Show the version.")] = False,
) -> None:
    if version:
        typer.echo(f"clausecheck {__version__}")
        raise typer.Exit(ExitCode.OK)
    _help_when_bare(ctx)


@rules_app.callback()
def _rules_root(ctx: typer.Context) -> None:
    _help_when_bare(ctx)


# The options that choose the files, the rules and the output of check and compare, in the
# order --help lists them (after --format): one declaration for both commands.
SELECTION: dict[str, object] = {
    "output": OutputOpt,
    "lang": LangOpt,
    "pack": PackOpt,
    "rules": RulesOpt,
    "buyer": BuyerOpt,
    "jobs": JobsOpt,
    "exclude": ExcludeOpt,
}


def _with_options(shared: dict[str, object], after: int | None = None):
    """A decorator: `command(own…, **shared)` declared to typer with the `shared` options
    after its first `after` parameters (None: after all of them), each defaulting to None."""

    def declare(command: Callable[..., None]) -> Callable[..., None]:
        signature = inspect.signature(command, eval_str=True)
        own = [p for p in signature.parameters.values() if p.kind is not p.VAR_KEYWORD]
        extra = [
            inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=kind)
            for name, kind in shared.items()
        ]
        own = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in own]
        cut = len(own) if after is None else after
        command.__signature__ = signature.replace(parameters=[*own[:cut], *extra, *own[cut:]])
        command.__annotations__ = {
            **{p.name: p.annotation for p in own},
            **{p.name: p.annotation for p in extra},
        }
        return command

    return declare


# check and compare: SELECTION after the paths and the format
_with_selection = _with_options(SELECTION, 2)


def _selected(selection: dict[str, object]) -> dict[str, object]:
    """The SELECTION options as CheckRequest fields."""
    return {**selection, "rules": tuple(selection["rules"] or ()),
            "exclude": tuple(selection["exclude"] or ())}  # fmt: skip


@app.command("check", cls=_Command)
@_with_selection
def check_command(
    paths: PathsArg,
    fmt: Annotated[Fmt | None, typer.Option("--format", "-f", help="Output format.")] = None,
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
    no_cache: NoCacheOpt = False,
    baseline: Annotated[
        Path | None, typer.Option("--baseline", help="Fail only on findings not in this file.")
    ] = None,
    write_baseline: Annotated[
        Path | None, typer.Option("--write-baseline", help="Record current findings here.")
    ] = None,
    config: ConfigOpt = None,
    assume_contract: AssumeContractOpt = False,
    color: ColorOpt = None,
    no_bom: NoBomOpt = False,
    schema: Annotated[
        JsonSchema | None,
        typer.Option("--schema", help="JSON report schema (report@1: for one release)."),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="Check on a Dask cluster: its address (tcp://host:8786), or 'local' for "
            "--jobs worker processes here (needs clausecheck[dask]).",
        ),
    ] = None,
    debug: DebugPatternsOpt = False,
    **selection: object,
) -> None:
    """Check contracts and print the gap table (or another format)."""
    from clausecheck.app.check import CheckRequest, run_check

    request = CheckRequest(
        paths=paths, fmt=fmt.value if fmt else None, **_selected(selection), details=details,
        fail_on=fail_on, min_severity=min_severity, exit_zero=exit_zero,
        pdf_engine=pdf_engine.value, password=password, max_pages=max_pages,
        ocr=None if ocr is None else ("always" if ocr else "never"),
        use_cache=not no_cache, baseline=baseline, write_baseline=write_baseline,
        config=config, color=color, debug=debug, bom=not no_bom,
        assume_contract=assume_contract, schema=schema.value if schema else None,
        scheduler=scheduler,
    )  # fmt: skip
    raise typer.Exit(run_check(request))


@app.command("compare", cls=_Command)
@_with_selection
def compare_command(
    paths: PathsArg,
    fmt: Annotated[CompareFmt, typer.Option("--format", "-f")] = CompareFmt.table,
    color: ColorOpt = None,
    no_bom: NoBomOpt = False,
    assume_contract: AssumeContractOpt = False,
    debug: DebugPatternsOpt = False,
    **selection: object,
) -> None:
    """Compare vendors' drafts side by side: items as rows, vendors as columns."""
    from clausecheck.app.check import CheckRequest
    from clausecheck.app.compare import run_compare

    request = CheckRequest(
        paths=paths,
        fmt=fmt.value,
        **_selected(selection),
        color=color,
        debug=debug,
        bom=not no_bom,
        assume_contract=assume_contract,
    )
    raise typer.Exit(run_compare(request))


ContractArg = Annotated[str, typer.Argument(help="The contract: .docx, .pdf, .txt or .md.")]
# The options of redline, letter, questions and diff: the rules, the buyer, the language.
DRAFTING: dict[str, object] = {
    "lang": LangOpt,
    "pack": PackOpt,
    "rules": RulesOpt,
    "buyer": BuyerOpt,
    "config": ConfigOpt,
}


def _drafting(options: dict[str, object]) -> dict[str, object]:
    """The DRAFTING options as request fields."""
    return {**options, "rules": tuple(options["rules"] or ())}  # type: ignore[arg-type]


def _draft(path: str, output: Path | None, options: dict[str, object], **more) -> DraftRequest:
    """The request of redline, letter and questions."""
    from clausecheck.app.drafts import DraftRequest

    return DraftRequest(path=path, output=output, **_drafting(options), **more)


@app.command("redline", cls=_Command)
@_with_options(DRAFTING)
def redline_command(
    path: ContractArg,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="The DOCX to write (default: NAME.reviewed.docx beside the contract).",
        ),
    ] = None,
    insert_vague: Annotated[
        bool, typer.Option("--insert-vague", help="Insert the model clause of vague items too.")
    ] = False,
    debug: DebugOpt = False,
    **options: object,
) -> None:
    """The contract as a DOCX with tracked changes: a comment on each vague or risky
    sentence, the model clause of each missing item inserted (author clausecheck)."""
    from clausecheck.app.redline import run_redline

    raise typer.Exit(run_redline(_draft(path, output, options, insert_vague=insert_vague)))


LetterOutputOpt = Annotated[
    Path | None, typer.Option("--output", "-o", help="A .md or .docx file (default: Markdown "
                              "on stdout).")
]  # fmt: skip
LetterFmtOpt = Annotated[
    LetterFmt | None, typer.Option("--format", "-f", help="md or docx (default: from -o).")
]


@app.command("letter", cls=_Command)
@_with_options(DRAFTING)
def letter_command(
    path: ContractArg,
    output: LetterOutputOpt = None,
    fmt: LetterFmtOpt = None,
    questions: Annotated[
        bool, typer.Option("--questions", help="Add the due-diligence questions.")
    ] = False,
    debug: DebugOpt = False,
    **options: object,
) -> None:
    """A request for amendments to the vendor: each gap, why it matters, the wording asked for."""
    from clausecheck.app.letter import run_letter

    fmt_name = fmt.value if fmt else None
    raise typer.Exit(run_letter(_draft(path, output, options, questions=questions, fmt=fmt_name)))


@app.command("questions", cls=_Command)
@_with_options(DRAFTING)
def questions_command(
    path: ContractArg,
    output: LetterOutputOpt = None,
    fmt: LetterFmtOpt = None,
    debug: DebugOpt = False,
    **options: object,
) -> None:
    """The due-diligence questions the findings call for, to put to the vendor before signing."""
    from clausecheck.app.letter import run_questions

    raise typer.Exit(run_questions(_draft(path, output, options, fmt=fmt.value if fmt else None)))


@app.command("diff", cls=_Command)
@_with_options(DRAFTING)
def diff_command(
    old: Annotated[str, typer.Argument(help="The earlier draft.")],
    new: Annotated[str, typer.Argument(help="The later draft.")],
    fmt: Annotated[DiffFmt, typer.Option("--format", "-f")] = DiffFmt.table,
    output: OutputOpt = None,
    fail_on: Annotated[
        str | None,
        typer.Option("--fail-on", help="Changes that fail (exit 1), e.g. new,weakened."),
    ] = None,
    no_cache: NoCacheOpt = False,
    debug: DebugOpt = False,
    **options: object,
) -> None:
    """Two drafts item by item: fixed, new gap, weakened, improved, unchanged."""
    from clausecheck.app.diff import DiffRequest, run_diff

    request = DiffRequest(old=old, new=new, fmt=fmt.value, output=output, fail_on=fail_on,
                          use_cache=not no_cache, **_drafting(options))  # fmt: skip
    raise typer.Exit(run_diff(request))


@rules_app.command("list", cls=_Command)
def rules_list(pack: PackOpt = None, rules: RulesOpt = None, lang: LangOpt = None) -> None:
    """Every rule of the pack: id, title, severity, pack."""
    from clausecheck.app.rules import RulesRequest, list_rules

    raise typer.Exit(list_rules(RulesRequest(pack=pack, rules=tuple(rules or ()), lang=lang)))


@rules_app.command("show", cls=_Command)
def rules_show(
    rule_id: Annotated[str, typer.Argument(metavar="ID")],
    pack: PackOpt = None,
    rules: RulesOpt = None,
    lang: LangOpt = None,
) -> None:
    """What a rule checks, its advice and its examples."""
    from clausecheck.app.rules import RulesRequest, show_rule

    request = RulesRequest(pack=pack, rules=tuple(rules or ()), lang=lang, rule_id=rule_id)
    raise typer.Exit(show_rule(request))


RuleFilesArg = Annotated[
    list[Path] | None,
    typer.Argument(help="Rule files or folders (default: the active pack and its extra rules)."),
]


@rules_app.command("validate", cls=_Command)
def rules_validate(paths: RuleFilesArg = None) -> None:
    """Validate rule files against the schema (exit 2 on the first error)."""
    from clausecheck.app.rules import RulesRequest, validate_rules

    raise typer.Exit(validate_rules(RulesRequest(paths=tuple(paths or ()))))


@rules_app.command("test", cls=_Command)
def rules_test(paths: RuleFilesArg = None) -> None:
    """Run every example of every rule; exit 1 if any does not come out as written."""
    from clausecheck.app.rules import RulesRequest, run_rule_tests

    raise typer.Exit(run_rule_tests(RulesRequest(paths=tuple(paths or ()))))


@app.command("config", cls=_Command)
def config_command(
    config: ConfigOpt = None,
    fmt: Annotated[ConfigFmt, typer.Option("--format", "-f")] = None,
) -> None:
    """Print the effective configuration and where each value came from."""
    from clausecheck.app.config import ConfigRequest, show_config

    raise typer.Exit(show_config(ConfigRequest(config, (fmt or ConfigFmt.table).value)))


@app.command("eval", cls=_Command)
def eval_command(
    folder: Annotated[
        Path,
        typer.Argument(
            help="Folder of labelled contracts, or a clause bank (TSV/CSV with labels, text)."
        ),
    ],
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
    no_cache: NoCacheOpt = False,
    color: ColorOpt = None,
    split: Annotated[
        BankSplit | None,
        typer.Option("--split", help="Clause bank: every clause, or the tune or check groups."),
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="Clause bank: the split's seed.")] = 0,
    with_heading: Annotated[
        bool,
        typer.Option("--with-heading", help="Clause bank: each clause under a numbered heading."),
    ] = False,
    min_clauses: Annotated[
        int,
        typer.Option("--min-clauses", help="Clause bank: clauses a rule needs to be averaged."),
    ] = BANK_MIN_CLAUSES,
    documents: Annotated[
        bool,
        typer.Option(
            "--documents",
            help="Clause bank: put each document (doc_id) back together and check it whole.",
        ),
    ] = False,
    debug: DebugOpt = False,
) -> None:
    """Measure the rules: on labelled contracts (precision, recall, agreement) or on a
    clause bank (recall and fire rate per rule)."""
    from clausecheck.app.eval import EvalRequest, run_eval

    request = EvalRequest(
        folder=folder, labels=labels, fmt=fmt.value, output=output, pack=pack,
        rules=tuple(rules or ()), fail_under=tuple(fail_under or ()),
        show_agreements=show_agreements, color=color, jobs=jobs, use_cache=not no_cache,
        split=split.value if split else None, seed=seed, with_heading=with_heading,
        min_clauses=min_clauses, documents=documents,
    )  # fmt: skip
    raise typer.Exit(run_eval(request))
