"""DOCX: a walker over the WordprocessingML of the main document part.

Reads what would be signed, in body order: paragraphs and table rows interleaved; tracked
changes as if all were accepted (w:ins and w:moveTo kept, w:del and w:moveFrom dropped);
content controls; text boxes once (one branch of mc:AlternateContent), after the
paragraph that anchors them; footnotes and endnotes at the end. Headers, footers,
comments and field codes are left out.

Safety: the zip directory is checked for decompression bombs before anything is read,
every part is read with a size cap, and XML is parsed by lxml without DTDs, entities or
network; a part with a DOCTYPE is refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from clausecheck.errors import InputError
from clausecheck.extract.docx_package import Package
from clausecheck.model import Block
from clausecheck.normalize import normalize_text

# Decompression-bomb limits (module constants so tests may lower them).

W_NS = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
)
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
TRACKED_WARNING = "tracked changes: read as if all were accepted"

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_WORD_DOCUMENT = "WordDocument".encode("utf-16-le")
_DOCTYPE = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)

_SEPARATOR_TYPES = {"separator", "continuationSeparator", "continuationNotice"}
_HEADING_NAME = re.compile(r"(?i)^(?:heading\s*\d*|title|标题\s*\d*)$")
_HEADING_ID = re.compile(r"(?i)^(?:heading\s*\d*|title)$")


def _fail(code: str, message: str) -> InputError:
    return InputError(code, message)


def extract_docx(data: bytes) -> tuple[list[Block], list[str]]:
    """Blocks and warnings for the bytes of a .docx (or of an OLE file: refused)."""
    if data.startswith(OLE_MAGIC):
        raise _ole_error(data)
    package = Package(data, _parse)
    warnings: list[str] = []
    main = package.main_part()
    root = _parse(package.read(main), main, warnings)
    if root is None or _key(root.tag) != "document":
        raise _fail("corrupt", "the Word document's main part is damaged and cannot be read")
    styles_part = package.related(main, "styles", "word/styles.xml")
    heading_styles: set[str] = set()
    if styles_part is not None:
        styles = _parse_optional(package, styles_part, warnings)
        if styles is not None:
            heading_styles = _heading_styles(styles)

    walker = _Walker(heading_styles)
    sink: list[tuple[str, str]] = []
    for child in root:
        if isinstance(child.tag, str) and _key(child.tag) == "body":
            walker.container(child, sink)
    for kind in ("footnotes", "endnotes"):
        part = package.related(main, kind, f"word/{kind}.xml")
        if part is None:
            continue
        notes = _parse_optional(package, part, warnings)
        if notes is not None:
            walker.notes(notes, sink)

    if walker.tracked:
        warnings.insert(0, TRACKED_WARNING)
    if walker.alt_chunks:
        n = walker.alt_chunks
        warnings.append(f"{n} embedded document chunk{'s' if n > 1 else ''} (altChunk) not read")
    blocks = [
        Block(text=text, kind=kind, paragraph=i) for i, (kind, text) in enumerate(sink, start=1)
    ]
    if not blocks:
        raise _fail("no-text", "the Word document contains no text (only images or empty)")
    return blocks, warnings


def _ole_error(data: bytes) -> InputError:
    if _ENCRYPTED_PACKAGE in data:
        return _fail(
            "encrypted",
            "the Word file is password-protected (encrypted); remove the password in Word"
            " and save it again",
        )
    if _WORD_DOCUMENT in data:
        return _fail(
            "unsupported",
            "this is a legacy Word .doc file; open it in Word or LibreOffice and save it as .docx",
        )
    return _fail(
        "unsupported",
        "this is a legacy Office file (OLE), not a Word .docx; save it as .docx",
    )


# ---------------------------------------------------------------------------------------
# XML


def _parser(recover: bool):
    from lxml import etree

    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
        recover=recover,
    )


def _parse(data: bytes, part: str, warnings: list[str]):
    """The root element of an XML part, or None when nothing could be read.

    A DOCTYPE is refused before parsing; a malformed part is read in lxml's recover
    mode, with a warning.
    """
    from lxml import etree

    probe = data
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or data[:1] == b"\x00" or data[1:2] == b"\x00":
        probe = data.replace(b"\x00", b"")
    if _DOCTYPE.search(probe):
        raise _fail(
            "corrupt",
            f"the Word file's {part} has a DOCTYPE declaration, which Word never writes;"
            " not read, for safety",
        )
    try:
        return etree.fromstring(data, _parser(False))
    except etree.XMLSyntaxError:
        pass
    try:
        root = etree.fromstring(data, _parser(True))
    except etree.XMLSyntaxError:
        root = None
    if root is not None:
        warnings.append(f"{part} is damaged; read what could be read")
    return root


def _parse_optional(package: Package, part: str, warnings: list[str]):
    """Parse a part we can do without: a damaged one gives a warning, not an error."""
    try:
        root = _parse(package.read(part), part, warnings)
    except InputError as exc:
        if exc.code in ("bomb", "encrypted"):
            raise
        warnings.append(f"{part} could not be read: {exc.message}")
        return None
    if root is None:
        warnings.append(f"{part} is damaged and was not read")
    return root


_KEYS: dict[str, str] = {}


def _key(tag: str) -> str:
    """'p' for a w:p element, 'mc:Choice' for mc:Choice, '?:x' for other namespaces.

    Also handles parts read without namespace declarations, whose tags keep their
    literal prefix ('w:p').
    """
    key = _KEYS.get(tag)
    if key is not None:
        return key
    if tag[:1] == "{":
        ns, _, local = tag[1:].partition("}")
        if ns in W_NS:
            key = local
        elif ns == MC_NS:
            key = "mc:" + local
        elif ns == M_NS:
            key = "m:" + local
        else:
            key = "?:" + local
    else:
        prefix, _, local = tag.rpartition(":")
        if prefix in ("", "w"):
            key = local
        elif prefix in ("mc", "m"):
            key = f"{prefix}:{local}"
        else:
            key = "?:" + local
    if len(_KEYS) < 4096:
        _KEYS[tag] = key
    return key


def _attr(el, local: str) -> str | None:
    """Attribute `local` in any namespace (w:val, val, {ns}val)."""
    for name, value in el.attrib.items():
        if name == local or name.endswith("}" + local) or name.endswith(":" + local):
            return value
    return None


def _children(el) -> Iterator:
    for child in el:
        if isinstance(child.tag, str):
            yield child


def _child(el, key: str):
    for child in _children(el):
        if _key(child.tag) == key:
            return child
    return None


def _choose(alt):
    """One branch of mc:AlternateContent: the first mc:Choice, or mc:Fallback when the
    choice holds no text; never both."""
    choice = fallback = None
    for child in _children(alt):
        k = _key(child.tag)
        if k == "mc:Choice" and choice is None:
            choice = child
        elif k == "mc:Fallback" and fallback is None:
            fallback = child
    if choice is not None and (fallback is None or _has_text(choice)):
        return choice
    return fallback


def _has_text(el) -> bool:
    for node in el.iter():
        if isinstance(node.tag, str) and _key(node.tag) in ("t", "txbxContent"):
            return True
    return False


def _heading_styles(root) -> set[str]:
    """Style ids of paragraph styles that are headings (by name or outline level)."""
    styles: dict[str, tuple[str, str | None, str | None]] = {}
    for st in _children(root):
        if _key(st.tag) != "style" or (_attr(st, "type") or "paragraph") != "paragraph":
            continue
        sid = _attr(st, "styleId")
        if not sid:
            continue
        name_el = _child(st, "name")
        name = (_attr(name_el, "val") or "") if name_el is not None else ""
        ppr = _child(st, "pPr")
        outline = None
        if ppr is not None:
            lvl = _child(ppr, "outlineLvl")
            outline = _attr(lvl, "val") if lvl is not None else None
        based_el = _child(st, "basedOn")
        based = _attr(based_el, "val") if based_el is not None else None
        styles[sid] = (name.strip(), outline, based)

    def heading(sid: str) -> bool:
        name, _, _ = styles[sid]
        if _HEADING_NAME.match(name) or _HEADING_ID.match(sid):
            return True
        seen = set()
        while sid in styles and sid not in seen:
            seen.add(sid)
            _, outline, based = styles[sid]
            if outline is not None:
                return _outline_heading(outline)
            sid = based or ""
        return False

    return {sid for sid in styles if heading(sid)}


def _outline_heading(value: str | None) -> bool:
    return value is not None and value.strip().isdigit() and 0 <= int(value) <= 8


# ---------------------------------------------------------------------------------------
# the walker

_INLINE_CONTAINERS = frozenset(
    {"hyperlink", "smartTag", "customXml", "fldSimple", "sdtContent", "dir", "bdo", "ins", "moveTo"}
)
_BLOCK_CONTAINERS = frozenset({"sdtContent", "customXml", "ins", "moveTo", "smartTag"})
_TRACK_KEEP = frozenset({"ins", "moveTo"})
_TRACK_DROP = frozenset({"del", "moveFrom"})
_RUN_TEXT = {"tab": " ", "ptab": " ", "br": " ", "cr": " ", "noBreakHyphen": "-"}
_OBJECTS = frozenset({"drawing", "pict", "object"})

Sink = list[tuple[str, str]]


class _Walker:
    def __init__(self, heading_styles: set[str]) -> None:
        self.heading_styles = heading_styles
        self.tracked = False
        self.alt_chunks = 0

    # block level ---------------------------------------------------------------------

    def container(self, el, sink: Sink) -> None:
        """Paragraphs and tables of a block container (body, cell, text box, note)."""
        for child in _children(el):
            k = _key(child.tag)
            if k == "p":
                self.paragraph(child, sink)
            elif k == "tbl":
                self.table(child, sink)
            elif k == "sdt":
                content = _child(child, "sdtContent")
                if content is not None:
                    self.container(content, sink)
            elif k in _BLOCK_CONTAINERS:
                if k in _TRACK_KEEP:
                    self.tracked = True
                self.container(child, sink)
            elif k in _TRACK_DROP:
                self.tracked = True
            elif k == "mc:AlternateContent":
                branch = _choose(child)
                if branch is not None:
                    self.container(branch, sink)
            elif k == "altChunk":
                self.alt_chunks += 1

    def paragraph(self, p, sink: Sink) -> None:
        parts: list[str] = []
        boxes: Sink = []
        heading = False
        for child in _children(p):
            if _key(child.tag) == "pPr":
                heading = self._is_heading(child)
            else:
                self.inline(child, parts, boxes)
        text = normalize_text("".join(parts).replace("\n", " "))
        if text:
            sink.append(("heading" if heading else "paragraph", text))
        sink.extend(boxes)

    def _is_heading(self, ppr) -> bool:
        heading = False
        for child in _children(ppr):
            k = _key(child.tag)
            if k == "pStyle":
                sid = _attr(child, "val") or ""
                heading = heading or sid in self.heading_styles or bool(_HEADING_ID.match(sid))
            elif k == "outlineLvl":
                if _outline_heading(_attr(child, "val")):
                    return True
                heading = False if (_attr(child, "val") or "").strip() == "9" else heading
            elif k == "rPr":
                for mark in _children(child):
                    if _key(mark.tag) in ("ins", "del", "moveTo", "moveFrom"):
                        self.tracked = True
        return heading

    def table(self, tbl, sink: Sink) -> None:
        for row in _rows(tbl):
            trpr = _child(row, "trPr")
            if trpr is not None:
                marks = {_key(c.tag) for c in _children(trpr)}
                if marks & {"ins", "del"}:
                    self.tracked = True
                if "del" in marks:
                    continue
            cells: list[str] = []
            extra: Sink = []
            for cell in _cells(row):
                sub: Sink = []
                self.container(cell, sub)
                texts = []
                for kind, text in sub:
                    if kind in ("paragraph", "heading"):
                        texts.append(text)
                    else:
                        extra.append((kind, text))
                cell_text = " ".join(texts).strip()
                if cell_text:
                    cells.append(cell_text)
            if cells:
                sink.append(("table-row", " | ".join(cells)))
            sink.extend(extra)

    def notes(self, root, sink: Sink) -> None:
        """Footnotes or endnotes (separators skipped), one block per note."""
        for note in _children(root):
            if _key(note.tag) not in ("footnote", "endnote"):
                continue
            if (_attr(note, "type") or "") in _SEPARATOR_TYPES:
                continue
            if (_attr(note, "id") or "").strip() in ("-1", "0"):
                continue
            sub: Sink = []
            self.container(note, sub)
            text = " ".join(t for _, t in sub).strip()
            if text:
                sink.append(("footnote", text))

    # inline level --------------------------------------------------------------------

    def inline(self, el, parts: list[str], boxes: Sink) -> None:
        k = _key(el.tag)
        if k == "r":
            self.run(el, parts, boxes)
        elif k in _INLINE_CONTAINERS:
            if k in _TRACK_KEEP:
                self.tracked = True
            for child in _children(el):
                self.inline(child, parts, boxes)
        elif k == "sdt":
            content = _child(el, "sdtContent")
            if content is not None:
                self.inline(content, parts, boxes)
        elif k in _TRACK_DROP:
            self.tracked = True
        elif k == "mc:AlternateContent":
            branch = _choose(el)
            if branch is not None:
                for child in _children(branch):
                    self.inline(child, parts, boxes)
        elif k in ("m:oMath", "m:oMathPara"):
            for node in el.iter():
                if isinstance(node.tag, str) and _key(node.tag) == "m:t" and node.text:
                    parts.append(node.text)
        elif k in _OBJECTS:
            self.textboxes(el, boxes)

    def run(self, r, parts: list[str], boxes: Sink) -> None:
        for child in _children(r):
            k = _key(child.tag)
            if k == "t":
                if child.text:
                    parts.append(child.text)
            elif k in _RUN_TEXT:
                parts.append(_RUN_TEXT[k])
            elif k in ("delText", "delInstrText"):
                self.tracked = True
            elif k in _OBJECTS:
                self.textboxes(child, boxes)
            elif k == "mc:AlternateContent":
                branch = _choose(child)
                if branch is not None:
                    self.run(branch, parts, boxes)
            elif k == "ruby":
                base = _child(child, "rubyBase")
                if base is not None:
                    for sub in _children(base):
                        self.inline(sub, parts, boxes)
            # rPr, sym, softHyphen, fldChar, instrText, footnoteReference, ...: no text

    def textboxes(self, el, boxes: Sink) -> None:
        """Text boxes (w:txbxContent) inside a drawing or a VML picture, once each."""
        for child in _children(el):
            k = _key(child.tag)
            if k == "txbxContent":
                sub: Sink = []
                self.container(child, sub)
                boxes.extend(("textbox", text) for _, text in sub)
            elif k == "mc:AlternateContent":
                branch = _choose(child)
                if branch is not None:
                    self.textboxes(branch, boxes)
            else:
                self.textboxes(child, boxes)


def _rows(tbl) -> Iterator:
    for child in _children(tbl):
        k = _key(child.tag)
        if k == "tr":
            yield child
        elif k in ("sdt", "sdtContent", "customXml"):
            yield from _rows(child)


def _cells(row) -> Iterator:
    for child in _children(row):
        k = _key(child.tag)
        if k == "tc":
            yield child
        elif k in ("sdt", "sdtContent", "customXml"):
            yield from _cells(child)
