"""Lines of text that rule patterns search, and which lines each pattern may match.

The engine keeps two: a document's sentences and its clause headings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from collections.abc import Set as AbstractSet
from typing import Any

from clausecheck.rules.prefilter import AnyOf, Need, Vocabulary, branches, requirement

Search = Callable[[str, str], Any]  # (pattern, text) -> a match or None
_NO_LINES: frozenset[int] = frozenset()


class Lines:
    """Lines of text (sentences, or clause headings) that patterns search one at a time.

    Before a pattern runs, the words it cannot match without (`requirement`) narrow
    the lines to those holding them; a pattern whose words are absent is never compiled.
    The rule set's words are found in one pass over the case-folded lines (`words`);
    any other word, by substring search.
    """

    def __init__(self, lines: list[str], search: Search, words: Vocabulary | None) -> None:
        self.lines = lines
        self._search = search
        self._prefilter = words is not None
        self._folded = [line.casefold() for line in lines]
        self._candidates: dict[str, AbstractSet[int] | None] = {}
        self._plans: dict[str, tuple[tuple[str, AbstractSet[int] | None], ...]] = {}
        self._indexed: frozenset[str] = words.words if words is not None else frozenset()
        self._needed = words.needed if words is not None else {}
        self._with_word: dict[str, set[int]] = {}
        if words is not None:
            self._index(words)
        self._present = frozenset(self._with_word)  # the indexed words these lines hold

    def _index(self, words: Vocabulary) -> None:
        with_word = self._with_word
        for index, line in enumerate(self._folded):
            for _end, word in words.found_in(line):
                lines = with_word.get(word)
                if lines is None:
                    with_word[word] = {index}
                else:
                    lines.add(index)

    def matching(self, pattern: str, pool: Iterable[int] | None = None) -> list[int]:
        """Indexes of the lines (of `pool`, default all) in which `pattern` matches."""
        return [i for i in self.narrow(pattern, pool) if self.search(pattern, i)]

    def narrow(self, pattern: str, pool: Iterable[int] | None = None) -> Iterable[int]:
        """The lines of `pool` that may match `pattern`, in order."""
        candidates = self.candidates(pattern)
        if candidates is None:
            return range(len(self.lines)) if pool is None else pool
        return sorted(candidates if pool is None else candidates.intersection(pool))

    def search(self, pattern: str, index: int) -> bool:
        """Does `pattern` match line `index`? Each top-level alternative of the pattern
        runs only where its own words are."""
        plan = self._plans.get(pattern)
        if plan is None:
            plan = self._plans[pattern] = self._plan(pattern)
        for branch, candidates in plan:
            if candidates is not None and index not in candidates:
                continue
            if self._search(branch, self.lines[index]):
                return True
        return False

    def _plan(self, pattern: str) -> tuple[tuple[str, AbstractSet[int] | None], ...]:
        """The alternatives `search` runs for `pattern`, each with its candidate lines."""
        if not self._prefilter:
            return ((pattern, None),)
        return tuple((branch, self.candidates(branch)) for branch in branches(pattern))

    def candidates(self, pattern: str) -> AbstractSet[int] | None:
        """Lines holding the words `pattern` needs; None when every line may match."""
        if pattern not in self._candidates:
            self._candidates[pattern] = self._work_out(pattern)
        return self._candidates[pattern]

    def _work_out(self, pattern: str) -> AbstractSet[int] | None:
        if not self._prefilter:
            return None
        some_of = self._needed.get(pattern, _UNKNOWN)
        if some_of is _UNKNOWN:
            some_of = self._needed[pattern] = _words_needed(pattern, self._indexed)
        if some_of is not None and some_of.isdisjoint(self._present):
            return _NO_LINES  # most patterns: none of the words they need is in the lines
        alternatives = branches(pattern)
        if len(alternatives) > 1:
            found = [self.candidates(branch) for branch in alternatives]
            return None if None in found else _NO_LINES.union(*found)
        need = requirement(pattern)
        return None if need is None else self._holding(need)

    def _holding(self, need: Need, within: AbstractSet[int] | None = None) -> AbstractSet[int]:
        """The lines (of `within`, default all) that satisfy a requirement (see
        `prefilter.Need`). The parts of an `AllOf` are looked up only among the lines the
        parts before them left, so a frequent word costs the few lines still in question
        rather than every line it is on."""
        if isinstance(need, frozenset):
            if need <= self._indexed:  # an absent indexed word holds no line
                if need.isdisjoint(self._present):
                    return _NO_LINES
                holding = [self._with_word[word] for word in need & self._present]
            else:
                holding = [lines for lines in map(self._lines_with, need) if lines]
            if within is not None:
                holding = [within & lines for lines in holding]
            return holding[0] if len(holding) == 1 else _NO_LINES.union(*holding)
        if isinstance(need, AnyOf):
            return _NO_LINES.union(*[self._holding(part, within) for part in need.parts])
        found = within
        for part in need.parts:
            found = self._holding(part, found)
            if not found:
                return _NO_LINES
        return found or _NO_LINES

    def _lines_with(self, word: str) -> AbstractSet[int]:
        hits = self._with_word.get(word)
        if hits is None and word in self._indexed:
            return _NO_LINES  # indexed, and it does not occur
        if hits is None:  # a word from outside the rule set's vocabulary
            found = {i for i, line in enumerate(self._folded) if word in line}
            hits = self._with_word[word] = found
        return hits


_UNKNOWN: Any = object()  # not yet worked out (None is an answer: not known)


def _words_needed(pattern: str, indexed: frozenset[str]) -> frozenset[str] | None:
    """Indexed words of which a line must hold one for `pattern` to match there (None when
    not known): if the lines hold none of them, no line is a candidate, found without
    working out the requirement's tree."""
    found = [_some_of(requirement(branch), indexed) for branch in branches(pattern)]
    return None if None in found else frozenset().union(*found)


def _some_of(need: Need | None, indexed: frozenset[str]) -> frozenset[str] | None:
    if need is None or isinstance(need, frozenset):
        return need if need is not None and need <= indexed else None
    if isinstance(need, AnyOf):
        found = [_some_of(part, indexed) for part in need.parts]
        return None if None in found else frozenset().union(*found)
    # AllOf: every part must hold, so one part's words will do
    return next((w for w in (_some_of(p, indexed) for p in need.parts) if w is not None), None)
