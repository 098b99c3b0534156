"""Recognisers the rules call by name: durations, money, percentages, forums, hedges.

Each recogniser takes a sentence and returns `Quantity` matches with a value in a base
unit (hours for durations, the amount for money, the number for percentages), so a rule
can ask for `duration: {max: 72}` without knowing how the contract wrote it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import regex

from clausecheck.recognise.numerals import NUMBER, parse_number
from clausecheck.rules.compiled import compile_cached


@dataclass(frozen=True, slots=True)
class Quantity:
    kind: str
    text: str
    start: int
    end: int
    value: float | None = None


def _compile(pattern: str) -> regex.Pattern[str]:
    return compile_cached(pattern, regex.IGNORECASE | regex.VERSION0)


# --- durations --------------------------------------------------------------------------

_HOURS = {
    "minute": 1 / 60, "hour": 1.0, "day": 24.0, "week": 168.0, "month": 720.0, "year": 8760.0,
}  # fmt: skip
_UNIT_WORDS = [
    ("分钟", "minute"), ("工作小时", "hour"), ("小时", "hour"), ("个工作日", "day"),
    ("工作日", "day"), ("个自然日", "day"), ("自然日", "day"), ("日", "day"), ("天", "day"),
    ("周", "week"), ("星期", "week"), ("个月", "month"), ("年", "year"),
    ("minutes", "minute"), ("minute", "minute"), ("mins", "minute"), ("min", "minute"),
    ("business hours", "hour"), ("working hours", "hour"), ("hours", "hour"),
    ("hour", "hour"), ("hrs", "hour"), ("hr", "hour"), ("h", "hour"),
    ("business days", "day"), ("business day", "day"), ("working days", "day"),
    ("working day", "day"), ("calendar days", "day"), ("days", "day"), ("day", "day"),
    ("weeks", "week"), ("week", "week"), ("months", "month"), ("month", "month"),
    ("years", "year"), ("year", "year"),
]  # fmt: skip
_UNIT_OF = {word: unit for word, unit in _UNIT_WORDS}
_UNITS = "|".join(regex.escape(w) for w, _ in _UNIT_WORDS)
_DURATION = _compile(
    rf"(?P<num>{NUMBER}|半)\s?(?P<unit>{_UNITS})(?![a-z])"
    r"|(?P<round>[57]\s?[×xX*]\s?(?:24|8|12)|24\s?[×xX*/]\s?7)"
)


def durations(text: str) -> list[Quantity]:
    found = []
    for m in _DURATION.finditer(text):
        if m.group("round"):
            found.append(Quantity("duration", m.group(0), m.start(), m.end(), 0.0))
            continue
        unit = _UNIT_OF[m.group("unit").lower()]
        number = 0.5 if m.group("num") == "半" else parse_number(m.group("num"))
        if number is None or _looks_like_date(text, m.start(), m.end(), unit, number):
            continue
        found.append(Quantity("duration", m.group(0), m.start(), m.end(), number * _HOURS[unit]))
    return found


def _looks_like_date(text: str, start: int, end: int, unit: str, number: float) -> bool:
    """2024年, 1月1日 and 'Day 1' are dates, not durations."""
    if unit == "year" and number >= 1900:
        return True
    if unit == "day" and text[end - 1 : end] == "日":
        return text[max(0, start - 3) : start].rstrip(" ").endswith(("月", "月份"))
    return False


# --- money, percentages -------------------------------------------------------------------

_SCALE = {"万": 1e4, "萬": 1e4, "千": 1e3, "百": 1e2, "佰": 1e2, "仟": 1e3, "亿": 1e8,
          "thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mm": 1e6, "billion": 1e9,
          "bn": 1e9}  # fmt: skip
# A currency written before the amount: ISO codes, symbols with their country prefixes
# (HK$, NT$, A$, S$, C$, US$), 人民币.
_CURRENCY = (
    r"人民币|(?:RMB|CNY|USD|EUR|GBP|AUD|HKD|SGD|NTD|TWD|CAD|NZD|CHF|JPY|INR|MYR)(?![a-z])"
    r"|(?:US|HK|NT|AU|A|S|C|NZ|R)\$|[¥￥$€£]"
)
# ... and after it: 元, 美元, euros, AUD ...
_CURRENCY_AFTER = (
    r"元|圆|美元|欧元|英镑|港元|港币|澳元|新台币|台币|日元|新加坡元|加元"
    r"|(?:US\s|Australian\s|Hong\sKong\s|Singapore\s|Canadian\s|New\sTaiwan\s)?dollars"
    r"|euros?|pounds(?:\ssterling)?|[€£]|(?:RMB|CNY|USD|EUR|GBP|AUD|HKD|SGD|NTD|TWD|CAD|NZD|CHF|JPY)"
)
# 12.000 and 1.234.567,50: thousands marked with dots, as much of Europe writes them.
_DOTTED = r"\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?(?![\d.])"
_AMOUNT = rf"(?:{_DOTTED}|{NUMBER})"
_SCALE_WORDS = r"万|千|百|亿|thousand|million|billion|mm|bn|k|m"
_MONEY = _compile(
    rf"(?:(?:{_CURRENCY})\s?(?P<n1>{_AMOUNT})\s?(?P<s1>{_SCALE_WORDS})?"
    r"(?![a-z\d])\s?(?:元|圆)?"
    rf"|(?P<n2>{_AMOUNT})\s?(?P<s2>万|千|百|亿|thousand|million|billion)?\s?(?:{_CURRENCY_AFTER})"
    r"(?![a-z]))"
)
_PERCENT = _compile(rf"(?P<n>{NUMBER})\s?(?:%|％|percent\b|per\s?cent\b)|百分之(?P<cn>{NUMBER})")


def _amount(text: str) -> float | None:
    if regex.fullmatch(_DOTTED, text):
        return float(text.replace(".", "").replace(",", "."))
    return parse_number(text)


# An amount in a table: a cell holding only a figure written as money is (12,000 / 980.00),
# in a row that names a fee, a price or an amount ("| 年度服务费 | 12,000 |").
_TABLE_CELL = _compile(r"(?:^|\|)\s*(?P<n>\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+\.\d{2})\s*(?=\||$)")
_MONEY_ROW = _compile(
    r"费|价|金额|款|合计|总计|\b(?:fees?|price|amount|cost|charges?|total|subtotal)\b"
)


def money(text: str) -> list[Quantity]:
    found = []
    for m in _MONEY.finditer(text):
        number = _amount(m.group("n1") or m.group("n2"))
        if number is None:
            continue
        scale = (m.group("s1") or m.group("s2") or "").lower()
        found.append(
            Quantity("money", m.group(0), m.start(), m.end(), number * _SCALE.get(scale, 1.0))
        )
    if "|" in text and _MONEY_ROW.search(text):
        taken = [(q.start, q.end) for q in found]
        for m in _TABLE_CELL.finditer(text):
            start, end = m.span("n")
            if not any(a < end and start < b for a, b in taken):
                value = float(m.group("n").replace(",", ""))
                found.append(Quantity("money", m.group("n"), start, end, value))
        found.sort(key=lambda q: q.start)
    return found


def percentages(text: str) -> list[Quantity]:
    found = []
    for m in _PERCENT.finditer(text):
        number = parse_number(m.group("n") or m.group("cn"))
        if number is not None:
            found.append(Quantity("percent", m.group(0), m.start(), m.end(), number))
    return found


def numbers(text: str) -> list[Quantity]:
    """Any number at all (e.g. "three sessions", "3次")."""
    found = []
    for m in _NUMBER.finditer(text):
        value = parse_number(m.group(0))
        if value is not None:
            found.append(Quantity("number", m.group(0), m.start(), m.end(), value))
    return found


_NUMBER = _compile(rf"(?<![\w.]){NUMBER}")

# --- forums ---------------------------------------------------------------------------------

_CJK = r"\p{Han}"
_FORUM_ZH = _compile(
    rf"(?P<name>{_CJK}{{0,16}}?)(?P<kind>仲裁委员会|仲裁院|国际仲裁中心|仲裁中心|人民法院|法院)"
)
# Words that introduce a forum without naming it ("向当地法院", "有管辖权的人民法院").
# The name starts after the last verb or preposition that leads to it ("提交北京…" -> "北京").
_LEAD_IN = _compile(r"^.*[向至到在将交由请报诉]")
_GENERIC_NAME = _compile(r"^(?:当地|有关|相关|有管辖权的?|其他|任何|该|所在地的?|管辖|的|)$")
_FORUM_EN = _compile(
    r"\b(?:HKIAC|SIAC|CIETAC|ICC|JAMS|AAA|LCIA|ICDR|SCIA|SHIAC|BAC"
    r"|American Arbitration Association|International Chamber of Commerce"
    r"|Hong Kong International Arbitration Cent(?:re|er)"
    r"|Singapore International Arbitration Cent(?:re|er)"
    r"|London Court of International Arbitration)\b"
    # any other institution by its name: "Korean Commercial Arbitration Board", "German
    # Arbitration Institute", "Arbitration Institute of the Stockholm Chamber of Commerce"
    r"|(?-i:(?!(?:The|Any|Such|An?|Each|Competent|Its|Their)\b)[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+)*)"
    r"\s+(?-i:Arbitration|Arbitral)\s+(?-i:Board|Commission|Centre|Center|Court|Association"
    r"|Institute|Tribunal)\b"
    r"|(?-i:Arbitration|Arbitral)\s+(?-i:Institute|Court|Centre|Center)\s+of\s+(?:the\s+)?"
    r"(?-i:[A-Z][\w.'-]+(?:\s+(?:[A-Z][\w.'-]+|of))*)"
    r"|\bcourts?\s+(?:(?:located|sitting|situated)\s+)?(?:of|in|for)\s+(?:the\s+)?"
    r"(?:(?:State|County|City|Commonwealth|Province|District)\s+of\s+)?"
    r"(?-i:[A-Z][\w.'-]+(?:,?\s+(?:[A-Z][\w.'-]+|and|of))*)"
    r"|(?-i:(?!(?:The|Any|Such|All|Each|Competent|Its|Their)\b)[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+)*)"
    r"\s+(?:state\s+(?:or|and)\s+federal\s+|federal\s+"
    r"(?:or|and)\s+state\s+|state\s+|federal\s+)?courts?\b"
)
_COURT_OF = compile_cached(r"(?i)^courts?\s+(?:\w+\s+)?(?:of|in|for)\s+(?:the\s+)?")
_EN_NOT_A_PLACE = _compile(r"^(?:Any|The|Such|A|Competent|Each|All|Party|Parties)\b")


def forums(text: str) -> list[Quantity]:
    found = []
    for m in _FORUM_ZH.finditer(text):
        name = _LEAD_IN.sub("", m.group("name"))
        if not _GENERIC_NAME.match(name) and not name.endswith(("或", "也可", "或者")):
            found.append(Quantity("forum", m.group(0), m.start(), m.end()))
    for m in _FORUM_EN.finditer(text):
        words = m.group(0)
        place = _COURT_OF.sub("", words)
        if not _EN_NOT_A_PLACE.match(place):
            found.append(Quantity("forum", words, m.start(), m.end()))
    return found


# --- hedges -----------------------------------------------------------------------------------

HEDGES_ZH = (
    "及时", "尽快", "尽力", "尽可能", "力争", "合理时间", "合理期限", "合理费用", "合理范围",
    "合理的", "适当", "必要时", "必要的", "视情况", "原则上", "一般情况下", "酌情", "相关费用",
    "相关文档", "相关责任", "另行协商", "另行约定", "另行商议", "双方协商确定", "协商解决",
    "以乙方解释为准", "届时", "随时", "定期", "尽量", "争取",
)  # fmt: skip
HEDGES_EN = (
    "promptly", "timely", "as soon as possible", "as soon as practicable", "as soon as reasonably",
    "reasonable efforts", "commercially reasonable", "best efforts", "from time to time",
    "as appropriate", "as needed", "where necessary", "to be agreed", "mutually agreed",
    "TBD", "at its discretion", "at its sole discretion", "then-current", "then current",
    "reasonable time", "periodically", "in principle", "endeavour", "endeavours", "endeavor",
    "endeavors", "aim to", "aims to", "strive to",
)  # fmt: skip
_HEDGE = _compile(
    "|".join(regex.escape(h) for h in HEDGES_ZH)
    + "|"
    + "|".join(rf"\b{regex.escape(h)}\b" for h in HEDGES_EN)
)


def _automaton(words: tuple[str, ...]):
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for word in words:
        automaton.add_word(word.casefold(), word)
    automaton.make_automaton()
    return automaton


# Most sentences hold no hedge: one Aho-Corasick pass over the case-folded text rules
# them out before the regex (which also checks word boundaries) runs.
_HEDGE_WORDS = _automaton(HEDGES_ZH + HEDGES_EN)


def hedges(text: str) -> list[Quantity]:
    if next(_HEDGE_WORDS.iter(text.casefold()), None) is None:
        return []
    return [Quantity("hedge", m.group(0), m.start(), m.end()) for m in _HEDGE.finditer(text)]


# --- blanks ------------------------------------------------------------------------------------

# A value left to be filled in: ＿＿＿, ____, 若干, "  年  月  日", [Fill in …], [●], TBD.
_BLANK = _compile(
    r"[＿_]{3,}|…{2,}|\.{6,}|若干|(?<!\d)\s{2,}(?:年|月|日|元|%|％|个月|天)"
    r"|\[(?:[^\]]{0,40}(?:fill in|insert|specify|●|•|__|\.\.\.)[^\]]{0,40})\]"
    r"|\[\s*\]|\bTBD\b|\bTBA\b"
)


def blanks(text: str) -> list[Quantity]:
    return [Quantity("blank", m.group(0), m.start(), m.end()) for m in _BLANK.finditer(text)]


# The names rules use in YAML (`recognise: duration`).
RECOGNISERS: dict[str, Callable[[str], list[Quantity]]] = {
    "duration": durations,
    "money": money,
    "percent": percentages,
    "number": numbers,
    "forum": forums,
    "hedge": hedges,
    "blank": blanks,
}
