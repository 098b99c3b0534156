"""cProfile of one stage of clausecheck's check (extract, segment, rules or report), or of
the whole check, over a list of files. The inputs of the stage are prepared outside the
profile, so only the stage is measured.

    summary = profile_stage("rules", paths, ruleset, out / "profile-rules-300p")
    # writes <prefix>.prof (pstats) and <prefix>.txt; returns the top functions
    part = profile_calls("rules", paths, ruleset)   # several parts merge with summarize()
"""

from __future__ import annotations

import cProfile
import io
import pstats
import sys
import time
from pathlib import Path

from measure import REPO

TOP = 15


def _short(filename: str) -> str:
    if filename.startswith(str(REPO / "src")):
        return filename[len(str(REPO / "src")) + 1 :]
    for marker in ("site-packages/", "lib/python3"):
        if marker in filename:
            return filename.split(marker, 1)[1] if marker == "site-packages/" else filename
    return filename


def _name(func: tuple) -> str:
    filename, line, name = func
    if filename == "~":
        return name  # a built-in
    return f"{_short(filename)}:{line}({name})"


def _prepare(stage: str, paths: list[Path], ruleset):
    """A list of zero-argument callables that run `stage` once per file."""
    from clausecheck import api
    from clausecheck.extract import ExtractOptions, extract
    from clausecheck.report import render
    from clausecheck.segment import segment

    options = ExtractOptions()
    if stage == "extract":
        return [lambda p=p: extract(p, options) for p in paths]
    if stage == "whole":
        check = api.CheckOptions(use_cache=False)
        return [
            lambda p=p: render(api.make_report([api.check(p, ruleset, check)], ruleset), "json")
            for p in paths
        ]
    docs = [extract(p, options) for p in paths]
    if stage == "segment":
        return [lambda d=d: segment(d) for d in docs]
    if stage == "rules":
        from clausecheck.rules.engine import run_rules

        segmented = [segment(d) for d in docs]
        return [lambda d=d: run_rules(ruleset.rules, d, None) for d in segmented]
    if stage == "report":
        reports = [api.make_report([api.check_document(d, ruleset)], ruleset) for d in docs]
        return [lambda r=r: render(r, "json") for r in reports]
    raise ValueError(f"unknown stage {stage!r}")


def profile_calls(stage: str, paths: list[Path], ruleset) -> dict:
    """Profile `stage` over `paths`: {"stage", "profile", "seconds", "files"}."""
    try:
        calls = _prepare(stage, paths, ruleset)
    except Exception as exc:  # the API moved under us: profile the whole check instead
        print(f"  profile: cannot isolate stage {stage} ({exc}); profiling the whole check",
              file=sys.stderr)  # fmt: skip
        stage, calls = "whole", _prepare("whole", paths, ruleset)
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for call in calls:
        call()
    profiler.disable()
    return {"stage": stage, "profile": profiler, "seconds": time.perf_counter() - started,
            "files": len(paths)}  # fmt: skip


def summarize(parts: list[dict], prefix: Path) -> dict:
    """Merge profiles of the same stage; write <prefix>.prof and .txt; the top functions."""
    stats = pstats.Stats(parts[0]["profile"], stream=io.StringIO())
    for part in parts[1:]:
        stats.add(part["profile"])
    stats.dump_stats(str(prefix) + ".prof")
    text = io.StringIO()
    stats.stream = text  # type: ignore[attr-defined]
    stats.sort_stats("tottime").print_stats(40)
    stats.sort_stats("cumulative").print_stats(40)
    Path(str(prefix) + ".txt").write_text(text.getvalue())
    raw = stats.stats  # type: ignore[attr-defined]
    rows = [
        {
            "function": _name(func),
            "ncalls": nc,
            "tottime_s": round(tt, 4),
            "cumtime_s": round(ct, 4),
        }
        for func, (_cc, nc, tt, ct, _callers) in raw.items()
    ]
    by_self = sorted(rows, key=lambda r: r["tottime_s"], reverse=True)[:TOP]
    by_cum = sorted(
        (r for r in rows if not r["function"].startswith(("<", "{built-in method builtins.exec"))),
        key=lambda r: r["cumtime_s"], reverse=True,
    )[:TOP]  # fmt: skip
    return {
        "stage": parts[0]["stage"],
        "files": sum(p["files"] for p in parts),
        "profiled_seconds": round(sum(p["seconds"] for p in parts), 3),
        "top_self": by_self,
        "top_cumulative": by_cum,
        "files_written": [str(Path(str(prefix) + s).relative_to(REPO)) for s in (".prof", ".txt")],
    }


def profile_stage(stage: str, paths: list[Path], ruleset, prefix: Path) -> dict:
    return summarize([profile_calls(stage, paths, ruleset)], prefix)
