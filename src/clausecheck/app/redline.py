"""`clausecheck redline`: the vendor's draft with our comments and model clauses as
tracked changes (the DOCX itself, or a new DOCX made from a PDF's or a text's words)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from clausecheck.app.drafts import DraftRequest, read_checked
from clausecheck.errors import ExitCode, UserError


def run_redline(request: DraftRequest) -> int:
    # lxml and python-docx: imported when a redline is written, not at every start-up
    from clausecheck.drafting import redline

    output = request.output or _default_output(request.path)
    if output.suffix.lower() != ".docx":
        raise UserError(f"{output}: the redline is a Word file; name it .docx")
    if output.resolve() == Path(request.path).resolve():
        raise UserError(f"{output}: would overwrite the contract; choose another output")
    checked = read_checked(request)
    comments, insertions = redline.plan(
        checked.doc, checked.report, checked.rules, checked.lang, request.insert_vague
    )
    if checked.doc.format == "docx":
        source = Path(request.path).read_bytes()
    else:
        source = redline.docx_from_document(checked.doc)
    made = "" if checked.doc.format == "docx" else _made_from(checked.doc.format, checked.lang)
    date = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    data, placed = redline.apply(source, checked.doc, comments, insertions, date)
    try:
        output.write_bytes(data)
    except OSError as exc:
        raise UserError(f"{output}: cannot write: {exc.strerror or exc}") from None
    print(_summary(output, placed, checked.lang) + made)
    return ExitCode.OK


def _made_from(fmt: str, lang: str) -> str:
    """What the output says when the contract was not a DOCX."""
    if lang == "zh":
        kind = "PDF" if fmt == "pdf" else "文本"
        return f"\n（原文件是{kind}：批注和修订写在由其文字新建的 DOCX 中，原排版未保留）"
    kind = "a PDF" if fmt == "pdf" else "a text file"
    return (f"\n(the contract is {kind}: the comments and insertions are in a new DOCX made "
            "from its text; its layout is not kept)")  # fmt: skip


def _default_output(path: str) -> Path:
    source = Path(path)
    return source.with_name(source.stem + ".reviewed.docx")


def _summary(output: Path, placed, lang: str) -> str:
    comments = placed.comments + placed.whole_paragraph
    whole = placed.whole_paragraph
    if lang == "zh":
        line = f"已写入 {output}：{comments} 条批注，{placed.insertions} 处修订（作者 clausecheck）"
        return line + (f"；其中 {whole} 条批注标在整段上" if whole else "")
    plural = "" if placed.insertions == 1 else "s"
    line = f"wrote {output}: {comments} comments, {placed.insertions} tracked insertion{plural}"
    line += " (author clausecheck)"
    return line + (f"; {whole} comments on a whole paragraph" if whole else "")
