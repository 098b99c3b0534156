"""The word prefilter: what a pattern needs, and that needing it never hides a match."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from clausecheck import api
from clausecheck.api import document_from_text
from clausecheck.model import Parties
from clausecheck.rules import engine, prefilter
from clausecheck.rules.engine import rule_patterns, run_rules
from clausecheck.rules.loader import load_ruleset
from clausecheck.rules.patterns import compile_pattern, default_parties
from clausecheck.rules.prefilter import AllOf, AnyOf, Need, requirement, words_of
from clausecheck.segment import segment

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "text"
OTHER_PARTIES = Parties(buyer=("Licensee", "被许可方"), vendor=("Licensor", "许可方"))


def satisfied(need: Need | None, text: str) -> bool:
    folded = text.casefold()
    if need is None:
        return True
    if isinstance(need, frozenset):
        return any(word in folded for word in need)
    parts = (satisfied(part, text) for part in need.parts)
    return all(parts) if isinstance(need, AllOf) else any(parts)


@cache
def shipped_patterns() -> tuple[str, ...]:
    return rule_patterns(load_ruleset().rules)


@cache
def sentences() -> tuple[str, ...]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    texts += [example.text for rule in load_ruleset().rules for example in rule.examples]
    found = []
    for text in texts:
        ctx = engine.Context(segment(document_from_text(text)))
        found += ctx.body.lines + ctx.headings.lines
    return tuple(dict.fromkeys(found))


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\b(respond|responds|response)\b", frozenset({"respond", "response"})),
        ("修复(时间|时限)", frozenset({"修复时间", "修复时限"})),
        (r"(个)?(工作)?(小时|天)内", frozenset({"小时内", "天内"})),
        ("RESPONSE", frozenset({"response"})),
        (r"(?=.*保密)条款", AllOf((frozenset({"条款"}), frozenset({"保密"})))),
        (
            r"响应.{0,10}{number}\s?(小时|分钟)",
            AllOf((frozenset({"响应"}), frozenset({"小时", "分钟"}))),
        ),
        (
            r"(?:免费.{0,9}更新)|(?:\bfree\b.{0,20}\bupdates?\b)",
            AnyOf(
                (
                    AllOf((frozenset({"免费"}), frozenset({"更新"}))),
                    AllOf((frozenset({"free"}), frozenset({"update"}))),
                )
            ),
        ),
        (r"\p{Han}{2}公司", frozenset({"公司"})),
    ],
)
def test_requirement_of_a_pattern(pattern: str, expected: Need) -> None:
    assert unordered(requirement(pattern)) == unordered(expected)


def unordered(need: Need | None):
    if need is None or isinstance(need, frozenset):
        return need
    return type(need).__name__, frozenset(unordered(part) for part in need.parts)


@pytest.mark.parametrize(
    "pattern",
    [
        r"foo|.*",  # one branch needs nothing
        r"a|b",  # lone letters rule nothing out
        r"(?:agreement){e<=1}",  # fuzzy matching: regex-only syntax the stdlib reads otherwise
        r"[[:alpha:]]+ment",  # a POSIX class: the stdlib sees a nested set
        r"(?f)strasse",  # full case folding: unknown to the stdlib parser
        r"\S",
        r"{buyer}",
    ],
)
def test_no_requirement_when_unsure(pattern: str) -> None:
    assert requirement(pattern) is None


def test_every_shipped_pattern_but_one_is_prefiltered() -> None:
    # Only a bare "\S" (any non-blank line) constrains nothing.
    assert [p for p in shipped_patterns() if requirement(p) is None] == [r"\S"]


@pytest.mark.parametrize("parties", [None, OTHER_PARTIES], ids=["default", "licensor"])
def test_no_sentence_that_matches_fails_its_requirement(parties: Parties | None) -> None:
    """Soundness on every sample and rule-example sentence: a match implies the words."""
    parties = parties or default_parties()
    matched = 0
    for pattern in shipped_patterns():
        compiled, need = compile_pattern(pattern, parties), requirement(pattern)
        for sentence in sentences():
            if compiled.search(sentence):
                matched += 1
                assert satisfied(need, sentence), (pattern, sentence)
    assert matched > 2000  # the check is not vacuous


@st.composite
def texts_from_words(draw) -> tuple[str, str]:
    pattern = draw(st.sampled_from(shipped_patterns()))
    words = sorted(words_of(requirement(pattern))) or ["x"]
    filler = st.sampled_from(
        ["", " ", "，", "。", "的", "甲方", "Vendor", "shall", "4", "二十", "-"]
    )
    pieces = draw(st.lists(st.one_of(st.sampled_from(words), filler), min_size=1, max_size=12))
    text = "".join(pieces)
    return pattern, draw(st.sampled_from([text, text.upper(), text.title()]))


@settings(max_examples=400, deadline=None)
@given(texts_from_words())
def test_generated_texts_never_match_without_their_words(case: tuple[str, str]) -> None:
    pattern, text = case
    if compile_pattern(pattern, default_parties()).search(text):
        assert satisfied(requirement(pattern), text)


@cache
def documents():
    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    return [segment(document_from_text(t)) for t in texts]


def test_same_findings_with_and_without_prefilter() -> None:
    rules = load_ruleset().rules
    for doc in documents():
        assert run_rules(rules, doc) == run_rules(rules, doc, prefilter=False)
    for rule in rules:
        for example in rule.examples:
            doc = segment(document_from_text(example.text))
            assert run_rules([rule], doc) == run_rules([rule], doc, prefilter=False)


def test_patterns_whose_words_are_absent_are_not_compiled(monkeypatch) -> None:
    compiled: list[str] = []

    def counting(pattern: str, parties: Parties) -> regex.Pattern[str]:
        compiled.append(pattern)
        return compile_pattern(pattern, parties)

    monkeypatch.setattr(engine, "compile_pattern", counting)
    doc = segment(document_from_text("第一条 总则\n本文件仅作测试之用。"))
    run_rules(load_ruleset().rules, doc)
    assert len(compiled) < len(shipped_patterns()) // 10


def test_export_and_learn_round_trip(monkeypatch) -> None:
    patterns = shipped_patterns()
    rows = json.loads(json.dumps(prefilter.export(patterns)))
    monkeypatch.setattr(prefilter, "_LEARNED", {})
    prefilter.learn(rows)
    assert all(prefilter._LEARNED[p] == prefilter._analysed(p) for p in patterns)


@pytest.mark.parametrize(
    "rows",
    [
        {"a": 1},
        [["x"]],
        [[1, None]],
        [["x", []]],
        [["x", [""]]],
        [["x", {"all": [["a"]]}]],  # one part
        [["x", {"some": [["a"], ["b"]]}]],
        [["x", {"any": [["a"], None]}]],
    ],
)
def test_learn_refuses_malformed_rows(rows, monkeypatch) -> None:
    monkeypatch.setattr(prefilter, "_LEARNED", {})
    with pytest.raises(ValueError):
        prefilter.learn(rows)
    assert prefilter._LEARNED == {}


def test_the_table_is_cached_once_and_read_back(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("CLAUSECHECK_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(api, "_warmed", set())
    monkeypatch.setattr(prefilter, "_LEARNED", {})
    ruleset = load_ruleset()  # (its parsed rule files are stored there too)
    before = set(tmp_path.glob("*.json.gz"))
    api.warm_prefilter(ruleset)
    (entry,) = set(tmp_path.glob("*.json.gz")) - before
    assert prefilter._LEARNED == {}  # worked out here, so nothing learned
    monkeypatch.setattr(api, "_warmed", set())
    api.warm_prefilter(ruleset)
    assert set(prefilter._LEARNED) == set(shipped_patterns())
    # A damaged entry is dropped and written again.
    entry.write_bytes(b"not gzip")
    monkeypatch.setattr(api, "_warmed", set())
    monkeypatch.setattr(prefilter, "_LEARNED", {})
    api.warm_prefilter(ruleset)
    assert prefilter._LEARNED == {}
    assert entry.read_bytes() != b"not gzip"


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "甲方",
                "应当",
                "。",
                "；",
                ";",
                "!",
                "？",
                ".",
                ":",
                "：",
                " ",
                "  ",
                "\n",
                "No.",
                "e.g.",
                "1.2",
                "5.",
                "Customer",
                "shall",
                "“",
                "(",
                "（",
                "A",
                "17",
                "Co.",
                "Ltd.",
            ]
        ),
        max_size=30,
    )
)
def test_fast_sentence_split_is_the_pattern_split(pieces: list[str]) -> None:
    text = "".join(pieces)
    slow = [p.strip() for p in engine._SENTENCE_END.split(text) if p.strip()]
    assert [p.strip() for p in engine._sentences(text) if p.strip()] == slow


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("a|b", ("a", "b")),
        ("(?:a|b)|c", ("(?:a|b)", "c")),
        ("[|]x|y", ("[|]x", "y")),
        (r"\|a|b", (r"\|a", "b")),
        ("[]|]a|b", ("[]|]a", "b")),
        ("[^]|]a|b", ("[^]|]a", "b")),
        (r"[\]|]a|b", (r"[\]|]a", "b")),
        ("^(?!.*(x|y)).*z|w", ("^(?!.*(x|y)).*z", "w")),
        ("(?-i:Term)|term of", ("(?-i:Term)", "term of")),
        (r"(a)\1|b", (r"(a)\1|b",)),  # a back-reference
        ("(?P<n>a)(?P=n)|b", ("(?P<n>a)(?P=n)|b",)),
        ("(?(1)a|b)", ("(?(1)a|b)",)),  # a conditional
        ("(?i)a|b", ("(?i)a|b",)),  # a global flag
        ("a||b", ("a||b",)),  # an empty alternative
        ("(a|b", ("(a|b",)),  # unbalanced
    ],
)
def test_branches(pattern: str, expected: tuple[str, ...]) -> None:
    assert prefilter.branches(pattern) == expected


def test_a_pattern_matches_where_one_of_its_branches_does() -> None:
    parties = default_parties()
    split = 0
    for pattern in shipped_patterns():
        parts = prefilter.branches(pattern)
        split += len(parts) > 1
        whole = compile_pattern(pattern, parties)
        compiled = [compile_pattern(part, parties) for part in parts]
        for sentence in sentences():
            assert bool(whole.search(sentence)) == any(c.search(sentence) for c in compiled), (
                pattern,
                sentence,
            )
    assert split > 100


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab|()[]^\\-?:\n", max_size=14))
def test_an_alternative_is_never_split_again(pattern: str) -> None:
    """What lets `alternatives` not scan its own parts again: scanned afresh, each is whole."""
    parts = prefilter.alternatives.__wrapped__(pattern)
    prefilter._PARTS.clear()
    assert all(prefilter.alternatives.__wrapped__(part) == (part,) for part in parts)


def test_the_shipped_alternatives_are_never_split_again() -> None:
    for pattern in shipped_patterns():
        parts = prefilter.alternatives.__wrapped__(pattern)
        prefilter._PARTS.clear()
        assert all(prefilter.alternatives.__wrapped__(part) == (part,) for part in parts)
