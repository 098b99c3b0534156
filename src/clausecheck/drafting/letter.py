"""The request for amendments (修改意见函) and the due-diligence questions, as a buyer
sends them: the contract named, each gap in order of severity with the clause it
concerns, why it matters and the wording asked for, a closing; Markdown or DOCX.

    letter = compose(doc, report, rules, lang="zh", questions=True)
    markdown(letter) / docx_bytes(letter)
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

from clausecheck.drafting.wording import (
    block_of,
    chinese_number,
    for_parties,
    gaps,
    local,
    model_clause,
    text_lang,
    top_clause,
)
from clausecheck.model import Document, DocumentReport, Finding, Location, RuleMeta, pick

_SMALL_WORDS = frozenset(("a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or",
                          "the", "to", "with"))  # fmt: skip
# the number of a clause named by its first sentence: 2.3, 第五条, （一）
_NUMBER_ONLY = re.compile(r"^(?:第[^条款]{1,6}[条款]|（[一二三四五六七八九十]+）|\w+(?:\.\d+)*)")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # fmt: skip


@dataclass(frozen=True)
class Item:
    heading: str  # "一、关于服务期限（合同未约定）"
    lines: tuple[tuple[str, str], ...]  # (label, text): the draft's words, why, the ask


@dataclass(frozen=True)
class Letter:
    title: str
    to: str
    opening: str
    items: tuple[Item, ...]
    closing: str
    questions_title: str
    questions: tuple[tuple[str, str], ...]  # (item title, question)
    sign_off: tuple[str, ...]
    lang: str


_WORDS = {
    "zh": {
        "title": "关于《{contract}》的修改意见函",
        "title_questions": "关于《{contract}》的尽职调查问题",
        "to": "致：{vendor}",
        "opening": "贵方提供的《{contract}》草案我方已收悉。经审阅，为使双方的权利义务明确、"
        "便于履行，我方提出以下修改意见，按重要程度排列，请在修订稿中予以体现：",
        "opening_questions": "在签署《{contract}》之前，请贵方就以下问题书面答复，"
        "并附上相应的材料：",
        "opening_clean": "贵方提供的《{contract}》草案我方已收悉。经审阅，我方对草案中的售后服务"
        "及相关条款没有修改意见。",
        "draft": "现条款",
        "missing": "合同未约定",
        "why": "理由",
        "ask_change": "请修改为",
        "ask_add": "请增加一条",
        "closing": "请贵方在修订稿中以修订模式标示上述改动，以便我方核对。对以上意见如有不同"
        "看法，欢迎与我方沟通。",
        "questions": "附：签约前请贵方答复的问题",
        "regards": ("此致", "敬礼"),
        "concerning": "关于{title}",
    },
    "en": {
        "title": "Request for contract amendments: {contract}",
        "title_questions": "Due-diligence questions: {contract}",
        "to": "To: {vendor}",
        "opening": "We have reviewed your draft of the {contract}. Before we can sign it, we "
        "ask you to amend it as set out below, the most important points first.",
        "opening_questions": "Before we sign the {contract}, please answer the following "
        "questions in writing and send the material they ask for.",
        "opening_clean": "We have reviewed your draft of the {contract} and have no amendments "
        "to ask for in its service and support terms.",
        "draft": "The draft says",
        "missing": "not addressed in the draft",
        "why": "Why it matters",
        "ask_change": "We ask for",
        "ask_add": "Please add a clause",
        "closing": "Please send us a revised draft with these changes marked as tracked "
        "changes. We are glad to discuss any of these points.",
        "questions": "Questions we ask you to answer before signing",
        "regards": ("Yours faithfully,",),
        "concerning": "{title}",
    },
}


def compose(
    doc: Document,
    report: DocumentReport,
    rules: Sequence[RuleMeta],
    lang: str,
    questions: bool = False,
    letter: bool = True,
    today: dt.date | None = None,
) -> Letter:
    """The letter in `lang` (`letter=False`: the questions alone, with their own opening)."""
    words = _WORDS[lang]
    contract = contract_name(doc, lang)
    buyer, vendor = party_names(doc, report)
    found = gaps(report, rules) if letter else []
    items = tuple(_item(i, f, r, doc, report, lang) for i, (f, r) in enumerate(found))
    asked = questions_for(report, rules, lang) if questions or not letter else ()
    key = "" if letter else "_questions"
    if letter and not items:
        key = "_clean"
    date = today or dt.date.today()
    return Letter(
        title=words["title" + ("_questions" if not letter else "")].format(contract=contract),
        to=words["to"].format(vendor=vendor),
        opening=words["opening" + key].format(contract=contract),
        items=items,
        closing=words["closing"] if items else "",
        questions_title=words["questions"] if letter else "",
        questions=tuple(asked),
        sign_off=(*words["regards"], buyer, _date(date, lang)),
        lang=lang,
    )


def _item(n: int, finding: Finding, rule: RuleMeta, doc, report, lang: str) -> Item:
    words = _WORDS[lang]
    title = pick(rule.title, lang)
    wording = model_clause(rule, text_lang(doc.language), report.parties)
    why = for_parties(local(rule.why, lang), lang, report.parties) or pick(finding.message, lang)
    if finding.status == "missing" or not finding.locations:
        where = words["missing"]
        lines = [(words["why"], why), (words["ask_add"], _quoted(wording, lang))]
    else:
        loc = finding.locations[0]
        where = _clause_name(doc, loc, lang)
        said = _whole_sentence(doc, loc.paragraph, loc.quote)
        lines = [(words["draft"], _quoted(said, lang)), (words["why"], why),
                 (words["ask_change"], _quoted(wording, lang))]  # fmt: skip
    concerning = words["concerning"].format(title=title)
    if lang == "zh":
        heading = f"{chinese_number(n + 1)}、{concerning}（{where}）"
    else:
        heading = f"{n + 1}. {concerning} ({where})"
    return Item(heading, tuple(lines))


def _quoted(text: str, lang: str) -> str:
    return f"“{text}”" if lang == "zh" else f'"{text}"'


def _clause_name(doc: Document, loc: Location, lang: str) -> str:
    """The clause a quote is in, as the letter names it: 第十二条 责任限制 12.1."""
    top = top_clause(doc, block_of(doc, loc.paragraph, loc.page, loc.quote))
    names = [top.heading] if top is not None and top.heading else []
    clause = loc.clause
    if clause and (not names or clause not in names[0]):
        number = _NUMBER_ONLY.match(clause)
        names.append(number.group(0) if number and len(clause) > 12 else clause)
    if not names:
        return "合同首部" if lang == "zh" else "the preamble"
    return " ".join(names)


def questions_for(
    report: DocumentReport, rules: Sequence[RuleMeta], lang: str
) -> list[tuple[str, str]]:
    """The rules' questions that the findings call for, most severe gaps first."""
    out = []
    for finding, rule in gaps(report, rules):
        for question in rule.questions:
            if finding.status in question.when:
                out.append((pick(rule.title, lang), pick(question.text, lang)))
    return out


# --- who and what ---------------------------------------------------------------------------

_ZH_PARTY = re.compile(r"^(甲方|乙方)[^：:]{0,12}[：:]\s*(?P<name>\S.{1,48}?)\s*$")
_EN_PARTY = re.compile(
    r"(?:\bbetween\s+|\band\s+|^\(\d\)\s*)(?P<name>[A-Z][\w&.,'’ -]{2,60}?)\s*,"
    r"(?:[^()]|\([^()]*\)){0,300}?"
    r"\(\s*(?:the\s+)?[\"“](?P<label>[A-Z][A-Za-z ]{1,20})[\"”][^()]{0,80}\)"
)


def party_names(doc: Document, report: DocumentReport) -> tuple[str, str]:
    """(buyer, vendor) as the contract's preamble names them, else their labels."""
    parties = report.parties
    buyer_labels = parties.buyer if parties else ("甲方", "Customer")
    vendor_labels = parties.vendor if parties else ("乙方", "Vendor")
    names: dict[str, str] = {}
    for block in doc.blocks[:30]:
        zh = _ZH_PARTY.match(block.text)
        if zh:
            names.setdefault(zh.group(1), zh.group("name"))
        for en in _EN_PARTY.finditer(block.text):
            names.setdefault(en.group("label"), en.group("name"))
    lang = text_lang(doc.language)

    def name(labels: Sequence[str], fallback: str) -> str:
        for label in labels:
            if label in names:
                return names[label]
        return next((x for x in labels if (lang == "zh") == bool(re.search("[一-鿿]", x))),
                    fallback)  # fmt: skip

    return name(buyer_labels, "甲方"), name(vendor_labels, "乙方")


def contract_name(doc: Document, lang: str) -> str:
    """The contract's title (its first short line), or a plain description."""
    for block in doc.blocks[:3]:
        text = block.text.strip()
        if 2 < len(text) <= 60 and not re.search(r"[。；;:：]|\.\s", text):
            return _title_case(text) if text.isupper() else text
    return "合同" if lang == "zh" else "Agreement"


def _title_case(text: str) -> str:
    words = text.lower().split()
    return " ".join(
        w if i and w in _SMALL_WORDS else w[:1].upper() + w[1:] for i, w in enumerate(words)
    )


def _whole_sentence(doc: Document, paragraph: int | None, quote: str) -> str:
    """A quote cut short ("…") completed from its paragraph, to the end of its sentence."""
    if not quote.endswith("…"):
        return quote
    head = quote[:-1]
    for block in doc.blocks:
        if paragraph is not None and block.paragraph != paragraph:
            continue
        at = block.text.find(head)
        if at >= 0:
            end = re.compile(r"[。；;!?！？]|\.(?=\s|$)").search(block.text, at + len(head))
            return block.text[at : end.end() if end else len(block.text)]
    return quote


def _date(day: dt.date, lang: str) -> str:
    if lang == "zh":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


# --- Markdown and DOCX ------------------------------------------------------------------------


def markdown(letter: Letter) -> str:
    colon = "：" if letter.lang == "zh" else ": "
    out = [f"# {letter.title}", "", letter.to, "", letter.opening, ""]
    for item in letter.items:
        out += [f"**{item.heading}**", ""]
        out += [f"{label}{colon}{text}  " for label, text in item.lines]
        out[-1] = out[-1].rstrip()
        out.append("")
    if letter.closing:
        out += [letter.closing, ""]
    if letter.questions:
        if letter.questions_title:
            out += [f"## {letter.questions_title}", ""]
        out += [f"{i}. {q}（{t}）" if letter.lang == "zh" else f"{i}. {q} ({t})"
                for i, (t, q) in enumerate(letter.questions, 1)]  # fmt: skip
        out.append("")
    out += [line + "  " for line in letter.sign_off[:-1]] + [letter.sign_off[-1]]
    return "\n".join(out) + "\n"


def docx_bytes(letter: Letter) -> bytes:
    import docx  # python-docx: only a .docx letter needs it

    out = docx.Document()
    out.add_heading(letter.title, level=1)
    for text in (letter.to, letter.opening):
        out.add_paragraph(text)
    colon = "：" if letter.lang == "zh" else ": "
    for item in letter.items:
        out.add_paragraph().add_run(item.heading).bold = True
        for label, text in item.lines:
            paragraph = out.add_paragraph()
            paragraph.add_run(label + colon).italic = True
            paragraph.add_run(text)
    if letter.closing:
        out.add_paragraph(letter.closing)
    if letter.questions:
        if letter.questions_title:
            out.add_heading(letter.questions_title, level=2)
        for title, question in letter.questions:
            out.add_paragraph(f"{question}（{title}）" if letter.lang == "zh"
                              else f"{question} ({title})", style="List Number")  # fmt: skip
    for line in letter.sign_off:
        out.add_paragraph(line)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()
