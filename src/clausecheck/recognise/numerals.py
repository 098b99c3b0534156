"""Numbers as contracts write them: 24, 1,200.50, 二十四, 两, 伍万, five (5), 十二(12)."""

from __future__ import annotations

_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2,
    "三": 3, "叁": 3, "參": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6,
    "陸": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}  # fmt: skip
_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG_UNITS = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}

CN_NUMERAL_CHARS = "".join(_DIGITS) + "".join(_SMALL_UNITS) + "".join(_BIG_UNITS)

# Regex fragments (no groups) for the number forms we read.
ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
CHINESE = f"[{CN_NUMERAL_CHARS}]+"
_EN_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "forty-five": 45,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "thousand": 1000, "a": 1, "an": 1,
}  # fmt: skip
ENGLISH = (
    r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|"
    r"five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|hundred"
)
# A number in any form, optionally followed by its digits in brackets: "five (5)", "十二(12)".
NUMBER = rf"(?:(?:{ARABIC})|(?:{CHINESE})|(?:\b(?:{ENGLISH})\b))(?:\s?[（(]\s?\d+\s?[)）])?"


def chinese_to_int(text: str) -> int | None:
    """二十四 -> 24, 壹万贰仟 -> 12000, 两 -> 2, 一二 -> 12 (digit by digit); else None."""
    if not text or any(c not in CN_NUMERAL_CHARS for c in text):
        return None
    if not any(c in _SMALL_UNITS or c in _BIG_UNITS for c in text):
        return int("".join(str(_DIGITS[c]) for c in text))
    total, section, digit = 0, 0, 0
    for char in text:
        if char in _DIGITS:
            digit = _DIGITS[char]
        elif char in _SMALL_UNITS:
            section += (digit or 1) * _SMALL_UNITS[char]
            digit = 0
        else:
            total = (total + section + digit) * _BIG_UNITS[char]
            section, digit = 0, 0
    return total + section + digit


def english_to_int(text: str) -> int | None:
    words = text.lower().replace("-", " ").split()
    if not words or any(w not in _EN_WORDS for w in words):
        return None
    value = 0
    for word in words:
        number = _EN_WORDS[word]
        value = value * number if number in (100, 1000) and value else value + number
    return value


def parse_number(text: str) -> float | None:
    """The value of one NUMBER match; the bracketed digits win when present."""
    text = text.strip()
    if "(" in text or "（" in text:
        inner = text.replace("（", "(").split("(", 1)[1].rstrip(")） ")
        if inner.strip().isdigit():
            return float(inner)
        text = text.replace("（", "(").split("(", 1)[0].strip()
    plain = text.replace(",", "")
    try:
        return float(plain)
    except ValueError:
        pass
    value = chinese_to_int(text)
    if value is None:
        value = english_to_int(text)
    return None if value is None else float(value)
