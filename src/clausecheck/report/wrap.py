"""Text folded into lines of at most a given number of terminal cells, in both languages.

English breaks between words (a word longer than a line is cut); Chinese between any two
characters, except that a line never begins with closing punctuation (。，、”）…) nor
ends with opening punctuation (“（《…): the character before is carried down with it, as
Chinese typesetting does. Spaces at a break are dropped; nothing else is.

Only the standard library: the terminal table passes rich's own cell measure.
"""

from __future__ import annotations

from collections.abc import Callable

from clausecheck.report.common import cells

Measure = Callable[[str], int]

# Never at the start of a line / never at the end of one.
NO_START = frozenset("。，、；：？！）》」』】〕〉〗”’…·%,.;:?!)]}")
NO_END = frozenset("（《「『【〔〈〖“‘([{")

_Token = tuple[str, bool]  # (text, a space before it)


def tokens(text: str, breaks: str = "") -> list[_Token]:
    """Words, and each wide character or non-ASCII punctuation mark on its own (a place
    to break, or a mark to keep beside its neighbour); ASCII punctuation stays in its
    word."""
    out: list[_Token] = []
    word, space = "", False
    for ch in text:
        if ch.isspace():
            if word:
                out.append((word, space))
                word = ""
            space = True
        elif cells(ch) == 2 or (not ch.isascii() and (ch in NO_START or ch in NO_END)):
            if word:
                out.append((word, space))
                word, space = "", False
            out.append((ch, space))
            space = False
        else:
            word += ch
            if ch in breaks:  # "/" in a path: a place to break, the mark kept before it
                out.append((word, space))
                word, space = "", False
    if word:
        out.append((word, space))
    return out


def _glued(line: list[_Token]) -> str:
    return "".join((" " if space and i else "") + t for i, (t, space) in enumerate(line))


def _breakable(left: _Token, right: _Token, breaks: str = "") -> bool:
    """May a line end after `left` and the next begin with `right`?"""
    if left[0][-1] in breaks:
        return True
    if right[1]:  # a space between them: always, except before a closing mark
        return right[0][0] not in NO_START or len(right[0]) > 1
    if left[0][-1] in NO_END or right[0][0] in NO_START:
        return False
    # no space: a break only beside a wide character (Chinese), never inside "7×24热线"'s
    # Latin part (those pieces were one token anyway)
    return cells(left[0][-1]) == 2 or cells(right[0][0]) == 2


def wrap(text: str, width: int, measure: Measure = cells, breaks: str = "") -> list[str]:
    """`text` (its newlines kept) as lines of at most `width` cells (width >= 4); a line
    may also end after any character of `breaks` ("/" for a path)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        items = tokens(paragraph, breaks)
        lines += _wrap_tokens(items, max(width, 4), measure, breaks) or [""]
    return lines


def _wrap_tokens(items: list[_Token], width: int, measure: Measure, breaks: str) -> list[str]:
    lines: list[list[_Token]] = [[]]
    used = 0  # cells of the last line so far (a cell measure adds up over a string)
    for token in _fold_long(items, width, measure):
        current = lines[-1]
        size = measure(token[0]) + (1 if token[1] and current else 0)
        if not current or used + size <= width:
            current.append(token)
            used += size
            continue
        # a new line: carry tokens down while the break would split what may not be split
        carried = [token]
        while len(current) > 1 and not _breakable(current[-1], carried[0], breaks):
            candidate = [current[-1], *carried]
            if measure(_glued(candidate)) > width:
                break
            carried = candidate
            current.pop()
        lines.append(carried)
        used = measure(_glued(carried))
    return [_glued(line) for line in lines if line]


def _fold_long(items: list[_Token], width: int, measure: Measure) -> list[_Token]:
    """Words longer than a line cut into pieces that fit (joined without a space)."""
    out: list[_Token] = []
    for text, space in items:
        if measure(text) <= width:
            out.append((text, space))
            continue
        piece = ""
        for ch in text:
            if piece and measure(piece + ch) > width:
                out.append((piece, space))
                piece, space = "", False
            piece += ch
        out.append((piece, space))
    return out
