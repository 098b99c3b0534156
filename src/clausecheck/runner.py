"""What `clausecheck check` and `compare` do between parsing and exiting: configuration,
file selection, the parallel run with its progress bar, waivers, baseline, output, exit code.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from clausecheck.commands import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, UserError
from clausecheck.config import (
    Config,
    ConfigError,
    apply_baseline,
    apply_settings,
    buyer_for,
    expired_waivers,
    load_config,
    read_baseline,
    write_baseline,
)
from clausecheck.model import SEVERITIES, STATUSES, DocumentReport, Report

PROGRESS_MIN_FILES = 4


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


def effective_config(request: CheckRequest) -> Config:
    try:
        config = load_config(request.config)
    except ConfigError as exc:
        raise UserError(str(exc)) from None
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
    return config


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


def run_reports(request: CheckRequest, config: Config) -> tuple[Report, int]:
    """Check every selected file; returns the report and the number of skipped files."""
    from clausecheck.api import CheckOptions
    from clausecheck.extract import ExtractOptions
    from clausecheck.files import collect
    from clausecheck.rules.loader import load_ruleset

    selection = collect(request.paths, config["exclude"])
    if not selection.files:
        raise UserError(
            "no contracts found in " + ", ".join(request.paths)
            + f" (looked for .pdf, .docx, .txt, .md; {selection.skipped} other files skipped)"
        )  # fmt: skip
    pack, extra = _pack(config), _rule_paths(config)
    ruleset = load_ruleset(pack, extra)
    options = CheckOptions(
        extract=ExtractOptions(
            pdf_engine=request.pdf_engine,
            password=request.password,
            max_pages=request.max_pages,
            ocr=config["ocr"],
        ),
        buyer=None,
        use_cache=request.use_cache,
    )
    per_file_buyer = {buyer_for(p, config) for p in selection.files}
    if len(per_file_buyer) == 1:
        options = dataclasses.replace(options, buyer=per_file_buyer.pop())
        report = _run(selection.files, ruleset, options, config, pack, extra)
    else:  # different buyers per path: one run per buyer setting, order kept
        report = _run_per_buyer(selection.files, ruleset, options, config, pack, extra)
    return report, selection.skipped


def _run(files, ruleset, options, config, pack, extra) -> Report:
    from clausecheck.api import check_many

    with _progress(len(files)) as advance:
        return check_many(
            files, ruleset, options, jobs=config["jobs"], pack=pack, extra_rules=extra,
            on_done=advance,
        )  # fmt: skip


def _run_per_buyer(files, ruleset, options, config, pack, extra) -> Report:
    from clausecheck.api import make_report

    docs: dict[str, DocumentReport] = {}
    for buyer in dict.fromkeys(buyer_for(p, config) for p in files):
        group = [p for p in files if buyer_for(p, config) == buyer]
        part = _run(group, ruleset, dataclasses.replace(options, buyer=buyer), config, pack, extra)
        docs.update(zip(group, part.documents, strict=True))
    return make_report([docs[p] for p in files], ruleset)


class _progress:
    """A rich progress bar on stderr for more than a few files on a terminal; else silent."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.bar = None

    def __enter__(self):
        if self.total >= PROGRESS_MIN_FILES and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

            self.bar = Progress(
                "[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                TimeElapsedColumn(), console=Console(stderr=True), transient=True,
            )  # fmt: skip
            self.bar.start()
            self.task = self.bar.add_task("checking", total=self.total)
        return self.advance

    def advance(self, _report: DocumentReport) -> None:
        if self.bar is not None:
            self.bar.advance(self.task)

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()


def run_check(request: CheckRequest) -> int:
    config = effective_config(request)
    report, skipped = run_reports(request, config)
    today = dt.date.today()
    docs = [apply_settings(d, config, today) for d in report.documents]
    if request.baseline:
        try:
            known = read_baseline(request.baseline)
        except ConfigError as exc:
            raise UserError(str(exc)) from None
        docs = [apply_baseline(d, known, config.root) for d in docs]
    report = dataclasses.replace(report, documents=tuple(docs))
    if request.write_baseline:
        count = write_baseline(request.write_baseline, docs, config.root)
        note(f"wrote {count} findings to the baseline {request.write_baseline}")
    _emit(report, config["format"], request, config)
    if skipped:
        note(f"{skipped} file(s) skipped (not .pdf, .docx, .txt or .md, or excluded)")
    for doc in report.documents:
        if doc.status == "error" and doc.error:
            note(f"error: {doc.path}: {doc.error.message} [{doc.error.code}]")
    return _exit_code(report, config, request, today)


def _exit_code(report: Report, config: Config, request: CheckRequest, today: dt.date) -> int:
    if any(d.status == "error" for d in report.documents):
        return EXIT_ERROR
    expired = expired_waivers(config, today)
    for waiver in expired:
        note(f"waiver for {waiver['rule']} on {', '.join(waiver['paths'])} expired on "
              f"{waiver['expires']}: renew it with a reason or remove it")  # fmt: skip
    if request.exit_zero:  # never fails on findings; an expired waiver still fails
        return EXIT_FINDINGS if expired else EXIT_OK
    threshold = SEVERITIES.index(config["min-severity"])
    failing = [
        f
        for d in report.documents
        for f in d.findings
        if f.status in config["fail-on"]
        and not f.suppressed
        and SEVERITIES.index(f.severity) <= threshold
    ]
    return EXIT_FINDINGS if failing or expired else EXIT_OK


def _emit(report: Report, fmt: str, request: CheckRequest, config: Config) -> None:
    from clausecheck.report import render

    text = render(report, fmt, _report_options(request, config))
    write_output(text, request.output)


def _report_options(request: CheckRequest, config: Config):
    from clausecheck.report import ReportOptions

    to_terminal = request.output is None and sys.stdout.isatty()
    color = request.color if request.color is not None else (
        to_terminal and not os.environ.get("NO_COLOR")
    )  # fmt: skip
    width = None if not to_terminal else os.get_terminal_size(sys.stdout.fileno()).columns
    return ReportOptions(lang=config["lang"], details=request.details, color=color, width=width)


def write_output(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        sys.stdout.flush()
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UserError(f"{output}: cannot write: {exc.strerror or exc}") from None


def note(message: str) -> None:
    sys.stderr.write(f"clausecheck: {message}\n")
    sys.stderr.flush()


def show_config(path: Path | None, fmt: str) -> None:
    import json

    config = effective_config(CheckRequest(paths=[], config=path))
    if fmt == "json":
        values = {k: {"value": config[k], "source": config.sources[k]} for k in config.values}
        print(json.dumps({"file": str(config.path) if config.path else None, "settings": values},
                         ensure_ascii=False, indent=2, default=str))  # fmt: skip
        return
    from rich.console import Console
    from rich.table import Table

    title = f"configuration: {config.path or 'no file found (defaults)'}"
    table = Table(title=title, title_justify="left")
    for column in ("setting", "value", "from"):
        table.add_column(column)
    for key, value in config.values.items():
        table.add_row(key, json.dumps(value, ensure_ascii=False, default=str), config.sources[key])
    Console(highlight=False).print(table)


def run_compare(request: CheckRequest) -> int:
    from clausecheck.report import render_compare

    config = effective_config(request)
    report, _ = run_reports(request, config)
    today = dt.date.today()
    report = dataclasses.replace(
        report, documents=tuple(apply_settings(d, config, today) for d in report.documents)
    )
    write_output(render_compare(report, request.fmt or "table", _report_options(request, config)),
           request.output)  # fmt: skip
    return EXIT_ERROR if any(d.status == "error" for d in report.documents) else EXIT_OK
