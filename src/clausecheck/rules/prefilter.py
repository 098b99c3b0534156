"""Literal words a pattern cannot match without, so most sentences are never searched.

`requirement(pattern)` reads a rule pattern and returns what any match must contain, as a
small tree: a set of case-folded words (one of them must occur), or all / any of such
trees. For "响应…{number}…(小时|天)" it is all of {响应} and {小时, 天}; for a pattern
with a Chinese and an English branch, any of the two. A sentence that does not satisfy
the tree cannot match, so the engine skips it without running (or even compiling) the
regex. The tree only ever narrows the search when it is sure: `None` for any construct it
does not understand.

`vocabulary` gathers the words of a rule set into an Aho-Corasick automaton
(pyahocorasick), so one pass over a document finds where every word occurs.

Patterns are parsed with the standard library's regex parser (`re._parser`, the parser
behind `re.compile`). The `regex` module accepts more syntax; where the standard parser
might read such syntax differently, the pattern gets no prefilter (see `_unsafe`).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Union

import ahocorasick
import regex

try:  # Python 3.11+; 3.10 names the same modules sre_parse / sre_constants
    from re import _constants as sre
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as sre  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]


@dataclass(frozen=True, slots=True)
class AllOf:
    parts: tuple[Need, ...]


@dataclass(frozen=True, slots=True)
class AnyOf:
    parts: tuple[Need, ...]


# A set of words (any one will do), or all / any of smaller requirements.
Need = Union[frozenset[str], AllOf, AnyOf]  # noqa: UP007 - evaluated at runtime on 3.10

_MAX_STRINGS = 64  # bound on a set of exact strings built from a run of literals
_MAX_CLASS = 16  # a character class with more members than this constrains nothing
# Placeholders stand for party labels and numbers: text that could be anything.
_PLACEHOLDER = regex.compile(r"\{(?:buyer|vendor|party|number)\}")
# A brace that opens no counted repeat ({2}, {0,8}).
_BRACE = regex.compile(r"\{(?!\d*,?\d*\})")
# \p{...} (a Unicode property, regex-only syntax): any character, for this purpose.
_PROPERTY = regex.compile(r"(?<!\\)((?:\\\\)*)\\[pP]\{[^}]*\}")


@dataclass(frozen=True, slots=True)
class _Info:
    exact: frozenset[str] | None  # every string the node can match, when few and known
    need: Need | None  # what a match must contain, beyond `exact`


_ANYTHING = _Info(None, None)
_EMPTY = _Info(frozenset({""}), None)


VERSION = 3  # of the analysis: a cached table from another version is not used
_LEARNED: dict[str, Need | None] = {}  # tables read back from the cache (see `learn`)


def requirement(pattern: str) -> Need | None:
    """What every match of `pattern` contains; None when nothing is known."""
    if pattern in _LEARNED:
        return _LEARNED[pattern]
    return _analysed(pattern)


def export(patterns: Iterable[str]) -> list[list]:
    """The requirements of `patterns` as JSON-ready rows, for the on-disk cache."""
    return [[pattern, _to_json(requirement(pattern))] for pattern in patterns]


def learn(rows: list) -> None:
    """Take back rows made by `export` (analysing ~270 patterns takes ~0.25 s; reading
    them back a few ms). Raises ValueError on anything malformed, before learning any."""
    if not isinstance(rows, list) or not all(isinstance(r, list) and len(r) == 2 for r in rows):
        raise ValueError("not a requirement table")
    learned = {}
    for pattern, need in rows:
        if not isinstance(pattern, str):
            raise ValueError("not a pattern")
        learned[pattern] = _from_json(need)
    _LEARNED.update(learned)


def _to_json(need: Need | None):
    if need is None or isinstance(need, frozenset):
        return None if need is None else sorted(need)
    kind = "all" if isinstance(need, AllOf) else "any"
    return {kind: [_to_json(part) for part in need.parts]}


def _from_json(data) -> Need | None:
    if data is None:
        return None
    if isinstance(data, list) and data and all(isinstance(w, str) and w for w in data):
        return frozenset(data)
    if isinstance(data, dict) and len(data) == 1 and set(data) <= {"all", "any"}:
        ((kind, parts),) = data.items()
        if isinstance(parts, list) and len(parts) > 1:
            needs = tuple(_from_json(part) for part in parts)
            if all(need is not None for need in needs):
                return AllOf(needs) if kind == "all" else AnyOf(needs)
    raise ValueError(f"not a requirement: {data!r:.60}")


@lru_cache(maxsize=4096)
def _analysed(pattern: str) -> Need | None:
    source = _PROPERTY.sub(r"\1\\d", _PLACEHOLDER.sub("(?:.)", pattern))
    if _unsafe(source):
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # e.g. "possible nested set": regex reads it otherwise
            tree = sre_parse.parse(source, sre.SRE_FLAG_IGNORECASE)
    except Exception:  # any syntax the standard parser rejects: no prefilter
        return None
    return _pruned(_need(_sequence(list(tree))))


@lru_cache(maxsize=4096)
def branches(pattern: str) -> tuple[str, ...]:
    """The top-level alternatives of `pattern` (`A|(?:B)|C` -> A, (?:B), C), each with its
    own words, so a sentence is searched only with the alternatives it can match. Whether
    any alternative matches is whether the whole pattern does. The pattern itself, alone,
    when splitting could change it: a back-reference, a conditional, a global flag."""
    if _UNSPLITTABLE.search(pattern):
        return (pattern,)
    return alternatives(pattern)


@lru_cache(maxsize=4096)
def alternatives(pattern: str) -> tuple[str, ...]:
    """`pattern` split at its top-level "|", whatever it holds (the pattern itself, alone,
    when it is unbalanced or has an empty alternative)."""
    if pattern in _PARTS:
        return (pattern,)
    parts, depth, start = [], 0, 0
    for i, c in structure(pattern):
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "[":
            return (pattern,)  # a set left open
        elif c == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
    parts.append(pattern[start:])
    if depth != 0 or any(not part for part in parts):
        return (pattern,)  # unbalanced, or an empty alternative: leave it whole
    if len(_PARTS) > 16_384:
        _PARTS.clear()
    _PARTS.update(parts)
    return tuple(dict.fromkeys(parts))


def structure(pattern: str, start: int = 0) -> Iterator[tuple[int, str]]:
    """(index, token) for `pattern` from `start`, outside character sets: each character,
    an escape as its two characters ("\\b"); a set left open ends it with (its index, "[")."""
    i, n = start, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            yield i, pattern[i : i + 2]
            i += 2
            continue
        if c == "[":
            opened = i
            i += 1
            i += pattern[i : i + 1] == "^"
            i += pattern[i : i + 1] == "]"  # a "]" first in a set is one of its members
            while i < n and pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
            if i >= n:
                yield opened, "["
                return
            i += 1
            continue
        yield i, c
        i += 1


def group_end(pattern: str, at: int) -> int:
    """Where the group whose body starts at `at` ends: just after its ")"."""
    depth = 1
    for i, c in structure(pattern, at):
        depth += (c == "(") - (c == ")")
        if depth == 0:
            return i + 1
    return len(pattern)


# The alternatives `alternatives` has split patterns into. One is never split again: it
# starts where the scan was at the top level, outside a set, and holds no top-level "|";
# so the engine, splitting each as it runs it, need not scan it again (~10 ms a process).
_PARTS: set[str] = set()


# \1, (?P=name), \g<name>: group references; (?(1)...): conditionals; (?i) at the top.
_UNSPLITTABLE = regex.compile(r"\\[1-9]|\(\?P=|\\g<|\(\?\(|\(\?[a-zA-Z]+\)")


def words_of(need: Need | None) -> Iterator[str]:
    if isinstance(need, frozenset):
        yield from need
    elif need is not None:
        for part in need.parts:
            yield from words_of(part)


@dataclass(frozen=True)
class Vocabulary:
    """Every word some patterns need, ready to be found in one pass over a text."""

    words: frozenset[str]
    _automaton: ahocorasick.Automaton
    # Per pattern, the words of which a line must hold one (see `lines.Lines`): kept here,
    # looked up by the pattern alone. (Keyed by the pattern and `words` together, a lookup
    # compared two equal sets of thousands of words whenever the vocabulary had been built
    # again: 50 times slower in a long-running process.)
    needed: dict[str, frozenset[str] | None] = field(default_factory=dict, compare=False)

    def found_in(self, text: str) -> Iterable[tuple[int, str]]:
        """(end offset, word) for each occurrence of each word in `text`, overlaps too."""
        return self._automaton.iter(text) if self.words else ()


@lru_cache(maxsize=16)
def vocabulary(patterns: tuple[str, ...]) -> Vocabulary:
    words = frozenset(w for pattern in patterns for w in words_of(requirement(pattern)))
    automaton = ahocorasick.Automaton()
    for word in words:
        automaton.add_word(word, word)
    automaton.make_automaton()
    return Vocabulary(words, automaton)


def _unsafe(source: str) -> bool:
    # `{` that is no counted repeat is literal to `re` but may be fuzzy matching to `regex`;
    # (?f), (?V1), \L<...> and other regex-only forms make `re` raise, which is fine.
    return bool(_BRACE.search(source))


def _node(op, av) -> _Info:
    if op is sre.LITERAL:
        return _Info(frozenset({chr(av).casefold()}), None)
    if op is sre.IN:
        return _char_class(av)
    if op is sre.SUBPATTERN:
        return _sequence(list(av[-1]))
    if op is sre.BRANCH:
        return _branch([_sequence(list(b)) for b in av[1]])
    if op in _REPEATS:
        return _repeat(*av)
    if op is getattr(sre, "ATOMIC_GROUP", None):
        return _sequence(list(av))
    if op is sre.ASSERT:  # a lookaround consumes nothing, but its text must be there
        return _Info(frozenset({""}), _need(_sequence(list(av[1]))))
    if op in (sre.AT, sre.ASSERT_NOT):
        return _EMPTY  # zero width: consumes nothing
    return _ANYTHING


_REPEATS = tuple(
    op for op in (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", None)) if op
)


def _char_class(items) -> _Info:
    chars: set[str] = set()
    for op, av in items:
        if op is sre.LITERAL:
            chars.add(chr(av).casefold())
        elif op is sre.RANGE and av[1] - av[0] < _MAX_CLASS:
            chars.update(chr(c).casefold() for c in range(av[0], av[1] + 1))
        else:  # NEGATE, CATEGORY, a wide range
            return _ANYTHING
    return _Info(frozenset(chars), None) if len(chars) <= _MAX_CLASS else _ANYTHING


def _repeat(low: int, high, body) -> _Info:
    inner = _sequence(list(body))
    if low == 0:
        if high == 1 and inner.exact is not None:
            return _Info(inner.exact | {""}, None)
        return _ANYTHING
    return _Info(inner.exact if low == high == 1 else None, _need(inner))


def _branch(branches: list[_Info]) -> _Info:
    exact: frozenset[str] | None = frozenset()
    for info in branches:
        exact = exact | info.exact if exact is not None and info.exact is not None else None
    if exact is not None and len(exact) > _MAX_STRINGS:
        exact = None
    needs = [_need(info) for info in branches]
    if any(need is None for need in needs):
        return _Info(exact, None)
    return _Info(exact, _any_of(needs))


def _sequence(items: list) -> _Info:
    needs: list[Need | None] = []
    run: frozenset[str] = frozenset({""})  # exact strings of the current run of literals
    whole: frozenset[str] | None = frozenset({""})  # ... and of the whole sequence
    for info in _infos(items):
        needs.append(info.need)
        if info.exact is None:
            needs.append(_words(run))
            run, whole = frozenset({""}), None
            continue
        product = _product(run, info.exact)
        if product is None:
            needs.append(_words(run))
            product = info.exact
        run = product
        whole = _product(whole, info.exact) if whole is not None else None
    needs.append(_words(run))
    return _Info(whole, _all_of(needs))


def _infos(items: list) -> Iterator[_Info]:
    """The nodes of a sequence, a run of literal characters read as one string."""
    chars: list[str] = []
    for op, av in items:
        if op is sre.LITERAL:
            chars.append(chr(av).casefold())
            continue
        if chars:
            yield _Info(frozenset({"".join(chars)}), None)
            chars = []
        yield _node(op, av)
    if chars:
        yield _Info(frozenset({"".join(chars)}), None)


def _product(left: frozenset[str] | None, right: frozenset[str]) -> frozenset[str] | None:
    if left is None or len(left) * len(right) > _MAX_STRINGS:
        return None
    return frozenset(a + b for a in left for b in right)


def _need(info: _Info) -> Need | None:
    """What a match of the node must contain, its exact strings included."""
    return _all_of([info.need, _words(info.exact)])


def _words(strings: frozenset[str] | None) -> frozenset[str] | None:
    """Exact strings as a requirement, when they say something worth a lookup."""
    if not strings or "" in strings:
        return None
    kept = _minimal(strings)
    # A lone letter or digit rules out almost nothing.
    return None if any(len(s) == 1 and s.isascii() and s.isalnum() for s in kept) else kept


def _minimal(strings: frozenset[str]) -> frozenset[str]:
    """Drop strings that hold another: a text holding "responds" holds "respond"."""
    kept: list[str] = []
    for s in sorted(strings, key=len):
        if not any(k in s for k in kept):
            kept.append(s)
    return frozenset(kept)


def _all_of(needs: list[Need | None]) -> Need | None:
    parts: list[Need] = []
    for need in needs:
        if isinstance(need, AllOf):
            parts += need.parts
        elif need is not None:
            parts.append(need)
    parts = list(dict.fromkeys(parts))
    if len(parts) <= 1:
        return parts[0] if parts else None
    return AllOf(tuple(parts))


def _pruned(need: Need | None) -> Need | None:
    """The same requirement with fewer lookups: implied and weak word sets dropped."""
    if need is None or isinstance(need, frozenset):
        return need
    parts = [_pruned(part) for part in need.parts]
    if isinstance(need, AnyOf):
        return AnyOf(tuple(p for p in parts if p is not None))
    parts = [p for p in parts if p is not None]
    parts = [p for p in parts if not any(_implies(q, p) for q in parts if q is not p)]
    # A lone character (日, 由) or a short Latin word ("or") occurs everywhere: worth a
    # lookup only when nothing better is known.
    if any(not _weak(p) for p in parts):
        parts = [p for p in parts if not _weak(p)]
    # Plain word sets first: the cheapest to look up, and an empty one ends the lookup.
    parts.sort(key=lambda p: not isinstance(p, frozenset))
    return AllOf(tuple(parts)) if len(parts) > 1 else parts[0]


def _weak(need: Need) -> bool:
    """Satisfied by a lone character (日, 由) or a short Latin word ("or")."""
    if isinstance(need, frozenset):
        return any(len(word) == 1 or (word.isascii() and len(word) < 3) for word in need)
    weak = map(_weak, need.parts)
    return any(weak) if isinstance(need, AnyOf) else all(weak)


def _implies(stronger: Need, weaker: Need) -> bool:
    """Every word of `stronger` holds a word of `weaker` ({决定为准} holds {决定})."""
    if not (isinstance(stronger, frozenset) and isinstance(weaker, frozenset)):
        return False
    return stronger != weaker and all(any(w in s for w in weaker) for s in stronger)


def _any_of(needs: list[Need]) -> Need:
    words = frozenset().union(*(n for n in needs if isinstance(n, frozenset)))
    others = [n for n in needs if not isinstance(n, frozenset)]
    parts = [p for n in others for p in (n.parts if isinstance(n, AnyOf) else (n,))]
    if not words:
        return AnyOf(tuple(parts))
    merged = _minimal(words)
    return AnyOf((merged, *parts)) if parts else merged
