"""`clausecheck check` (and `clausecheck FILE…`): the configuration, the files, the parallel
run with its progress bar, waivers, baseline, output and exit code."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from clausecheck.api import CheckOptions, iter_check, make_report
from clausecheck.app.batch import Output, run_batch
from clausecheck.app.output import Progress, note, terminal
from clausecheck.config import (
    Config,
    apply_baseline,
    apply_settings,
    buyer_for,
    check_rule_ids,
    expired_waivers,
    load_config,
    read_baseline,
    write_baseline,
)
from clausecheck.errors import ExitCode, NotAContract, UserError
from clausecheck.extract import ExtractOptions
from clausecheck.files import collect
from clausecheck.model import SEVERITIES, STATUSES, DocumentReport, Report, SkippedFile
from clausecheck.recognise.parties import unknown_buyer
from clausecheck.report import ReportOptions
from clausecheck.rules.loader import Ruleset, load_ruleset


@dataclass(frozen=True)
class CheckRequest:
    paths: list[str]
    fmt: str | None = None
    output: Path | None = None
    lang: str | None = None
    pack: str | None = None
    rules: tuple[str, ...] = ()
    buyer: str | None = None
    jobs: int | None = None
    exclude: tuple[str, ...] = ()
    details: bool = False
    fail_on: str | None = None
    min_severity: str | None = None
    exit_zero: bool = False
    pdf_engine: str = "auto"
    password: str | None = None
    max_pages: int | None = None
    ocr: str | None = None  # always | never; None: the configuration's (default auto)
    use_cache: bool = True
    baseline: Path | None = None
    write_baseline: Path | None = None
    config: Path | None = None
    color: bool | None = None
    debug: bool = False  # --debug: also the patterns behind each item not found (stderr)
    bom: bool = True  # CSV: a UTF-8 byte-order mark first
    assume_contract: bool = False  # check files whose text does not read as a contract
    schema: str | None = None  # json: report@2 (default) or report@1
    scheduler: str | None = None  # a Dask scheduler's address, or "local"


def run_check(request: CheckRequest) -> int:
    config = effective_config(request)
    run = prepare(request, config)
    today = dt.date.today()
    known = read_baseline(request.baseline) if request.baseline else None

    def settle(doc: DocumentReport) -> DocumentReport:
        doc = apply_settings(doc, config, today)
        if request.debug:
            note_searched(doc)
        return apply_baseline(doc, known, config.root) if known is not None else doc

    skipped = Skipped(run.skipped)
    with Progress(len(run.files)) as advance:
        # a cluster is reached, and a folder with no contract refused, before any output
        documents = run.contracts(_advancing(run.documents(request.scheduler), advance), skipped)
        with Output(request.output) as out:
            outcome = run_batch(
                documents, run.head,
                config["format"], report_options(request, config), settle, out,
                lambda doc: _failing(doc, config), keep=request.write_baseline is not None,
                skipped=skipped.files,
            )  # fmt: skip
    if request.write_baseline:
        count = write_baseline(request.write_baseline, outcome.kept or [], config.root)
        note(f"wrote {count} findings to the baseline {request.write_baseline}")
    skipped.note()
    for error in outcome.errors:
        note(f"error: {error}")
    if request.write_baseline and not outcome.errors:
        return ExitCode.OK  # the baseline is written: today's findings are what it accepts
    return exit_code(bool(outcome.errors), outcome.failing, config, request, today)


def note_searched(doc: DocumentReport) -> None:
    """--debug: the patterns each item not found was searched with (reports say it in words;
    JSON keeps them as `searched`)."""
    for finding in doc.findings:
        if finding.searched:
            note(f"debug: {doc.path}: {finding.rule} searched " + " | ".join(finding.searched))


def _advancing(
    documents: Iterator[DocumentReport], advance: Callable[[DocumentReport], None]
) -> Iterator[DocumentReport]:
    for doc in documents:
        advance(doc)
        yield doc


@dataclass
class Skipped:
    """Files of a folder or glob that were not checked."""

    other: int = 0  # not .pdf, .docx, .txt or .md, or excluded
    files: list[SkippedFile] = field(default_factory=list)  # read, but not contracts

    def note(self) -> None:
        if self.other:
            note(f"{self.other} file(s) skipped (not .pdf, .docx, .txt or .md, or excluded)")
        if self.files:
            names = ", ".join(f.path for f in self.files[:5])
            more = ", …" if len(self.files) > 5 else ""
            note(f"{len(self.files)} file(s) skipped as not contracts: {names}{more}")


def effective_config(request: CheckRequest) -> Config:
    """The configuration file's settings, overridden by the command line's."""
    config = load_config(request.config)
    config.set("pack", request.pack)
    config.set("rules", list(request.rules))
    config.set("format", request.fmt)
    config.set("lang", request.lang)
    config.set("buyer", request.buyer)
    config.set("jobs", request.jobs)
    config.set("ocr", request.ocr)
    config.set("exclude", config["exclude"] + list(request.exclude) if request.exclude else None)
    if request.fail_on is not None:
        config.set("fail-on", _parse_statuses(request.fail_on))
    if request.min_severity is not None:
        if request.min_severity not in SEVERITIES:
            raise UserError(f"--min-severity must be one of {', '.join(SEVERITIES)}")
        config.set("min-severity", request.min_severity)
    if config["lang"] not in (None, "zh", "en"):
        raise UserError("--lang must be zh or en")
    problem = unknown_buyer(request.buyer) if request.buyer else None
    if problem:
        raise UserError(f"--buyer: {problem}")
    return config


def config_ruleset(config: Config) -> Ruleset:
    """The rule set the configuration chooses; every rule id it names must be in it."""
    ruleset = load_ruleset(_pack(config), _rule_paths(config))
    check_rule_ids(config, {rule.id for rule in ruleset.rules})
    return ruleset


def _parse_statuses(text: str) -> list[str]:
    statuses = [s.strip() for s in text.split(",") if s.strip()]
    wrong = [s for s in statuses if s not in STATUSES]
    if wrong:
        raise UserError(f"--fail-on: unknown status {wrong[0]!r} (use {', '.join(STATUSES)})")
    return statuses


def _rule_paths(config: Config) -> tuple[str, ...]:
    """Extra rule paths from a config file are relative to that file."""
    if config.sources["rules"] == "command line":
        return tuple(config["rules"])
    return tuple(str(config.root / p) for p in config["rules"])


def _pack(config: Config) -> str | None:
    pack = config["pack"]
    if pack and config.sources["pack"] not in ("command line", "default"):
        local = config.root / pack
        return str(local) if local.exists() else pack
    return pack


def ruleset_for(config: Config) -> Ruleset:
    """The pack and extra rules the configuration (and command line) name."""
    return load_ruleset(_pack(config), _rule_paths(config))


def report_options(request: CheckRequest, config: Config) -> ReportOptions:
    color, width = terminal(request.output, request.color)
    return ReportOptions(
        lang=config["lang"], details=request.details, color=color, width=width,
        bom=request.bom, schema=request.schema or "report@2",
    )  # fmt: skip


def run_reports(request: CheckRequest, config: Config) -> tuple[Report, Skipped]:
    """Check every selected file and keep the reports (for `compare`, which lays them side
    by side); returns the report and what was skipped."""
    run = prepare(request, config)
    skipped = Skipped(run.skipped)
    with Progress(len(run.files)) as advance:
        raw = _advancing(run.documents(request.scheduler), advance)
        documents = list(run.contracts(raw, skipped))
    return dataclasses.replace(run.head, documents=tuple(documents)), skipped


def prepare(request: CheckRequest, config: Config) -> Run:
    """The files, the rule set and the options of each file: a run ready to start."""
    selection = collect(request.paths, config["exclude"])
    if not selection.files:
        raise UserError(
            "no contracts found in " + ", ".join(request.paths)
            + f" (looked for .pdf, .docx, .txt, .md; {selection.skipped} other files skipped)"
        )  # fmt: skip
    pack, extra = _pack(config), _rule_paths(config)
    ruleset = config_ruleset(config)
    options = CheckOptions(
        extract=ExtractOptions(
            pdf_engine=request.pdf_engine,
            password=request.password,
            max_pages=request.max_pages,
            ocr=config["ocr"],
        ),
        buyer=None,
        use_cache=request.use_cache,
        require_contract=not request.assume_contract,
    )
    return Run(selection.files, selection.skipped, ruleset, pack, extra, options, config,
               frozenset(selection.named), tuple(request.paths))  # fmt: skip


@dataclass(frozen=True)
class Run:
    files: list[str]
    skipped: int
    ruleset: Ruleset
    pack: str | None
    extra: tuple[str, ...]
    options: CheckOptions
    config: Config
    named: frozenset[str] = frozenset()  # the files named on the command line
    paths: tuple[str, ...] = ()  # what the command line gave (files, folders, globs)

    @property
    def head(self) -> Report:
        """The report before its documents: tool, rule set and rules."""
        return make_report([], self.ruleset)

    def options_for(self, path: str) -> CheckOptions:
        """The options of one file: the buyer may be set per path in the configuration."""
        return dataclasses.replace(self.options, buyer=buyer_for(path, self.config))

    def documents(self, scheduler: str | None = None) -> Iterator[DocumentReport]:
        """Each file's report, in order: from local processes, or a Dask cluster."""
        jobs = self.config["jobs"]
        if scheduler is not None:
            from clausecheck import distributed  # Dask's side and OCR's: only for --scheduler

            spec = distributed.RulesetSpec.of(self.ruleset, self.pack, self.extra)
            return distributed.iter_check(
                self.files, spec, options_for=self.options_for, scheduler=scheduler, jobs=jobs
            )
        return iter_check(self.files, self.ruleset, jobs=jobs, options_for=self.options_for)

    def contracts(
        self, documents: Iterator[DocumentReport], skipped: Skipped
    ) -> Iterator[DocumentReport]:
        """`documents` without those of a folder whose text is not a contract (counted in
        `skipped`; one named on the command line stays, as the error `not-a-contract`).
        The first is read at once: with none left, it is the error "no contracts found"."""
        kept = (d for d in documents if not self._skip(d, skipped))
        first = next(kept, None)
        if first is None:
            skipped.note()
            raise UserError("no contracts found in " + ", ".join(self.paths))
        return itertools.chain([first], kept)

    def _skip(self, doc: DocumentReport, skipped: Skipped) -> bool:
        if doc.error and doc.error.code == NotAContract.CODE and doc.path not in self.named:
            skipped.files.append(SkippedFile(doc.path, doc.error.code))
            return True
        return False


def _failing(doc: DocumentReport, config: Config) -> bool:
    """Whether a document has a finding at or above the fail threshold."""
    threshold = SEVERITIES.index(config["min-severity"])
    return any(
        f.status in config["fail-on"]
        and not f.suppressed
        and SEVERITIES.index(f.severity) <= threshold
        for f in doc.findings
    )


def exit_code(
    errors: bool, failing: bool, config: Config, request: CheckRequest, today: dt.date
) -> int:
    if errors:
        return ExitCode.ERROR
    expired = expired_waivers(config, today)
    for waiver in expired:
        note(f"waiver for {waiver['rule']} on {', '.join(waiver['paths'])} expired on "
              f"{waiver['expires']}: renew it with a reason or remove it")  # fmt: skip
    if request.exit_zero:  # never fails on findings; an expired waiver still fails
        return ExitCode.FINDINGS if expired else ExitCode.OK
    return ExitCode.FINDINGS if failing or expired else ExitCode.OK
