"""Compiled patterns kept on disk in one bundle (rules.compiled): built from the stored
codes, they match as a fresh compile does; a pattern the bundle lacks is compiled and
added; a damaged bundle or entry is compiled again and rewritten."""

from __future__ import annotations

import gzip
import json
import multiprocessing
import sys
from pathlib import Path

import pytest
import regex

from clausecheck.rules import compiled
from clausecheck.rules.engine import rule_patterns
from clausecheck.rules.loader import load_ruleset
from clausecheck.rules.patterns import compile_pattern, default_parties

FLAGS = regex.IGNORECASE | regex.MULTILINE | regex.VERSION0
TEXTS = ("乙方应在收到通知后2小时内响应，24小时内修复。", "Vendor shall respond within 4 hours.",
         "The total liability of Vendor shall not exceed the fees paid.", "")  # fmt: skip
SOURCE = r"(?P<who>乙方|vendor)\s*(?:应|shall)\D{0,20}(\d+)\s*(?:小时|hours?)|^$"


@pytest.fixture(autouse=True)
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CLAUSECHECK_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(compiled, "_bundle", compiled._Bundle())
    return tmp_path


def _new_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a new process starts with: nothing read, used or added."""
    monkeypatch.setattr(compiled, "_bundle", compiled._Bundle())


def _stored(cache_dir: Path) -> dict:
    (entry,) = cache_dir.iterdir()
    return json.loads(gzip.decompress(entry.read_bytes()))["regex"]["entries"]


def _no_compiling(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(source: str, flags: int):
        raise AssertionError(f"compiled again: {source}")

    monkeypatch.setattr(compiled, "_compile_capturing", refuse)


def _same(a: regex.Pattern, b: regex.Pattern) -> None:
    assert (a.pattern, int(a.flags), a.groupindex, a.groups) == (
        b.pattern, int(b.flags), b.groupindex, b.groups)  # fmt: skip
    for text in TEXTS:
        assert [m.span() for m in a.finditer(text)] == [m.span() for m in b.finditer(text)]
        assert [m.groups() for m in a.finditer(text)] == [m.groups() for m in b.finditer(text)]


def test_a_stored_pattern_matches_as_a_fresh_compile(cache_dir, monkeypatch):
    first = compiled.compile_cached(SOURCE, FLAGS)
    assert not list(cache_dir.iterdir())  # written once, at exit
    compiled.save()
    assert len(_stored(cache_dir)) == 1
    _new_process(monkeypatch)
    _no_compiling(monkeypatch)
    again = compiled.compile_cached(SOURCE, FLAGS)  # built from the bundle
    _same(first, regex.compile(SOURCE, FLAGS))
    _same(again, regex.compile(SOURCE, FLAGS))
    compiled.save()  # nothing added: nothing written
    assert len(_stored(cache_dir)) == 1


def test_flags_are_part_of_the_key(monkeypatch):
    first = compiled.compile_cached(SOURCE, FLAGS)
    assert compiled.compile_cached(SOURCE, regex.VERSION0).flags != first.flags
    compiled.save()
    _new_process(monkeypatch)
    _no_compiling(monkeypatch)
    _same(compiled.compile_cached(SOURCE, regex.VERSION0), regex.compile(SOURCE, regex.VERSION0))


def test_every_rule_pattern_round_trips(monkeypatch):
    ruleset = load_ruleset()
    parties = default_parties()
    sources = [compile_pattern(p, parties).pattern for p in rule_patterns(ruleset.rules)[:80]]
    for source in sources:
        compiled.compile_cached(source, FLAGS)
    compiled.save()
    _new_process(monkeypatch)
    _no_compiling(monkeypatch)
    for source in sources:
        _same(compiled.compile_cached(source, FLAGS), regex.compile(source, FLAGS))


def test_a_pattern_not_in_the_bundle_is_compiled_and_added(cache_dir, monkeypatch):
    compiled.compile_cached(SOURCE, FLAGS)
    compiled.save()
    _new_process(monkeypatch)
    other = r"\bterminat\w*"
    _same(compiled.compile_cached(other, FLAGS), regex.compile(other, FLAGS))
    compiled.save()
    assert len(_stored(cache_dir)) == 2
    _new_process(monkeypatch)
    _no_compiling(monkeypatch)
    for source in (SOURCE, other):
        _same(compiled.compile_cached(source, FLAGS), regex.compile(source, FLAGS))


def test_what_another_process_wrote_meanwhile_is_kept(cache_dir, monkeypatch):
    compiled.compile_cached(SOURCE, FLAGS)  # this process has read the (empty) bundle
    mine = compiled._bundle
    _new_process(monkeypatch)
    compiled.compile_cached(r"\bwarrant\w*", FLAGS)  # another one, which ends first
    compiled.save()
    monkeypatch.setattr(compiled, "_bundle", mine)
    compiled.save()
    assert len(_stored(cache_dir)) == 2


@pytest.mark.parametrize("damage", [b"not gzip", gzip.compress(b"{not json"),
                                    gzip.compress(b'{"format": 1, "key": "x"}')])  # fmt: skip
def test_a_damaged_bundle_is_ignored_and_rebuilt(cache_dir, monkeypatch, damage):
    compiled.compile_cached(SOURCE, FLAGS)
    compiled.save()
    (path,) = cache_dir.iterdir()
    path.write_bytes(damage)
    _new_process(monkeypatch)
    _same(compiled.compile_cached(SOURCE, FLAGS), regex.compile(SOURCE, FLAGS))
    compiled.save()
    assert len(_stored(cache_dir)) == 1


@pytest.mark.parametrize("field, value", [(1, "not base64!"), (2, "AAA="), (1, "AP8A"),
                                          (2, ""), (0, "flags"), (6, ["x"])])  # fmt: skip
def test_a_damaged_entry_is_compiled_again(cache_dir, monkeypatch, field, value):
    compiled.compile_cached(SOURCE, FLAGS)
    compiled.save()
    (path,) = cache_dir.iterdir()
    data = json.loads(gzip.decompress(path.read_bytes()))
    (entry,) = data["regex"]["entries"].values()
    good = list(entry)
    entry[field] = value
    path.write_bytes(gzip.compress(json.dumps(data).encode()))
    _new_process(monkeypatch)
    _same(compiled.compile_cached(SOURCE, FLAGS), regex.compile(SOURCE, FLAGS))
    compiled.save()
    assert list(_stored(cache_dir).values()) == [good]  # stored anew


def test_the_bundle_starts_again_past_its_bound(cache_dir, monkeypatch):
    monkeypatch.setattr(compiled, "MAX_ENTRIES", 3)
    for word in ("alpha", "beta", "gamma"):
        compiled.compile_cached(word, FLAGS)
    compiled.save()
    _new_process(monkeypatch)
    compiled.compile_cached("beta", FLAGS)  # used, from the bundle
    compiled.compile_cached("delta", FLAGS)  # new: the bundle is full
    compiled.save()
    assert sorted(_stored(cache_dir)) == sorted(
        compiled._ident(w, FLAGS) for w in ("beta", "delta")
    )


def test_a_pattern_with_a_lone_surrogate_round_trips(monkeypatch):
    lone = "a\ud800|b"  # not UTF-8, but only its hash is stored
    _same(compiled.compile_cached(lone, FLAGS), regex.compile(lone, FLAGS))
    compiled.save()
    _new_process(monkeypatch)
    _no_compiling(monkeypatch)
    _same(compiled.compile_cached(lone, FLAGS), regex.compile(lone, FLAGS))


def test_codes_of_every_size_round_trip():
    codes = [0, 1, 254, 255, 256, 65535, 65536, 2**32 - 1, 7, 255]
    assert (
        compiled._codes(*compiled._stored(("p", 0, codes, {}, {}, {}, [], 0, None, 0, 0))[1:3])
        == codes
    )


def _compile_in_child(source: str) -> None:
    compiled.compile_cached(source, FLAGS)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork")
def test_a_forked_worker_writes_what_it_compiled_when_it_ends(cache_dir):
    compiled.compile_cached(SOURCE, FLAGS)  # the parent's: not the child's to write
    child = multiprocessing.get_context("fork").Process(target=_compile_in_child,
                                                        args=(r"\bindemnif\w*",))  # fmt: skip
    child.start()
    child.join()
    assert child.exitcode == 0
    assert compiled._ident(r"\bindemnif\w*", FLAGS) in _stored(cache_dir)
