#!/usr/bin/env python
"""clausecheck's benchmark: one command, one machine, one run of everything.

    python bench/run.py              # full: corpus of 219 documents, medians of 3 runs
    python bench/run.py --quick      # 1 run on a small corpus (sanity check, ~1-2 min)
    python bench/run.py --runs 5     # more runs (kept inside --budget seconds)

Builds its corpus from samples/ (bench/corpus/, reused while its manifest is unchanged),
measures the whole check against raw text extraction, the peer tool redline-buddy,
start-up, --jobs, the text cache, peak memory and growth with page count, profiles the
slowest stage, prints a table and PASS/MISS lines, and writes bench/out/results.json and
bench/out/results.md. See bench/README.md.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import json
import os
import shutil
import sys
import time
from pathlib import Path

import corpus_build
import measure
import peer
import profiling
import raw
import scale
from measure import REPO, median, ratio, run_timed

BENCH = Path(__file__).resolve().parent
STAGES = ("extract", "segment", "rules", "report")
SCALE_POINTS = (10, 20, 50, 100, 300)
STARTUP_RUNS = 10


# --------------------------------------------------------------------------------------
# goals: (key, description, comparison, target)

GOALS = (
    ("whole_vs_raw", "whole check <= 2x raw pypdfium2 extraction (PDF corpus)", "<=", 2.0),
    ("peer_speedup", ">= 5x faster than redline-buddy (same PDF folder)", ">=", 5.0),
    ("version_s", "clausecheck --version <= 0.25 s", "<=", 0.25),
    ("one_page_s", "one-page text check <= 0.5 s", "<=", 0.5),
    ("jobs_speedup", "--jobs 2 >= 1.7x faster than --jobs 1 (whole corpus)", ">=", 1.7),
    ("cache_speedup", "second run with the cache >= 5x faster than first", ">=", 5.0),
    ("peak_rss_mb", "peak memory <= 200 MB on the {big}-page PDF", "<=", 200.0),
    ("per_page_growth", "per-page time {big} pages within 1.5x of 10 pages", "<=", 1.5),
    ("bench_cli_vs_raw", "bench PDFs: CLI --jobs 1 <= 2x a raw pypdfium2 process", "<=", 2.0),
    ("bench_peer", "bench PDFs: CLI >= 5x faster than redline-buddy", ">=", 5.0),
    ("bench_jobs", "bench PDFs ({files}): --jobs 2 >= 1.7x --jobs 1", ">=", 1.7),
    ("real_cli_vs_raw", "real contracts: CLI --jobs 1 <= 2x a raw pypdfium2 process", "<=", 2.0),
    ("real_peer", "real contracts: CLI >= 5x faster than redline-buddy", ">=", 5.0),
    ("real_jobs", "real contracts ({real_files}): --jobs 2 >= 1.7x --jobs 1", ">=", 1.7),
    ("memory_growth", "peak memory {big_batch} vs {small_batch} files within 10%", "<=", 1.10),
    ("memory_mb", "peak memory (all processes), {big_batch} files, --jobs 2", "<=", 150.0),
)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="1 run, small corpus")
    ap.add_argument("--runs", type=int, default=None, help="runs per measure (default 3)")
    ap.add_argument("--budget", type=float, default=None,
                    help="seconds: extra runs beyond the first are skipped when they would "
                         "not fit (default 450 full, 0 quick)")  # fmt: skip
    ap.add_argument("--peer-runs", type=int, default=1,
                    help="runs of the peer tool (slow: default 1)")  # fmt: skip
    ap.add_argument(
        "--peer-default",
        action="store_true",
        help="also time the peer with its default (auto-detected) playbook",
    )
    ap.add_argument("--no-peer", action="store_true", help="skip redline-buddy")
    ap.add_argument("--no-profile", action="store_true", help="skip the profile")
    ap.add_argument("--no-scale", action="store_true",
                    help="skip the archive-scale measures (memory of large batches, Dask, "
                         "real contracts)")  # fmt: skip
    ap.add_argument(
        "--profile-whole",
        action="store_true",
        help="also profile the whole check (all stages) on the biggest PDF(s)",
    )
    ap.add_argument("--rebuild", action="store_true", help="rebuild the corpus")
    ap.add_argument("--out", type=Path, default=None, help="output folder (default bench/out)")
    args = ap.parse_args(argv)
    args.runs = args.runs or (1 if args.quick else 3)
    if args.budget is None:
        args.budget = 0.0 if args.quick else 450.0
    args.out = args.out or (BENCH / "out" / "quick" if args.quick else BENCH / "out")
    return args


class Budget:
    """Wall-clock budget: the first run of every measure always happens; a further run
    only when its estimated time fits before the deadline."""

    def __init__(self, seconds: float) -> None:
        self.start = time.perf_counter()
        self.deadline = self.start + seconds
        self.skipped: list[str] = []

    def elapsed(self) -> float:
        return time.perf_counter() - self.start

    def fits(self, estimate: float) -> bool:
        return time.perf_counter() + estimate <= self.deadline


def note(message: str) -> None:
    print(message, flush=True)


def rel(path: Path) -> str:
    return os.path.relpath(path, REPO)


def clausecheck_exe() -> str:
    here = Path(sys.executable).parent / "clausecheck"
    if here.is_file():
        return str(here)
    found = shutil.which("clausecheck")
    if not found:
        sys.exit("clausecheck is not installed (pip install -e . from the repository)")
    return found


def compile_bytecode() -> bool:
    """Write the package's bytecode, as `pip install` does for an installed package, so
    the processes timed read it. From an editable checkout on a machine that sets
    PYTHONDONTWRITEBYTECODE (this one does), every process would otherwise compile every
    module of the package it imports: about 0.06 s a process, measured."""
    from clausecheck import api

    return compileall.compile_dir(Path(api.__file__).parent, quiet=1)


def quiet_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "CLAUSECHECK_CACHE_DIR"}
    env.update(NO_COLOR="1", **extra)
    return env


# --------------------------------------------------------------------------------------
# 1-2: the whole check per document (API), raw extraction, pdftotext, the CLI on the folder


def api_pass(pdfs: list[Path], ruleset) -> dict[str, dict]:
    from clausecheck import api
    from clausecheck.report import render

    options = api.CheckOptions(use_cache=False)
    out: dict[str, dict] = {}
    for path in pdfs:
        t0 = time.perf_counter()
        report = api.check(path, ruleset, options)
        t1 = time.perf_counter()
        render(api.make_report([report], ruleset), "json")
        t2 = time.perf_counter()
        row = {k: report.timings.get(k, 0.0) for k in ("extract", "segment", "rules")}
        row["report"] = t2 - t1
        row["total"] = t2 - t0
        row["status"] = report.status
        if report.error:
            row["error"] = f"{report.error.code}: {report.error.message}"
        out[path.name] = row
    return out


def pdfium_pass(pdfs: list[Path]) -> dict[str, float]:
    out = {}
    for path in pdfs:
        t0 = time.perf_counter()
        raw.read_pdf(path)
        out[path.name] = time.perf_counter() - t0
    return out


def pdftotext_pass(pdfs: list[Path]) -> float | None:
    exe = shutil.which("pdftotext")
    if not exe:
        return None
    t0 = time.perf_counter()
    for path in pdfs:
        run_timed([exe, "-q", "-enc", "UTF-8", str(path), "-"])
    return time.perf_counter() - t0


def cli_cmd(cc: str, paths: list[Path], *flags: str) -> list[str]:
    return [cc, *(rel(p) for p in paths), "--format", "json", "-o", "/dev/null", *flags]


def timed_cli(cmd: list[str], env: dict[str, str], problems: list[str]) -> measure.Timed:
    t = run_timed(cmd, env=env)
    if t.returncode not in (0, 1):
        problems.append(f"exit {t.returncode}: {' '.join(cmd[1:])}: {t.stderr.strip()[-300:]}")
    return t


# --------------------------------------------------------------------------------------
# the run


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    budget = Budget(args.budget)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    command = "python bench/run.py" + (" " + " ".join(sys.argv[1:]) if sys.argv[1:] else "")
    results: dict = {
        "schema": "clausecheck/bench@1",
        "command": command,
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "machine": measure.machine_info(),
        "load_average_start": measure.load_average(),
        "runs_requested": args.runs,
        "problems": [],
    }
    problems: list[str] = results["problems"]
    m = results["machine"]
    note(f"clausecheck bench: {m['cpu']}, {m['cores']} cores, Python {m['python']}, "
         f"load {results['load_average_start']}")  # fmt: skip

    # corpus ---------------------------------------------------------------------------
    root = BENCH / "corpus" / "quick" if args.quick else BENCH / "corpus"
    t0 = time.perf_counter()
    corpus = corpus_build.build_corpus(root, quick=args.quick, force=args.rebuild)
    corpus["build_seconds"] = round(time.perf_counter() - t0, 2)
    results["corpus"] = corpus
    note(f"corpus: {corpus['documents']} documents ({corpus['pdf_files']} PDF, "
         f"{corpus['pdf_pages']} PDF pages, {corpus['docx_files']} DOCX, "
         f"{corpus['text_files']} text) in {rel(root)}"
         f"{'; timed per document only: ' + ', '.join(corpus['extra']) if corpus['extra'] else ''} "
         f"[{'built' if corpus['built'] else 'reused'} {corpus['build_seconds']} s]")  # fmt: skip
    manifest = json.loads((root / "manifest.json").read_text())
    pdf_dir, docx_dir, text_dir = root / "pdf", root / "docx", root / "text"
    pdfs = sorted(pdf_dir.glob("*.pdf"))
    extra = sorted((root / "extra").glob("*.pdf"))  # timed per document only
    pages = {Path(r).name: meta["pages"] for r, meta in manifest["files"].items()
             if r.startswith(("pdf/", "extra/"))}  # fmt: skip
    all_dirs = [pdf_dir, docx_dir, text_dir]
    one_page = text_dir / "one_page.txt"
    cc = clausecheck_exe()
    env = quiet_env()
    results["bytecode_compiled"] = compile_bytecode()

    # warm-up: imports, compiled patterns, file cache -----------------------------------
    from clausecheck import api

    t0 = time.perf_counter()
    ruleset = api.load_ruleset()
    results["ruleset_load_s_in_process"] = round(time.perf_counter() - t0, 3)
    warm = [p for p in pdfs if p.name.startswith("part_")][:4] or pdfs[:2]
    api_pass(warm, ruleset)
    pdfium_pass(warm)

    # 4: start-up ----------------------------------------------------------------------
    n = STARTUP_RUNS if not args.quick else 3
    note(f"start-up: {n} runs each")
    version_t = [timed_cli([cc, "--version"], env, problems).seconds for _ in range(n)]
    # A new contract each run (a copy with its own last line, so no cached result applies)
    # with the default flags, after one untimed run that caches the rule set's prefilter
    # table; and the same with --no-cache (nothing cached at all: the first run ever).
    copies = fresh_copies(one_page, n + 1, args.out)
    timed_cli(cli_cmd(cc, [copies[0]]), env, problems)
    one_page_t = [timed_cli(cli_cmd(cc, [c]), env, problems).seconds for c in copies[1:]]
    cold_t = [
        timed_cli(cli_cmd(cc, [one_page], "--no-cache"), env, problems).seconds for _ in range(n)
    ]
    python_t = [run_timed([sys.executable, "-c", "pass"]).seconds for _ in range(n)]
    results["startup"] = {
        "runs": n,
        "version_s": median(version_t),
        "one_page_text_s": median(one_page_t),
        "one_page_text_no_cache_s": median(cold_t),
        "python_floor_s": median(python_t),
        "breakdown": startup_breakdown(one_page),
    }

    # the measures, as units that can be run again ---------------------------------------------
    api_runs: list[dict] = []
    extra_runs: list[dict] = []
    raw_runs: list[dict] = []
    poppler_runs: list[float | None] = []
    cli_runs: list[float] = []
    cli_pdf = cli_cmd(cc, [pdf_dir], "--no-cache", "--jobs", "1")
    cli_default_runs: list[float] = []  # the same with the default --jobs (the cores)
    jobs_runs: dict[str, list[float]] = {"1": [], "2": []}
    jobs_cpu: dict[str, list[float | None]] = {"1": [], "2": []}
    capacity: list[float] = []
    cache_dir = out / "cache"
    cache_env = quiet_env(CLAUSECHECK_CACHE_DIR=str(cache_dir))
    cache_paths = [pdf_dir]
    cache_runs: dict[str, list[float]] = {"first": [], "second": []}
    cache_entries: list[int] = []
    big = sorted((p for p in pdfs + extra if pages.get(p.name) == max(pages.values())),
                 key=lambda p: p.stat().st_size, reverse=True)  # fmt: skip
    memory: dict[str, dict] = {}

    def raw_unit() -> None:  # 2: the floor
        raw_runs.append(pdfium_pass(pdfs))
        poppler_runs.append(pdftotext_pass(pdfs))

    def api_unit() -> None:  # 1: per document and stage, in process (8: extra/ too)
        api_runs.append(api_pass(pdfs, ruleset))
        if extra:
            extra_runs.append(api_pass(extra, ruleset))

    def cli_unit() -> None:  # 1: the CLI on the folder
        cli_runs.append(timed_cli(cli_pdf, env, problems).seconds)
        cli_default = cli_cmd(cc, [pdf_dir], "--no-cache")
        cli_default_runs.append(timed_cli(cli_default, env, problems).seconds)

    def jobs_unit() -> None:  # 5
        capacity.append(measure.parallel_capacity(2)["capacity"])
        for j in ("1", "2"):
            t = timed_cli(cli_cmd(cc, all_dirs, "--no-cache", "--jobs", j), env, problems)
            jobs_runs[j].append(t.seconds)
            jobs_cpu[j].append(t.cpu)

    def cache_unit() -> None:  # 6: default --jobs (cores), as a user runs it
        shutil.rmtree(cache_dir, ignore_errors=True)
        cmd = cli_cmd(cc, cache_paths)
        cache_runs["first"].append(timed_cli(cmd, cache_env, problems).seconds)
        cache_entries.append(sum(1 for f in cache_dir.rglob("*") if f.is_file()))
        cache_runs["second"].append(timed_cli(cmd, cache_env, problems).seconds)

    def memory_unit(path: Path) -> None:  # 7
        cmd = cli_cmd(cc, [path], "--no-cache", "--jobs", "1")
        memory[path.name] = measure.peak_rss_mb(cmd, env=env)

    units = {
        "pypdfium2 + pdftotext": raw_unit,
        "API, per document": api_unit,
        "CLI on the PDF folder": cli_unit,
        "--jobs 1 / --jobs 2, whole corpus": jobs_unit,
        "cache first / second, PDF folder": cache_unit,
    }
    took: dict[str, float] = {}

    def run_unit(name: str, k: int) -> None:
        note(f"{name}, run {k}")
        t = time.perf_counter()
        units[name]()
        took[name] = time.perf_counter() - t

    # first run of everything ------------------------------------------------------------
    note(f"PDF corpus: {len(pdfs)} files, {sum(pages[p.name] for p in pdfs)} pages")
    for name in list(units)[:3]:
        run_unit(name, 1)
    results["peer"] = run_peers(args, out, pdf_dir, cli_runs)  # 3
    note(f"peak memory: {big[0].name}")
    memory_unit(big[0])
    for name in list(units)[3:]:
        run_unit(name, 1)

    # profile the slowest stage -------------------------------------------------------------
    stage_totals = {s: sum(r[s] for r in api_runs[0].values()) for s in STAGES}
    slowest = max(stage_totals, key=lambda s: stage_totals[s])
    if not args.no_profile:
        note(f"profile: stage '{slowest}' on the {max(pages.values())}-page PDF(s) "
             "and on the whole PDF corpus")  # fmt: skip
        # each big PDF once; the corpus profile reuses the ones that are in the corpus
        each = {p: profiling.profile_calls(slowest, [p], ruleset) for p in big}
        rest = profiling.profile_calls(slowest, [p for p in pdfs if p not in each], ruleset)
        in_corpus = [each[p] for p in big if p in pdfs]
        results["profile"] = {
            "slowest_stage": slowest,
            "stage_totals_s": stage_totals,
            "big_pdf_files": [p.name for p in big],
            "big_pdf": profiling.summarize(list(each.values()), out / f"profile-{slowest}-big"),
            "corpus": profiling.summarize([*in_corpus, rest], out / f"profile-{slowest}-corpus"),
        }
        if args.profile_whole:
            results["profile"]["whole_check_big_pdf"] = profiling.profile_stage(
                "whole", big, ruleset, out / "profile-whole-big"
            )

    # further runs while the budget allows (cheapest first, then in order of use) ------------
    for k in range(2, args.runs + 1):
        for name in units:
            if budget.fits(took[name]):
                run_unit(name, k)
            else:
                budget.skipped.append(f"{name} (run {k})")
    for path in big[1:]:
        if budget.fits(memory[big[0].name]["seconds"] * 2):
            note(f"peak memory: {path.name}")
            memory_unit(path)
        else:
            budget.skipped.append(f"peak memory of {path.name}")
    if budget.skipped:
        note(f"budget ({args.budget:.0f} s) reached: skipped {'; '.join(budget.skipped)}")
    results["memory"] = memory
    if not args.no_scale:  # archive scale: whole processes on folders, large batches, Dask
        peer_exe = None if args.no_peer else peer.ensure_peer(BENCH / "out")[0]
        results["scale"] = scale.run_all(cc, env, out, pdf_dir, peer_exe, quick=args.quick,
                                         bench_peer_s=results["peer"].get("seconds"))  # fmt: skip

    # figures ----------------------------------------------------------------------------
    results["pdf"] = pdf_figures(api_runs, raw_runs, poppler_runs, cli_runs, pages, cli_pdf)
    results["pdf"]["cli_default_jobs_s"] = median(cli_default_runs)
    jobs_cmd = cli_cmd("clausecheck", all_dirs, "--no-cache", "--jobs", "N")
    results["jobs"] = {
        "command": " ".join(jobs_cmd),
        "runs": len(jobs_runs["1"]),
        "jobs1_s": median(jobs_runs["1"]),
        "jobs2_s": median(jobs_runs["2"]),
        "speedup": ratio(median(jobs_runs["1"]), median(jobs_runs["2"])),
        "cpu_s": {j: median(v) for j, v in jobs_cpu.items()},
        "cpu_per_wall": {j: ratio(median(jobs_cpu[j]), median(jobs_runs[j])) for j in jobs_cpu},
        "machine_parallel_capacity": median(capacity),
        "capacity_all": capacity,
        "all_s": jobs_runs,
    }  # fmt: skip
    results["cache"] = {
        "command": f"CLAUSECHECK_CACHE_DIR={rel(cache_dir)} "
                   + " ".join(cli_cmd("clausecheck", cache_paths)),
        "runs": len(cache_runs["first"]),
        "first_s": median(cache_runs["first"]),
        "second_s": median(cache_runs["second"]),
        "speedup": ratio(median(cache_runs["first"]), median(cache_runs["second"])),
        "entries_after_first": cache_entries,
        "all_s": cache_runs,
    }  # fmt: skip
    results["extra"] = extra_figures(extra_runs, pages)
    results["scaling"] = scaling_figures(
        {**results["pdf"]["per_document"], **results["extra"]}, pages
    )
    results["budget"] = {"seconds": args.budget, "skipped": budget.skipped}
    results["load_average_end"] = measure.load_average()
    results["git_end"] = measure.git_state()
    if results["git_end"] != m["git"]:
        problems.append(f"the code changed during the run: {m['git']} -> {results['git_end']}")
    results["elapsed_s"] = round(budget.elapsed(), 1)
    results["goals"] = judge(results)

    (out / "results.json").write_text(json.dumps(results, indent=1, ensure_ascii=False))
    (out / "results.md").write_text(markdown(results))
    print_table(results)
    note(f"\nwrote {rel(out / 'results.json')} and {rel(out / 'results.md')} "
         f"in {results['elapsed_s']} s")  # fmt: skip
    return 0


# --------------------------------------------------------------------------------------


def fresh_copies(text: Path, n: int, out: Path) -> list[Path]:
    """`n` copies of a text file, each with a last line of its own (a distinct hash)."""
    folder = out / "one-page"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = time.time_ns()
    copies = []
    for i in range(n):
        copy = folder / f"one_page_{i}.txt"
        copy.write_bytes(text.read_bytes() + f"\n{stamp}-{i}\n".encode())
        copies.append(copy)
    return copies


def startup_breakdown(one_page: Path) -> dict:
    """Where a one-page check spends its time, in a fresh interpreter (median of 3)."""
    script = (
        "import json, time\n"
        "t0 = time.perf_counter()\n"
        "import clausecheck.cli.parse\n"
        "t1 = time.perf_counter()\n"
        "from clausecheck import api\n"
        "t2 = time.perf_counter()\n"
        "rs = api.load_ruleset()\n"
        "t3 = time.perf_counter()\n"
        "api.warm_prefilter(rs)\n"
        "t4 = time.perf_counter()\n"
        f"api.check({str(one_page)!r}, rs, api.CheckOptions(use_cache=False))\n"
        "t5 = time.perf_counter()\n"
        "print(json.dumps({'import_cli_s': t1 - t0, 'import_api_s': t2 - t1,"
        " 'load_ruleset_s': t3 - t2, 'read_prefilter_s': t4 - t3,"
        " 'check_one_page_s': t5 - t4}))\n"
    )
    import subprocess

    samples = []
    for _ in range(3):
        proc = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True,
                              text=True, check=False)  # fmt: skip
        try:
            samples.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        except (ValueError, IndexError):
            return {"error": proc.stderr[-300:]}
    return {k: median(s[k] for s in samples) for k in samples[0]}


def run_peers(args, out: Path, pdf_dir: Path, cli_runs: list[float]) -> dict:
    if args.no_peer:
        return {"status": "skipped (--no-peer)"}
    exe, how = peer.ensure_peer(BENCH / "out")
    if exe is None:
        note(f"peer: redline-buddy not available ({how})")
        return {"status": how}
    info: dict = {"status": how, "version": peer.peer_version(exe),
                  "playbook": rel(peer.PLAYBOOK), "playbook_valid": peer.validate_playbook(exe),
                  "one_call_for_folder": True}  # fmt: skip
    runs = []
    for k in range(args.peer_runs):
        note(f"peer: redline-buddy review {rel(pdf_dir)} --playbook ..., run {k + 1}")
        runs.append(peer.run_peer(exe, pdf_dir, out / "peer-report.json"))
    info["runs"] = runs
    info["seconds"] = median(r["seconds"] for r in runs)
    info["command"] = runs[0]["command"]
    if args.peer_default:
        note("peer: default (auto-detected) playbook")
        info["default_playbook"] = peer.run_peer(
            exe, pdf_dir, out / "peer-report-default.json", playbook=None
        )
    return info


def pdf_figures(api_runs, raw_runs, poppler_runs, cli_runs, pages, cli_pdf) -> dict:
    names = list(api_runs[0])
    per_doc = {}
    for name in names:
        row = {"pages": pages[name]}
        for key in (*STAGES, "total"):
            row[key] = median(r[name][key] for r in api_runs)
        row["raw_pdfium"] = median(r[name] for r in raw_runs)
        row["status"] = api_runs[0][name]["status"]
        if "error" in api_runs[0][name]:
            row["error"] = api_runs[0][name]["error"]
        per_doc[name] = row
    total_pages = sum(pages[n] for n in names)
    api_totals = [sum(r[n]["total"] for n in names) for r in api_runs]
    raw_totals = [sum(r.values()) for r in raw_runs]
    stages = {s: median(sum(r[n][s] for n in names) for r in api_runs) for s in STAGES}
    api_total = median(api_totals)
    return {
        "files": len(names),
        "pages": total_pages,
        "max_pages": max(pages[n] for n in names),
        "runs": len(api_runs),
        "errors": [
            f"{n}: {per_doc[n].get('error')}" for n in names if per_doc[n]["status"] != "checked"
        ],
        "api_total_s": api_total,
        "api_per_doc_ms": 1000 * api_total / len(names),
        "api_per_page_ms": 1000 * api_total / total_pages,
        "stages_s": stages,
        "stage_share": {s: (v / api_total if api_total else None) for s, v in stages.items()},
        "raw_pdfium_s": median(raw_totals),
        "raw_pdfium_per_page_ms": 1000 * median(raw_totals) / total_pages,
        "pdftotext_s": median(poppler_runs) if any(p is not None for p in poppler_runs) else None,
        "pdftotext_note": None if any(p is not None for p in poppler_runs) else "not installed",
        "cli_command": "clausecheck " + " ".join(cli_pdf[1:]),
        "cli_s": median(cli_runs),
        "cli_per_page_ms": 1000 * median(cli_runs) / total_pages,
        "whole_vs_raw": ratio(api_total, median(raw_totals)),
        "cli_vs_raw": ratio(median(cli_runs), median(raw_totals)),
        "all_api_totals_s": api_totals,
        "all_cli_s": cli_runs,
        "per_document": per_doc,
    }  # fmt: skip


def extra_figures(extra_runs: list[dict], pages: dict) -> dict:
    if not extra_runs:
        return {}
    return {
        name: {"pages": pages[name], **{k: median(r[name][k] for r in extra_runs)
                                       for k in (*STAGES, "total")}}
        for name in extra_runs[0]
    }  # fmt: skip


def scaling_figures(per_doc: dict, pages: dict) -> dict:
    out: dict = {}
    for lang in ("zh", "en"):
        points = {}
        for n in SCALE_POINTS:
            row = per_doc.get(f"scale_{lang}_{n:04d}p.pdf")
            if row:
                points[n] = {
                    "total_s": row["total"],
                    "per_page_ms": 1000 * row["total"] / n,
                    **{f"{s}_per_page_ms": 1000 * row[s] / n for s in STAGES},
                }
        if not points:
            continue
        xs = list(points)
        fit = measure.linear_fit([float(x) for x in xs], [points[x]["total_s"] for x in xs])
        lo, hi = min(xs), max(xs)
        out[lang] = {
            "points": points,
            "fit": fit,
            "per_page_ratio": ratio(points[hi]["per_page_ms"], points[lo]["per_page_ms"]),
            "ratio_pages": f"{hi} vs {lo}",
        }
    return out


def judge(results: dict) -> list[dict]:
    peer_s = results["peer"].get("seconds")
    measured = {
        "whole_vs_raw": results["pdf"]["whole_vs_raw"],
        "peer_speedup": ratio(peer_s, results["pdf"]["cli_s"]),
        "version_s": results["startup"]["version_s"],
        "one_page_s": results["startup"]["one_page_text_s"],
        "jobs_speedup": results["jobs"]["speedup"],
        "cache_speedup": results["cache"]["speedup"],
        "peak_rss_mb": max((v["peak_rss_mb"] for v in results["memory"].values()), default=None),
        "per_page_growth": max(
            (v["per_page_ratio"] for v in results["scaling"].values() if v["per_page_ratio"]),
            default=None,
        ),
    }
    measured.update(scale.measured(results.get("scale")))
    goals = []
    for key, text, op, target in GOALS:
        value = measured[key]
        if value is None:
            verdict = "N/A"
        elif op == "<=":
            verdict = "PASS" if value <= target else "MISS"
        else:
            verdict = "PASS" if value >= target else "MISS"
        text = text.format(big=results["pdf"]["max_pages"], **scale.labels(results.get("scale")))
        goals.append({"key": key, "goal": text, "measured": value, "target": target, "op": op,
                      "verdict": verdict})  # fmt: skip
    return goals


# --------------------------------------------------------------------------------------
# output


def _unit(key: str) -> str:
    return " s" if key.endswith("_s") else (" MB" if key in ("peak_rss_mb", "memory_mb") else "x")


def _f(value, unit: str = "", digits: int = 2) -> str:
    if value is None:
        return "n/a"
    return f"{value:.{digits}f}{unit}"


def summary_rows(r: dict) -> list[tuple[str, str]]:
    pdf, st, jobs, cache = r["pdf"], r["startup"], r["jobs"], r["cache"]
    peer_info = r["peer"]
    rows = [
        ("PDF corpus", f"{pdf['files']} files, {pdf['pages']} pages, {pdf['runs']} run(s)"
                       + (f" (+ {', '.join(r['extra'])} for growth, profile and memory)"
                          if r["extra"] else "")),
        ("whole check (API, all PDFs)",
         f"{_f(pdf['api_total_s'], ' s')}  = {_f(pdf['api_per_doc_ms'], ' ms', 0)}/doc, "
         f"{_f(pdf['api_per_page_ms'], ' ms', 1)}/page"),
        ("  by stage",
         ", ".join(f"{s} {_f(pdf['stages_s'][s], ' s')} "
                   f"({_f(100 * (pdf['stage_share'][s] or 0), '%', 0)})" for s in STAGES)),
        ("whole check (CLI on the folder, --jobs 1)",
         f"{_f(pdf['cli_s'], ' s')}  = {_f(pdf['cli_per_page_ms'], ' ms', 1)}/page"),
        ("raw pypdfium2 text (floor)",
         f"{_f(pdf['raw_pdfium_s'], ' s')}  = {_f(pdf['raw_pdfium_per_page_ms'], ' ms', 2)}/page"),
        ("poppler pdftotext (a process per file)",
         _f(pdf["pdftotext_s"], " s") if pdf["pdftotext_s"] is not None else "not installed"),
        ("whole check / raw pypdfium2",
         f"API {_f(pdf['whole_vs_raw'], 'x')}, CLI {_f(pdf['cli_vs_raw'], 'x')}"),
    ]  # fmt: skip
    if peer_info.get("seconds") is not None:
        rows.append(("redline-buddy, same folder (1 call)",
                     f"{_f(peer_info['seconds'], ' s')}; clausecheck / peer = "
                     f"{_f(ratio(pdf['cli_s'], peer_info['seconds']), '', 3)}"))  # fmt: skip
        default_s = pdf["cli_default_jobs_s"]
        rows.append(("clausecheck with its default --jobs (the cores) on that folder",
                     f"{_f(default_s, ' s')}: redline-buddy takes "
                     f"{_f(ratio(peer_info['seconds'], default_s), 'x')} as long"))  # fmt: skip
        if "default_playbook" in peer_info:
            rows.append(("redline-buddy, default playbook",
                         _f(peer_info["default_playbook"]["seconds"], " s")))  # fmt: skip
    else:
        rows.append(("redline-buddy", str(peer_info.get("status"))))
    bd = st.get("breakdown", {})
    rows += [
        ("clausecheck --version", f"{_f(st['version_s'], ' s', 3)} (python -c pass: "
                                  f"{_f(st['python_floor_s'], ' s', 3)})"),
        ("one-page text check (new file, default flags)", _f(st["one_page_text_s"], " s", 3)),
        ("one-page text check, --no-cache", _f(st["one_page_text_no_cache_s"], " s", 3)),
        ("  in-process breakdown",
         ", ".join(f"{k.removesuffix('_s')} {_f(v, ' s', 3)}" for k, v in bd.items()
                   if isinstance(v, float))),
        ("whole corpus --jobs 1 / --jobs 2",
         f"{_f(jobs['jobs1_s'], ' s')} / {_f(jobs['jobs2_s'], ' s')} = {_f(jobs['speedup'], 'x')}"
         f" ({jobs['runs']} run(s)); CPU/wall {_f(jobs['cpu_per_wall']['1'])} / "
         f"{_f(jobs['cpu_per_wall']['2'])}; 2 busy loops vs 1 just before: "
         f"{_f(jobs['machine_parallel_capacity'], 'x')}"),
        ("cache, PDF folder: first / second run",
         f"{_f(cache['first_s'], ' s')} / {_f(cache['second_s'], ' s')} = "
         f"{_f(cache['speedup'], 'x')} ({cache['runs']} run(s))"),
    ]  # fmt: skip
    rows += scale.summary_rows(r.get("scale"))
    for name, mem in r["memory"].items():
        rows.append((f"peak RSS, {name}", f"{_f(mem['peak_rss_mb'], ' MB', 0)} "
                                          f"in {_f(mem['seconds'], ' s')}"))  # fmt: skip
    for lang, sc in r["scaling"].items():
        pts = sc["points"]
        rows.append(
            (
                f"per page, {lang} ({'/'.join(str(p) for p in pts)} pages)",
                " / ".join(_f(v["per_page_ms"], "", 1) for v in pts.values()) + " ms",
            )
        )
        fit = sc["fit"] or {}
        slope_ms = 1000 * (fit.get("slope_s_per_page") or 0)
        rows.append((f"  linear fit {lang}",
                     f"{_f(fit.get('intercept_s'), ' s', 3)} + {_f(slope_ms, ' ms', 1)}"
                     f"/page, r2 {_f(fit.get('r2'), '', 4)}; per-page {sc['ratio_pages']}: "
                     f"{_f(sc['per_page_ratio'], 'x')}"))  # fmt: skip
    return rows


def print_table(r: dict) -> None:
    rows = summary_rows(r)
    width = max(len(k) for k, _ in rows)
    print("\n" + "-" * 100)
    for key, value in rows:
        print(f"{key:<{width}}  {value}")
    print("-" * 100)
    for g in r["goals"]:
        unit = _unit(g["key"])
        print(f"{g['verdict']:<4}  {g['goal']:<60} measured {_f(g['measured'], unit)}")
    if r.get("profile"):
        prof = r["profile"]
        print(f"\nslowest stage: {prof['slowest_stage']} - top functions (self time) on the "
              f"big PDF(s), {prof['big_pdf']['profiled_seconds']} s profiled:")  # fmt: skip
        for row in prof["big_pdf"]["top_self"][:8]:
            print(f"  {row['tottime_s']:8.3f} s  {row['ncalls']:>8}  {row['function']}")
    for p in r["problems"]:
        print(f"problem: {p}")
    if r["pdf"]["errors"]:
        print(f"documents not checked: {r['pdf']['errors'][:5]}")


def markdown(r: dict) -> str:
    m = r["machine"]
    lines = [
        "## Performance",
        "",
        f"Measured with `{r['command']}` on {r['date'][:10]}: {m['cpu']}, {m['cores']} cores, "
        f"{m['memory_gb']} GB, Python {m['python']}, clausecheck {m['versions']['clausecheck']} "
        f"(commit {m['git']['commit']}, {m['git']['changed_files']} files changed), "
        f"pypdfium2 {m['versions']['pypdfium2']}. Corpus: {r['corpus']['documents']} documents "
        f"built from `samples/` ({r['pdf']['files']} PDFs, {r['pdf']['pages']} pages; "
        f"{r['corpus']['docx_files']} DOCX; {r['corpus']['text_files']} text). Medians of "
        f"{r['pdf']['runs']} run(s); load average {r['load_average_start']} at start.",
        "",
        "| measure | result |",
        "|---|---|",
    ]
    lines += [f"| {k.strip()} | {v} |" for k, v in summary_rows(r)]
    lines += ["", "| goal | target | measured | |", "|---|---|---|---|"]
    for g in r["goals"]:
        unit = _unit(g["key"])
        lines.append(f"| {g['goal']} | {g['op']} {g['target']:g} | {_f(g['measured'], unit)} | "
                     f"{g['verdict']} |")  # fmt: skip
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
