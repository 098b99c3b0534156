"""`clausecheck diff OLD NEW`: two drafts of a contract, item by item; `--fail-on
new,weakened` makes a revision that leaves the buyer worse off fail (exit 1)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from clausecheck import __version__
from clausecheck.app.drafts import DraftRequest, read_checked
from clausecheck.app.output import write_output
from clausecheck.drafting.diff import CHANGES, diff, failing
from clausecheck.errors import ExitCode, UserError
from clausecheck.report.diff import FORMATS, DiffView, render
from clausecheck.report.options import ReportOptions


@dataclass(frozen=True)
class DiffRequest:
    old: str
    new: str
    fmt: str = "table"
    output: Path | None = None
    lang: str | None = None
    pack: str | None = None
    rules: tuple[str, ...] = ()
    buyer: str | None = None
    fail_on: str | None = None  # e.g. "new,weakened"
    config: Path | None = None
    use_cache: bool = True


def run_diff(request: DiffRequest) -> int:
    if request.fmt not in FORMATS:
        raise UserError(f"--format {request.fmt!r}: use {', '.join(FORMATS)}")
    fail_on = _fail_on(request.fail_on)
    drafts = [
        read_checked(DraftRequest(path=path, lang=request.lang, pack=request.pack,
                                  rules=request.rules, buyer=request.buyer,
                                  config=request.config, use_cache=request.use_cache))
        for path in (request.old, request.new)
    ]  # fmt: skip
    old, new = drafts
    changes = tuple(diff(old.report, new.report, new.rules, (old.doc, new.doc)))
    view = DiffView(request.old, request.new, changes, __version__)
    write_output(render(view, request.fmt, ReportOptions(lang=new.lang)), request.output)
    return ExitCode.FINDINGS if failing(changes, fail_on) else ExitCode.OK


def _fail_on(text: str | None) -> tuple[str, ...]:
    if not text:
        return ()
    wanted = tuple(s.strip() for s in text.split(",") if s.strip())
    allowed = [c for c in CHANGES if c != "unchanged"]
    wrong = [s for s in wanted if s not in allowed]
    if wrong:
        raise UserError(f"--fail-on: unknown change {wrong[0]!r} (use {', '.join(allowed)})")
    return wanted
