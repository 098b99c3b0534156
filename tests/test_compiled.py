"""Compiled patterns kept on disk (rules.compiled): built from the stored codes, they
match as a fresh compile does; a damaged entry is compiled again."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
import regex

from clausecheck import cache
from clausecheck.rules import compiled
from clausecheck.rules.engine import rule_patterns
from clausecheck.rules.loader import load_ruleset
from clausecheck.rules.patterns import compile_pattern, default_parties

FLAGS = regex.IGNORECASE | regex.MULTILINE | regex.VERSION0
TEXTS = ("乙方应在收到通知后2小时内响应，24小时内修复。", "Vendor shall respond within 4 hours.",
         "The total liability of Vendor shall not exceed the fees paid.", "")  # fmt: skip


@pytest.fixture(autouse=True)
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CLAUSECHECK_CACHE_DIR", str(tmp_path))
    return tmp_path


def _same(a: regex.Pattern, b: regex.Pattern) -> None:
    assert (a.pattern, int(a.flags), a.groupindex, a.groups) == (
        b.pattern, int(b.flags), b.groupindex, b.groups)  # fmt: skip
    for text in TEXTS:
        assert [m.span() for m in a.finditer(text)] == [m.span() for m in b.finditer(text)]


def test_a_stored_pattern_matches_as_a_fresh_compile(cache_dir):
    source = r"(?P<who>乙方|vendor)\s*(?:应|shall)\D{0,20}(\d+)\s*(?:小时|hours?)|^$"
    first = compiled.compile_cached(source, FLAGS)
    assert len(list(cache_dir.iterdir())) == 1  # its codes stored
    again = compiled.compile_cached(source, FLAGS)  # built from them
    _same(first, regex.compile(source, FLAGS))
    _same(again, regex.compile(source, FLAGS))
    assert compiled.compile_cached(source, regex.VERSION0).flags != first.flags  # own key


def test_every_rule_pattern_round_trips():
    ruleset = load_ruleset()
    parties = default_parties()
    for pattern in rule_patterns(ruleset.rules)[:60]:
        fresh = compile_pattern(pattern, parties)
        compiled.compile_cached(fresh.pattern, FLAGS)  # stored (if not yet)
        _same(compiled.compile_cached(fresh.pattern, FLAGS), regex.compile(fresh.pattern, FLAGS))


def test_a_damaged_entry_is_compiled_again(cache_dir):
    source = r"\bterminat\w*"
    compiled.compile_cached(source, FLAGS)
    (entry,) = cache_dir.iterdir()
    data = json.loads(gzip.decompress(entry.read_bytes()))
    data["regex"][2] = ["not", "codes"]
    entry.write_bytes(gzip.compress(json.dumps(data).encode()))
    _same(compiled.compile_cached(source, FLAGS), regex.compile(source, FLAGS))
    key = compiled._key(source, FLAGS)
    assert cache.get("regex", key) is not None  # stored anew
