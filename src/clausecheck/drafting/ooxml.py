"""WordprocessingML edits that leave everything else as it was: a comment anchored on a
span of a paragraph's text, a paragraph inserted as a tracked change, the comments part
with its relationship and content type, and the package written back with every other
part copied byte for byte.

The parts follow ECMA-376 Part 1: w:comments (17.13.4) referenced from the main part by a
relationship of type .../relationships/comments and a content-type override; a comment's
range is w:commentRangeStart / w:commentRangeEnd with a run holding w:commentReference;
an inserted paragraph carries w:ins on its paragraph mark (w:pPr/w:rPr/w:ins) and its
runs inside w:ins, both with w:author and w:date, so rejecting it removes the paragraph.
"""

from __future__ import annotations

import copy
import io
import posixpath
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from clausecheck.drafting.wording import key_of

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
OFFICE_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
COMMENTS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
COMMENTS_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
AUTHOR = "clausecheck"

# Text inside these is not the paragraph's text as signed (deleted) or not its own (boxes).
_NOT_TEXT = frozenset(f"{{{W}}}{k}" for k in ("del", "moveFrom", "txbxContent"))


def w(local: str) -> str:
    return f"{{{W}}}{local}"


def parse(data: bytes) -> etree._Element:
    """An XML part, with entities, DTDs and the network off (comments are kept)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.fromstring(data, parser)


def serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# --- a paragraph's text -------------------------------------------------------------------


def text_nodes(el: etree._Element) -> Iterator[etree._Element]:
    """The w:t elements of `el` that are its text as signed: not deleted, not in a box."""
    for t in el.iter(w("t")):
        parent = t.getparent()
        inside = False
        while parent is not None and parent is not el:
            if parent.tag in _NOT_TEXT:
                inside = True
                break
            parent = parent.getparent()
        if not inside:
            yield t


def element_key(el: etree._Element) -> str:
    return key_of("".join(t.text or "" for t in text_nodes(el)))[0]


# --- comments ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """A span of a paragraph's text: from character `start` of w:t `first` to character
    `end` (inclusive) of w:t `last`."""

    first: etree._Element
    start: int
    last: etree._Element
    end: int


def find_span(p: etree._Element, quote: str) -> Span | None:
    """Where `quote` is in paragraph (or table) `p`, compared as keys; a quote cut short
    with "…" runs on to the end of its sentence."""
    truncated = quote.endswith("…")
    wanted = key_of(quote.rstrip("…"))[0]
    if not wanted:
        return None
    chars: list[tuple[etree._Element, int]] = []
    raw: list[str] = []
    for t in text_nodes(p):
        for i, ch in enumerate(t.text or ""):
            chars.append((t, i))
            raw.append(ch)
    key, where = key_of("".join(raw))
    at = key.find(wanted)
    if at < 0:
        return None
    last = at + len(wanted) - 1
    if truncated:
        while last + 1 < len(key) and key[last] not in "。；;.!?！？":
            last += 1
    (first_t, start), (last_t, end) = chars[where[at]], chars[where[last]]
    return Span(first_t, start, last_t, end)


def _content(run: etree._Element) -> list[etree._Element]:
    return [c for c in run if c.tag != w("rPr")]


def _tail(run: etree._Element, children: list[etree._Element]) -> etree._Element:
    """A run with `run`'s attributes and properties, holding `children` (moved), put
    right after `run`."""
    tail = etree.Element(run.tag, attrib=dict(run.attrib))
    rpr = run.find(w("rPr"))
    if rpr is not None:
        tail.append(copy.deepcopy(rpr))
    for child in children:
        tail.append(child)
    run.addnext(tail)
    return tail


def _split_run(t: etree._Element, offset: int) -> etree._Element:
    """Split the run of `t` so that a run begins at character `offset` of `t`; returns
    that run (the run itself when it already begins there)."""
    run = t.getparent()
    content = _content(run)
    index = content.index(t)
    if offset == 0:
        return run if index == 0 else _tail(run, content[index:])
    rest = etree.Element(w("t"))
    rest.text = (t.text or "")[offset:]
    rest.set(XML_SPACE, "preserve")
    t.text = (t.text or "")[:offset]
    t.set(XML_SPACE, "preserve")
    return _tail(run, [rest, *content[index + 1 :]])


def _end_run_at(t: etree._Element, end: int) -> None:
    """Split the run of `t` after its character `end` (when more follows in the run)."""
    if end + 1 < len(t.text or ""):
        _split_run(t, end + 1)
        return
    content = _content(t.getparent())
    index = content.index(t)
    if index + 1 < len(content):
        _tail(t.getparent(), content[index + 1 :])


def anchor_comment(span: Span, comment_id: int) -> None:
    """Mark `span` as the range of comment `comment_id` and add its reference run."""
    _end_run_at(span.last, span.end)
    same = span.first is span.last
    first_run = _split_run(span.first, span.start)
    # the text of `last` moved to the new run when the split was inside it
    last_run = first_run if same else span.last.getparent()
    start = etree.Element(w("commentRangeStart"))
    start.set(w("id"), str(comment_id))
    first_run.addprevious(start)
    end = etree.Element(w("commentRangeEnd"))
    end.set(w("id"), str(comment_id))
    last_run.addnext(end)
    ref_run = etree.Element(w("r"))
    etree.SubElement(ref_run, w("commentReference")).set(w("id"), str(comment_id))
    end.addnext(ref_run)


def anchor_paragraph(p: etree._Element, comment_id: int) -> None:
    """A comment on the whole paragraph `p` (when its quote cannot be found word for word)."""
    texts = list(text_nodes(p))
    if texts:
        last = texts[-1]
        anchor_comment(Span(texts[0], 0, last, max(len(last.text or "") - 1, 0)), comment_id)
        return
    start = etree.Element(w("commentRangeStart"))
    start.set(w("id"), str(comment_id))
    ppr = p.find(w("pPr"))
    (ppr.addnext if ppr is not None else lambda e: p.insert(0, e))(start)
    end = etree.SubElement(p, w("commentRangeEnd"))
    end.set(w("id"), str(comment_id))
    etree.SubElement(etree.SubElement(p, w("r")), w("commentReference")).set(
        w("id"), str(comment_id)
    )


def comment_element(comment_id: int, paragraphs: list[str], date: str) -> etree._Element:
    comment = etree.Element(w("comment"), nsmap={"w": W})
    for name, value in (("id", str(comment_id)), ("author", AUTHOR), ("date", date),
                        ("initials", "cc")):  # fmt: skip
        comment.set(w(name), value)
    for i, text in enumerate(paragraphs):
        p = etree.SubElement(comment, w("p"))
        if i == 0:
            etree.SubElement(etree.SubElement(p, w("r")), w("annotationRef"))
        t = etree.SubElement(etree.SubElement(p, w("r")), w("t"))
        t.text = text
        t.set(XML_SPACE, "preserve")
    return comment


# --- tracked insertions -------------------------------------------------------------------


def inserted_paragraph(
    text: str, template: etree._Element | None, change_id: int, date: str
) -> etree._Element:
    """A paragraph holding `text`, formatted like `template` (its paragraph and first run
    properties), marked as inserted by clausecheck (ids `change_id`, `change_id + 1`)."""
    p = etree.Element(w("p"))
    ppr = _clean_copy(template.find(w("pPr")) if template is not None else None, w("pPr"))
    for drop in ("sectPr", "pPrChange", "rPr"):
        for el in ppr.findall(w(drop)):
            ppr.remove(el)
    mark = etree.SubElement(ppr, w("rPr"))
    mark.append(_change("ins", change_id, date))
    p.append(ppr)
    ins = _change("ins", change_id + 1, date)
    run = etree.SubElement(ins, w("r"))
    first_rpr = template.find(f"{w('r')}/{w('rPr')}") if template is not None else None
    if first_rpr is not None:
        run.append(_clean_copy(first_rpr, w("rPr")))
    t = etree.SubElement(run, w("t"))
    t.text = text
    t.set(XML_SPACE, "preserve")
    p.append(ins)
    return p


def _clean_copy(el: etree._Element | None, tag: str) -> etree._Element:
    if el is None:
        return etree.Element(tag)
    clone = copy.deepcopy(el)
    for mark in ("ins", "del", "rPrChange", "moveFrom", "moveTo"):
        for found in clone.findall(w(mark)):
            clone.remove(found)
    return clone


def _change(kind: str, change_id: int, date: str) -> etree._Element:
    el = etree.Element(w(kind))
    el.set(w("id"), str(change_id))
    el.set(w("author"), AUTHOR)
    el.set(w("date"), date)
    return el


def max_id(*roots: etree._Element | None) -> int:
    """The largest w:id in these parts (new comments and changes take ids above it)."""
    found = [-1]
    for root in roots:
        if root is not None:
            for el in root.iter():
                value = el.get(w("id"))
                if value is not None and value.lstrip("-").isdigit():
                    found.append(int(value))
    return max(found)


# --- the package ----------------------------------------------------------------------------


class Package:
    """A DOCX's parts by name; `write` copies every part it was not given anew."""

    def __init__(self, data: bytes) -> None:
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        self.changed: dict[str, bytes] = {}

    def read(self, name: str) -> bytes | None:
        if name in self.changed:
            return self.changed[name]
        try:
            return self.zip.read(name)
        except KeyError:
            return None

    def main_part(self) -> str:
        data = self.read("_rels/.rels")
        if data is None:
            return "word/document.xml"
        for rel in parse(data).iter(f"{{{RELS_NS}}}Relationship"):
            if rel.get("Type") == OFFICE_DOC:
                return rel.get("Target", "word/document.xml").lstrip("/")
        return "word/document.xml"

    def rels_name(self, part: str) -> str:
        folder, name = posixpath.split(part)
        return posixpath.join(folder, "_rels", name + ".rels")

    def comments_part(self, main: str) -> str | None:
        """The comments part related to `main`, if it has one."""
        data = self.read(self.rels_name(main))
        if data is None:
            return None
        for rel in parse(data).iter(f"{{{RELS_NS}}}Relationship"):
            if rel.get("Type") == COMMENTS_REL:
                folder = posixpath.dirname(main)
                return posixpath.normpath(posixpath.join(folder, rel.get("Target", "")))
        return None

    def add_comments_part(self, main: str, name: str) -> None:
        """Relate a new comments part `name` to `main` and declare its content type."""
        rels_name = self.rels_name(main)
        data = self.read(rels_name)
        rels = parse(data) if data else etree.Element(f"{{{RELS_NS}}}Relationships",
                                                      nsmap={None: RELS_NS})  # fmt: skip
        ids = {rel.get("Id") for rel in rels}
        n = 1
        while f"rId{n}" in ids:
            n += 1
        rel = etree.SubElement(rels, f"{{{RELS_NS}}}Relationship")
        rel.set("Id", f"rId{n}")
        rel.set("Type", COMMENTS_REL)
        rel.set("Target", posixpath.relpath(name, posixpath.dirname(main)))
        self.changed[rels_name] = serialize(rels)
        types = parse(self.read("[Content_Types].xml"))
        override = etree.SubElement(types, f"{{{TYPES_NS}}}Override")
        override.set("PartName", "/" + name)
        override.set("ContentType", COMMENTS_TYPE)
        self.changed["[Content_Types].xml"] = serialize(types)

    def write(self) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            names = set()
            for info in self.zip.infolist():
                names.add(info.filename)
                data = self.changed.get(info.filename)
                target.writestr(info, data if data is not None else self.zip.read(info))
            for name, data in self.changed.items():
                if name not in names:
                    target.writestr(zipfile.ZipInfo(name, (2026, 1, 1, 0, 0, 0)), data,
                                    zipfile.ZIP_DEFLATED)  # fmt: skip
        return out.getvalue()
