"""A web page (HTML), typically a contract page saved from a browser under a `.doc` name:
its visible text, one block per paragraph, heading or table row.

Scripts, styles and the page head are dropped; headings become heading blocks, so a
numbered clause heading still starts a clause.
"""

from __future__ import annotations

import re

from clausecheck.errors import InputError
from clausecheck.extract.text import decode, extract_text
from clausecheck.model import Block

# The first bytes of an HTML page (after a BOM, blanks and comments).
_HTML_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
    re.IGNORECASE | re.DOTALL,
)
# Elements that start a line of text.
_BLOCKS = frozenset((
    "p", "div", "li", "tr", "dt", "dd", "blockquote", "pre", "section", "article", "header",
    "footer", "table", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "title", "caption",
    "center", "td", "th",
))  # fmt: skip
_HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
_DROPPED = ("script", "style", "noscript", "template", "head", "svg")


def is_html(head: bytes) -> bool:
    return bool(_HTML_START.match(head))


def extract_html(data: bytes) -> tuple[list[Block], list[str]]:
    """Blocks and warnings for a web page's bytes."""
    import lxml.html  # lxml is already the DOCX reader's

    warnings: list[str] = []
    text = decode(data, warnings)
    try:
        root = lxml.html.document_fromstring(
            text.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8")
        )
    except (ValueError, lxml.etree.ParserError) as exc:  # type: ignore[attr-defined]
        raise InputError("corrupt", f"the web page cannot be read ({exc})") from None
    for element in root.iter(*_DROPPED):
        element.drop_tree()
    lines: list[str] = []
    _walk(root, lines)
    blocks, more = extract_text("\n".join(lines).encode("utf-8"))
    return blocks, warnings + more


def _walk(element, lines: list[str]) -> None:
    """The element's text, a new line at each block element (a heading as `# text`)."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _BLOCKS or tag == "br":
        lines.append("")
    start = len(lines) - 1  # the line this element's text starts on
    if element.text:
        _add(lines, element.text)
    for child in element:
        _walk(child, lines)
        if child.tail:
            _add(lines, child.tail)
    if tag in _HEADINGS and lines[start].strip():
        lines[start] = "# " + lines[start].strip()
    if tag in _BLOCKS:
        lines.append("")


def _add(lines: list[str], text: str) -> None:
    text = " ".join(text.split())
    if not text:
        return
    if not lines:
        lines.append("")
    lines[-1] = f"{lines[-1]} {text}".strip() if lines[-1] else text
