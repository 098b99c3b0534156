"""Is this document a contract at all? Decided from its text, before any rule runs.

A README, a web page, a letter, an article about contracts or a review report of one
would otherwise get a full report: "21 missing", or worse, a dozen `vague` items found in
prose that only talks about contracts. A contract reads as one: its sentences bind
someone ("乙方应…", "Customer shall…", "You'll pay…"), name the parties and the document
itself ("本合同", "this Agreement"), and it is cut into numbered clauses. Prose about
contracts has few such sentences among many; documentation has code and commands.

The test is lenient, as calling a contract "not a contract" is the worse mistake: a
two-line clause ("第八条 保密 / 双方应对数据保密。", "1. Fees / Customer pays monthly.")
is a contract, and so is a blank form whose values are all "____". The thresholds were
set on the bundled samples and 26 real contracts (as text, DOCX and PDF) and short terms
of service, orders and NDAs, against READMEs, documentation, web pages, articles, an
e-mail, a letter, minutes, notes and clausecheck's own reports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from clausecheck.markers import shouting
from clausecheck.model import Document
from clausecheck.recognise.furniture import TITLE_BLOCKS, is_title
from clausecheck.segment import heading_title

# A sentence that binds or permits: the modal verbs of obligation and permission ("应" not
# in 应用/响应/相应/对应/供应/适应/反应/回应/答应/效应/感应/应该).
_BINDING = re.compile(
    r"\b(?:shall|must|will|won['’]t|may|cannot|can['’]t|agree[sd]?|undertakes?|grants?|"
    r"represents?|warrants?|hereby|indemnif(?:y|ies)|governs|constitutes?|entitles?|"
    r"(?:is|are)\s+(?:not\s+)?(?:entitled|obliged|obligated|responsible|liable|required|"
    r"permitted|prohibited|allowed|granted|governed)|does\s+not\s+grant)\b|['’]ll\b"
    r"|(?<![响相对供适反答回效感])应(?![用该])|须|不得|有权|无权|负责|承担|保证|同意|约定",
    re.IGNORECASE,
)
# The parties, as contracts name them (capitalised role words in English).
_PARTY = re.compile(
    r"甲方|乙方|丙方|双方|委托方|受托方|委托人|受托人|买方|卖方|供方|需方|许可方|被许可方|服务方|"
    r"用户|客户"
    r"|\b(?:Party\s+[AB]|Customer|Client|Vendor|Provider|Supplier|Licensee|Licensor|"
    r"Contractor|Buyer|Seller|Subscriber|Recipient|Discloser|Company|Consultant|Developer|"
    r"Parties|Party)\b"
)
# "You" and "we" (您, 我们): the parties of terms of service and plain-English contracts,
# but of any article or e-mail too; they count only in a text that names itself.
_PERSON = re.compile(r"您|我们|我方|我司|本公司|\b(?:[Yy]ou|[Ww]e|us|[Yy]our|[Oo]ur|I|me)\b")
# The document naming itself as the agreement ("these terms" in prose is not "these Terms").
_ITSELF = re.compile(
    r"本(?:合同|协议|协议书|条款|许可|附件|补充协议|服务条款)|双方"
    r"|\b(?:[Tt]his|[Tt]he\s+present)\s+(?:Agreement|Contract|Licen[cs]e|Addendum|Exhibit|"
    r"Schedule|Order|Amendment|SLA|EULA|M?NDA|Statement\s+of\s+Work|agreement|contract)\b"
    r"|\b[Tt]hese\s+(?:Standard\s+)?Terms\b"
)
# Lines of documentation, code and markup: a code fence, a command, inline code, a tag.
_CODE_LINE = re.compile(
    r"^(?:```|~~~|\$ |>>> |pip |python |git |npm |curl |import |from \S+ import |def |class )"
    r"|`[^`]+`|<[a-zA-Z/!][^>]*>"
)
_SENTENCE_END = re.compile(r"(?<=[。；;！!？?])|(?<=[.:：])\s+")

MAX_CODE = 0.25  # at most this share of the lines code, commands or markup
SHORT = 12  # sentences: a shorter text needs a party and a numbered clause or its own name
MIN_SCORE = 0.30  # a longer one, a binding sentence and this score (`ContractSigns.score`)
SAMPLE_CHARS = 40_000  # how much of a document is read
# Reading stops once the head settles it: when this many sentences of the share bind or
# name a party at twice the share needed, with half the code allowed, it is a contract
# whatever follows (the test is lenient on purpose; see the module's docstring).
SETTLED_AFTER = 20


@dataclass(frozen=True, slots=True)
class ContractSigns:
    """What was counted; `reason` says in a line why the text is not a contract."""

    sentences: int  # of MIN_WORDS words or more (the share's sentences)
    binding: int  # sentences with a verb of obligation or permission
    parties: int  # sentences naming a party (you, we: only in a text naming itself)
    itself: int  # sentences naming the document as the agreement ("本合同", "this Agreement")
    contractual: int  # sentences with any of the three
    numbered: int  # clauses with a numbered heading (第八条, 8.1, Article 8; not a styled one)
    code: float  # share of lines that are code, commands or markup
    titled: bool = False  # it opens with a contract's title ("技术服务合同", "… AGREEMENT")

    @property
    def score(self) -> float:
        """The share of contractual sentences, plus up to 0.2 for numbered clauses and up
        to 0.1 for the document naming itself (both per sentence), and 0.1 for a contract's
        title at the top (pages of schedules and tables have few sentences, but the
        title of the contract they belong to)."""
        n = max(self.sentences, 1)
        named = min(self.itself / n, 0.1) + (0.1 if self.titled else 0.0)
        return self.contractual / n + min(self.numbered / n, 0.2) + named

    @property
    def reason(self) -> str:
        if not (self.parties or self.itself):
            return "it names no party (such as 甲方/乙方, Customer/Vendor, you/we)"
        if self.code > MAX_CODE:
            return "it reads as documentation, code or a web page, not as contract clauses"
        if self.sentences < SHORT:
            if self.numbered or self.itself:
                return ""
            return "it has no numbered clause and never names itself as an agreement"
        if not self.binding:
            return "no sentence in it binds a party (such as 乙方应… / Vendor shall…)"
        if self.score < MIN_SCORE:
            share = round(100 * self.contractual / self.sentences)
            return f"only {share}% of its sentences bind or name a party: it reads as prose"
        return ""

    @property
    def is_contract(self) -> bool:
        return not self.reason


_WORD = re.compile(r"[A-Za-z0-9]+|[\u4e00-\u9fff]")
MIN_WORDS = 5  # a sentence of the share has this many words (a Chinese character counts one)


def _too_short(sentence: str) -> bool:
    return len(_WORD.findall(sentence, 0, 400)) < MIN_WORDS


def _settled(
    sentences: int, contractual: int, binding: int, parties: int, code: int, lines: int
) -> bool:
    """Is it a contract whatever the rest of the sample holds? (A contract's head alone
    decides, which spares reading 40,000 characters of every long contract.)"""
    return (
        sentences >= SETTLED_AFTER
        and binding > 0
        and parties > 0
        and contractual >= 2 * MIN_SCORE * sentences
        and code <= MAX_CODE / 2 * lines
    )


def contract_signs(doc: Document) -> ContractSigns:
    """Count the signs in a segmented document's first `SAMPLE_CHARS` characters (the
    head of a long document tells as much as all of it, at a fraction of the time)."""
    heading_at = {id(c.blocks[0]): c.heading for c in doc.clauses if c.blocks and c.heading}
    sentences = binding = parties = itself = contractual = code = numbered = lines = seen = 0
    persons = person_only = 0
    in_fence = False
    for block in doc.blocks:
        if seen > SAMPLE_CHARS or _settled(sentences, contractual, binding, parties, code, lines):
            break
        line = block.text
        seen += len(line)
        if shouting(line):  # "THIS AGREEMENT", "CUSTOMER SHALL": read as words in capitals
            line = line.title()
        lines += 1
        heading = heading_at.get(id(block))
        numbered += heading is not None and heading_title(heading) != heading
        fence = line.startswith(("```", "~~~"))
        in_fence ^= fence
        code += bool(fence or in_fence or _CODE_LINE.search(line))
        for sentence in _SENTENCE_END.split(line):
            if len(sentence.strip()) < 2:
                continue
            signs = (_BINDING.search(sentence), _PARTY.search(sentence), _ITSELF.search(sentence))
            binding += bool(signs[0])
            parties += bool(signs[1])
            itself += bool(signs[2])
            if _too_short(sentence):
                continue  # a table cell, a field: a sign, but no weight in the share
            sentences += 1
            contractual += any(signs)
            if not signs[1] and _PERSON.search(sentence):
                persons += 1  # a party, if the text turns out to name itself
                person_only += not any(signs)
    if itself:
        parties, contractual = parties + persons, contractual + person_only
    share = code / lines if lines else 0.0
    titled = any(is_title(b.text) for b in doc.blocks[:TITLE_BLOCKS])
    return ContractSigns(sentences, binding, parties, itself, contractual, numbered, share, titled)
