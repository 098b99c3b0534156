"""The public Python API: what the CLI, a notebook or a distributed batch job calls.

from clausecheck import api
ruleset = api.load_ruleset()                 # the default after-sales pack
report = api.check("contract.pdf", ruleset)  # a DocumentReport
batch = api.check_many(["a.pdf", "b.docx"], ruleset, jobs=4)  # a Report
for report in api.iter_check(paths, ruleset, jobs=4):  # one at a time, in order
    ...
"""

from __future__ import annotations

import dataclasses
import functools
import gc
import hashlib
import heapq
import multiprocessing
import multiprocessing.context
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from clausecheck import __version__, cache
from clausecheck.codec import report_from_json, report_to_json
from clausecheck.errors import InputError, NotAContract
from clausecheck.extract import (
    ExtractOptions,
    cache_key,
    document_from_text,
    extract_cached,
    file_sha256,
    load_readers,
)
from clausecheck.model import (
    Document,
    DocumentReport,
    InputErrorInfo,
    Report,
    RulesetInfo,
)
from clausecheck.recognise.contract import contract_signs
from clausecheck.recognise.parties import override_parties
from clausecheck.rules import prefilter
from clausecheck.rules.engine import rule_patterns, rule_vocabulary, run_rules
from clausecheck.rules.loader import Ruleset, load_ruleset
from clausecheck.segment import segment

__all__ = [
    "CheckOptions",
    "check",
    "check_document",
    "check_many",
    "check_text",
    "document_from_text",
    "iter_check",
    "load_ruleset",
    "make_report",
]


@dataclass(frozen=True)
class CheckOptions:
    extract: ExtractOptions = field(default_factory=ExtractOptions)
    buyer: str | None = None  # "甲方", "乙方", "Party A", "Party B": who the buyer is
    use_cache: bool = True
    # A document whose text does not read as a contract is the error `not-a-contract`
    # (see recognise.contract); False checks it all the same.
    require_contract: bool = True


def check(
    path: str | Path, ruleset: Ruleset | None = None, options: CheckOptions | None = None
) -> DocumentReport:
    """Read one contract and judge it: a report, or an error record, never an exception
    for a bad input."""
    options = options or CheckOptions()
    ruleset = ruleset or load_ruleset()
    warm_prefilter(ruleset)
    started = time.perf_counter()
    cacheable = options.use_cache and options.extract.password is None
    try:
        # Hashed once: the key of the results cache and of the text cache.
        sha256 = file_sha256(path, options.extract) if cacheable else None
        key = _report_key(sha256, ruleset, options) if sha256 else None
        if key:
            cached = cache.get("report", key, report_from_json)
            if cached is not None:
                return dataclasses.replace(cached, path=str(path), timings={"cached": 1.0})
        doc = extract_cached(path, options.extract, use_cache=options.use_cache, sha256=sha256)
        extracted = time.perf_counter()
        doc = segment(doc)
        if options.require_contract:
            _require_contract(doc)
    except InputError as exc:
        return error_report(str(path), exc)
    segmented = time.perf_counter()
    report = check_document(doc, ruleset, buyer=options.buyer)
    timings = {**report.timings, "extract": extracted - started, "segment": segmented - extracted}
    report = dataclasses.replace(report, timings=timings)
    if key:
        cache.put("report", key, report_to_json(report))
    return report


_warmed: set[str] = set()


def warm_prefilter(ruleset: Ruleset) -> None:
    """Read the rule set's prefilter table from the cache folder, or work it out and store it.

    Once per process and rule set. The table derives from the rule files alone (like
    compiled bytecode), so it is kept even with --no-cache, which is about documents;
    analysing the shipped pack takes about 0.25 s, reading the table a few ms."""
    if ruleset.sha256 in _warmed:
        return
    _warmed.add(ruleset.sha256)
    # Keyed by the very patterns the engine runs, the analysis version and the Python
    # version (whose regex parser reads them).
    patterns = rule_patterns(ruleset.rules)
    parts = ["prefilter", str(prefilter.VERSION), sys.version.split()[0], *patterns]
    key = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    rows = cache.get("prefilter", key, _rows)
    try:
        if rows is not None:
            prefilter.learn(rows)
            return
    except ValueError:
        pass  # a damaged entry: analyse again and overwrite it
    cache.put("prefilter", key, prefilter.export(patterns))


def _rows(data: object) -> list:
    if not isinstance(data, list):
        raise ValueError("bad rows")
    return data


def _report_key(sha256: str, ruleset: Ruleset, options: CheckOptions) -> str:
    """The results cache key: same content, rules, code and options give the same report
    (documents that need a password are never cached)."""
    # The extraction key covers the extractor version and the options that change the text
    # (engine, page limit, OCR mode and whether the OCR engine is installed).
    parts = [cache_key(sha256, options.extract), ruleset.sha256, __version__, _code(),
             options.buyer or "", str(options.require_contract)]  # fmt: skip
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


@functools.lru_cache(maxsize=1)
def _code() -> str:
    return code_fingerprint(Path(__file__).parent)


def code_fingerprint(package: Path) -> str:
    """The package's Python files as installed (names, sizes, modification times): a report
    cached by other code is not reused, even under the same version number (an editable
    install after `git pull`). About a millisecond, once a process."""
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        stat = path.stat()
        digest.update(f"{path.relative_to(package)}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


def _require_contract(doc: Document) -> None:
    signs = contract_signs(doc)
    if not signs.is_contract:
        raise NotAContract(signs.reason, doc.path)


def error_report(path: str, exc: InputError) -> DocumentReport:
    return DocumentReport(
        path=path,
        sha256=_sha256_or_empty(path),
        format=None,
        language=None,
        pages=None,
        status="error",
        error=InputErrorInfo(exc.code, exc.message),
    )


def _sha256_or_empty(path: str) -> str:
    try:
        if not Path(path).is_file():
            return ""
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        return digest.hexdigest()
    except OSError:
        return ""


def check_document(doc: Document, ruleset: Ruleset, buyer: str | None = None) -> DocumentReport:
    """Segment an extracted document (unless it is) and run the rules over it."""
    started = time.perf_counter()
    doc = doc if doc.clauses else segment(doc)
    segmented = time.perf_counter()
    parties = override_parties(buyer) if buyer else None
    findings, parties, warnings = run_rules(ruleset.rules, doc, parties)
    evaluated = time.perf_counter()
    return DocumentReport(
        path=doc.path,
        sha256=doc.sha256,
        format=doc.format,
        language=doc.language,
        pages=doc.pages,
        status="checked",
        warnings=doc.warnings + warnings,
        findings=findings,
        parties=parties,
        timings={"segment": segmented - started, "rules": evaluated - segmented},
    )


def read_and_check(
    path: str | Path, ruleset: Ruleset | None = None, options: CheckOptions | None = None
) -> tuple[Document, DocumentReport]:
    """A contract's segmented text and its report (what redline and letter write from);
    raises `InputError` for a file that cannot be read or is not a contract."""
    options = options or CheckOptions()
    ruleset = ruleset or load_ruleset()
    warm_prefilter(ruleset)
    try:
        doc = segment(extract_cached(path, options.extract, use_cache=options.use_cache))
        if options.require_contract:
            _require_contract(doc)
    except InputError as exc:
        exc.path = exc.path or str(path)
        raise
    return doc, check_document(doc, ruleset, buyer=options.buyer)


def check_text(
    text: str, ruleset: Ruleset | None = None, name: str = "<text>", buyer: str | None = None
) -> DocumentReport:
    return check_document(document_from_text(text, name), ruleset or load_ruleset(), buyer)


def make_report(documents: Sequence[DocumentReport], ruleset: Ruleset) -> Report:
    return Report(
        tool_version=__version__,
        ruleset=RulesetInfo(ruleset.name, ruleset.sha256),
        documents=tuple(documents),
        rules=tuple(rule.meta() for rule in ruleset.rules),
    )


# --- many documents, in parallel processes --------------------------------------------

# Reports that may wait for an earlier, slower document, per worker: the parent holds at
# most this many (small) reports, whatever the number of files.
WINDOW_PER_JOB = 16

_worker_ruleset: Ruleset | None = None


def _init_worker(ruleset: Ruleset) -> None:
    """A worker's rule set: with fork, the parent's own object, loaded, its prefilter table
    read, inherited without pickling; elsewhere (spawn) sent once per worker."""
    global _worker_ruleset
    _worker_ruleset = ruleset
    warm_prefilter(ruleset)


def _check_in_worker(path: str, options: CheckOptions) -> DocumentReport:
    return check(path, _worker_ruleset, options)


def iter_check(
    paths: Iterable[str | Path],
    ruleset: Ruleset | None = None,
    options: CheckOptions | None = None,
    *,
    jobs: int | None = None,
    options_for: Callable[[str], CheckOptions] | None = None,
) -> Iterator[DocumentReport]:
    """Check documents and yield each report in the order given, as soon as it and those
    before it are done. Nothing is kept once yielded: memory stays flat however many
    files there are. `options_for(path)`, when given, sets the options per file."""
    options = options or CheckOptions()
    ruleset = ruleset or load_ruleset()
    warm_prefilter(ruleset)  # before the workers fork: they inherit the table
    paths = [str(p) for p in paths]
    tasks = ((p, options_for(p) if options_for else options) for p in paths)
    jobs = min(jobs or os.cpu_count() or 1, max(len(paths), 1))
    if jobs <= 1:
        for path, opts in tasks:
            yield check(path, ruleset, opts)
        return
    _warm_for_workers(ruleset, paths)
    yield from _check_parallel(tasks, ruleset, jobs)


def _warm_for_workers(ruleset: Ruleset, paths: list[str]) -> None:
    """Build once, before the workers fork, what every worker would otherwise build for
    itself: the readers the files need (pypdfium2, lxml) and the prefilter's word automaton.
    Not the rule patterns: even from stored codes, building all of them here (~35 ms,
    serially) cost more than each worker building those its documents need, in parallel."""
    load_readers(paths)
    rule_vocabulary(ruleset.rules)


def check_many(
    paths: Sequence[str | Path],
    ruleset: Ruleset | None = None,
    options: CheckOptions | None = None,
    *,
    jobs: int | None = None,
    pack: str | None = None,
    extra_rules: tuple[str, ...] = (),
    on_done: Callable[[DocumentReport], None] | None = None,
) -> Report:
    """Check many documents into one Report, in the order given (`iter_check` keeps
    them in memory one at a time; this keeps them all)."""
    ruleset = ruleset or load_ruleset(pack, extra_rules)
    documents = []
    for report in iter_check(paths, ruleset, options, jobs=jobs):
        documents.append(report)
        if on_done:
            on_done(report)
    return make_report(documents, ruleset)


def _pool_context() -> multiprocessing.context.BaseContext:
    """fork where it is safe (Linux): workers start at once with the parent's loaded rule
    set and prefilter table; elsewhere the platform's default (spawn on macOS, Windows)."""
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _check_parallel(
    tasks: Iterable[tuple[str, CheckOptions]], ruleset: Ruleset, jobs: int
) -> Iterator[DocumentReport]:
    """Reports in input order. Of the next `jobs * WINDOW_PER_JOB` files read ahead, the
    largest is started first whenever a worker is free, so that a big file does not start
    last and leave the other workers idle; at most that many reports wait for their turn."""
    from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

    lookahead, busy_max = jobs * WINDOW_PER_JOB, jobs * 2
    source = enumerate(tasks)
    waiting: list[tuple[int, int, str, CheckOptions]] = []  # a heap: largest file first
    started: dict[int, Future[DocumentReport]] = {}
    turn, exhausted = 0, False
    pool = ProcessPoolExecutor(
        jobs, mp_context=_pool_context(), initializer=_init_worker, initargs=(ruleset,)
    )
    # The parent's objects as they are when the workers fork, out of the collector's
    # reach: its passes would write to each object's header and un-share its page.
    gc.freeze()
    try:
        while True:
            while not exhausted and len(waiting) + len(started) < lookahead:
                item = next(source, None)
                if item is None:
                    exhausted = True
                    break
                index, (path, opts) = item
                heapq.heappush(waiting, (-_size(path), index, path, opts))
            running = [f for f in started.values() if not f.done()]
            while waiting and len(running) < busy_max:
                _, index, path, opts = heapq.heappop(waiting)
                started[index] = pool.submit(_check_in_worker, path, opts)
                running.append(started[index])
            if turn in started and started[turn].done():
                yield started.pop(turn).result()
                turn += 1
            elif started or waiting:
                wait(running, return_when=FIRST_COMPLETED)
            else:
                return
    finally:  # also when the caller stops early (an error, Ctrl-C): drop what is queued
        pool.shutdown(wait=True, cancel_futures=True)
        gc.unfreeze()
