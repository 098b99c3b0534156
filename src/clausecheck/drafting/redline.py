"""`redline`: the vendor's DOCX with a Word comment on each vague or risky sentence and the
model clause of each missing item inserted as a tracked change, both by "clausecheck";
every other part of the file as it was. A PDF or text contract becomes a plain DOCX of
its text first (`docx_from_document`).

    comments, insertions = plan(doc, report, rules, lang="zh")
    data, placed = apply(docx_bytes, doc, comments, insertions, date="2026-12-07T12:00:00Z")
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from clausecheck.drafting import ooxml
from clausecheck.drafting.ooxml import w
from clausecheck.drafting.wording import (
    block_of,
    comment_text,
    key_of,
    model_clause,
    numbered_heading,
    text_lang,
    top_clause,
)
from clausecheck.errors import InputError
from clausecheck.model import Block, Clause, Document, DocumentReport, RuleMeta, pick

_APPENDIX = re.compile(r"^(附件|附表|附录|Schedule|Exhibit|Appendix|Annex|Attachment)", re.I)
# The signature block: stamps and signatures, "IN WITNESS WHEREOF", By:/Name:/Date: lines.
_SIGNATURE = re.compile(
    r"[（(](盖章|签字|签章|签名|公章)[)）]|^(签字|签章|盖章)|^IN WITNESS|^(By|Name|Title|Date|"
    r"Signature|Signed)\s*:|^(日期|签订日期|签署日期)[:：]\s*$",
    re.I,
)
_OUT_OF_BODY = ("footnote", "textbox")


@dataclass(frozen=True)
class Comment:
    rule: str
    block: int | None  # index in doc.blocks of the sentence quoted
    quote: str
    text: tuple[str, ...]  # the comment's paragraphs


@dataclass(frozen=True)
class Insertion:
    rule: str
    after: int | None  # index in doc.blocks of the last block before it; None: no clause
    heading: str  # numbered in the document's style
    text: str
    title: str = ""  # the heading without a number (for headings Word numbers itself)
    template: int | None = None  # index of the heading whose look the heading takes
    text_template: int | None = None  # index of the paragraph whose look the clause takes


@dataclass(frozen=True)
class Placed:
    comments: int  # anchored on the quoted words
    whole_paragraph: int  # anchored on the paragraph (the words not found as such)
    insertions: int


# --- what to write where ----------------------------------------------------------------


def plan(
    doc: Document,
    report: DocumentReport,
    rules: Sequence[RuleMeta],
    lang: str,
    insert_vague: bool = False,
) -> tuple[list[Comment], list[Insertion]]:
    """The comments (report language `lang`) and insertions (the contract's language)."""
    by_id = {f.rule: f for f in report.findings if not f.suppressed}
    comments = []
    for rule in rules:
        finding = by_id.get(rule.id)
        if finding and finding.status in ("vague", "risky") and finding.locations:
            loc = finding.locations[0]
            block = block_of(doc, loc.paragraph, loc.page, loc.quote)
            comments.append(Comment(rule.id, block, loc.quote, tuple(comment_text(finding, lang))))
    return comments, _insertions(doc, report, rules, insert_vague)


def _insertions(
    doc: Document, report: DocumentReport, rules: Sequence[RuleMeta], insert_vague: bool
) -> list[Insertion]:
    wanted = ("missing", "vague") if insert_vague else ("missing",)
    by_id = {f.rule: f for f in report.findings if not f.suppressed}
    main = _main_clauses(doc)
    index = {id(b): i for i, b in enumerate(doc.blocks)}
    contract_lang = text_lang(doc.language)
    out: list[Insertion] = []
    count: dict[int | None, int] = {}
    for k, rule in enumerate(rules):
        finding = by_id.get(rule.id)
        if finding is None or finding.status not in wanted or rule.model_clause is None:
            continue
        # a vague item's wording goes after its own clause; a missing one's after the
        # clause of the nearest earlier item of the pack
        clause = _nearest_clause(doc, main, rules[: k + 1], by_id)
        at_end = clause is None or clause is main[-1]
        if at_end:
            clause = main[-1] if main else None
        key = None if clause is None else clause.index
        count[key] = count.get(key, 0) + 1
        title = pick(rule.title, contract_lang)
        last = _last_body_block(doc, main, clause) if clause else None
        body_like = last is not None and last.kind == "paragraph" and last is not clause.blocks[0]
        out.append(
            Insertion(
                rule=rule.id,
                after=index.get(id(last)) if last else None,
                heading=numbered_heading(clause, count[key], at_end, title),
                title=title,
                text=model_clause(rule, contract_lang, report.parties),
                template=index.get(id(clause.blocks[0])) if clause else None,
                text_template=index.get(id(last)) if body_like else None,
            )
        )
    return out


def _main_clauses(doc: Document) -> list[Clause]:
    """The top-level clauses of the body (not the appendices): the numbered ones, or the
    headed ones when Word numbers the headings itself (no number in the text)."""
    top = [c for c in doc.clauses if c.level == 1 and c.heading and not _APPENDIX.match(c.heading)]
    return [c for c in top if c.number] or top


def _top_clause(doc: Document, main: list[Clause], block: int | None) -> Clause | None:
    """The top-level body clause holding doc.blocks[block]."""
    top = top_clause(doc, block)
    return top if top is not None and top in main else None


def _nearest_clause(doc, main, before: Sequence[RuleMeta], by_id) -> Clause | None:
    """The body clause where the last of `before` that was found is: the place closest in
    topic (the pack lists related items together)."""
    for rule in reversed(before):
        finding = by_id.get(rule.id)
        if finding and finding.found and finding.status != "missing" and finding.locations:
            loc = finding.locations[0]
            clause = _top_clause(doc, main, block_of(doc, loc.paragraph, loc.page, loc.quote))
            if clause is not None:
                return clause
    return None


def _last_body_block(doc: Document, main: list[Clause], clause: Clause) -> Block:
    """The last block of top-level `clause` and its sub-clauses, before any signature
    block (never a footnote or a text box)."""
    start = doc.clauses.index(clause)
    blocks: list[Block] = []
    for other in doc.clauses[start:]:
        if other is not clause and other.level <= 1:
            break
        blocks.extend(other.blocks)
    last = blocks[0]
    for block in blocks[1:]:
        if _SIGNATURE.search(block.text):
            break
        if block.kind not in _OUT_OF_BODY:
            last = block
    return last


# --- writing it into the DOCX -----------------------------------------------------------


def apply(
    docx: bytes,
    doc: Document,
    comments: Sequence[Comment],
    insertions: Sequence[Insertion],
    date: str,
) -> tuple[bytes, Placed]:
    """The DOCX `docx` (the file `doc` was read from) with the comments and insertions."""
    package = ooxml.Package(docx)
    main = package.main_part()
    root = ooxml.parse(package.read(main))
    body = root.find(w("body"))
    if body is None:
        raise InputError(
            "unsupported", "the Word document has no body this tool can write into (a Strict "
            "Open XML file?); save it as an ordinary Word document (.docx)"
        )  # fmt: skip
    units = _units(body)
    where = _align(doc.blocks, units)
    name = package.comments_part(main)
    if name:
        part = ooxml.parse(package.read(name))
    else:
        part = etree.Element(w("comments"), nsmap={"w": ooxml.W})
    next_id = ooxml.max_id(root, part) + 1
    exact = whole = 0
    for comment in comments:
        if _anchor(comment, where, units, next_id):
            exact += 1
        else:
            whole += 1
        part.append(ooxml.comment_element(next_id, list(comment.text), date))
        next_id += 1
    for insertion in insertions:
        _insert(insertion, where, body, next_id, date)
        next_id += 4
    if comments:
        if name is None:
            name = "word/comments.xml"
            package.add_comments_part(main, name)
        package.changed[name] = ooxml.serialize(part)
    package.changed[main] = ooxml.serialize(root)
    return package.write(), Placed(exact, whole, len(insertions))


def _units(container: etree._Element) -> list[etree._Element]:
    """The body's paragraphs and tables, in order, inside content controls too."""
    out: list[etree._Element] = []
    for child in container:
        if child.tag in (w("p"), w("tbl")):
            out.append(child)
        elif child.tag in (w("sdt"), w("sdtContent"), w("customXml"), w("ins")):
            out.extend(_units(child))
    return out


def _align(blocks: Sequence[Block], units: list[etree._Element]) -> dict[int, etree._Element]:
    """Each block's paragraph or table: the next unit, in order, whose text is the block's
    (or holds it: a table holds its rows)."""
    keys = [ooxml.element_key(u) for u in units]
    out: dict[int, etree._Element] = {}
    j = 0
    for i, block in enumerate(blocks):
        key = key_of(block.text)[0]
        if block.kind in _OUT_OF_BODY or not key:
            continue
        window = range(j, min(len(units), j + 200))
        found = next((u for u in window if keys[u] == key), None)
        if found is None:
            found = next((u for u in window if key in keys[u]), None)
        if found is not None:
            out[i], j = units[found], found
    return out


def _anchor(comment: Comment, where, units, comment_id: int) -> bool:
    """Anchor the comment on its quote (True), or on the paragraph it is in (False)."""
    home = where.get(comment.block) if comment.block is not None else None
    for unit in ([home] if home is not None else []) + units:
        span = ooxml.find_span(unit, comment.quote)
        if span is not None:
            ooxml.anchor_comment(span, comment_id)
            return True
    target = home if home is not None else (units[0] if units else None)
    if target is None:
        return False
    if target.tag == w("tbl"):
        target = next(target.iter(w("p")))
    ooxml.anchor_paragraph(target, comment_id)
    return False


def _insert(insertion: Insertion, where, body: etree._Element, change_id: int, date: str) -> None:
    """The heading and the clause as tracked insertions after their anchor (at body level:
    never inside a table), or at the end of the body when there is no clause."""
    heading_like = where.get(insertion.template) if insertion.template is not None else None
    anchor = where.get(insertion.after) if insertion.after is not None else None
    text_like = where.get(insertion.text_template) if insertion.text_template is not None else None
    if text_like is not None and text_like.tag != w("p"):
        text_like = None
    if heading_like is not None and heading_like.tag != w("p"):
        heading_like = None
    # a heading that Word numbers itself (w:numPr) takes the title without our number
    numbered = (
        heading_like is not None and heading_like.find(f"{w('pPr')}/{w('numPr')}") is not None
    )
    title = insertion.title if numbered else insertion.heading
    heading = ooxml.inserted_paragraph(title, heading_like, change_id, date)
    text = ooxml.inserted_paragraph(insertion.text, text_like, change_id + 2, date)
    if anchor is None:
        end = body.find(w("sectPr"))
        for p in (heading, text):
            end.addprevious(p) if end is not None else body.append(p)
        return
    # after what was inserted here before (their order kept)
    while (nxt := anchor.getnext()) is not None and _ours(nxt):
        anchor = nxt
    anchor.addnext(heading)
    heading.addnext(text)


def _ours(el: etree._Element) -> bool:
    mark = el.find(f"{w('pPr')}/{w('rPr')}/{w('ins')}")
    return mark is not None and mark.get(w("author")) == ooxml.AUTHOR


# --- a DOCX from a PDF's or a text's blocks ----------------------------------------------


def docx_from_document(doc: Document) -> bytes:
    """A plain DOCX of the document's text: one paragraph per block, clause headings as
    Word headings (what a PDF or text contract gets its comments and insertions in)."""
    import docx  # python-docx: only this path needs it

    heads = {
        id(c.blocks[0]): c.level
        for c in doc.clauses
        if c.heading and c.blocks and c.blocks[0].text == c.heading  # a heading line, alone
    }
    out = docx.Document()
    for block in doc.blocks:
        level = heads.get(id(block))
        if level:
            out.add_heading(block.text, level=min(level, 3))
        else:
            out.add_paragraph(block.text)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()
