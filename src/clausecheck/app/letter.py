"""`clausecheck letter` and `clausecheck questions`: the request for amendments and the
due-diligence questions, as Markdown (stdout or .md) or a Word file (.docx)."""

from __future__ import annotations

from clausecheck.app.drafts import DraftRequest, read_checked
from clausecheck.app.output import write_output
from clausecheck.drafting import letter as drafting
from clausecheck.errors import ExitCode, UserError


def run_letter(request: DraftRequest) -> int:
    return _write(request, letter=True)


def run_questions(request: DraftRequest) -> int:
    return _write(request, letter=False)


def _write(request: DraftRequest, letter: bool) -> int:
    fmt = request.fmt or _format_of(request)
    if fmt == "docx" and request.output is None:
        raise UserError("a .docx letter needs an output file: -o letter.docx")
    checked = read_checked(request)
    composed = drafting.compose(checked.doc, checked.report, checked.rules, checked.lang,
                                questions=request.questions, letter=letter)  # fmt: skip
    if fmt == "md":
        write_output(drafting.markdown(composed), request.output)
        return ExitCode.OK
    try:
        request.output.write_bytes(drafting.docx_bytes(composed))
    except OSError as exc:
        raise UserError(f"{request.output}: cannot write: {exc.strerror or exc}") from None
    return ExitCode.OK


def _format_of(request: DraftRequest) -> str:
    if request.output is None:
        return "md"
    suffix = request.output.suffix.lower().lstrip(".")
    if suffix in ("md", "markdown", "txt"):
        return "md"
    if suffix == "docx":
        return "docx"
    raise UserError(f"{request.output}: write the letter to a .md or .docx file")
