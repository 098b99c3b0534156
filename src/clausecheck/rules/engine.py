"""Rule x Document -> Finding. The engine knows no clause by name: rules are data.

A rule first finds where its item lives (clauses whose heading matches, and sentences
anywhere that match its terms: the "located" text), then judges it there:
`missing` when nothing is located (`ok`, not found, for a red-flag rule); `risky` when a
red flag fires; `ok` when every required check is met; else `vague`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import regex

from clausecheck.markers import ABBREVIATION, TIME_ZONE, shouting
from clausecheck.model import (
    Block,
    CheckResult,
    Clause,
    Document,
    Finding,
    Location,
    Parties,
    Status,
)
from clausecheck.recognise.clauses import split_clauses
from clausecheck.recognise.furniture import TITLE_BLOCKS, is_title, is_toc_line
from clausecheck.recognise.parties import detect_parties
from clausecheck.recognise.quantities import RECOGNISERS, hedges
from clausecheck.rules.compiled import compile_cached
from clausecheck.rules.lines import Lines
from clausecheck.rules.loader import CheckSpec, Matcher, RedFlag, Rule
from clausecheck.rules.patterns import SEARCH_TIMEOUT, compile_pattern
from clausecheck.rules.prefilter import (
    Vocabulary,
    alternatives,
    branches,
    group_end,
    structure,
    vocabulary,
)
from clausecheck.segment import heading_title
from clausecheck.variants import source_heading, source_text

# Split after Chinese/Latin sentence ends, not after a clause number ("17. DISPUTES") or a
# common abbreviation ("No. 5", "Co. Ltd", "e.g. Customer"). After a colon a digit starts a
# new sentence only as a list number ("as follows: 1. …"), not as the value the colon
# introduces ("in three instalments: 40% on signature…").
_SENTENCE_END = compile_cached(
    r"(?<=[。；;！!？?])"
    r"|(?<=[.:：])(?<![.:：]\s*$)(?<!^\s*[\dA-Za-z]{1,3}(?:\.\d{1,3})*\.)"
    rf"(?<!\b(?:{ABBREVIATION})\.)(?!(?<=\b[ap]\.m\.)\s+{TIME_ZONE})\s+(?=[\"“(（\p{{Lu}}]|\d{{1,3}}[.)、．](?!\d)|(?<=\.\s+)\d)"
)
# Every sentence end follows one of these: the pattern above is tried only after them.
_END_CHAR = re.compile("[。；;！!？?.:：]")
_MAX_QUOTE = 120
_MAX_LOCATIONS = 3
_MAX_HEDGES = 5


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str  # what the rules read
    clause: int  # index into Document.clauses
    block: Block
    shown: str  # what a quote shows: the same, or the block's own words (`Block.source`)


def _sentences(text: str) -> list[str]:
    """`text` cut at each sentence end (what `_SENTENCE_END.split` gives, 3x faster)."""
    pieces, start = [], 0
    for candidate in _END_CHAR.finditer(text):
        end = candidate.end()
        if _SENTENCE_END.match(text, end):
            pieces.append(text[start:end])
            start = end
    pieces.append(text[start:])
    return pieces


def _block_sentences(block: Block, clause: int) -> list[Sentence]:
    """A block's sentences; each shown as the block's own words when the rules read a
    conversion of it (see `variants`)."""
    found, start = [], 0
    for piece in _sentences(block.text):
        end = start + len(piece)
        if piece.strip():
            shown = source_text(block.source, start, end) if block.source else piece
            found.append(Sentence(piece.strip(), clause, block, shown.strip()))
        start = end
    return found


def rule_patterns(rules: Iterable[Rule]) -> tuple[str, ...]:
    """Every pattern the engine runs for these rules, as it runs them."""
    patterns: list[str] = []
    for rule in rules:
        patterns += [_any_of(rule.headings), *rule.terms, _any_of(rule.exclude)]
        for matcher in (*rule.checks, *rule.red_flags):
            patterns += [p for p in (matcher.pattern, matcher.unless) if p]
    whole = [p for p in patterns if p]
    return tuple(dict.fromkeys(whole + [b for p in whole for b in branches(p)]))


_VOCABULARIES: dict[int, tuple[tuple[Rule, ...], Vocabulary]] = {}


def rule_vocabulary(rules: tuple[Rule, ...]) -> Vocabulary:
    """The words the prefilter finds for these rules: worked out once per tuple of rules
    (listing a rule set's patterns takes ~0.3 ms, for every document otherwise)."""
    held = _VOCABULARIES.get(id(rules))
    if held is None or held[0] is not rules:
        if len(_VOCABULARIES) >= 8:
            _VOCABULARIES.clear()
        held = _VOCABULARIES[id(rules)] = (rules, vocabulary(rule_patterns(rules)))
    return held[1]


class Context:
    """One document prepared for rules: its sentences, once, and the parties' labels."""

    def __init__(
        self, doc: Document, parties: Parties | None = None, words: Vocabulary | None = None
    ) -> None:
        self.doc = doc
        self.parties = parties or doc.parties or detect_parties(_head_text(doc))
        self.sentences: list[Sentence] = []
        self.clause_sentences: list[range] = []
        for clause in doc.clauses:
            first = len(self.sentences)
            for block in clause.blocks:
                self.sentences += _block_sentences(block, clause.index)
            self.clause_sentences.append(range(first, len(self.sentences)))
        self.body = Lines([s.text for s in self.sentences], self.search, words)
        self.headings = Lines([c.heading or "" for c in doc.clauses], self.search, words)
        # The title and the table of contents: never where an item is found nor evidence
        # (`hidden`); with the headings, never quoted when something else can be
        # (`furniture`).
        self.hidden = _title_and_contents(doc, self.sentences)
        self.furniture = self.hidden | {
            i for i in range(len(self.sentences)) if self._is_heading(i)
        }
        self.warnings: list[str] = []
        self._compiled: dict[str, regex.Pattern[str]] = {}
        self._forms: dict[str, tuple[bool, bool]] = {}

    def _is_heading(self, index: int) -> bool:
        """A sentence that is its clause's heading alone."""
        sentence = self.sentences[index]
        heading = self.doc.clauses[sentence.clause].heading
        return bool(heading) and sentence.text.strip() == heading.strip()

    def over_body(self, clause_index: int) -> bool:
        """Does the clause have a body: sentences after its heading, or sub-clauses? (A
        one-line numbered item, "2．操作手册", has none: it is a list item.)"""
        clauses = self.doc.clauses
        if len(self.clause_sentences[clause_index]) > 1:
            return True
        following = clause_index + 1
        return following < len(clauses) and clauses[following].level > clauses[clause_index].level

    def compile(self, pattern: str) -> regex.Pattern[str]:
        compiled = self._compiled.get(pattern)
        if compiled is None:
            compiled = self._compiled[pattern] = compile_pattern(pattern, self.parties)
        return compiled

    def _form(self, text: str) -> tuple[bool, bool]:
        """Is `text` in capitals; does it write a Latin letter against a Chinese character?
        (Worked out once per text: every pattern searches the same sentences.)"""
        form = self._forms.get(text)
        if form is None:
            form = self._forms[text] = (shouting(text), bool(_LATIN_BY_HAN.search(text)))
        return form

    def search(self, pattern: str, text: str) -> regex.Match[str] | None:
        shouted, mixed = self._form(text)
        if shouted and "(?-i:" in pattern:
            pattern = _read_in_capitals(pattern)
        if mixed and "\\b" in pattern:
            pattern = _han_bounded(pattern)
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


@lru_cache(maxsize=4096)  # a rule set runs ~2,300 distinct patterns
def _read_in_capitals(pattern: str) -> str:
    """`pattern` for a sentence in capitals: a case-sensitive group that tells a name by its
    capital letter ("[A-Z][a-z]+ law": "German law", not "applicable law") reads any case,
    since every word there has capitals; one that names a defined term in its capitalised
    form ("Acceptance") is left alone: in capitals, "ACCEPTANCE" says nothing of a term."""
    out, start = [], 0
    for group in _CASE_SENSITIVE.finditer(pattern):
        end = group_end(pattern, group.end())
        if "[A-Z" in pattern[group.end() : end]:
            out += [pattern[start : group.start()], "(?:"]
            start = group.end()
    return "".join([*out, pattern[start:]])


_CASE_SENSITIVE = re.compile(r"\(\?-i:")

# A Latin letter written against a Chinese character ("SaaS服务", "on-site training按"): the
# text has no space there (`normalize` removes the spaces PDFs put around CJK), and \b sees
# no word boundary between the two, so "\btraining\b" would not find the word.
_LATIN_BY_HAN = regex.compile(r"[A-Za-z]\p{Han}|\p{Han}[A-Za-z]")
_HAN_BOUNDARY = r"(?:\b|(?<=[A-Za-z])(?=\p{Han})|(?<=\p{Han})(?=[A-Za-z]))"


@lru_cache(maxsize=4096)
def _han_bounded(pattern: str) -> str:
    """`pattern` for a sentence that mixes English words into Chinese: each \b also holds
    between a Latin letter and a Chinese character (so it matches wherever it matched)."""
    out, start = [], 0
    for at, token in structure(pattern):
        if token == "\\b":
            out += [pattern[start:at], _HAN_BOUNDARY]
            start = at + 2
    return "".join([*out, pattern[start:]])


def _timeout(text: str) -> float:
    # A bound against catastrophic backtracking, not a budget: it grows with the text so a
    # legitimate search of a long sentence on a busy machine is never cut short.
    return SEARCH_TIMEOUT + len(text) * 2e-5


def _title_and_contents(doc: Document, sentences: list[Sentence]) -> frozenset[int]:
    """The sentences of the title (a line near the top, not a numbered clause) and of the
    table of contents, judged by their whole line."""
    top = {id(block) for block in doc.blocks[:TITLE_BLOCKS]}
    judged: dict[int, bool] = {}  # block -> is it the title or a line of the contents
    found = set()
    for index, sentence in enumerate(sentences):
        block = sentence.block
        hidden = judged.get(id(block))
        if hidden is None:
            line = block.text
            hidden = judged[id(block)] = is_toc_line(line) or (
                id(block) in top
                and is_title(line)
                and heading_title(line) == " ".join(line.split())
            )
        if hidden:
            found.add(index)
    return frozenset(found)


def _head_text(doc: Document) -> str:
    return "\n".join(b.text for b in doc.blocks[:80])


def run_rule(rule: Rule, ctx: Context) -> Finding:
    located = Located(rule, ctx)
    if located.first() is None:
        status: Status = "ok" if rule.red_flag else "missing"
        return _finding(rule, status, found=False, searched=rule.searched)
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


class Located:
    """The sentences where a rule's item lives: those of clauses whose heading matches,
    and those a term matches (less the excluded), in document order.

    Worked out only as far as asked: whether one sentence is located is decided when a
    check, a red flag or a location first needs it, so in a long contract the terms are
    searched on the few sentences that matter rather than on every sentence.
    """

    def __init__(self, rule: Rule, ctx: Context) -> None:
        self._ctx = ctx
        self._exclude = _any_of(rule.exclude)
        self._by_heading: set[int] = set()
        # The headings that located a clause: naming the item, they are no evidence of
        # what it says (sub-headings listing its parts are).
        self.no_evidence: set[int] = set()
        if rule.headings:
            for clause_index in ctx.headings.matching(_any_of(rule.headings)):
                first = ctx.clause_sentences[clause_index]
                if first and first[0] in ctx.hidden:
                    continue  # the title, or a line of the contents: not the clause
                if first and first[0] in ctx.furniture and ctx.over_body(clause_index):
                    self.no_evidence.add(first[0])
                for index in _with_descendants(ctx.doc.clauses, ctx.doc.clauses[clause_index]):
                    self._by_heading.update(ctx.clause_sentences[index])
        maybe = set(self._by_heading)
        # Each term with the sentences it may match (None: any): a sentence is searched
        # only with the terms whose words it holds.
        self._term_lines = tuple((term, ctx.body.candidates(term)) for term in rule.terms)
        for _term, candidates in self._term_lines:
            maybe.update(range(len(ctx.sentences)) if candidates is None else candidates)
        self._maybe = sorted(maybe)
        self._known: dict[int, bool] = {}

    def __contains__(self, index: int) -> bool:
        known = self._known.get(index)
        if known is None:
            known = self._known[index] = self._decide(index)
        return known

    def __iter__(self) -> Iterator[int]:
        return (index for index in self._maybe if index in self)

    def first(self) -> int | None:
        return next(iter(self), None)

    def first_evidence(self) -> int | None:
        """The first located sentence that can be evidence (not a heading alone)."""
        return next((i for i in self if i not in self._ctx.furniture), None)

    def by_term(self, index: int) -> bool:
        """Is the sentence located by a term (not only as part of a matching clause)?"""
        body = self._ctx.body
        if index in self._ctx.hidden or not any(
            body.search(term, index)
            for term, candidates in self._term_lines
            if candidates is None or index in candidates
        ):
            return False
        return not (self._exclude and body.search(self._exclude, index))

    def _decide(self, index: int) -> bool:
        if index in self._ctx.hidden:
            return False
        return index in self._by_heading or self.by_term(index)


def _any_of(patterns: tuple[str, ...]) -> str:
    return "|".join(f"(?:{p})" for p in patterns)


def _with_descendants(clauses: tuple[Clause, ...], clause: Clause) -> Iterable[int]:
    yield clause.index
    for later in clauses[clause.index + 1 :]:
        if later.level <= clause.level:
            break
        yield later.index


def _first_meeting(spec: Matcher, located: Located, ctx: Context) -> str | None:
    """The quote of the first sentence in the matcher's scope that meets it, if any."""
    if _cancelled(spec, located, ctx):
        return None
    for index in _in_scope(spec.pattern, spec.scope, located, ctx):
        if _is_evidence(spec, index, located, ctx):
            return _quote(ctx.sentences[index].shown)
    return None


def _is_evidence(spec: Matcher, index: int, located: Located, ctx: Context) -> bool:
    """Does the sentence meet the matcher, as evidence? The title and the contents never
    do; a heading that located the clause names the item, so only a pattern written for a
    line's shape ("^…": a sub-heading or list item naming a part) can use it."""
    if index in ctx.hidden:
        return False
    if index in located.no_evidence:
        shaped = _line_shapes(spec.pattern)
        return bool(shaped) and _sentence_meets(
            dataclasses.replace(spec, pattern=shaped), index, ctx
        )
    return _sentence_meets(spec, index, ctx)


@lru_cache(maxsize=1024)
def _line_shapes(pattern: str | None) -> str | None:
    """The patterns of a check's list written for a line's shape: every alternative
    anchored at the start ("^…")."""
    shaped = []
    for item in alternatives(pattern or ""):
        inner = item[3:-1] if item.startswith("(?:") and item.endswith(")") else item
        if all(part.startswith("^") for part in alternatives(inner)) and _whole(inner):
            shaped.append(inner)
    return _any_of(tuple(shaped)) or None


def _whole(pattern: str) -> bool:
    """Is `pattern` a pattern of its own (not a piece cut out of "(?:a)b(?:c)")?"""
    try:
        compile_cached(pattern)  # stored when valid: the next process only reads it
    except regex.error:
        return False
    return True


def _in_scope(pattern: str | None, scope: str, located: Located, ctx: Context) -> Iterable[int]:
    """The sentences of a scope (located, or the document) where `pattern` may match."""
    if scope == "document":
        return ctx.body.narrow(pattern) if pattern else range(len(ctx.sentences))
    if not pattern:
        return located
    return (index for index in ctx.body.narrow(pattern) if index in located)


def _sentence_meets(spec: Matcher, index: int, ctx: Context) -> bool:
    if spec.pattern and not ctx.body.search(spec.pattern, index):
        return False
    if spec.unless and spec.unless_scope == "sentence" and ctx.body.search(spec.unless, index):
        return False
    if spec.per == "clause":
        return _clause_meets(spec, ctx.sentences[index].text, ctx)
    if spec.recognise:
        values = [q.value for q in RECOGNISERS[spec.recognise](ctx.sentences[index].text)]
        return any(_in_bounds(v, spec.min, spec.max) for v in values)
    return True


def _clause_meets(spec: Matcher, sentence: str, ctx: Context) -> bool:
    """`per: clause`: the pattern and the recognised quantity meet in one clause of the
    sentence (see `recognise.clauses`), so a number counts for the verb it belongs to.
    The sentence has already matched the pattern, so the words the prefilter needs are
    there; `unless` has been judged on the whole sentence."""
    recognise = RECOGNISERS[spec.recognise] if spec.recognise else None
    holds = (lambda piece: bool(recognise(piece))) if recognise else None
    for clause in split_clauses(sentence, holds):
        if spec.pattern and not ctx.search(spec.pattern, clause):
            continue
        if recognise is None:
            return True
        if any(_in_bounds(q.value, spec.min, spec.max) for q in recognise(clause)):
            return True
    return False


def _in_bounds(value: float | None, low: float | None, high: float | None) -> bool:
    if value is None:
        return low is None and high is None
    return (low is None or value >= low) and (high is None or value <= high)


def _cancelled(spec: Matcher, located: Located, ctx: Context) -> bool:
    """`unless` with a wider scope: anywhere in the located text or the document."""
    if not spec.unless or spec.unless_scope == "sentence":
        return False
    pool = _in_scope(spec.unless, spec.unless_scope, located, ctx)
    return any(ctx.body.search(spec.unless, index) for index in pool)


def _run_check(spec: CheckSpec, located: Located, ctx: Context) -> CheckResult:
    quote = _first_meeting(spec, located, ctx)
    return CheckResult(spec.id, "specific", quote is not None, quote)


def _run_flag(flag: RedFlag, located: Located, met: set[str], ctx: Context) -> CheckResult:
    conditions = all(m in met for m in flag.when_met) and not any(u in met for u in flag.when_unmet)
    if not conditions:
        return CheckResult(flag.id, "red-flag", False)
    if not flag.pattern:
        first = located.first_evidence()
        if first is None:
            first = located.first()
        assert first is not None  # run_rule() only runs flags when something is located
        return CheckResult(flag.id, "red-flag", True, _quote(ctx.sentences[first].shown))
    quote = _first_meeting(flag, located, ctx)
    return CheckResult(flag.id, "red-flag", quote is not None, quote)


def _vague_quote(located: Located, ctx: Context) -> str | None:
    """The sentence that shows the vagueness, the first of: a sentence a term located, with
    a hedge; one a term located; a body sentence with a hedge; a body sentence; and, with
    none, a heading (a clause "8. Training and documentation" quotes its 8.1 on
    documentation, not its 8.2 on training fees)."""
    best: tuple[int, int] | None = None  # (rank, sentence), lowest rank first
    for index in located:
        if index in ctx.furniture:
            rank = 4
        else:
            rank = (0 if located.by_term(index) else 2) + (
                0 if hedges(ctx.sentences[index].text) else 1
            )
        if best is None or rank < best[0]:
            best = (rank, index)
        if rank == 0:
            break
    return None if best is None else _quote(ctx.sentences[best[1]].shown)


def _hedges(located: Located, ctx: Context) -> list[CheckResult]:
    found: list[CheckResult] = []
    for index in located:
        sentence = ctx.sentences[index]
        for hedge in hedges(sentence.text):
            if all(c.id != f"hedge:{hedge.text}" for c in found):
                quote = _quote(sentence.shown)
                found.append(CheckResult(f"hedge:{hedge.text}", "hedge", True, quote))
        if len(found) >= _MAX_HEDGES:
            break
    return found[:_MAX_HEDGES]


def _shown_heading(clause: Clause) -> str | None:
    """The clause heading as the contract writes it (see `Sentence.shown`)."""
    if not clause.heading or not clause.blocks:
        return clause.heading
    return source_heading(clause.heading, clause.blocks[0])


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _MAX_QUOTE else text[: _MAX_QUOTE - 1] + "…"


def _locations(located: Located, decisive: str | None, ctx: Context) -> tuple[Location, ...]:
    """Up to three located clauses, in document order, the one of the decisive quote first,
    each quoted by its first located sentence that is not a heading alone. A clause where
    only its heading was located is shown only when there is nothing else."""
    by_clause: dict[int, int] = {}  # clause -> its first located sentence (not a heading)
    headings: dict[int, int] = {}  # clause -> its heading, when that is all that was located
    decisive_at = None
    for index in located:
        clause_index = ctx.sentences[index].clause
        if index not in ctx.furniture:
            by_clause.setdefault(clause_index, index)
        elif clause_index not in by_clause:
            headings.setdefault(clause_index, index)
        if decisive and decisive_at is None and _quote(ctx.sentences[index].shown) == decisive:
            decisive_at = index
        if (not decisive or decisive_at is not None) and len(by_clause) > _MAX_LOCATIONS:
            break  # enough: later clauses cannot be among the first three
    by_clause = by_clause or headings
    if decisive_at is not None:
        clause_index = ctx.sentences[decisive_at].clause
        by_clause.pop(clause_index, None)
        by_clause = {clause_index: decisive_at, **by_clause}
    locations = []
    for clause_index, index in list(by_clause.items())[:_MAX_LOCATIONS]:
        sentence = ctx.sentences[index]
        clause = ctx.doc.clauses[clause_index]
        locations.append(
            Location(
                page=sentence.block.page,
                paragraph=sentence.block.paragraph,
                clause=_shown_heading(clause),
                quote=_quote(sentence.shown),
                ocr=sentence.block.ocr,
                line=sentence.block.line,
            )
        )
    return tuple(locations)


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
    checks: tuple[CheckResult, ...] = (),
    searched: tuple[str, ...] = (),
    unmet: list[CheckResult] | None = None,
    fired: list[CheckResult] | None = None,
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
        looks_for={} if found else rule.looks_for,
        found=found,
    )


def _message(
    rule: Rule, status: Status, found: bool, unmet: list[CheckResult], fired: list[CheckResult]
):
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


def run_rules(
    rules: Iterable[Rule], doc: Document, parties: Parties | None = None, prefilter: bool = True
):
    """All findings for one segmented document, in rule order, plus rule warnings.

    `prefilter=False` searches every sentence with every pattern: the same findings,
    slower (the test suite compares the two).
    """
    rules = tuple(rules)
    words = rule_vocabulary(rules) if prefilter else None
    ctx = Context(doc, parties, words)
    findings = tuple(run_rule(rule, ctx) for rule in rules)
    return findings, ctx.parties, tuple(dict.fromkeys(ctx.warnings))
