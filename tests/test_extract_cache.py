"""The on-disk cache of extracted Documents, and extract_cached."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

import clausecheck.extract as ex
from clausecheck import cache
from clausecheck.codec import document_from_json, document_to_json
from clausecheck.extract import ExtractOptions, extract, extract_cached
from clausecheck.model import Block, Document, InputError

SHA = "ab" * 32


@pytest.fixture(autouse=True)
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("CLAUSECHECK_CACHE_DIR", str(folder))
    return folder


def _doc(n: int = 1) -> Document:
    return Document(
        path="c.pdf",
        sha256=SHA,
        format="pdf",
        blocks=tuple(
            Block(f"第{i}条 内容", "paragraph", page=i, paragraph=i) for i in range(1, n + 1)
        ),
        pages=n,
        warnings=("page 3 has no text layer (scanned?)",),
    )


def _put(key: str, doc: Document) -> None:
    cache.put("document", key, document_to_json(doc))


def _get(key: str) -> Document | None:
    return cache.get("document", key, document_from_json)


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.json.gz")) if folder.exists() else []


def test_cache_key() -> None:
    k = ex.cache_key(SHA, ExtractOptions())
    assert k == ex.cache_key(SHA, ExtractOptions())
    assert len(k) == 64 and int(k, 16) >= 0
    assert k != ex.cache_key("cd" * 32, ExtractOptions())
    assert k != ex.cache_key(SHA, ExtractOptions(pdf_engine="pdfplumber"))
    assert k != ex.cache_key(SHA, ExtractOptions(max_pages=3))
    # options that do not change the blocks do not change the key
    assert k == ex.cache_key(SHA, ExtractOptions(max_bytes=10))


def test_put_get_roundtrip_is_gzip_json(cache_dir: Path) -> None:
    key = ex.cache_key(SHA, ExtractOptions())
    assert _get(key) is None
    _put(key, _doc(3))
    assert _get(key) == _doc(3)
    [entry] = _entries(cache_dir)
    data = json.loads(gzip.decompress(entry.read_bytes()))
    assert data["key"] == key and data["document"]["blocks"][0][0] == "第1条 内容"
    assert not [p for p in cache_dir.iterdir() if p.name.startswith(".tmp-")]


@pytest.mark.parametrize(
    "content",
    [
        b"not gzip",
        gzip.compress(b"not json"),
        gzip.compress(b"[1, 2]"),
        gzip.compress(json.dumps({"format": 1, "key": "x", "document": {}}).encode()),
        gzip.compress(json.dumps({"format": 99}).encode()),
    ],
)
def test_corrupted_entry_is_ignored_and_removed(cache_dir: Path, content: bytes) -> None:
    key = ex.cache_key(SHA, ExtractOptions())
    _put(key, _doc())
    [entry] = _entries(cache_dir)
    entry.write_bytes(content)
    assert _get(key) is None
    assert not entry.exists()


def test_bad_block_values_are_rejected(cache_dir: Path) -> None:
    key = ex.cache_key(SHA, ExtractOptions())
    _put(key, _doc())
    [entry] = _entries(cache_dir)
    data = json.loads(gzip.decompress(entry.read_bytes()))
    data["document"]["blocks"][0][2] = "page one"
    entry.write_bytes(gzip.compress(json.dumps(data).encode()))
    assert _get(key) is None


def test_invalid_keys_are_refused(cache_dir: Path) -> None:
    _put("../escape", _doc())
    assert _get("../escape") is None
    assert _get("") is None
    assert not (cache_dir.parent / "escape.json.gz").exists()


def test_eviction_by_size_oldest_first(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    keys = [ex.cache_key(f"{i:064x}", ExtractOptions()) for i in range(4)]
    for i, key in enumerate(keys):
        _put(key, _doc(50))
        os.utime(cache_dir / f"{key}.json.gz", (1000 + i, 1000 + i))
    size = sum(p.stat().st_size for p in _entries(cache_dir))
    _get(keys[0])  # a hit makes the oldest entry the newest
    monkeypatch.setattr(cache, "MAX_BYTES", size - 1)
    _put(keys[0], _doc(50))  # any put checks the size
    left = {p.name.removesuffix(".json.gz") for p in _entries(cache_dir)}
    assert keys[0] in left and keys[1] not in left
    assert sum(p.stat().st_size for p in _entries(cache_dir)) <= size - 1


def test_clear(cache_dir: Path) -> None:
    _put(ex.cache_key(SHA, ExtractOptions()), _doc())
    (cache_dir / "unrelated.txt").write_text("keep me")
    cache.clear()
    assert _entries(cache_dir) == []
    assert (cache_dir / "unrelated.txt").exists()
    cache.clear()  # clearing an empty (or missing) cache is fine


def test_default_dir_uses_platformdirs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLAUSECHECK_CACHE_DIR")
    assert "clausecheck" in str(cache.cache_dir())


def test_unwritable_cache_is_silent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("CLAUSECHECK_CACHE_DIR", str(blocker / "sub"))
    key = ex.cache_key(SHA, ExtractOptions())
    _put(key, _doc())
    assert _get(key) is None
    cache.clear()


# ---------------------------------------------------------------------------------------
# extract_cached


def _contract(tmp_path: Path, name: str = "c.txt") -> Path:
    path = tmp_path / name
    path.write_text("第一条 服务期限\n服务期限为三年。\n", encoding="utf-8")
    return path


def test_extract_cached_hits_the_second_time(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _contract(tmp_path)
    first = extract_cached(path)
    assert first == extract(path)
    assert len(_entries(cache_dir)) == 1

    def no_extract(*args, **kwargs):
        raise AssertionError("extract() called on a cache hit")

    monkeypatch.setattr(ex, "extract", no_extract)
    assert extract_cached(path) == first
    # the same content under another name: a hit, with the new path
    other = _contract(tmp_path, "copy.txt")
    assert extract_cached(other).path == str(other)


def test_extract_cached_misses_when_content_or_options_change(
    tmp_path: Path, cache_dir: Path
) -> None:
    path = _contract(tmp_path)
    extract_cached(path)
    path.write_text("第二条 价款\n", encoding="utf-8")
    assert [b.text for b in extract_cached(path).blocks] == ["第二条 价款"]
    extract_cached(path, ExtractOptions(pdf_engine="pdfium"))
    assert len(_entries(cache_dir)) == 3


def test_extract_cached_without_cache_or_with_password(tmp_path: Path, cache_dir: Path) -> None:
    path = _contract(tmp_path)
    extract_cached(path, use_cache=False)
    extract_cached(path, ExtractOptions(password="secret"))
    assert _entries(cache_dir) == []


def test_extract_cached_errors_are_not_cached(tmp_path: Path, cache_dir: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_text("\n\n")
    for _ in range(2):
        with pytest.raises(InputError) as err:
            extract_cached(path)
        assert err.value.code == "no-text"
    assert _entries(cache_dir) == []
    with pytest.raises(InputError) as err:
        extract_cached(tmp_path / "missing.txt")
    assert err.value.code == "not-found"


def test_the_folder_is_listed_only_when_the_bound_may_be_passed(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    listed = []
    real = cache._evict
    monkeypatch.setattr(
        cache, "_evict", lambda folder, limit: listed.append(1) or real(folder, limit)
    )
    keys = [ex.cache_key(f"{i:064x}", ExtractOptions()) for i in range(20)]
    for key in keys[:10]:
        _put(key, _doc(50))
    assert len(listed) == 1  # at the first write only
    size = sum(p.stat().st_size for p in _entries(cache_dir))
    monkeypatch.setattr(cache, "MAX_BYTES", size + 10)
    _put(keys[10], _doc(50))  # now the bound may be passed: listed, oldest evicted
    assert len(listed) == 2
    assert sum(p.stat().st_size for p in _entries(cache_dir)) <= size + 10


def test_the_report_cache_key_changes_with_the_code(tmp_path: Path) -> None:
    # An editable install after `git pull` keeps its version number: cached reports made by
    # the old code must not be reused.
    from clausecheck.api import code_fingerprint

    package = tmp_path / "pkg"
    (package / "rules").mkdir(parents=True)
    (package / "__init__.py").write_text("x = 1\n")
    (package / "rules" / "engine.py").write_text("y = 2\n")
    before = code_fingerprint(package)
    assert code_fingerprint(package) == before
    (package / "rules" / "engine.py").write_text("y = 22\n")
    assert code_fingerprint(package) != before
