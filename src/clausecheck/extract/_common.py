"""Helpers shared by the extractors (standard library only)."""

from __future__ import annotations

import re
from collections.abc import Iterable

_CID = re.compile(r"\(cid:\d+\)")
# Characters that a text layer without a usable Unicode mapping produces: private-use
# code points, the replacement character, non-characters and control characters.
_BAD = re.compile(
    "[\ue000-\uf8ff\U000f0000-\U0010ffff\ufffd\ufffe\uffff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
)

GARBAGE_RATIO = 0.3  # above this share of unmappable characters a text is garbage
GARBAGE_MIN_CHARS = 20  # shorter texts are judged by at least this many characters


def visible_chars(text: str) -> int:
    """The number of characters that are not whitespace."""
    # str.split() splits at exactly the characters str.isspace() and re's \s accept.
    return sum(map(len, text.split()))


def garbage_counts(text: str) -> tuple[int, int]:
    """(unmappable, total) visible characters; each `(cid:NN)` counts as one bad one."""
    cids = len(_CID.findall(text)) if "(cid:" in text else 0
    if cids:
        text = _CID.sub("", text)
    bad = len(_BAD.findall(text)) + cids
    return bad, visible_chars(text) + cids


def garbage_ratio(text: str) -> float:
    """Share of unmappable characters among the visible ones (0.0 for empty text)."""
    bad, total = garbage_counts(text)
    return bad / total if total else 0.0


def is_garbage(text: str) -> bool:
    """Is `text` mostly unmappable glyphs (private-use, U+FFFD, controls, (cid:NN))?"""
    return counts_are_garbage(*garbage_counts(text))


def counts_are_garbage(bad: int, total: int) -> bool:
    """`is_garbage` from the text's `garbage_counts`."""
    return bad >= 3 and bad / max(total, GARBAGE_MIN_CHARS) > GARBAGE_RATIO


def page_list(numbers: Iterable[int], limit: int = 12) -> str:
    """'3, 7' / '3-9, 12' / '1-4, 6, 8 and 20 more'."""
    nums = sorted(set(numbers))
    ranges: list[tuple[int, int]] = []
    for n in nums:
        if ranges and n == ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], n)
        else:
            ranges.append((n, n))
    parts = [f"{a}" if a == b else f"{a}-{b}" for a, b in ranges]
    if len(parts) > limit:
        rest = len(parts) - limit
        return ", ".join(parts[:limit]) + f" and {rest} more"
    return ", ".join(parts)


def pages_phrase(numbers: Iterable[int]) -> str:
    """'page 3' / 'pages 3, 7'."""
    nums = sorted(set(numbers))
    return ("page " if len(nums) == 1 else "pages ") + page_list(nums)
