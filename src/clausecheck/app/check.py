"""`clausecheck check` (and `clausecheck FILE…`): the configuration, the files, the parallel
run with its progress bar, waivers, baseline, output and exit code."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from clausecheck.api import CheckOptions, check_many, make_report
from clausecheck.app.output import Progress, note, note_errors, terminal, write_output
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
from clausecheck.files import Selection, collect
from clausecheck.model import SEVERITIES, STATUSES, DocumentReport, Report
from clausecheck.recognise.parties import unknown_buyer
from clausecheck.report import ReportOptions, render
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


def run_check(request: CheckRequest) -> int:
    config = effective_config(request)
    report, skipped = run_reports(request, config)
    today = dt.date.today()
    docs = [apply_settings(d, config, today) for d in report.documents]
    if request.baseline:
        known = read_baseline(request.baseline)
        docs = [apply_baseline(d, known, config.root) for d in docs]
    report = dataclasses.replace(report, documents=tuple(docs))
    if request.write_baseline:
        count = write_baseline(request.write_baseline, docs, config.root)
        note(f"wrote {count} findings to the baseline {request.write_baseline}")
    write_output(render(report, config["format"], report_options(request, config)),
                 request.output)  # fmt: skip
    if request.debug:
        note_searched(report)
    skipped.note()
    note_errors(report)
    if request.write_baseline and not any(d.status == "error" for d in report.documents):
        return ExitCode.OK  # the baseline is written: today's findings are what it accepts
    return exit_code(report, config, request, today)


def note_searched(report: Report) -> None:
    """--debug: the patterns each item not found was searched with (reports say it in words;
    JSON keeps them as `searched`)."""
    for doc in report.documents:
        for finding in doc.findings:
            if finding.searched:
                note(f"debug: {doc.path}: {finding.rule} searched " + " | ".join(finding.searched))


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
        lang=config["lang"], details=request.details, color=color, width=width, bom=request.bom
    )


@dataclass
class Skipped:
    """Files of a folder or glob that were not checked."""

    other: int = 0  # not .pdf, .docx, .txt or .md, or excluded
    not_contracts: list[str] = field(default_factory=list)  # read, but not contracts

    def note(self) -> None:
        if self.other:
            note(f"{self.other} file(s) skipped (not .pdf, .docx, .txt or .md, or excluded)")
        if self.not_contracts:
            names = ", ".join(self.not_contracts[:5]) + (
                ", …" if len(self.not_contracts) > 5 else ""
            )
            note(f"{len(self.not_contracts)} file(s) skipped as not contracts: {names}")


def run_reports(request: CheckRequest, config: Config) -> tuple[Report, Skipped]:
    """Check every selected file; returns the report and what was skipped. A file of a
    folder whose text is not a contract is skipped; one named on the command line is an
    error (`not-a-contract`)."""
    selection = collect(request.paths, config["exclude"])
    report = _check_selected(request, config, selection)
    skipped = Skipped(selection.skipped)
    kept = []
    for doc in report.documents:
        if doc.error and doc.error.code == NotAContract.CODE and doc.path not in selection.named:
            skipped.not_contracts.append(doc.path)
        else:
            kept.append(doc)
    if not kept:
        skipped.note()
        raise UserError("no contracts found in " + ", ".join(request.paths))
    return dataclasses.replace(report, documents=tuple(kept)), skipped


def _check_selected(request: CheckRequest, config: Config, selection: Selection) -> Report:
    if not selection.files:
        raise UserError(
            "no contracts found in " + ", ".join(request.paths)
            + f" (looked for .pdf, .docx, .txt, .md; {selection.skipped} other files skipped)"
        )  # fmt: skip
    run = _Run(_pack(config), _rule_paths(config), config)
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
    buyers = list(dict.fromkeys(buyer_for(p, config) for p in selection.files))
    if len(buyers) == 1:
        options = dataclasses.replace(options, buyer=buyers[0])
        return run.check(selection.files, ruleset, options)
    # different buyers per path: one run per buyer setting, order kept
    docs: dict[str, DocumentReport] = {}
    for buyer in buyers:
        group = [p for p in selection.files if buyer_for(p, config) == buyer]
        part = run.check(group, ruleset, dataclasses.replace(options, buyer=buyer))
        docs.update(zip(group, part.documents, strict=True))
    return make_report([docs[p] for p in selection.files], ruleset)


@dataclass(frozen=True)
class _Run:
    pack: str | None
    extra: tuple[str, ...]
    config: Config

    def check(self, files: list[str], ruleset: Ruleset, options: CheckOptions) -> Report:
        with Progress(len(files)) as advance:
            return check_many(
                files, ruleset, options, jobs=self.config["jobs"], pack=self.pack,
                extra_rules=self.extra, on_done=advance,
            )  # fmt: skip


def exit_code(report: Report, config: Config, request: CheckRequest, today: dt.date) -> int:
    if any(d.status == "error" for d in report.documents):
        return ExitCode.ERROR
    expired = expired_waivers(config, today)
    for waiver in expired:
        note(f"waiver for {waiver['rule']} on {', '.join(waiver['paths'])} expired on "
              f"{waiver['expires']}: renew it with a reason or remove it")  # fmt: skip
    if request.exit_zero:  # never fails on findings; an expired waiver still fails
        return ExitCode.FINDINGS if expired else ExitCode.OK
    threshold = SEVERITIES.index(config["min-severity"])
    failing = [
        f
        for d in report.documents
        for f in d.findings
        if f.status in config["fail-on"]
        and not f.suppressed
        and SEVERITIES.index(f.severity) <= threshold
    ]
    return ExitCode.FINDINGS if failing or expired else ExitCode.OK
