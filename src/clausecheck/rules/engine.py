"""Rule x Document -> Finding. The engine knows no clause by name: rules are data.

A rule first finds where its item lives (clauses whose heading matches, and sentences
anywhere that match its terms: the "located" text), then judges it there:
`missing` when nothing is located (`ok`, not found, for a red-flag rule); `risky` when a
red flag fires; `ok` when every required check is met; else `vague`.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass

import regex

from clausecheck.model import Block, Check, Clause, Document, Finding, Location, Parties, Status
from clausecheck.recognise.parties import detect_parties
from clausecheck.recognise.quantities import RECOGNISERS, hedges
from clausecheck.rules.loader import Check as CheckSpec
from clausecheck.rules.loader import Matcher, RedFlag, Rule
from clausecheck.rules.patterns import SEARCH_TIMEOUT, compile_pattern

# Split after Chinese/Latin sentence ends, not after a clause number ("17. DISPUTES") or a
# common abbreviation ("No. 5", "Co. Ltd", "e.g. Customer").
_SENTENCE_END = regex.compile(
    r"(?<=[。；;！!？?])"
    r"|(?<![.:：]\s*$)(?<=[.:：])(?<!^\s*[\dA-Za-z]{1,3}(?:\.\d{1,3})*\.)"
    r"(?<!\b(?:No|Art|Sec|Co|Inc|Ltd|e\.g|i\.e|etc|vs|Mr|Ms|Dr|St|U\.S)\.)\s+(?=[\"“(（\p{Lu}\d])"
)
_MAX_QUOTE = 120
_MAX_LOCATIONS = 3


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    clause: int  # index into Document.clauses
    block: Block


class Context:
    """One document prepared for rules: its sentences, once, and the parties' labels."""

    def __init__(self, doc: Document, parties: Parties | None = None) -> None:
        self.doc = doc
        self.parties = parties or doc.parties or detect_parties(_head_text(doc))
        self.sentences: list[Sentence] = []
        self.clause_sentences: list[range] = []
        for clause in doc.clauses:
            first = len(self.sentences)
            for block in clause.blocks:
                for piece in _SENTENCE_END.split(block.text):
                    if piece.strip():
                        self.sentences.append(Sentence(piece.strip(), clause.index, block))
            self.clause_sentences.append(range(first, len(self.sentences)))
        self.text, self._starts = _joined(s.text for s in self.sentences)
        # Clause headings, one per line, so a rule's heading pattern runs once per document.
        self.headings, self._heading_starts = _joined(c.heading or "" for c in doc.clauses)
        self.warnings: list[str] = []
        self._compiled: dict[str, regex.Pattern[str]] = {}

    def compile(self, pattern: str) -> regex.Pattern[str]:
        compiled = self._compiled.get(pattern)
        if compiled is None:
            compiled = self._compiled[pattern] = compile_pattern(pattern, self.parties)
        return compiled

    def sentences_matching(self, pattern: str) -> list[int]:
        """Indexes of the sentences in which `pattern` matches, in one pass over the text."""
        return self._lines_matching(pattern, self.text, self._starts)

    def clauses_matching(self, pattern: str) -> list[int]:
        """Indexes of the clauses whose heading matches `pattern`."""
        return self._lines_matching(pattern, self.headings, self._heading_starts)

    def _lines_matching(self, pattern: str, text: str, starts: list[int]) -> list[int]:
        hits: list[int] = []
        try:
            for m in self.compile(pattern).finditer(text, timeout=_timeout(text)):
                index = bisect.bisect_right(starts, m.start()) - 1
                if not hits or hits[-1] != index:
                    hits.append(index)
        except TimeoutError:
            self._timed_out(pattern)
        return hits

    def search(self, pattern: str, text: str) -> regex.Match[str] | None:
        try:
            return self.compile(pattern).search(text, timeout=_timeout(text))
        except TimeoutError:
            self._timed_out(pattern)
            return None

    def _timed_out(self, pattern: str) -> None:
        self.warnings.append(
            f"a rule pattern took too long and was stopped, so a verdict may be incomplete: "
            f"{pattern[:60]}"
        )


def _joined(lines) -> tuple[str, list[int]]:
    """The lines joined by newlines, and where each starts."""
    starts, parts, offset = [], [], 0
    for line in lines:
        starts.append(offset)
        parts.append(line)
        offset += len(line) + 1
    return "\n".join(parts), starts


def _timeout(text: str) -> float:
    # A bound against catastrophic backtracking, not a budget: it grows with the text so a
    # legitimate scan of a long contract on a busy machine is never cut short.
    return SEARCH_TIMEOUT + len(text) * 2e-5


def _head_text(doc: Document) -> str:
    return "\n".join(b.text for b in doc.blocks[:80])


def evaluate(rule: Rule, ctx: Context) -> Finding:
    located = locate(rule, ctx)
    if not located:
        status: Status = "ok" if rule.red_flag else "missing"
        return _finding(rule, status, found=False, searched=_searched(rule))
    checks = [_run_check(check, located, ctx) for check in rule.checks]
    met = {c.id for c, spec in zip(checks, rule.checks, strict=True) if c.met}
    flags = [_run_flag(flag, located, met, ctx) for flag in rule.red_flags]
    fired = [f for f in flags if f.met]
    unmet = [c for c, spec in zip(checks, rule.checks, strict=True) if spec.required and not c.met]
    if fired:
        status, decisive = "risky", fired[0].quote
    elif unmet:
        status, decisive = "vague", _vague_quote(located, ctx)
    else:
        status = "ok"
        decisive = next((c.quote for c in checks if c.met and c.quote), None)
    hedge_checks = _hedges(located, ctx) if status == "vague" else []
    return _finding(
        rule,
        status,
        found=True,
        locations=_locations(located, decisive, ctx),
        checks=tuple(checks) + tuple(fired) + tuple(hedge_checks),
        unmet=unmet,
        fired=fired,
    )


def locate(rule: Rule, ctx: Context) -> list[int]:
    """Sentence indexes where the rule's item lives, in document order."""
    found: set[int] = set()
    if rule.headings:
        for clause_index in ctx.clauses_matching("|".join(f"(?:{h})" for h in rule.headings)):
            for index in _with_descendants(ctx.doc.clauses, ctx.doc.clauses[clause_index]):
                found.update(ctx.clause_sentences[index])
    if rule.terms:
        # One pass per term: the regex engine scans separate patterns faster than one
        # alternation of them all (measured: about 30% less time on long contracts).
        hits = sorted({i for term in rule.terms for i in ctx.sentences_matching(term)})
        if rule.exclude:
            exclude = "|".join(f"(?:{e})" for e in rule.exclude)
            hits = [i for i in hits if not ctx.search(exclude, ctx.sentences[i].text)]
        found.update(hits)
    return sorted(found)


def _with_descendants(clauses: tuple[Clause, ...], clause: Clause) -> Iterable[int]:
    yield clause.index
    for later in clauses[clause.index + 1 :]:
        if later.level <= clause.level:
            break
        yield later.index


def _scope(spec: Matcher, located: list[int], ctx: Context) -> Iterable[int]:
    return range(len(ctx.sentences)) if spec.scope == "document" else located


def _sentence_meets(spec: Matcher, text: str, ctx: Context) -> bool:
    if spec.pattern and not ctx.search(spec.pattern, text):
        return False
    if spec.unless and spec.unless_scope == "sentence" and ctx.search(spec.unless, text):
        return False
    if spec.recognise:
        values = [q.value for q in RECOGNISERS[spec.recognise](text)]
        return any(_in_bounds(v, spec.min, spec.max) for v in values)
    return True


def _in_bounds(value: float | None, low: float | None, high: float | None) -> bool:
    if value is None:
        return low is None and high is None
    return (low is None or value >= low) and (high is None or value <= high)


def _cancelled(spec: Matcher, located: list[int], ctx: Context) -> bool:
    """`unless` with a wider scope: anywhere in the located text or the document."""
    if not spec.unless or spec.unless_scope == "sentence":
        return False
    pool = located if spec.unless_scope == "located" else range(len(ctx.sentences))
    return any(ctx.search(spec.unless, ctx.sentences[i].text) for i in pool)


def _run_check(spec: CheckSpec, located: list[int], ctx: Context) -> Check:
    if _cancelled(spec, located, ctx):
        return Check(spec.id, "specific", False, None)
    for index in _scope(spec, located, ctx):
        text = ctx.sentences[index].text
        if _sentence_meets(spec, text, ctx):
            return Check(spec.id, "specific", True, _quote(text))
    return Check(spec.id, "specific", False, None)


def _run_flag(flag: RedFlag, located: list[int], met: set[str], ctx: Context) -> Check:
    conditions = all(m in met for m in flag.when_met) and not any(u in met for u in flag.when_unmet)
    if not conditions:
        return Check(flag.id, "red-flag", False)
    if not flag.pattern:
        return Check(flag.id, "red-flag", True, _quote(ctx.sentences[located[0]].text))
    if _cancelled(flag, located, ctx):
        return Check(flag.id, "red-flag", False)
    for index in _scope(flag, located, ctx):
        text = ctx.sentences[index].text
        if _sentence_meets(flag, text, ctx):
            return Check(flag.id, "red-flag", True, _quote(text))
    return Check(flag.id, "red-flag", False)


def _vague_quote(located: list[int], ctx: Context) -> str | None:
    """The sentence that shows the vagueness: one with a hedge, else the first body sentence."""
    body = [i for i in located if not _is_heading_line(ctx, i)] or located
    for index in body:
        if hedges(ctx.sentences[index].text):
            return _quote(ctx.sentences[index].text)
    return _quote(ctx.sentences[body[0]].text)


def _is_heading_line(ctx: Context, index: int) -> bool:
    sentence = ctx.sentences[index]
    heading = ctx.doc.clauses[sentence.clause].heading
    return bool(heading) and sentence.text.strip() == heading.strip()


def _hedges(located: list[int], ctx: Context) -> list[Check]:
    found: list[Check] = []
    for index in located:
        text = ctx.sentences[index].text
        for hedge in hedges(text):
            if all(c.id != f"hedge:{hedge.text}" for c in found):
                found.append(Check(f"hedge:{hedge.text}", "hedge", True, _quote(text)))
    return found[:5]


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _MAX_QUOTE else text[: _MAX_QUOTE - 1] + "…"


def _locations(located: list[int], decisive: str | None, ctx: Context) -> tuple[Location, ...]:
    by_clause: dict[int, int] = {}
    for index in located:
        by_clause.setdefault(ctx.sentences[index].clause, index)
    if decisive:
        for index in located:
            if _quote(ctx.sentences[index].text) == decisive:
                by_clause.pop(ctx.sentences[index].clause, None)
                by_clause = {ctx.sentences[index].clause: index, **by_clause}
                break
    locations = []
    for clause_index, index in list(by_clause.items())[:_MAX_LOCATIONS]:
        sentence = ctx.sentences[index]
        clause = ctx.doc.clauses[clause_index]
        locations.append(
            Location(
                page=sentence.block.page,
                paragraph=sentence.block.paragraph,
                clause=clause.heading,
                quote=_quote(sentence.text),
                ocr=sentence.block.ocr,
            )
        )
    return tuple(locations)


def _searched(rule: Rule) -> tuple[str, ...]:
    return tuple(f"heading: {h}" for h in rule.headings) + tuple(f"term: {t}" for t in rule.terms)


_DEFAULT_MESSAGES = {
    "ok": {"zh": "已约定且具体。", "en": "Present and specific."},
    "missing": {"zh": "合同中未找到此项。", "en": "Not found in the contract."},
}


def _finding(
    rule: Rule,
    status: Status,
    *,
    found: bool,
    locations: tuple[Location, ...] = (),
    checks: tuple[Check, ...] = (),
    searched: tuple[str, ...] = (),
    unmet: list[Check] | None = None,
    fired: list[Check] | None = None,
) -> Finding:
    message = rule.messages.get(status) or _message(rule, status, found, unmet or [], fired or [])
    return Finding(
        rule=rule.id,
        title=rule.title,
        severity=rule.severity,
        status=status,
        message=message,
        advice=rule.advice if status != "ok" else {"zh": "", "en": ""},
        locations=locations,
        checks=checks,
        searched=searched,
        found=found,
    )


def _message(rule: Rule, status: Status, found: bool, unmet: list[Check], fired: list[Check]):
    if status == "ok" and not found:
        return {
            "zh": "未发现此风险条款。",
            "en": "No such clause found (nothing against the buyer).",
        }
    if status in _DEFAULT_MESSAGES:
        return _DEFAULT_MESSAGES[status]
    labels = {spec.id: spec.label for spec in (*rule.checks, *rule.red_flags)}
    if status == "risky":
        names = [labels[c.id] for c in fired]
        return {
            "zh": "风险：" + "；".join(n["zh"] for n in names) + "。",
            "en": "Red flag: " + "; ".join(n["en"] for n in names) + ".",
        }
    names = [labels[c.id] for c in unmet]
    return {
        "zh": "已提及但不具体，缺少：" + "；".join(n["zh"] for n in names) + "。",
        "en": "Mentioned but not specific; missing: " + "; ".join(n["en"] for n in names) + ".",
    }


def evaluate_all(rules: Iterable[Rule], doc: Document, parties: Parties | None = None):
    """All findings for one segmented document, in rule order, plus rule warnings."""
    ctx = Context(doc, parties)
    findings = tuple(evaluate(rule, ctx) for rule in rules)
    return findings, ctx.parties, tuple(dict.fromkeys(ctx.warnings))
