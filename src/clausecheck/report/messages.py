"""A document's warnings and errors in the report's language.

The extractors and the engine write their warnings and errors in English, and JSON and
SARIF carry them so (a script matches on them). A human format shows them in the
report's language: `warning_text` turns each warning these modules write into Chinese, by
its shape (one of an unknown shape stays as written; tests/test_report_messages.py makes
one of every kind); `error_line` gives an unreadable file's error code and what it means,
in Chinese from `ERRORS`, or the English message.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from clausecheck.model import DocumentReport
from clausecheck.report.common import one_line

# "page 3" / "pages 3, 7" / "pages 1-4, 6 and 20 more" (extract._common.pages_phrase)
_PAGES = r"(?P<pages>pages? [\d, -]+(?: and \d+ more)?)"


def _pages_zh(phrase: str) -> str:
    """ "pages 1-4, 6 and 20 more" -> "第 1-4、6 页及另外 20 处"."""
    numbers = re.sub(r"^pages? ", "", phrase)
    more = ""
    m = re.search(r" and (\d+) more$", numbers)
    if m:
        numbers, more = numbers[: m.start()], f"及另外 {m[1]} 处"
    return f"第 {numbers.replace(', ', '、')} 页{more}"


def _reason_zh(reason: str) -> str:
    """Why OCR could not read pages (extract.pdf, extract.ocr), in Chinese."""
    return _translate(reason, _REASONS) or reason


# (pattern of the English warning, its Chinese with the groups filled in). Pages are
# written by _pages_zh, a reason by _reason_zh; every other group as it is.
_WARNINGS: list[tuple[str, str]] = [
    (r"stopped after (\d+) of (\d+) pages \((--max-pages \d+)\)",
     "只读了 {2} 页中的前 {1} 页（{3}）"),
    (_PAGES + r" could not be read \(damaged PDF\)", "{pages}无法读取（PDF 已损坏）"),
    (_PAGES + r" (?:was|were) read by OCR; quotes may contain recognition errors",
     "{pages}经 OCR 识别，引文可能有识别错误"),
    (_PAGES + r" (?:has|have) no text layer \(scanned\?\)", "{pages}没有文字层（扫描件？）"),
    (r"OCR found no text on " + _PAGES, "OCR 在{pages}没有识别出文字"),
    (_PAGES + r" could not be read by OCR: (?P<reason>.+)", "{pages}无法用 OCR 读取：{reason}"),
    (_PAGES + r" (?:is|are) mostly unreadable glyphs and were left out"
     r"(?P<hint> \(--ocr reads them\))?",
     "{pages}大多是无法识别的字形，已略去{hint}"),
    (r"removed (\d+) NUL bytes? from the text", "已从文本中删除 {1} 个 NUL 字节"),
    (r"(\d+) invalid (\S+?)(?: byte)? sequences?(?:\(s\))? (?:was|were) replaced by \ufffd",
     "{1} 个无效的 {2} 字节序列已替换为 \ufffd"),
    (r"the text encoding was guessed as (\S+); save the file as UTF-8 to be sure",
     "文本编码是推测的（{1}）；请将文件另存为 UTF-8 以确保无误"),
    (r"tracked changes: read as if all were accepted",
     "含修订记录：按全部接受修订后的文本读取"),
    (r"(\d+) embedded document chunks? \(altChunk\) not read",
     "{1} 个嵌入的文档片段（altChunk）未读取"),
    (r"(\S+) is damaged; read what could be read", "{1} 已损坏；已读取能读的部分"),
    (r"(\S+) is damaged and was not read", "{1} 已损坏，未读取"),
    (r"(\S+) could not be read: (.+)", "{1} 无法读取：{2}"),
    (r"the file is named (\S+|without a suffix) but is a web page \(HTML\): its visible text was"
     r" read", "文件名为 {1}，实为网页（HTML）：已读取其可见文字"),
    (r"the file is named (\S+) but is plain text: read as text",
     "文件名为 {1}，实为纯文本：已按文本读取"),
    (r"a rule pattern took too long and was stopped, so a verdict may be incomplete: (.*)",
     "一条规则的模式查找超时被中止，结论可能不完整：{1}"),
]  # fmt: skip

_REASONS: list[tuple[str, str]] = [
    (r"the OCR engine is not installed; install it with (.+)", "未安装 OCR 引擎，安装：{1}"),
    (r"the OCR engine \((\S+)\) is not installed or cannot be loaded \((.*)\);"
     r" install it with (.+)",
     "OCR 引擎（{1}）未安装或无法加载（{2}），安装：{3}"),
    (r"the OCR engine's model files are missing \((.*)\); reinstall it with (.+)",
     "OCR 引擎的模型文件缺失（{1}），请重新安装：{2}"),
    (r"the OCR engine could not be loaded \((.*)\)", "OCR 引擎无法加载（{1}）"),
    (r"the pages could not be rendered \((.*)\)", "页面无法渲染（{1}）"),
]  # fmt: skip

_FILL = re.compile(r"\{(\w+)\}")
_SPECIAL: dict[str, Callable[[str], str]] = {
    "pages": _pages_zh,
    "reason": _reason_zh,
    "hint": lambda value: "（--ocr 可读取）" if value else "",
}


def _translate(message: str, table: list[tuple[str, str]]) -> str | None:
    for pattern, template in table:
        m = re.fullmatch(pattern, message)
        if m is None:
            continue

        def fill(ref: re.Match[str], m: re.Match[str] = m) -> str:
            key = ref[1]
            value = m[int(key)] if key.isdigit() else m[key]
            return _SPECIAL.get(key, str)(value or "")

        return _FILL.sub(fill, template)
    return None


# What each error code of extract.ERROR_CODES (and the not-a-contract verdict) means.
ERRORS = {
    "not-found": "文件不存在",
    "permission": "没有读取权限",
    "not-a-file": "不是普通文件（文件夹、管道或设备）",
    "symlink-loop": "符号链接循环",
    "empty": "文件为空",
    "too-large": "文件太大",
    "encrypted": "文件已加密：PDF 可用 --password 打开",
    "unsupported": "不支持的格式（旧版 .doc 请另存为 .docx；图片、压缩包不能读取）",
    "corrupt": "文件已损坏，无法读取",
    "bomb": "压缩包的声明大小或压缩比异常，拒绝解压",
    "no-text": "没有文字层（扫描件？可用 --ocr 识别）",
    "garbage-text": "文字层大多是无法识别的字形（字体缺少字符映射）；可用 --ocr 识别",
    "binary": "这是二进制文件，不是文本",
    "decode": "无法判断文本编码；请另存为 UTF-8",
    "ocr-unavailable": "要求 OCR 但 OCR 引擎不可用；安装 clausecheck[ocr]",
    "not-a-contract": "看起来不是合同",
}


def error_line(doc: DocumentReport, lang: str) -> str:
    """ "[code] what happened" for an unreadable document, in `lang` (zh or en)."""
    if doc.error is None:
        return "[error]"
    message = ERRORS.get(doc.error.code) if lang == "zh" else None
    return f"[{doc.error.code}] {message or one_line(doc.error.message)}"


def warning_text(warning: str, lang: str) -> str:
    """`warning` in `lang` (zh or en; English is how it is written)."""
    if lang != "zh":
        return warning
    return _translate(warning, _WARNINGS) or warning
