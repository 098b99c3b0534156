"""How a line of a contract starts a clause or a paragraph, and which words end with a dot
without ending a sentence. One table each, read by `segment` (clauses), `normalize`
(PDF lines joined into paragraphs) and the rules engine (sentences); and how a text in
capitals throughout is told.

Every marker row says whether it starts a clause, a paragraph, or both. A clause start is
always a paragraph start (a heading glued to the paragraph before it could never start a
clause); a paragraph may start without a clause: a list item "(a)", a bullet, "(1)",
"第二款". A clause row's group "num" is the clause number. Patterns are matched at the
start of a stripped line with the `regex` module; numbers are the recognisers' numerals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from clausecheck.recognise.numerals import CN_NUMERAL_CHARS


@dataclass(frozen=True)
class Marker:
    kind: str  # the clause kind: a heading's level is the order its kind first appears
    pattern: str
    clause: bool  # starts a clause (and so a paragraph)
    paragraph: bool = True  # starts a paragraph


_CN = f"[{CN_NUMERAL_CHARS}0-9０-９]+"
_ROMAN = r"(?:[IVXLC]+)"
_EN_NUMBER = rf"(?:\d+(?:\.\d+)*|{_ROMAN})"  # 5, 5.2, IV
_DOTTED_TITLE = r"\.?(?=\s*[\p{Lu}\p{Han}（(“\"]|\s*$)"  # then a title, not "3.5 million"
# After 第…条 / 第…章: not the rest of a reference inside a sentence ("第三条约定的",
# "第一百一十四条规定", "第三条第二款") but a title, even without a space ("第一条服务内容").
# Each marker word in its Traditional form too (第一條, 第三節, 附錄): a contract from Taiwan or
# Hong Kong is cut into clauses before it is read as Simplified (see `variants`).
_NOT_REFERENCE = r"(?![规約约的所中之款项項第和及或至規])"
_EN_TITLE = r"(?=\.?\s*(?:[-–—:.]\s*)?(?:[\p{Lu}\"“\p{Han}]|$))"  # "Section 5.2 Fees", "IV. Term"

MARKERS: tuple[Marker, ...] = (
    # (`{_CN}?` is "+?": at least one numeral, as few as the lookahead allows, as segment
    # has always read it; "附件：报价单" starts only a paragraph, by the next row.)
    Marker("appendix", rf"(?P<num>(?:附件|附[录錄]|附表)\s*{_CN}?)"
                       r"(?=[\s:：.、—-]|\p{Han}|$)", True),
    Marker("appendix-zh", rf"附\s*[件录錄表]\s*(?:[{CN_NUMERAL_CHARS}\d]+|[:：]|$)", False),
    Marker("appendix", r"(?P<num>(?:Schedule|Exhibit|Appendix|Annex|Attachment)\s+"
                       r"(?:[A-Z]|\d+|[IVX]+)\b)(?=\.?(?:\s*[-–—:.]?\s*[A-Z\"“]|\s*$))", True),
    Marker("appendix", r"(?P<num>Schedule|Exhibit|Appendix|Annex|Attachment)"
                       r"(?=\s*[:：]?\s*$)", True),
    Marker("appendix", r"(?P<num>(?:SCHEDULE|EXHIBIT|APPENDIX|ANNEX|ATTACHMENT)"
                       r"(?:\s+(?:[A-Z]|\d+|[IVX]+)\b)?)(?=[\s:：.、—-]|$)", True),
    Marker("chapter", rf"(?P<num>第\s*{_CN}\s*(?:章|[编編]|部分)){_NOT_REFERENCE}", True),
    Marker("section-zh", rf"(?P<num>第\s*{_CN}\s*[节節]){_NOT_REFERENCE}", True),
    Marker("article-zh", rf"(?P<num>第\s*{_CN}\s*[条條]){_NOT_REFERENCE}", True),
    Marker("item-zh", rf"第\s*{_CN}\s*款(?=\s|[:：、.．]|$)", False),
    Marker("article-en", rf"(?P<num>(?:Article|Section|Clause)\s+{_EN_NUMBER}){_EN_TITLE}", True),
    Marker("article-en", rf"(?P<num>(?:ARTICLE|SECTION|CLAUSE)\s+{_EN_NUMBER})\b", True),
    Marker("part-en", rf"(?P<num>(?:Chapter|Part)\s+(?:\d+|{_ROMAN})){_EN_TITLE}", True),
    Marker("part-en", rf"(?P<num>(?:CHAPTER|PART)\s+(?:\d+|{_ROMAN}))\b", True),
    Marker("roman", r"(?P<num>[IVX]{1,5})(?=\.\s+[A-Z])", True),
    Marker("cn-comma", rf"(?P<num>[{CN_NUMERAL_CHARS}]+)\s*[、.．]", True),
    Marker("cn-paren", rf"(?P<num>[（(][{CN_NUMERAL_CHARS}]+[)）])", True),
    Marker("number-paren", rf"[（(]\s*[{CN_NUMERAL_CHARS}\d]{{1,3}}\s*[）)]", False),
    # "1.1 Fees", "2.3.1 响应时间" but not "3.5 million" or "1.5%".
    Marker("dotted-3", rf"(?P<num>\d{{1,2}}\.\d{{1,2}}\.\d{{1,2}}){_DOTTED_TITLE}", True),
    Marker("dotted-2", rf"(?P<num>\d{{1,2}}\.\d{{1,2}}){_DOTTED_TITLE}", True),
    Marker("dotted-1", r"(?P<num>\d{1,2})\s*(?:[.．、](?!\d)|\s+(?=\p{Lu}))", True),
    Marker("numbered", r"\d{1,3}\s*[.．、](?!\d)\s*(?=[^\sa-z]|$)", False),
    Marker("dotted-n", r"\d{1,3}(?:\.\d{1,3})+\.?\s*(?=[\p{Lu}\p{Han}（(\[]|$)", False),
    Marker("list-item", r"\((?:[a-z]|[ivx]{1,5})\)\s", False),
    Marker("bullet", r"[•●▪■◆◇○·∙‣⁃]\s*", False),
)  # fmt: skip

# Words written with a final dot that does not end the sentence: "No. 5", "Co. Ltd",
# "e.g. Customer". (As regex alternatives: the dots inside are escaped.)
ABBREVIATIONS = (
    "No", "Nos", "Art", "Sec", "Co", "Corp", "Inc", "Ltd", "e.g", "i.e", "etc", "vs", "cf",
    "approx", "incl", "Mr", "Mrs", "Ms", "Dr", "St", "U.S",
)  # fmt: skip
ABBREVIATION = "|".join(a.replace(".", r"\.") for a in ABBREVIATIONS)
# After "a.m." or "p.m.", a time zone continues the sentence ("by 5 p.m. Eastern Time").
TIME_ZONE = (
    r"(?:Pacific|Eastern|Central|Mountain|Atlantic|Alaska|Hawaii|Greenwich|Coordinated|"
    r"[ECMPA][SD]T|GMT|UTC|BST|CES?T|AE[SD]T|IST|JST|SGT|HKT|Beijing|China|Hong Kong|"
    r"Singapore|Tokyo|Sydney|London|New York|Local|local)\b"
)


# Capitals throughout ("IN NO EVENT SHALL…", a whole contract typed in capitals): what
# tells a name from a word by its capital letter cannot be read there.
_CAPITAL_WORD = re.compile(r"\b[A-Z]{2,}\b")


def shouting(text: str) -> bool:
    """Is `text` written in capitals (three words or more, no lower-case letter)?"""
    return text.isupper() and len(_CAPITAL_WORD.findall(text, 0, 200)) >= 3
