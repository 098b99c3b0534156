"""Rule patterns -> compiled regexes, with party placeholders filled in per contract.

`{buyer}` and `{vendor}` become the labels this contract uses for each party (甲方 may be
either), `{party}` either of them, `{number}` any number form. Compiled patterns are
cached per (pattern, parties), so a pattern compiles once per process per party layout,
and its compiled form is kept on disk for the next process (`rules.compiled`).
"""

from __future__ import annotations

from functools import lru_cache

import regex

from clausecheck.model import Parties
from clausecheck.recognise.numerals import NUMBER
from clausecheck.recognise.parties import detect_parties
from clausecheck.rules.compiled import compile_cached

# Bound on one search, so a bad user pattern cannot hang a CI job.
SEARCH_TIMEOUT = 2.0


@lru_cache(maxsize=1)
def default_parties() -> Parties:
    return detect_parties("")


@lru_cache(maxsize=64)
def _alternation(labels: tuple[str, ...]) -> str:
    """Whole words only: "许可方" must not match inside "被许可方", nor "us" inside "bonus"."""
    words = sorted(labels, key=len, reverse=True)
    parts = [rf"\b{regex.escape(w)}\b" if w[0].isascii() else _cjk_role(w) for w in words if w]
    return "(?:" + "|".join(parts) + ")"


def _cjk_role(word: str) -> str:
    # 被许可方/被授权方 contain 许可方/授权方: the buyer is not the vendor.
    prefix = "(?<!被)" if word.startswith(("许可", "授权")) else ""
    return prefix + regex.escape(word)


def compile_pattern(pattern: str, parties: Parties) -> regex.Pattern[str]:
    # Keyed by the labels alone: where they came from (default, detected) changes nothing.
    return _compiled(pattern, parties.buyer, parties.vendor)


@lru_cache(maxsize=4096)
def _compiled(pattern: str, buyer: tuple[str, ...], vendor: tuple[str, ...]) -> regex.Pattern[str]:
    source = (
        pattern.replace("{buyer}", _alternation(buyer))
        .replace("{vendor}", _alternation(vendor))
        .replace("{party}", _alternation(buyer + vendor))
        .replace("{number}", f"(?<![\\d.,０-９])(?:{NUMBER})")
    )
    return compile_cached(source, _FLAGS)


# MULTILINE: ^ and $ are a sentence's (or heading's) ends in the joined text too. (An int:
# combining the flags, an enum, for every pattern cost a few ms a process.)
_FLAGS = int(regex.IGNORECASE | regex.MULTILINE | regex.VERSION0)
