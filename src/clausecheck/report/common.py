"""What every reporter shares: symbols, labels in both languages, ordering, short texts.

Only the standard library is imported here, so `import clausecheck.report` stays cheap.
Every format module takes its symbols, words and orderings from this one place.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from clausecheck.model import (
    STATUSES,
    DocumentReport,
    Finding,
    Location,
    Parties,
    Report,
    RuleMeta,
    pick,
)
from clausecheck.report.labels import LABELS, SEVERITY_LABELS, TEXT  # the words, both languages

LANGS = ("zh", "en")

# A status as a reader sees it: the four finding statuses, plus `waived` (a finding that is
# not ok but a waiver covers it), `baselined` (not ok, but in the baseline of known gaps),
# `error` (the document could not be read) and `none` (the rule was not evaluated for that
# document).
SET_ASIDE = ("waived", "baselined")
DISPLAY_STATUSES = (*STATUSES, *SET_ASIDE, "error", "none")

# Symbols read without colour; colour only reinforces them.
SYMBOLS = {
    "ok": "✔",
    "vague": "~",
    "risky": "!",
    "missing": "✘",
    "waived": "-",
    "baselined": "=",
    "error": "E",
    "none": "·",
}

# rich styles for the terminal table.
STYLES = {
    "ok": "green",
    "vague": "yellow",
    "risky": "red",
    "missing": "bold red",
    "waived": "dim",
    "baselined": "dim",
    "error": "red",
    "none": "dim",
}

# Worst first: the order a reader wants problems in, and the sort key of the HTML matrix.
STATUS_RANK = {
    "error": 0,
    "missing": 1,
    "risky": 2,
    "vague": 3,
    "waived": 4,
    "baselined": 4,
    "ok": 5,
    "none": 6,
}

QUOTE_MAX = 100  # characters of the quote shown in tables; JSON keeps the whole quote
CLAUSE_MAX = 18  # terminal cells: nine CJK characters

# Points per status for the score (compare and the HTML score row).
SCORE_POINTS = {"ok": 2, "vague": 1, "risky": 0, "missing": 0}


# --------------------------------------------------------------------------- language


def norm_lang(language: str | None) -> str:
    """A document language as a report language: mixed -> zh, unknown -> en."""
    if language in ("zh", "mixed"):
        return "zh"
    return "en"


def doc_lang(doc: DocumentReport, lang: str | None) -> str:
    """The language to write `doc` in: the option, else the document's own."""
    if lang in LANGS:
        return lang
    return norm_lang(doc.language)


def report_lang(report: Report, lang: str | None) -> str:
    """One language for a view of several documents: the option, else the most common
    document language (mixed counts as zh; ties go to the first seen; default en)."""
    if lang in LANGS:
        return lang
    seen = [norm_lang(d.language) for d in report.documents if d.language]
    if not seen:
        return "en"
    counts = Counter(seen)
    best = max(counts.values())
    return next(lg for lg in seen if counts[lg] == best)


def text(key: str, lang: str) -> str:
    return TEXT.get(lang, TEXT["en"])[key]


def colon(lang: str) -> str:
    return "：" if lang == "zh" else ": "


def label(key: str, lang: str) -> str:
    """An interface word followed by a colon: "建议：" / "Advice: "."""
    return text(key, lang) + colon(lang)


def set_aside_note(finding: Finding, lang: str) -> str:
    """Why a finding does not count: "waiver: <reason>", or that the baseline lists it."""
    if finding.baselined:
        return text("in_baseline", lang)
    return label("waiver", lang) + one_line(finding.suppressed or "")


def status_label(status: str, lang: str) -> str:
    return LABELS.get(lang, LABELS["en"])[status]


def severity_label(severity: str, lang: str) -> str:
    return SEVERITY_LABELS.get(lang, SEVERITY_LABELS["en"]).get(severity, severity)


def buyer_fact(parties: Parties, lang: str, doc_language: str | None) -> str:
    """Which party the rules took for the buyer (甲方/乙方, or Party A/B in English
    contracts), and how it was decided: "买方: 甲方 (自动识别)"."""
    words = text("buyer_sources", lang).split("|")
    source = dict(zip(("detected", "default", "override"), words, strict=True))[parties.source]
    name = parties.buyer[1] if doc_language == "en" else parties.buyer[0]
    return f"{text('buyer', lang)}: {name} ({source})"


def both(local: object) -> dict[str, str]:
    """A LocalText as {"zh":..., "en":...} with the usual fallbacks."""
    return {lg: pick(local, lg) for lg in LANGS}  # type: ignore[arg-type]


# --------------------------------------------------------------------------- statuses


def display_status(finding: Finding) -> str:
    """`waived` for a not-ok finding a waiver covers, `baselined` for one the baseline
    lists, else the finding's status."""
    if finding.suppressed is not None and finding.status != "ok":
        return "baselined" if finding.baselined else "waived"
    return finding.status


def is_open(finding: Finding) -> bool:
    """Not ok and not waived: something to ask the vendor for. (Whether it fails a run is
    the caller's `fail-on` setting, which reporters do not see.)"""
    return finding.status != "ok" and finding.suppressed is None


def display_counts(doc: DocumentReport) -> dict[str, int]:
    """Counts by display status: ok, vague, risky, missing (the set-aside ones taken out),
    waived, baselined."""
    counts = {s: 0 for s in (*STATUSES, *SET_ASIDE)}
    for finding in doc.findings:
        counts[display_status(finding)] += 1
    return counts


def total_counts(docs: Iterable[DocumentReport]) -> dict[str, int]:
    totals = {s: 0 for s in (*STATUSES, *SET_ASIDE)}
    for doc in docs:
        for key, value in display_counts(doc).items():
            totals[key] += value
    return totals


def count_columns(docs: Iterable[DocumentReport], always: Sequence[str] = ()) -> list[str]:
    """The statuses a summary counts: the four, then each set-aside one (waived,
    baselined) that some document has or that is in `always`."""
    totals = total_counts(docs)
    return [*STATUSES, *(s for s in SET_ASIDE if totals[s] or s in always)]


def open_count(doc: DocumentReport) -> int:
    return sum(1 for f in doc.findings if is_open(f))


def result_text(doc: DocumentReport, lang: str) -> str:
    """ "3 to fix" / "待处理 3 项", or "nothing to fix"."""
    n = open_count(doc)
    return text("to_fix", lang).format(n=n) if n else text("clean", lang)


def score(findings: Iterable[Finding]) -> int | None:
    """Percentage of the maximum points: ok 2, vague 1, risky 0, missing 0 per rule.

    The score reads what the contract says, so a waived finding scores by its own status.
    None when there is nothing to score.
    """
    points = 0
    count = 0
    for finding in findings:
        points += SCORE_POINTS[finding.status]
        count += 1
    if not count:
        return None
    return round(100 * points / (2 * count))


def summary_line(counts: dict[str, int], lang: str) -> str:
    """ "22 items: 10 ok, 5 vague, 3 risky, 4 missing" / "22 项：10 合格，5 模糊，…"."""
    total = sum(counts.values())
    keys = [*STATUSES] + [s for s in SET_ASIDE if counts.get(s)]
    if lang == "zh":
        parts = "，".join(f"{counts[k]} {status_label(k, lang)}" for k in keys)
        return f"{total} 项：{parts}"
    parts = ", ".join(f"{counts[k]} {status_label(k, lang)}" for k in keys)
    noun = "item" if total == 1 else "items"
    return f"{total} {noun}: {parts}"


def files_line(docs: Sequence[DocumentReport], lang: str) -> str:
    """The totals line over several documents:
    "3 files (1 unreadable), 10 items: 3 ok, …" / "3 个文件（1 个无法读取），共 10 项：…"."""
    errors = sum(1 for d in docs if d.status == "error")
    counts = total_counts(d for d in docs if d.status != "error")
    if lang == "zh":
        head = f"{len(docs)} 个文件" + (f"（{errors} 个无法读取）" if errors else "")
        return f"{head}，共 {summary_line(counts, lang)}"
    noun = "file" if len(docs) == 1 else "files"
    head = f"{len(docs)} {noun}" + (f" ({errors} unreadable)" if errors else "")
    return f"{head}, {summary_line(counts, lang)}"


# --------------------------------------------------------------------------- rules & order


def rules_of(report: Report) -> list[RuleMeta]:
    """The report's rules in order, then any rule only seen in a finding (first seen first)."""
    rules = list(report.rules)
    known = {r.id for r in rules}
    for doc in report.documents:
        for f in doc.findings:
            if f.rule not in known:
                known.add(f.rule)
                rules.append(
                    RuleMeta(
                        id=f.rule,
                        title=f.title,
                        severity=f.severity,
                        description=f.title,
                        advice=f.advice,
                        pack="",
                        looks_for=f.looks_for,
                    )
                )
    return rules


def sorted_findings(doc: DocumentReport, rules: Sequence[RuleMeta]) -> list[Finding]:
    """A document's findings in rule order (unknown rules last, in their own order)."""
    order = {r.id: i for i, r in enumerate(rules)}
    indexed = enumerate(doc.findings)
    return [f for _, f in sorted(indexed, key=lambda p: (order.get(p[1].rule, len(order)), p[0]))]


# --------------------------------------------------------------------------- short texts

_SPACE = re.compile(r"\s+")

# Characters XML 1.0 cannot carry (PDF text often has form feeds and other controls).
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def xml_safe(value: str) -> str:
    """`value` without the characters XML 1.0 (and so HTML and JUnit) cannot hold."""
    return _XML_BAD.sub("", value)


def one_line(value: str | None) -> str:
    """Whitespace, newlines included, folded into single spaces."""
    return _SPACE.sub(" ", value or "").strip()


def cells(value: str) -> int:
    """Terminal cells `value` takes: East Asian wide characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in value)


def _in_word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def shorten(value: str | None, limit: int, *, by_cells: bool = False) -> str:
    """One line of at most `limit` characters (or terminal cells), ellipsised."""
    flat = one_line(value)
    size = cells if by_cells else len
    if size(flat) <= limit:
        return flat
    cut = flat
    while cut and size(cut) > limit - 1:
        cut = cut[:-1]
    # not inside a word: "in its sole…", not "in its sole discr…" (a word of up to 20
    # characters is given up; CJK text has no spaces and is cut anywhere)
    if _in_word(flat[len(cut)]) and _in_word(cut[-1:]):
        space = cut.rfind(" ", max(0, len(cut) - 20))
        if space > 0:
            cut = cut[:space]
    return cut.rstrip() + "…"


def first_location(finding: Finding) -> Location | None:
    return finding.locations[0] if finding.locations else None


def place(loc: Location | None) -> str:
    """ "p.3" (a PDF's page), "L50" (a text or Markdown file's line) or "¶12" (a DOCX
    paragraph)."""
    if loc is None:
        return ""
    if loc.page is not None:
        return f"p.{loc.page}"
    if loc.line is not None:
        return f"L{loc.line}"
    if loc.paragraph is not None:
        return f"¶{loc.paragraph}"
    return ""


def where(finding: Finding, clause_max: int = CLAUSE_MAX) -> str:
    """Where a finding was found: "p.3 第五条 保密条款", "+2" when found in more places.
    The clause heading is cut to `clause_max` terminal cells (a CJK character is two)."""
    loc = first_location(finding)
    if loc is None:
        return ""
    parts = [place(loc)]
    if loc.clause:
        parts.append(shorten(loc.clause, clause_max, by_cells=True))
    if loc.ocr:
        parts.append("(OCR)")
    if len(finding.locations) > 1:
        parts.append(f"+{len(finding.locations) - 1}")
    return " ".join(p for p in parts if p)


def quote(finding: Finding, limit: int = QUOTE_MAX) -> str:
    loc = first_location(finding)
    return shorten(loc.quote, limit) if loc else ""


def _looked_for(finding: Finding, lang: str) -> str:
    """What a rule that found nothing looked for, in the rule's words ("" if it says none)."""
    return one_line(pick(finding.looks_for, lang))


def looked_for_line(finding: Finding, lang: str) -> str:
    """ "Looked for: headings such as “Training” …" / "查找过：标题如“培训”…" (or "")."""
    words = _looked_for(finding, lang)
    return label("looked_for", lang) + words if words else ""


def not_found_text(finding: Finding, lang: str) -> str:
    """A missing item in words, never patterns: "No clause about training was found (looked
    for headings such as “Training” …)" / "未找到关于培训的条款（查找过：标题如“培训”…）"."""
    title = one_line(pick(finding.title, lang))
    if lang != "zh" and title[1:2].islower():  # "Training" -> "training"; "IP …" stays
        title = title[0].lower() + title[1:]
    sentence = text("no_clause", lang).format(title=title)
    words = _looked_for(finding, lang)
    if not words:
        return sentence
    if lang == "zh":
        return f"{sentence}（{label('looked_for', lang)}{words}）"
    return f"{sentence} ({text('looked_for', lang).lower()} {words})"


def vendor_names(docs: Sequence[DocumentReport]) -> list[str]:
    """One unique, short name per document: the file stem when no other document has
    it, else the shortest end of its path that no other has ("a/offer", "b/offer";
    "offer.pdf" beside "offer.docx"); a path given twice is numbered ("offer (2)")."""
    paths = [rel_path(d.path) for d in docs]
    levels = [_suffix(p, 0) for p in paths]  # candidate names, shortest first
    names = list(levels)
    depth = [0] * len(paths)
    while True:
        # those sharing a name with another file (the same file twice stays a clash)
        owners: dict[str, set[str]] = {}
        for name, path in zip(names, paths, strict=True):
            owners.setdefault(name, set()).add(path)
        clashing = [i for i, n in enumerate(names) if len(owners[n]) > 1]
        grown = False
        for i in clashing:
            longer = _suffix(paths[i], depth[i] + 1)
            if longer != names[i]:
                depth[i] += 1
                names[i] = longer
                grown = True
        if not grown:
            break
    counts = Counter(names)
    seen: Counter[str] = Counter()
    for i, name in enumerate(names):
        if counts[name] > 1:
            seen[name] += 1
            names[i] = f"{name} ({seen[name]})"
    return names


def _suffix(path: str, depth: int) -> str:
    """The stem (depth 0), the file name (1), then the last `depth` parts of `path`."""
    parts = [p for p in path.split("/") if p] or [path]
    if depth == 0:
        return posixpath.splitext(parts[-1])[0] or parts[-1]
    return "/".join(parts[-depth:])


_DIGITS = re.compile(r"(\d+)")


def natural_key(value: str) -> tuple[tuple[int, int | str], ...]:
    """A sort key that puts "vendor_2" before "vendor_10"."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part.casefold())
        for part in _DIGITS.split(value)
        if part
    )


def rel_path(path: str) -> str:
    """A document path with forward slashes, relative where it can be.

    A relative path stays as given (without a leading "./"); an absolute one under the
    working directory becomes relative to it, others stay absolute.
    """
    if os.path.isabs(path):
        try:
            rel = os.path.relpath(path)
        except ValueError:  # another drive on Windows
            rel = path
        if not rel.startswith(".."):
            path = rel
    path = path.replace("\\", "/")
    while path.startswith("./"):
        path = path[2:]
    return path


def fingerprint(*parts: str | None) -> str:
    """A stable hash of some strings (SARIF partial fingerprints, HTML element ids)."""
    joined = "\x1f".join(p or "" for p in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class Doc:
    """A document with what every human format asks of it, computed once."""

    report: DocumentReport
    lang: str
    findings: tuple[Finding, ...]  # in rule order

    @property
    def error(self) -> bool:
        return self.report.status == "error"


def docs_of(report: Report, lang: str | None, rules: Sequence[RuleMeta]) -> list[Doc]:
    return [
        Doc(report=d, lang=doc_lang(d, lang), findings=tuple(sorted_findings(d, rules)))
        for d in report.documents
    ]


def error_text(doc: DocumentReport) -> str:
    """ "[code] message" for an unreadable document."""
    if doc.error is None:
        return "[error]"
    return f"[{doc.error.code}] {one_line(doc.error.message)}"
