"""The parts of a contract that name things without saying anything: its title and the
lines of its table of contents. Neither is ever evidence that a clause is there ("软件维护
服务协议" says nothing about support depth), so the rules engine does not locate items in
them nor quote them.
"""

from __future__ import annotations

import regex

from clausecheck.rules.compiled import compile_cached

# A title names the document: short, no sentence punctuation, with a contract word in it
# (looked for with spaces removed: "技 术 服 务 合 同 书").
_TITLE_WORD = compile_cached(
    r"合同|协议|合约|条款|契约|确认书|委托书|\b(?:agreement|contract|terms|licen[cs]e|addendum|"
    r"amendment|exhibit|schedule|appendix|annex|order\s+form|SLA|EULA|M?NDA|"
    r"statement\s+of\s+work)\b",
    regex.IGNORECASE,
)
_SENTENCE_PUNCTUATION = compile_cached(r"[。；;:：!！?？]|[.,，](?=\s|\p{Han}|$)")
# A sentence without its full stop still says something: a duty, a rule, a party acting
# ("本合同适用中华人民共和国法律", "This Agreement shall be governed by ..."). A title does not.
_SENTENCE_WORD = compile_cached(
    r"^(?:本|甲方|乙方|双方|任何一方)|应当?|须|不得|适用|均|可以|按照|负责|承担|"
    r"\b(?:shall|will|must|may|is|are|be|been|has|have|hereby)\b",
    regex.IGNORECASE,
)
_MAX_TITLE = {"zh": 40, "en": 120}
# A table-of-contents line: a heading, leader dots (or a gap), a page number.
_TOC_LINE = compile_cached(r"\S.{0,100}?(?:[.．·…_]{3,}|…|\t)\s*(?:\d{1,4}|[ivxlc]{1,6})\s*")
_TOC_ENDS = frozenset("0123456789ivxlc")
_TOC_HEADING = compile_cached(r"^\s*(?:目\s*录|table\s+of\s+contents|contents)\s*$", regex.I)
TITLE_BLOCKS = 6  # a title is among the document's first blocks


def is_title(text: str) -> bool:
    """Could this line be the contract's title ("技术服务合同书", "SOFTWARE SUPPORT AND
    MAINTENANCE AGREEMENT")? The caller checks that it is near the top."""
    compact = text.strip()
    if not compact or _SENTENCE_PUNCTUATION.search(compact) or _SENTENCE_WORD.search(compact):
        return False
    han = bool(regex.search(r"\p{Han}", compact))
    if han:
        compact = regex.sub(r"\s+", "", compact)
    return len(compact) <= _MAX_TITLE["zh" if han else "en"] and bool(_TITLE_WORD.search(compact))


def is_toc_line(text: str) -> bool:
    """A line of a table of contents ("第八条 保密……5", "8. Confidentiality .... 12") or
    its heading ("目录", "Contents")."""
    line = text.strip()
    if len(line) <= 24 and _TOC_HEADING.match(line):
        return True
    # (most lines end otherwise: no regex for them)
    return line[-1:] in _TOC_ENDS and bool(_TOC_LINE.fullmatch(line))
