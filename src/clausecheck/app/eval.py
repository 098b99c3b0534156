"""`clausecheck eval`: measure the rules against labelled contracts (docs/eval.md)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from clausecheck.app.output import note, terminal, write_output
from clausecheck.errors import ExitCode, UserError
from clausecheck.evaluation import apply_thresholds, evaluate, parse_threshold
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


def run_eval(request: EvalRequest) -> int:
    """What `clausecheck eval` does; returns the exit code."""
    if request.fmt not in FORMATS:
        raise UserError(f"--format {request.fmt!r}: use table, json or markdown")
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
    color, width = terminal(request.output, request.color)
    write_output(render(result, request.fmt, request.show_agreements, color, width), request.output)
    for error in result.errors:
        note(
            f"error: {error['file']}: {error['message']} [{error['code']}] "
            f"({error['items']} label rows not scored)"
        )
    failed = [o for o in outcomes if not o.met]
    for outcome in failed:
        note("threshold not met: " + outcome.message())
    if result.errors:
        return ExitCode.ERROR
    return ExitCode.FINDINGS if failed else ExitCode.OK
