"""The words that go to the vendor: the rules' model clauses in this contract's party
names, the text of a comment, the number of an inserted clause in the document's own
style, and the gaps in the order a buyer raises them."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from clausecheck.model import (
    SEVERITIES,
    Clause,
    Document,
    DocumentReport,
    Finding,
    LocalText,
    Parties,
    RuleMeta,
    pick,
)
from clausecheck.recognise.numerals import chinese_to_int
from clausecheck.report.common import status_label

# The model clauses name the buyer 甲方 / Customer and the vendor 乙方 / Vendor.
_ZH_SWAP = {"甲方": "乙方", "乙方": "甲方"}
_EN_NAMES = re.compile(r"\b(Customer|Vendor)('s)?\b")
_STATUS_ORDER = {"risky": 0, "missing": 1, "vague": 2}
# Ignored when texts are compared: soft hyphen, zero-width space, BOM, table bars.
_SKIP_KEY = frozenset("\u00ad\u200b\ufeff|")


def text_lang(language: str | None) -> str:
    """The language to write in for a document's language (`mixed` reads as Chinese)."""
    return "en" if language == "en" else "zh"


def model_clause(rule: RuleMeta, lang: str, parties: Parties | None) -> str:
    """The rule's model clause in `lang`, with this contract's names for the parties."""
    return for_parties(pick(rule.model_clause or rule.advice, lang), lang, parties)


def for_parties(text: str, lang: str, parties: Parties | None) -> str:
    """A text of ours (buyer 甲方 / Customer, vendor 乙方 / Vendor) in this contract's
    names for the parties: 甲方 and 乙方 swapped when the buyer is 乙方; Licensee for
    Customer when the contract says so."""
    if parties is None:
        return text
    if lang == "zh":
        if parties.buyer[:1] == ("乙方",):
            return re.sub("甲方|乙方", lambda m: _ZH_SWAP[m.group(0)], text)
        return text
    names = {"Customer": _english(parties.buyer), "Vendor": _english(parties.vendor)}
    return _EN_NAMES.sub(lambda m: (names[m.group(1)] or m.group(1)) + (m.group(2) or ""), text)


def _english(labels: Sequence[str]) -> str | None:
    """The party's first English label that reads as a name (Licensee, Provider)."""
    for label in labels:
        if re.fullmatch(r"[A-Z][a-z]+", label) and label not in ("Party",):
            return label
    return None


def gaps(report: DocumentReport, rules: Sequence[RuleMeta]) -> list[tuple[Finding, RuleMeta]]:
    """The findings that are not ok, most severe first (then risky, missing, vague; then
    the pack's order), each with its rule."""
    by_id = {r.id: r for r in rules}
    order = {r.id: i for i, r in enumerate(rules)}
    found = [
        (f, by_id[f.rule])
        for f in report.findings
        if f.status != "ok" and not f.suppressed and f.rule in by_id
    ]
    return sorted(
        found,
        key=lambda p: (SEVERITIES.index(p[0].severity), _STATUS_ORDER[p[0].status],
                       order[p[0].rule]),
    )  # fmt: skip


def comment_text(finding: Finding, lang: str) -> list[str]:
    """A comment's paragraphs: what is wrong, and what to ask for."""
    title, status = pick(finding.title, lang), status_label(finding.status, lang)
    if lang == "zh":
        return [f"{title}（{status}）：{pick(finding.message, lang)}",
                "建议：" + pick(finding.advice, lang)]  # fmt: skip
    # the English advice is already an imperative ("Ask for ...", "Name one forum ...")
    return [f"{title} ({status}): {pick(finding.message, lang)}", pick(finding.advice, lang)]


def key_of(text: str) -> tuple[str, list[int]]:
    """`text` compared loosely (NFKC, case-folded, no spaces or table bars) and, for each
    character of the key, its index in `text`."""
    chars: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        for c in unicodedata.normalize("NFKC", ch).casefold():
            if not c.isspace() and c not in _SKIP_KEY:
                chars.append(c)
                where.append(i)
    return "".join(chars), where


def block_of(doc: Document, paragraph: int | None, page: int | None, quote: str) -> int | None:
    """The index of the block a location points at: by paragraph (DOCX, text) or by page
    and quote (PDF)."""
    wanted = key_of(quote.rstrip("…"))[0]
    candidates = [
        i for i, b in enumerate(doc.blocks)
        if (paragraph is not None and b.paragraph == paragraph)
        or (paragraph is None and (page is None or b.page == page))
    ]  # fmt: skip
    for i in candidates:
        if wanted and wanted in key_of(doc.blocks[i].text)[0]:
            return i
    return candidates[0] if candidates else None


def top_clause(doc: Document, block: int | None) -> Clause | None:
    """The top-level clause (level 1, or the preamble) holding doc.blocks[block]."""
    if block is None:
        return None
    target = doc.blocks[block]
    top: Clause | None = None
    for clause in doc.clauses:
        if clause.level <= 1:
            top = clause
        if any(b is target for b in clause.blocks):
            return top
    return None


# --- numbering -----------------------------------------------------------------------------

_CN_DIGITS = "零一二三四五六七八九"
_ZH_ARTICLE = re.compile(r"^第(?P<n>[零一二三四五六七八九十百0-9]+)条")
_EN_NUMBER = re.compile(
    r"^(?P<pre>(?:Article|Section|Clause)\s+)?(?P<n>\d+)(?P<post>\.?)\s", re.IGNORECASE
)


def chinese_number(n: int) -> str:
    """1..999 in Chinese numerals, as clause numbers write them (十一, 二十, 一百零五)."""
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = f"{_CN_DIGITS[hundreds]}百" if hundreds else ""
    if tens:
        out += ("" if tens == 1 and not hundreds else _CN_DIGITS[tens]) + "十"
    elif hundreds and ones:
        out += "零"
    if ones:
        out += _CN_DIGITS[ones]
    return out or "零"


def numbered_heading(clause: Clause | None, nth: int, at_end: bool, title: str) -> str:
    """The heading of a clause inserted after `clause` (its `nth`, from 1), numbered in the
    style of `clause`'s heading: after 第六条 comes 第六条之一 (at the end: 第七条), after
    "6." comes "6A." (at the end: "7."); with no numbered clause, the title alone."""
    heading = (clause.heading or "") if clause else ""
    zh = _ZH_ARTICLE.match(heading)
    if zh:
        n = chinese_to_int(zh.group("n")) if not zh.group("n").isdigit() else int(zh.group("n"))
        if n is not None:
            if at_end:
                return f"第{_arabic_or_cn(zh.group('n'), n + nth)}条 {title}"
            return f"第{zh.group('n')}条之{chinese_number(nth)} {title}"
    en = _EN_NUMBER.match(heading)
    if en:
        n = int(en.group("n"))
        number = str(n + nth) if at_end else f"{n}{chr(ord('A') + nth - 1)}"
        title = title.upper() if heading[en.end() :].isupper() else title
        return f"{en.group('pre') or ''}{number}{en.group('post')} {title}"
    return title


def _arabic_or_cn(written: str, n: int) -> str:
    return str(n) if written.isdigit() else chinese_number(n)


def local(text: LocalText | None, lang: str) -> str:
    return pick(text, lang) if text else ""
