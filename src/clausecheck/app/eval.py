"""`clausecheck eval`: measure the rules against labelled contracts, or against a bank of
labelled clauses (docs/eval.md)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from clausecheck.app.output import note, terminal, write_output
from clausecheck.errors import ExitCode, UserError
from clausecheck.evaluation import ThresholdResult, apply_thresholds, evaluate, parse_threshold
from clausecheck.evaluation.bank import (
    BANK_METRICS,
    MIN_CLAUSES,
    apply_bank_thresholds,
    evaluate_bank,
)
from clausecheck.report import bank_evaluation
from clausecheck.report.evaluation import FORMATS, render


@dataclass(frozen=True)
class EvalRequest:
    folder: Path
    labels: Path | None = None
    fmt: str = "table"
    output: Path | None = None
    pack: str | None = None
    rules: tuple[str, ...] = ()
    fail_under: tuple[str, ...] = ()
    show_agreements: bool = False
    color: bool | None = None
    jobs: int | None = None
    use_cache: bool = True
    # a clause bank only (the folder is then a TSV/CSV file)
    split: str | None = None  # all | tune | check
    seed: int = 0
    with_heading: bool = False
    min_clauses: int = MIN_CLAUSES
    documents: bool = False  # check each document of the bank whole


def run_eval(request: EvalRequest) -> int:
    """What `clausecheck eval` does; returns the exit code."""
    if request.fmt not in FORMATS:
        raise UserError(f"--format {request.fmt!r}: use table, json or markdown")
    if request.folder.is_file():
        return run_bank_eval(request)
    if request.split is not None or request.with_heading or request.documents:
        raise UserError(
            f"{request.folder}: --split, --with-heading and --documents apply to a clause "
            "bank (a TSV or CSV file), not to a folder of labelled contracts"
        )
    thresholds = [parse_threshold(t) for t in request.fail_under]  # usage errors first
    result = evaluate(
        request.folder,
        request.labels,
        request.pack,
        request.rules,
        request.jobs,
        request.use_cache,
    )
    outcomes = apply_thresholds(result, thresholds)
    _write(request, result)
    for error in result.errors:
        note(
            f"error: {error['file']}: {error['message']} [{error['code']}] "
            f"({error['items']} label rows not scored)"
        )
    failed = _unmet(outcomes)
    if result.errors:
        return ExitCode.ERROR
    return ExitCode.FINDINGS if failed else ExitCode.OK


def _write(request: EvalRequest, result: object, views: ModuleType | None = None) -> None:
    color, width = terminal(request.output, request.color)
    text = render(result, request.fmt, request.show_agreements, color, width, views)
    write_output(text, request.output)


def _unmet(outcomes: list[ThresholdResult]) -> list[ThresholdResult]:
    """The thresholds not met, each noted on stderr."""
    failed = [o for o in outcomes if not o.met]
    for outcome in failed:
        note("threshold not met: " + outcome.message())
    return failed


def run_bank_eval(request: EvalRequest) -> int:
    """`clausecheck eval BANK.tsv`: recall and fire rate per rule on single clauses, or
    recall on whole documents (`--documents`)."""
    if request.labels is not None:
        raise UserError("--labels applies to a folder of contracts; a clause bank holds its labels")
    if request.min_clauses < 1:
        raise UserError(f"--min-clauses {request.min_clauses}: give a whole number from 1")
    thresholds = [parse_threshold(t, BANK_METRICS) for t in request.fail_under]
    result = evaluate_bank(
        request.folder,
        request.split or "all",
        request.seed,
        request.with_heading,
        request.pack,
        request.rules,
        request.min_clauses,
        request.documents,
    )
    outcomes = apply_bank_thresholds(result, thresholds)
    _write(request, result, bank_evaluation)
    return ExitCode.FINDINGS if _unmet(outcomes) else ExitCode.OK
