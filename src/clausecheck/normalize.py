"""Text normalisation shared by the extractors (PDF now, OCR later; safe for every format).

Pure functions, standard library only:

* `normalize_text` cleans one string: soft hyphens and non-characters, full-width digits and
  letters, the ideographic space, the spaces PDF engines put around CJK characters, and
  English words hyphenated at a line end.
* `is_heading_start` tells whether a line starts like a clause heading (第X条, 一、, 1.1,
  Article N, ALL-CAPS, 附件, Schedule ...).
* `join_lines` joins visual lines back into paragraphs.
* `strip_running_lines` drops running headers, footers and page numbers from PDF pages.
* `paragraphs_from_pages` does both for a whole PDF and joins paragraphs that cross a
  page break.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from clausecheck.markers import ABBREVIATION, MARKERS

__all__ = [
    "display_width",
    "ends_sentence",
    "is_heading_start",
    "is_page_number",
    "join_lines",
    "join_numbered_lines",
    "normalize_text",
    "paragraphs_from_pages",
    "strip_running_lines",
    "typical_width",
]


class _LazyRe:
    """A regex compiled on first use (big Unicode classes take ~25 ms to compile); with
    `unicode_classes`, by the `regex` module (\\p{Lu}, \\p{Han}, as `markers` writes them)."""

    def __init__(self, pattern: str, flags: int = 0, *, unicode_classes: bool = False) -> None:
        self._args = (pattern, flags)
        self._unicode_classes = unicode_classes
        self._re: re.Pattern[str] | None = None

    def __getattr__(self, name: str):
        # Runs only for an attribute not yet set: the pattern's method is stored on the
        # instance, so later uses cost a plain attribute lookup.
        if self._re is None:
            if self._unicode_classes:
                import regex  # a heavy third-party library: imported when first needed

                from clausecheck.rules.compiled import compile_cached  # (it imports regex)

                pattern, flags = self._args
                self._re = compile_cached(pattern, flags | regex.VERSION0)
            else:
                self._re = re.compile(*self._args)
        value = getattr(self._re, name)
        setattr(self, name, value)
        return value


# CJK ideographs, CJK symbols and punctuation, kana, and full-width forms.
_CJK = (
    "\u2e80-\u2fdf\u3001-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
)
_CJK_RE = _LazyRe(f"[{_CJK}]")
_CJK_RUN = _LazyRe(f"[{_CJK}]+")
_CJK_CHAR = f"[{_CJK}]"
# Spaces between CJK characters, or between CJK and a letter or digit. (The space after a
# clause number, 第一条 服务期限, is kept: it marks the heading.) The patterns start with
# the space and look behind it, so that the regex engine can skip to the next space.
_SPACE_AFTER_CJK = _LazyRe(
    f"[ \t](?<={_CJK_CHAR}[ \t])(?<![条條章节節款编編][ \t])[ \t]*(?=[{_CJK}A-Za-z0-9])"
)
_SPACE_BEFORE_CJK = _LazyRe(f"[ \t](?<=[A-Za-z0-9][ \t])[ \t]*(?={_CJK_CHAR})")

# Characters dropped outright: soft hyphen, zero-width space, BOM, non-characters.
_DROP = dict.fromkeys(map(ord, "\u00ad\u200b\ufeff\ufffe\uffff"), None)
# C0/C1 controls except tab and newline (dropped); odd spaces become a plain space.
_DROP.update(dict.fromkeys([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F], None))
_DROP.update(dict.fromkeys(range(0x80, 0xA0), None))
_SPACES = "\t\u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000"
_DROP.update({ord(c): " " for c in _SPACES})
# Full-width digits, Latin letters and the percent sign become ASCII; full-width Chinese
# punctuation (。，；：（）) stays as it is (NFKC would turn it into ASCII).
_DROP.update({cp: cp - 0xFEE0 for cp in range(0xFF10, 0xFF1A)})
_DROP.update({cp: cp - 0xFEE0 for cp in range(0xFF21, 0xFF3B)})
_DROP.update({cp: cp - 0xFEE0 for cp in range(0xFF41, 0xFF5B)})
_DROP[0xFF05] = "%"
_TRANSLATE = _DROP
_NEEDS_TRANSLATE = _LazyRe(
    "[" + "".join(re.escape(chr(cp)) for cp in sorted(_TRANSLATE) if cp != 0x0A) + "]"
)

_MULTI_SPACE = _LazyRe(r" {2,}")
# (Starts with the hyphen, which the regex engine finds fast, then looks behind it.)
_HYPHEN_BREAK = _LazyRe(r"-(?<=[A-Za-z]-)[ ]*\n[ ]*(?=[a-z])")
_OTHER_NEWLINES = ("\u2028", "\u2029", "\x85")


def join_numbered_lines(
    items: Sequence[tuple[int, str, int]], full_width: int | None
) -> list[tuple[int, str]]:
    """`join_lines` for (line number, line, display width) of a text file, giving (number
    of the first line, paragraph). `full_width` is the width of a full line, estimated
    once for the whole file (`typical_width`: one run between blank lines may be too
    short to tell); None (fewer than four lines) joins nothing."""
    if full_width is None:  # too few lines to tell a wrapped line from a short one
        return [(number, line) for number, line, _ in items]
    return _join(items, full_width)


# ---------------------------------------------------------------------------------------
# normalize_text


def normalize_text(s: str) -> str:
    """Clean one string; keeps its line breaks (except inside a hyphenated English word)."""
    if not s:
        return ""
    # Each step runs only when a cheap test says it may change something (50 MB lines).
    s = _unify_newlines(s)
    if s.isascii():
        if not s.replace("\n", "").isprintable():
            s = s.translate(_TRANSLATE)
    elif _NEEDS_TRANSLATE.search(s):
        s = s.translate(_TRANSLATE)
    if "-" in s and "\n" in s:
        s = _HYPHEN_BREAK.sub("", s)
    if "  " in s:
        s = _MULTI_SPACE.sub(" ", s)
    if " " in s and not s.isascii() and _CJK_RE.search(s):
        s = _SPACE_AFTER_CJK.sub("", s)
        s = _SPACE_BEFORE_CJK.sub("", s)
    if "\n" in s:
        return "\n".join([line.strip() for line in s.split("\n")])
    return s.strip()


def _unify_newlines(s: str) -> str:
    """CR LF, CR, U+2028, U+2029 and NEL as LF."""
    if "\r" in s:
        s = s.replace("\r\n", "\n").replace("\r", "\n")
    for newline in _OTHER_NEWLINES:
        if newline in s:
            s = s.replace(newline, "\n")
    return s


# ---------------------------------------------------------------------------------------
# headings and sentence ends

# Every marker that starts a paragraph (`markers.MARKERS`: each clause start is one).
_HEADING_RE = _LazyRe(
    "|".join(f"(?:{m.pattern.replace('(?P<num>', '(?:')})" for m in MARKERS if m.paragraph),
    unicode_classes=True,
)
_LIST_ITEM = _LazyRe(r"\((?:[a-z]|[ivx]{1,5})\)\s")
_ALL_CAPS_RE = _LazyRe(r"[A-Z][A-Z0-9 ,&'’/()\-–]*[A-Z)]\.?$")
_ALL_CAPS_WORDS = _LazyRe(r"[A-Z]{2,}")


def is_heading_start(line: str) -> bool:
    """Does `line` start like a clause heading or a list item (a new paragraph)?"""
    s = line.strip()
    if not s:
        return False
    if _HEADING_RE.match(s):
        return True
    # An ALL-CAPS heading line: "CONFIDENTIALITY", "TERM AND TERMINATION".
    return len(s) <= 60 and bool(_ALL_CAPS_RE.match(s)) and len(_ALL_CAPS_WORDS.findall(s)) >= 1


_SENTENCE_END = "。；！？.;:!?：…"
_CLOSERS = "\"'”’」』)）]】》〉"
_ABBREV_END = _LazyRe(rf"(?:\b(?:{ABBREVIATION})\.)$", re.IGNORECASE)


def ends_sentence(line: str) -> bool:
    """Does `line` end with sentence punctuation (possibly followed by a closing quote)?"""
    s = line.rstrip().rstrip(_CLOSERS)
    if not s or s[-1] not in _SENTENCE_END:
        return False
    return not (s.endswith(".") and _ABBREV_END.search(s))


def _starts_new_paragraph(line: str) -> bool:
    """After a sentence end, does `line` look like the start of a new paragraph?"""
    c = line[:1]
    return bool(c) and not ("a" <= c <= "z" or c in ",，、;；)）]】")


def display_width(s: str) -> int:
    """Width in columns: CJK and full-width characters count two."""
    if s.isascii():
        return len(s)
    return 2 * len(s) - len(_CJK_RUN.sub("", s))  # the length plus the CJK characters


def _display_widths(lines: Sequence[str]) -> list[int]:
    """`display_width` of each line, with one regex pass over all of them."""
    text = "\n".join(lines)
    if text.isascii():
        return [len(line) for line in lines]
    rest = _CJK_RUN.sub("", text).split("\n")  # the lines without their CJK characters
    if len(rest) != len(lines):  # a line holds a line break: line by line
        return [display_width(line) for line in lines]
    return [2 * len(line) - len(r) for line, r in zip(lines, rest, strict=True)]


_CONTINUES = ',，、-–—(（“"‘/&'
_SHORT_HEADING = 40


def typical_width(widths: Iterable[int]) -> int | None:
    """The width of a full line: the 90th percentile of the non-empty ones (None: fewer
    than four)."""
    ws = sorted(w for w in widths if w > 0)
    if len(ws) < 4:
        return None
    return ws[int(len(ws) * 0.9)]


def _is_cjk(c: str) -> bool:
    return not c.isascii() and bool(_CJK_RE.match(c))


def _glue(left: str, right: str) -> str:
    """Join two visual lines of one paragraph."""
    if left.endswith("-") and len(left) > 1 and left[-2].isalpha() and right[:1].islower():
        return left[:-1] + right
    if _is_cjk(left[-1:]) or _is_cjk(right[:1]):
        return left + right
    return f"{left} {right}"


def _breaks(
    prev: str, prev_width: int, lone_heading: bool, nxt: str, nxt_heading: bool, full: int | None
) -> bool:
    """Does a paragraph end between visual line `prev` and visual line `nxt`?

    `prev_width` is the display width of `prev`, `lone_heading` says whether `prev` is a
    paragraph's only line so far and starts like a heading, `nxt_heading` whether `nxt`
    starts like a heading (`is_heading_start`).
    """
    if nxt_heading:
        if not _LIST_ITEM.match(nxt):
            return True
        # "(d)" may also be an inline list wrapped onto a new line: "...; (c) the
        # installation;" / "(d) any modification". A list item on its own line follows
        # a short line or a lead-in ending with a colon.
        if prev.endswith((":", "：")) or (full is None and prev.endswith((";", "；"))):
            return True
        return full is not None and prev_width < full * 0.85
    width = prev_width
    if ends_sentence(prev) and _starts_new_paragraph(nxt):
        # Chinese is justified: a full line ending with 。 or ； is most often the middle
        # of a paragraph (the last line of a paragraph is short), so there only a short
        # line ends one.
        full_cjk = full and width >= full * 0.9 and _is_cjk(nxt[:1]) and _is_cjk(prev[-2:-1])
        if not full_cjk:
            return True
    continues = prev[-1:] in _CONTINUES
    # A lone heading line ("第一条 服务期限", "CONFIDENTIALITY") ends its paragraph.
    if (
        lone_heading
        and not continues
        and width <= (min(_SHORT_HEADING, int(full * 0.7)) if full else _SHORT_HEADING)
    ):
        return True
    # A line much shorter than a full line ends its paragraph (the last line of a
    # paragraph, a table row, a signature line).
    return bool(full and not continues and width < full * 0.7)


def _join(items: Iterable[tuple[int, str, int]], full: int | None) -> list[tuple[int, str]]:
    """Join (page, stripped line, display width) items into (page, paragraph); an empty
    line is a hard break."""
    out: list[tuple[int, str]] = []
    cur: str | None = None
    cur_page = 0
    cur_lines = 0
    prev_line = ""
    prev_width = 0
    prev_heading = False
    for page, line, width in items:
        if not line:
            if cur is not None:
                out.append((cur_page, cur))
                cur = None
            continue
        heading = is_heading_start(line)
        if cur is not None and not _breaks(
            prev_line, prev_width, cur_lines == 1 and prev_heading, line, heading, full
        ):
            cur = _glue(cur, line)
            cur_lines += 1
        else:
            if cur is not None:
                out.append((cur_page, cur))
            cur, cur_page, cur_lines = line, page, 1
        prev_line, prev_width, prev_heading = line, width, heading
    if cur is not None:
        out.append((cur_page, cur))
    return out


def join_lines(lines: Sequence[str], *, full_width: int | None = None) -> list[str]:
    """Join visual lines into paragraphs.

    A paragraph ends at an empty line; before a line that starts like a heading
    (`is_heading_start`); after sentence punctuation when the next line starts like a
    new paragraph; after a lone short heading line; and after a line much shorter than a
    full line (`full_width` columns, else estimated from the lines themselves). Other
    lines are joined: no space between CJK text, one space between English words, and a
    word hyphenated at the line end is rejoined.
    """
    clean = [line.strip() for line in lines]
    widths = _display_widths(clean)
    items = [(0, x, width) for x, width in zip(clean, widths, strict=True)]
    full = full_width or typical_width(widths)
    return [p for _, p in _join(items, full)]


# ---------------------------------------------------------------------------------------
# running headers, footers and page numbers

_PAGE_NUMBER_RES = [
    r"[-–—]?\s*\d{1,4}\s*[-–—]?",
    r"[-–—]\s*[ivxlcIVXLC]{1,6}\s*[-–—]",
    r"第\s*\d{1,4}\s*页\s*(?:[,，/、]?\s*共\s*\d{1,4}\s*页)?",
    r"共\s*\d{1,4}\s*页\s*[,，/、]?\s*第\s*\d{1,4}\s*页",
    r"(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?",
    r"\d{1,4}\s*(?:/|of)\s*\d{1,4}",
]
_PAGE_NUMBER_RE = _LazyRe(
    "(?:" + "|".join(f"(?:{p})" for p in _PAGE_NUMBER_RES) + r")$", re.IGNORECASE
)
_DIGITS = _LazyRe(r"\d+")
_BARE_NUMBER = _LazyRe(r"\d{1,4}$")  # a page number only as a page's first or last line
_EDGE = 3  # how many lines at the top and at the bottom of a page may be running lines


def is_page_number(line: str) -> bool:
    """`- 3 -`, `第 3 页 共 10 页`, `Page 3 of 10`, `3/10`, a bare `3`."""
    return bool(_PAGE_NUMBER_RE.match(line.strip()))


def _line_keys(lines: Sequence[str]) -> list[str]:
    """Each line with its spaces squashed and its digits masked ("" for a blank line): the
    line as it repeats from page to page. One regex pass over the whole page."""
    masked = _DIGITS.sub("#", "\n".join(lines)).split("\n")
    if len(masked) != len(lines):  # a line holds a line break: line by line
        masked = [_DIGITS.sub("#", line) for line in lines]
    # (Masking before squashing gives the same key: no digit is a space.)
    return [" ".join(line.split()) for line in masked]


def _edges(keys: Sequence[str]) -> tuple[list[int], list[int]]:
    """Indices of the first and the last `_EDGE` non-blank lines, from the lines' keys."""
    idx = [i for i, key in enumerate(keys) if key]
    return idx[:_EDGE], idx[-_EDGE:]


def strip_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Drop running headers/footers and page numbers.

    A line is dropped when it is among the first or last three non-empty lines of a page
    and either looks like a page number (a bare number only as the very first or last
    line), or repeats (digits ignored) at the same place
    from the top (or from the bottom) on at least half of the pages, and at least two,
    while it is rarer in the body of the pages (so repeated body text stays). Repeated
    lines at the top of the first page are kept: there they are usually the title.
    """
    n = len(pages)
    keyed = [_line_keys(lines) for lines in pages]
    edges = [_edges(keys) for keys in keyed]
    top: Counter[tuple[int, str]] = Counter()
    bottom: Counter[tuple[int, str]] = Counter()
    body: Counter[str] = Counter()
    for keys, (head, tail) in zip(keyed, edges, strict=True):
        top.update({(pos, keys[i]) for pos, i in enumerate(head)})
        bottom.update({(pos, keys[i]) for pos, i in enumerate(reversed(tail))})
        at_edge = set(head) | set(tail)
        body.update(key for i, key in enumerate(keys) if key and i not in at_edge)
    need = max(2, (n + 1) // 2)

    def running(line: str, key: str, count: int, pos: int) -> bool:
        if is_page_number(line) and (pos == 0 or not _BARE_NUMBER.match(line.strip())):
            return True
        return n >= 2 and count >= need and body[key] < count

    out: list[list[str]] = []
    for number, (lines, keys, (head, tail)) in enumerate(zip(pages, keyed, edges, strict=True)):
        drop = set()
        for pos, i in enumerate(head):
            # At the top of the first page a "running header" is often the title: kept
            # (it interrupts no paragraph there).
            count = top[(pos, keys[i])] if number else 0
            if running(lines[i], keys[i], count, pos):
                drop.add(i)
        for pos, i in enumerate(reversed(tail)):
            if running(lines[i], keys[i], bottom[(pos, keys[i])], pos):
                drop.add(i)
        if not drop:
            out.append(list(lines))
            continue
        kept = [line for i, line in enumerate(lines) if i not in drop]
        if not any(x.strip() for x in kept):
            # Nothing but "running" lines: then they are the page's text (one short line a
            # page, such as a form), except for page numbers.
            kept = [x for x in lines if not is_page_number(x)]
        out.append(kept)
    return out


def paragraphs_from_pages(
    pages: list[list[str]], *, strip_running: bool = True
) -> list[tuple[int, str]]:
    """(1-based page, paragraph) pairs for a paged document.

    Running lines are stripped, lines are joined into paragraphs (`join_lines`) and a
    paragraph that runs over a page break is joined with its continuation; it keeps the
    page where it starts. Empty lines at page edges do not break a paragraph; a page
    without lines does.
    """
    if strip_running:
        pages = strip_running_lines(pages)
    items: list[tuple[int, str, int]] = []  # (page, line, display width)
    for number, lines in enumerate(pages, start=1):
        clean = [line.strip() for line in lines]
        while clean and not clean[0]:
            clean.pop(0)
        while clean and not clean[-1]:
            clean.pop()
        if not clean:  # a blank or unreadable page: nothing runs across it
            items.append((number, "", 0))
        widths = _display_widths(clean)
        items.extend((number, line, width) for line, width in zip(clean, widths, strict=True))
    full = typical_width(width for _, _, width in items)
    return _join(items, full)
