"""The clauses of a sentence: where a number belongs to one verb and not to the next.

"Vendor will respond within 4 hours and resolve critical issues as soon as practicable"
holds one number, and it is the response's: a check for a fix time must not be met by it.
A sentence is cut at its coordinating boundaries (a comma, 并/并且/以及/同时/但是, and/or/but/
while/whereas between words) and a piece holding no quantity of the kind asked for joins
the piece after it, so a verb shared by a later number keeps it ("respond to and resolve
issues within 4 hours" stays whole; "对于紧急问题，乙方应在2小时内修复" too).
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

import regex

# A boundary starts the next piece. "1,000" is not cut (a comma cuts only before a space);
# 并 is not cut inside 合并/兼并 or in 并非/并不/并未/并无/并列/并购/并发.
_BOUNDARY = regex.compile(
    r"[，﹐]|,(?=\s)|(?:并且|而且|以及|同时|但是)|(?<![合兼吞归])并(?![非不未无列购发])"
    r"|(?<=\s)(?:and|or|but|while|whereas)(?=\s)",
    regex.IGNORECASE,
)


def split_clauses(text: str, holds_quantity: Callable[[str], bool] | None = None) -> list[str]:
    """`text` cut into clauses; with `holds_quantity`, a clause for which it is false is
    joined to the next one (a trailing one stays on its own). The pieces, joined, are
    `text`."""
    cuts = [0] + [m.start() for m in _BOUNDARY.finditer(text) if m.start() > 0] + [len(text)]
    pieces = [text[a:b] for a, b in pairwise(cuts) if b > a]
    if holds_quantity is None:
        return pieces
    clauses, pending = [], ""
    for piece in pieces:
        pending += piece
        if holds_quantity(piece):
            clauses.append(pending)
            pending = ""
    if pending:
        clauses.append(pending)
    return clauses
