"""Blocks -> clauses by numbered headings, in both languages; and the document's language.

Headings: the clause markers of `markers.MARKERS` (第一条 / 第1条 / 第一章 / 第三节 / 一、 /
（一） / 1. / 1.1 / 1.1.1 / Article 5 / Section 5.2 / Part 2 / IV. / 附件, Schedule,
Exhibit, Appendix, Annex), ALL-CAPS lines and DOCX heading styles. A heading's level is
the order in which its marker kind first appears (the first kind seen is level 1), the
way most contracts nest them; appendices are always level 1.
"""

from __future__ import annotations

import dataclasses
import re

import regex

from clausecheck.markers import MARKERS
from clausecheck.model import Block, Clause, Document, Language
from clausecheck.recognise.numerals import CN_NUMERAL_CHARS
from clausecheck.rules.compiled import compile_cached
from clausecheck.variants import read_as_simplified

# (kind, pattern) of the markers that start a clause (`markers.MARKERS`); group "num" is
# the clause number.
_MARKERS: tuple[tuple[str, regex.Pattern[str]], ...] = tuple(
    (m.kind, compile_cached(m.pattern, regex.VERSION0)) for m in MARKERS if m.clause
)
# The first characters a marker can have (with the digits): 附件, 第, Schedule, Exhibit,
# Appendix/Annex/Article/Attachment, Section, Clause, Chapter, Part (and their capitals),
# Roman numerals, Chinese numerals, "(".
_MARKER_STARTS = frozenset("附第（(SEACPIVX" + CN_NUMERAL_CHARS)
_CAPS = compile_cached(r"^(?=[^a-z]*$)(?=.*[A-Z]{3})[A-Z0-9 ,&'/()\-–:.]{4,80}$")
_TITLE_END = compile_cached(r"[。：:；;.，,]|\s{2,}")
_SPACES = compile_cached(r"\s+")
_HAN = compile_cached(r"\p{Han}")
_HAN_RUN = compile_cached(r"\p{Han}+")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")  # (an ASCII class: `re` finds it faster)
_MAX_TITLE = {"zh": 24, "en": 80}


TRADITIONAL_NOTE = (
    "Traditional Chinese, read as Simplified (繁体中文按简体读取); "
    "quotes are the contract's own text"
)


def segment(doc: Document) -> Document:
    """The same document with its clauses and language filled in (Chinese written in
    Traditional characters read as Simplified: see `variants`)."""
    language = detect_language(doc.blocks)
    blocks, warnings = doc.blocks, doc.warnings
    if language == "zh":
        blocks, converted = read_as_simplified(blocks)
        warnings += (TRADITIONAL_NOTE,) if converted else ()
    return dataclasses.replace(
        doc, blocks=blocks, warnings=warnings, language=language, clauses=split_clauses(blocks)
    )


def split_clauses(blocks: tuple[Block, ...]) -> tuple[Clause, ...]:
    clauses: list[Clause] = []
    levels: dict[str, int] = {}
    current: list[Block] = []
    number = heading = None
    level = 0
    for block in blocks:
        marker = heading_marker(block)
        if marker is None or (not levels and _is_title(marker, block)):
            current.append(block)  # body text, or the contract's title in the preamble
            continue
        if current or heading is not None:
            clauses.append(Clause(len(clauses), number, heading, level, tuple(current)))
        kind, number, heading = marker
        level = 1 if kind == "appendix" else levels.setdefault(kind, len(levels) + 1)
        current = [block]
    if current or heading is not None:
        clauses.append(Clause(len(clauses), number, heading, level, tuple(current)))
    return tuple(clauses)


_TITLE_WORDS = compile_cached(
    r"(?:agreement|contract|terms(?: of (?:service|use))?|licen[cs]e|合同|协议|协议书|合约|条款)"
    r"\s*$",
    regex.IGNORECASE,
)


def _is_title(marker: tuple[str, str, str], block: Block) -> bool:
    """The contract's own title ("SUPPORT SERVICES AGREEMENT"): part of the preamble, not a
    clause that would hold the whole contract."""
    kind = marker[0]
    return kind in ("caps", "styled") and bool(_TITLE_WORDS.search(block.text.strip()))


def heading_marker(block: Block) -> tuple[str, str, str] | None:
    """(marker kind, clause number, heading text) when the block starts a clause."""
    text = block.text.strip()
    if not text or block.kind == "table-row":
        return None
    if text[0] in _MARKER_STARTS or text[0].isdecimal():  # no marker can start otherwise
        for kind, pattern in _MARKERS:
            m = pattern.match(text)
            if m:
                return kind, _squash(m.group("num")), _heading_text(text, m.end())
    if block.kind == "heading" or _is_caps_heading(text):
        return "styled" if block.kind == "heading" else "caps", text[:40], text[:80]
    return None


def heading_title(heading: str) -> str:
    """A clause heading without its number: "13.1 Fees" and "第十三条 数据保护" give "Fees"
    and "数据保护", a bare "13.1" gives "" (what stays when clauses are renumbered)."""
    text = heading.strip()
    if text and (text[0] in _MARKER_STARTS or text[0].isdecimal()):
        for _kind, pattern in _MARKERS:
            m = pattern.match(text)
            if m:
                return " ".join(text[m.end() :].strip(" 　.．、:：-—–").split())
    return " ".join(text.split())


def _is_caps_heading(text: str) -> bool:
    return (
        bool(_CAPS.match(text))
        and len(text.split()) <= 10
        and sum(c.isalpha() for c in text) >= 0.6 * len(text.replace(" ", ""))
    )


def _heading_text(text: str, number_end: int) -> str:
    """The number and the short title after it, as written, without the body that follows."""
    rest = text[number_end:]
    title_start = number_end + len(rest) - len(rest.lstrip(" 　.．、:：-—–"))
    title = text[title_start:]
    end = _TITLE_END.search(title)
    if end and end.group(0) in "，,。；;":
        return text[:number_end].strip()  # a sentence follows the number, not a title
    title = title[: end.start()] if end else title
    limit = _MAX_TITLE["zh" if _HAN.search(title) else "en"]
    if title and len(title) <= limit:
        return " ".join(text[: title_start + len(title)].split())
    return text[:number_end].strip()


def _squash(number: str) -> str:
    return _SPACES.sub(" ", number).strip()


def detect_language(blocks: tuple[Block, ...], sample_chars: int = 200_000) -> Language:
    """zh, en or mixed by character class: Han characters against Latin words."""
    han = words = seen = 0
    for block in blocks:
        text = block.text
        if not text.isascii():  # (Han characters are not ASCII)
            han += len(text) - len(_HAN_RUN.sub("", text))
        words += len(_LATIN_WORD.findall(text))
        seen += len(text)
        if seen > sample_chars:
            break
    # One Chinese word is about two characters.
    zh_words = han / 2
    total = zh_words + words
    if total == 0:
        return "en"
    share = zh_words / total
    if share >= 0.7:
        return "zh"
    if share <= 0.15:
        return "en"
    return "mixed"
