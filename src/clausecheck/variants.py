"""Chinese written in Traditional characters (Taiwan, Hong Kong, Macau), read as Simplified.

The rules are written in Simplified Chinese: "第一條 服務範圍" or "軟體維護" would match none
of them, and a contract from Taipei or Hong Kong would come out all `missing`. So before a
Chinese document is cut into clauses, `read_as_simplified` converts its text with OpenCC
(the conversion library made for this) with the Taiwan wording read as the mainland's
(軟體 → 软件, 資料 → 数据, 智慧財產權 → 知识产权; 合約 → 合同, 工作天 → 工作日), and keeps
each block's own text in `Block.source`: the rules read the Simplified text, quotes show
the contract's words.

Each run of Chinese characters is converted on its own, and everything between runs is
kept as it is, so a stretch of the converted text that starts and ends outside a run (a
sentence: it ends at punctuation) is found again in the original (`source_text`).
"""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache
from typing import Any

from clausecheck.model import Block

SAMPLE_CHARS = 4_000  # how much of a document decides whether it is written in Traditional
MIN_CHANGED = 2  # characters the conversion changes in the sample, at least
MIN_SHARE = 0.02  # ... and this share of its Chinese characters (Simplified text: ~0)
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# The 150 characters that Simplified writes otherwise (應 应, 務 务, 後 后…) met most often in
# our own contract wording rendered in Traditional (Taiwan, Hong Kong): a text holding none
# of them is not written in Traditional (99.5% of those sentences hold one), told without
# loading OpenCC.
COMMON_TRADITIONAL = (
    "應務後雙約費內時發對責執為於過個並權負開統書議計軟維協問簽價資驗數運經續題額償擔損項員違術終結據單現"
    "爲賠報當與間護滿業總碼無還質線設幣實產託級復訂貨進確處兩萬標決將體國裝電爭規場訓準導響認屬須戶試專備"
    "補誤歸調冊範購僅給義該際達圍採錯組條關許說視變測證轉異營會機隨斷檔屆適網釋嚴餘賬預師庫編織訴動繼臺話"
)
_ANY_COMMON = re.compile(f"[{COMMON_TRADITIONAL}]")


@lru_cache(maxsize=2)
def _converter(config: str) -> Any:
    import opencc  # here: only Chinese documents need it (~5 ms to load)

    return opencc.OpenCC(config)


def is_traditional(text: str) -> bool:
    """Is `text` (its first `SAMPLE_CHARS` characters) written in Traditional characters?"""
    sample = text[:SAMPLE_CHARS]
    if not _ANY_COMMON.search(sample):
        return False
    han = sum(len(run) for run in _HAN_RUN.findall(sample))
    converted = _converter("t2s.json").convert(sample)
    changed = sum(a != b for a, b in zip(sample, converted, strict=False))
    return changed >= MIN_CHANGED and changed >= MIN_SHARE * han


def simplified(text: str) -> str:
    """`text` in Simplified characters and mainland wording (see the module's docstring)."""
    return _reading(text)[0]


# Contract words of Taiwan and Hong Kong that OpenCC keeps (they are words in Simplified too,
# but rare in mainland contracts, which the rules are written from).
_MAINLAND = {"合约": "合同", "契约": "合同", "工作天": "工作日"}
_MAINLAND_WORDS = re.compile("|".join(_MAINLAND))

Spans = tuple[tuple[int, int, int, int], ...]


@lru_cache(maxsize=4096)
def _reading(source: str) -> tuple[str, Spans]:
    """`source` converted run by run, and the (start, end) of each converted run with its
    (start, end) in `source`. Cached: a block is converted when the document is read and
    looked up again for every sentence quoted from it."""
    pieces, spans, at, shift = [], [], 0, 0
    for match in _HAN_RUN.finditer(source):
        run = _converter("tw2sp.json").convert(match.group(0))
        run = _MAINLAND_WORDS.sub(lambda word: _MAINLAND[word.group(0)], run)
        pieces += [source[at : match.start()], run]
        start = match.start() + shift
        spans.append((start, start + len(run), match.start(), match.end()))
        shift += len(run) - len(match.group(0))
        at = match.end()
    pieces.append(source[at:])
    return "".join(pieces), tuple(spans)


def source_text(source: str, start: int, end: int) -> str:
    """The stretch of `source` that reads as `simplified(source)[start:end]` (a stretch
    that starts or ends inside a converted run is widened to the whole run)."""
    spans = _reading(source)[1]
    return source[_to_source(spans, start, False) : _to_source(spans, end, True)]


def _to_source(spans: Spans, at: int, end: bool) -> int:
    shift = 0  # between runs, a character of the one is a character of the other
    for start, stop, source_start, source_stop in spans:
        if at <= start:
            return at + shift
        if at < stop:
            return source_stop if end else source_start
        shift = source_stop - stop
    return at + shift


def source_heading(heading: str, block: Block) -> str:
    """A clause heading as its block writes it: when the heading opens the block and ends
    where a run of Chinese characters ends (else, the heading as the rules read it)."""
    if not block.source or not block.text.startswith(heading):
        return heading
    if _HAN_RUN.match(block.text[len(heading) : len(heading) + 1]):
        return heading
    return source_text(block.source, 0, len(heading))


def read_as_simplified(blocks: tuple[Block, ...]) -> tuple[tuple[Block, ...], bool]:
    """The blocks in Simplified Chinese, each keeping its own text in `source`, and True;
    or the blocks as they are and False when they are not written in Traditional."""
    head = "\n".join(block.text for block in blocks[:200])
    if not is_traditional(head):
        return blocks, False
    converted = []
    for block in blocks:
        text = simplified(block.text)
        if text != block.text:
            block = dataclasses.replace(block, text=text, source=block.text)
        converted.append(block)
    return tuple(converted), True
