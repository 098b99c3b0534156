"""Plain text and Markdown: find the encoding, then one block per paragraph.

A paragraph is a run of lines that `normalize.join_lines`' rules join: a hard-wrapped
text ("...shall be governed by and construed in accordance with / the laws of ...") is
read as the sentences it holds, not as cut lines. A blank line, a heading, a table row
or a Markdown heading always ends one; each block keeps the number of its first line.

Encodings: UTF-8 (with or without BOM), UTF-16 and UTF-32 with a BOM, GB18030/GBK, and
otherwise charset_normalizer's best guess (with a warning). Binary junk is refused with
"binary", text whose encoding cannot be told with "decode". Lines longer than
`MAX_BLOCK` characters are cut at sentence punctuation so later regexes stay linear.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from clausecheck.errors import InputError
from clausecheck.extract._common import garbage_counts
from clausecheck.model import Block
from clausecheck.normalize import (
    display_width,
    ends_sentence,
    join_numbered_lines,
    normalize_text,
    typical_width,
)

MAX_BLOCK = 4000  # longest block, in characters
SNIFF_BYTES = 1 << 20  # how much charset_normalizer looks at

# Bytes that never appear in text (C0 controls but tab, LF, VT, FF, CR, ESC; and DEL).
_CONTROL_BYTES = bytes(
    [*range(0x00, 0x09), 0x0E, 0x0F, *range(0x10, 0x1B), 0x1C, 0x1D, 0x1E, 0x1F, 0x7F]
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_MD_HEADING = re.compile(r"#{1,6}\s+(.*?)(?:\s+#+)?\s*$")
_MD_TABLE_RULE = re.compile(r"\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_NEWLINE = re.compile(r"\r\n|\r|\n")
_CUTS = ("。", "！", "？", "；", ". ", "! ", "? ", "; ")
# A line of "=" or "-" under a heading (Markdown's underlined form).
_UNDERLINE = re.compile(r"={3,}|-{3,}")
_MAX_UNDERLINED = 120  # characters: a heading, not the last line of a paragraph
# Single emphasis, "_Developer_" or "*Client*": the word alone. Not a blank ("____", whose
# underscores the rules read as unfilled) nor snake_case (a word character before it).
_MD_EMPHASIS = re.compile(r"(?<![\w*])([*_])(?![\s_*])([^\n]{1,80}?)(?<![\s_*])\1(?![\w*])")

# A file is double-spaced when at least this share of its lines (and this many) are
# followed by one blank line and more text.
_DOUBLE_SPACED_SHARE = 0.75
_DOUBLE_SPACED_MIN = 8


def _fail(code: str, message: str) -> InputError:
    return InputError(code, message)


def extract_text(data: bytes) -> tuple[list[Block], list[str]]:
    """Blocks (one per non-empty line) and warnings for a text file's bytes.

    Blank text gives no blocks (extract() turns that into "no-text"); undecodable or
    binary bytes raise InputError("decode" | "binary").
    """
    warnings: list[str] = []
    text = decode(data, warnings)
    lines: list[tuple[int, str, str]] = []  # (line number, kind, text); "" kind: a blank
    # numbered as an editor numbers lines (str.splitlines also breaks at form feeds and
    # other separators, which stay within a line here)
    for number, physical in enumerate(_NEWLINE.split(text), start=1):
        for piece in physical.splitlines() or [""]:
            kind, line = _markdown(piece.strip())
            line = normalize_text(line) if line else ""
            lines.append((number, kind if line else "", line))
    blocks: list[Block] = []
    for number, kind, line in _paragraphs(_single_spaced(_underlined_headings(lines))):
        blocks.append(Block(text=line, kind=kind, paragraph=len(blocks) + 1, line=number))
    return blocks, warnings


def _underlined_headings(lines: list[tuple[int, str, str]]) -> list[tuple[int, str, str]]:
    """A short line over a line of "=" or "-" (Markdown's underlined heading, which plain
    text files use too) is a heading, and the underline goes. A rule line after a blank
    line stays what it was."""
    out = list(lines)
    for i in range(1, len(out)):
        number, kind, text = out[i]
        above_number, above_kind, above = out[i - 1]
        underline = kind and _UNDERLINE.fullmatch(text)
        if underline and above_kind == "paragraph" and len(above) <= _MAX_UNDERLINED:
            out[i - 1] = (above_number, "heading", above)
            out[i] = (number, "", "")
    return out


def _single_spaced(lines: list[tuple[int, str, str]]) -> list[tuple[int, str, str]]:
    """A double-spaced file (a blank line after nearly every line, as some converters
    write text) without the single blank lines that cut a sentence (the line before ends
    with no sentence punctuation), so the wrapped sentence is joined again; a blank line
    after a sentence end, or two in a row, still ends a paragraph. Any other file
    unchanged."""
    kinds = [kind for _, kind, _ in lines]
    followed = sum(
        1 for i in range(len(kinds) - 2) if kinds[i] and not kinds[i + 1] and kinds[i + 2]
    )
    written = sum(1 for kind in kinds if kind)
    if written < _DOUBLE_SPACED_MIN or followed < written * _DOUBLE_SPACED_SHARE:
        return lines
    return [item for i, item in enumerate(lines) if item[1] or not _cuts_sentence(lines, i)]


def _cuts_sentence(lines: list[tuple[int, str, str]], i: int) -> bool:
    """Is the blank line `i` alone between a line that ends mid-sentence and more text?"""
    if not 0 < i < len(lines) - 1:
        return False
    (_, before, text), (_, after, _) = lines[i - 1], lines[i + 1]
    return bool(before and after) and not ends_sentence(text)


def _paragraphs(lines: list[tuple[int, str, str]]) -> Iterator[tuple[int, str, str]]:
    """(first line number, kind, text) of each paragraph: runs of paragraph lines joined
    (`join_numbered_lines`, a full line's width measured once over the whole file), every
    other kind of line on its own."""
    widths = [display_width(t) if kind == "paragraph" else 0 for _, kind, t in lines]
    full = typical_width(widths)
    run: list[tuple[int, str, int]] = []
    for (number, kind, line), width in zip([*lines, (0, "", "")], [*widths, 0], strict=True):
        if kind == "paragraph":
            run.append((number, line, width))
            continue
        for first, joined in join_numbered_lines(run, full):
            for piece in split_long(joined):
                yield first, "paragraph", piece
        run = []
        if kind:
            for piece in split_long(line):
                yield number, kind, piece


def _markdown(line: str) -> tuple[str, str]:
    """(kind, text): `# Heading` -> heading, `| a | b |` -> table-row, `**` dropped."""
    if not line:
        return "paragraph", line
    kind = "paragraph"
    if line[0] == "#":
        m = _MD_HEADING.match(line)
        if m:
            kind, line = "heading", m.group(1)
    elif line[0] == "|" and line.endswith("|") and line.count("|") >= 3:
        if _MD_TABLE_RULE.match(line):
            return kind, ""
        cells = [c.strip() for c in line[1:-1].split("|")]
        kind, line = "table-row", " | ".join(c for c in cells if c)
    if "**" in line:
        line = line.replace("**", "")
    if "_" in line or "*" in line:
        line = _MD_EMPHASIS.sub(r"\2", line)
    return kind, line


def split_long(line: str, limit: int = MAX_BLOCK) -> Iterator[str]:
    """Cut a line longer than `limit` at sentence punctuation (else a space, else hard)."""
    n = len(line)
    if n <= limit:
        yield line
        return
    pos = 0
    floor = limit // 4
    while n - pos > limit:
        window = line[pos : pos + limit]
        cut = max(window.rfind(c) + len(c) for c in _CUTS)
        if cut < floor:
            cut = window.rfind(" ") + 1
            if cut < floor:
                cut = limit
        yield line[pos : pos + cut]
        pos += cut
    if pos < n:
        yield line[pos:]


# ---------------------------------------------------------------------------------------
# decoding


def decode(data: bytes, warnings: list[str]) -> str:
    """The text of `data`; raises InputError("binary" | "decode")."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _check_junk(_decode_bom(data[len(bom) :], encoding, warnings))
    nuls = data.count(0)
    if nuls:
        if nuls > max(16, len(data) // 1000):
            raise _fail(
                "binary", "this looks like a binary file, not text (it is full of NUL bytes)"
            )
        data = data.replace(b"\x00", b"")
        warnings.append(f"removed {nuls} NUL byte{'s' if nuls != 1 else ''} from the text")
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if controls > max(8, len(data) // 20):
        raise _fail("binary", "this looks like a binary file, not text (many control bytes)")
    try:
        return _check_junk(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    text = _gb18030(data)
    if text is not None:
        return _check_junk(text)
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    if bad <= max(2, len(text) // 1000):
        warnings.append(
            f"{bad} invalid UTF-8 byte sequence{'s were' if bad != 1 else ' was'} replaced by �"
        )
        return _check_junk(text)
    return _check_junk(_guess(data, warnings))


def _decode_bom(body: bytes, encoding: str, warnings: list[str]) -> str:
    try:
        return body.decode(encoding)
    except UnicodeDecodeError:
        text = body.decode(encoding, errors="replace")
        bad = text.count("\ufffd")
        if bad > max(2, len(text) // 100):
            raise _fail(
                "decode",
                f"the file starts with a {encoding.upper()} byte-order mark but is not"
                f" valid {encoding.upper()}",
            ) from None
        warnings.append(f"{bad} invalid {encoding.upper()} sequence(s) were replaced by �")
        return text


def _gb18030(data: bytes) -> str | None:
    """GB18030/GBK text, if the bytes decode strictly and look like real Chinese."""
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    # Most byte strings decode as GB18030; real Chinese text uses GB2312's common
    # characters almost only, while Big5, Shift-JIS or Latin-1 bytes read as GB18030 give
    # rare characters from the GBK extension.
    sample = [c for c in text[:50_000] if ord(c) > 0x7F]
    if not sample:
        return text
    common = 0
    for c in sample:
        try:
            c.encode("gb2312")
        except UnicodeEncodeError:
            continue
        common += 1
    return text if common >= 0.85 * len(sample) else None


def _guess(data: bytes, warnings: list[str]) -> str:
    import charset_normalizer

    best = charset_normalizer.from_bytes(data[:SNIFF_BYTES]).best()
    if best is None or not best.encoding:
        raise _fail(
            "decode",
            "the text encoding cannot be told (not UTF-8, UTF-16 or GB18030); save it as UTF-8",
        )
    encoding = best.encoding
    text = data.decode(encoding, errors="replace")
    if text.count("\ufffd") > max(2, len(text) // 100):
        raise _fail(
            "decode",
            f"the text encoding cannot be told (a guess, {encoding}, fails); save it as UTF-8",
        )
    warnings.append(
        f"the text encoding was guessed as {encoding}; save the file as UTF-8 to be sure"
    )
    return text


def _check_junk(text: str) -> str:
    """Refuse decoded text that is mostly unprintable (checked at its start, middle, end)."""
    n, w = len(text), 65_536
    sample = text if n <= 3 * w else text[:w] + text[n // 2 : n // 2 + w] + text[-w:]
    bad, total = garbage_counts(sample)
    if total and bad > max(8, total // 10):
        raise _fail("binary", "this looks like a binary file, not text (unprintable characters)")
    return text
