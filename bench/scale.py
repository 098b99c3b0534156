"""The archive-scale measures of bench/run.py (issue 16), each a whole process as a user
runs it:

- folder ratios: `clausecheck FOLDER --no-cache --jobs 1` (and `--jobs 2`) against one
  process that extracts the folder's text with pypdfium2 alone, and against redline-buddy
  on the same folder; on the bench's PDF corpus and on ../shared/corpus rendered to PDF;
- memory: peak memory of `clausecheck BATCH --format jsonl --jobs 2` on 2,000 and 20,000
  short text contracts: the whole process tree, sampled, as proportional set size (PSS:
  pages the forked workers share with the parent counted once, as the machine holds
  them) and as the plain sum of resident sizes (which counts shared pages in every
  process);
- Dask: documents a second on a LocalCluster of 1 and of 2 worker processes.

The real contracts are rendered with scripts/render_corpus.py (fpdf2, the same builder as
samples/: clause headings, running header, page numbers, CJK text wrapped by width; its
fonts: `apt-get install fonts-droid-fallback`) into a folder outside the repository.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import peer
from measure import REPO, median, ratio, run_timed

REAL_CORPUS = REPO.parent / "shared" / "corpus"
RENDERED = Path(tempfile.gettempdir()) / "clausecheck-bench-real-corpus"
BATCH_SIZES = (2_000, 20_000)
RAW = Path(__file__).resolve().parent / "raw.py"  # the floor, as one process


# --------------------------------------------------------------------------------------
# the real contracts as PDFs


def render_real_corpus() -> tuple[Path | None, str]:
    """../shared/corpus rendered to PDF (reused when done), or None and why not."""
    if not REAL_CORPUS.is_dir():
        return None, f"{REAL_CORPUS} not present"
    sources = sorted(REAL_CORPUS.glob("*.txt"))
    pdf_dir = RENDERED / "pdf"
    if all((pdf_dir / f"{s.stem}.pdf").is_file() for s in sources):
        return pdf_dir, f"reused {len(sources)} PDFs in {pdf_dir}"
    spec = importlib.util.spec_from_file_location("render_corpus", REPO / "scripts" /
                                                  "render_corpus.py")  # fmt: skip
    render = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = render  # its dataclasses look their module up there
    spec.loader.exec_module(render)
    try:
        samples = render.load_make_samples()
        render.patch_fpdf_fallback_font()
        render.render(sources, RENDERED, samples, reuse=True)
    except (SystemExit, Exception) as exc:  # no CJK font, fpdf2 missing: say so, go on
        return None, f"could not render {REAL_CORPUS}: {exc} (apt-get install fonts-droid-fallback)"
    return pdf_dir, f"rendered {len(sources)} PDFs into {pdf_dir}"


def pdf_pages(folder: Path) -> int:
    import pypdfium2 as pdfium

    total = 0
    for path in folder.glob("*.pdf"):
        doc = pdfium.PdfDocument(str(path))
        total += len(doc)
        doc.close()
    return total


# --------------------------------------------------------------------------------------
# whole processes on a folder


def folder_ratios(cc: str, folder: Path, env: dict, runs: int, peer_exe: Path | None,
                  out: Path, peer_seconds: float | None = None) -> dict:  # fmt: skip
    """CLI --jobs 1 and 2, raw pypdfium2 and the peer on `folder`: medians of `runs`."""
    base = [cc, str(folder), "--format", "json", "-o", "/dev/null", "--no-cache"]
    times: dict[str, list[float]] = {"jobs1": [], "jobs2": [], "raw": [], "peer": []}
    cpu: dict[str, list[float | None]] = {"jobs1": [], "jobs2": [], "raw": []}
    problems = []
    for _ in range(runs):
        for key, cmd in (("jobs1", [*base, "--jobs", "1"]), ("jobs2", [*base, "--jobs", "2"]),
                         ("raw", [sys.executable, str(RAW), str(folder)])):  # fmt: skip
            t = run_timed(cmd, env=env)
            if t.returncode not in (0, 1):
                problems.append(f"exit {t.returncode}: {' '.join(cmd[:3])}: {t.stderr[-200:]}")
            times[key].append(t.seconds)
            cpu[key].append(t.cpu)
        if peer_exe is not None and peer_seconds is None:
            report = out / "peer-scale.json"
            times["peer"].append(peer.run_peer(peer_exe, folder, report)["seconds"])
    m = {k: median(v) for k, v in times.items()}
    if peer_seconds is not None:
        m["peer"] = peer_seconds
    return {
        "folder": str(folder),
        "files": len(list(folder.glob("*.pdf"))),
        "pages": pdf_pages(folder),
        "runs": runs,
        "cli_jobs1_s": m["jobs1"],
        "cli_jobs2_s": m["jobs2"],
        "raw_process_s": m["raw"],
        "peer_s": m["peer"],
        "cli_vs_raw": ratio(m["jobs1"], m["raw"]),
        "peer_speedup": ratio(m["peer"], m["jobs1"]),
        "jobs_speedup": ratio(m["jobs1"], m["jobs2"]),
        "cpu_s": {k: median(v) for k, v in cpu.items()},  # user + system, all processes
        "all_s": times,
        "problems": problems,
    }


# --------------------------------------------------------------------------------------
# memory of a large batch


def make_batch(folder: Path, n: int, texts: list[Path]) -> Path:
    """`n` short contracts: the first ~3,000 characters of each sample text in turn, each
    with a numbered last line (distinct files). Reused when already there."""
    folder.mkdir(parents=True, exist_ok=True)
    if sum(1 for _ in folder.glob("*.txt")) == n:
        return folder
    heads = [t.read_text(encoding="utf-8")[:3000] for t in texts]
    for i in range(n):
        (folder / f"c{i:06d}.txt").write_text(heads[i % len(heads)] + f"\n\n{i}\n",
                                              encoding="utf-8")  # fmt: skip
    return folder


def peak_memory(cmd: list[str], env: dict, interval: float = 0.05) -> dict:
    """Peak resident memory of `cmd` and its worker processes, summed (sampled every
    `interval` s with psutil), the largest single process, and the wall time."""
    import psutil

    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    root = psutil.Process(proc.pid)
    peak = {"pss": 0, "rss": 0, "largest": 0}
    while proc.poll() is None:
        try:
            infos = [p.memory_full_info() for p in [root, *root.children(recursive=True)]]
        except psutil.Error:
            infos = []
        peak["pss"] = max(peak["pss"], sum(getattr(i, "pss", i.rss) for i in infos))
        peak["rss"] = max(peak["rss"], sum(i.rss for i in infos))
        peak["largest"] = max([peak["largest"], *(i.rss for i in infos)])
        time.sleep(interval)
    mb = {k: v / 2**20 for k, v in peak.items()}
    return {"tree_peak_mb": mb["pss"], "tree_peak_rss_mb": mb["rss"],
            "largest_process_mb": mb["largest"], "seconds": time.perf_counter() - started,
            "returncode": proc.returncode}  # fmt: skip


def memory_batches(cc: str, out: Path, env: dict, sizes=BATCH_SIZES) -> dict:
    texts = sorted((REPO / "samples" / "text").glob("*.txt"))
    result = {}
    for n in sizes:
        folder = make_batch(out / "scale" / f"batch-{n}", n, texts)
        cmd = [cc, str(folder), "--format", "jsonl", "-o", "/dev/null", "--no-cache",
               "--jobs", "2"]  # fmt: skip
        result[str(n)] = {"command": " ".join(["clausecheck", *cmd[1:]]), **peak_memory(cmd, env)}
    low, high = (result[str(n)]["tree_peak_mb"] for n in (min(sizes), max(sizes)))
    result["growth"] = ratio(high, low)
    return result


# --------------------------------------------------------------------------------------
# Dask


def dask_throughput(folder: Path, workers=(1, 2)) -> dict:
    """Documents a second of clausecheck.distributed.iter_check over `folder` (no cache)
    on a LocalCluster of `w` processes with one thread each, the rule set loaded on every
    worker beforehand; the cluster's start-up is reported apart."""
    try:
        from distributed import Client, LocalCluster

        from clausecheck import api, distributed
    except ImportError as exc:
        return {"status": f"not installed ({exc}): pip install 'clausecheck[dask]'"}
    files = sorted(folder.glob("*.pdf"))
    pages = pdf_pages(folder)
    options = api.CheckOptions(use_cache=False)
    spec = distributed.RulesetSpec.of(api.load_ruleset())
    result: dict = {"files": len(files), "pages": pages}
    for w in workers:
        t0 = time.perf_counter()
        cluster = LocalCluster(n_workers=w, threads_per_worker=1, processes=True,
                               dashboard_address=None)  # fmt: skip
        with cluster, Client(cluster) as client:
            client.run(spec.load)
            started = time.perf_counter() - t0
            t1 = time.perf_counter()
            reports = list(distributed.iter_check(files, spec, options, client=client))
            seconds = time.perf_counter() - t1
        result[str(w)] = {"start_s": started, "seconds": seconds,
                          "documents_per_s": len(reports) / seconds,
                          "pages_per_s": pages / seconds,
                          "errors": sum(r.status == "error" for r in reports)}  # fmt: skip
    if all(str(w) in result for w in (1, 2)):
        result["scaling_2_vs_1"] = ratio(result["1"]["seconds"], result["2"]["seconds"])
    return result


# --------------------------------------------------------------------------------------
# all of it, for bench/run.py (or alone: python bench/scale.py [--quick])


def run_all(cc: str, env: dict, out: Path, pdf_dir: Path, peer_exe: Path | None, *,
            quick: bool = False, bench_peer_s: float | None = None) -> dict:  # fmt: skip
    runs = 1 if quick else 3
    result: dict = {}
    print(f"scale: {pdf_dir.name}/ as whole processes, {runs} run(s)", flush=True)
    result["bench"] = folder_ratios(cc, pdf_dir, env, runs, peer_exe, out, bench_peer_s)
    real, how = render_real_corpus()
    result["real_note"] = how
    print(f"scale: real contracts: {how}", flush=True)
    if real is not None:
        result["real"] = folder_ratios(cc, real, env, runs, peer_exe, out)
    sizes = (200, 2_000) if quick else BATCH_SIZES
    print(f"scale: peak memory, {' and '.join(map(str, sizes))} short contracts", flush=True)
    result["memory"] = memory_batches(cc, out, env, sizes)
    result["memory_sizes"] = list(sizes)
    print("scale: Dask LocalCluster, 1 and 2 workers", flush=True)
    result["dask"] = dask_throughput(pdf_dir)
    return result


def measured(s: dict | None) -> dict:
    """The goal values bench/run.py judges (None where not measured)."""
    s = s or {}
    bench, real, mem = s.get("bench", {}), s.get("real", {}), s.get("memory", {})
    sizes = s.get("memory_sizes") or [None]
    big = mem.get(str(sizes[-1]), {})
    return {
        "bench_cli_vs_raw": bench.get("cli_vs_raw"),
        "bench_peer": bench.get("peer_speedup"),
        "bench_jobs": bench.get("jobs_speedup"),
        "real_cli_vs_raw": real.get("cli_vs_raw"),
        "real_peer": real.get("peer_speedup"),
        "real_jobs": real.get("jobs_speedup"),
        "memory_growth": mem.get("growth"),
        "memory_mb": big.get("tree_peak_mb"),
    }


def labels(s: dict | None) -> dict:
    s = s or {}
    sizes = s.get("memory_sizes") or ["?", "?"]
    return {"files": f"{s.get('bench', {}).get('files', '?')} PDFs",
            "real_files": f"{s.get('real', {}).get('files', '?')} PDFs",
            "small_batch": f"{sizes[0]:,}" if isinstance(sizes[0], int) else "?",
            "big_batch": f"{sizes[-1]:,}" if isinstance(sizes[-1], int) else "?"}  # fmt: skip


def _x(value, unit: str = "x", digits: int = 2) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}{unit}"


def summary_rows(s: dict | None) -> list[tuple[str, str]]:
    if not s:
        return [("archive scale", "skipped (--no-scale)")]
    rows = []
    for key, name in (("bench", "bench PDF folder"), ("real", "real contracts as PDF")):
        f = s.get(key)
        if not f:
            rows.append((name, s.get("real_note", "not measured")))
            continue
        rows.append((f"{name} ({f['files']} files, {f['pages']} pages), whole processes",
                     f"CLI --jobs 1 {_x(f['cli_jobs1_s'], ' s')}, --jobs 2 "
                     f"{_x(f['cli_jobs2_s'], ' s')} ({_x(f['jobs_speedup'])}; CPU "
                     f"{_x(f['cpu_s']['jobs1'], ' s')} / {_x(f['cpu_s']['jobs2'], ' s')}); "
                     "raw pypdfium2 "
                     f"{_x(f['raw_process_s'], ' s')} (CLI {_x(f['cli_vs_raw'])}); "
                     f"redline-buddy {_x(f['peer_s'], ' s')} ({_x(f['peer_speedup'])} "
                     "slower than CLI --jobs 1)"))  # fmt: skip
    mem = s.get("memory", {})
    for n in s.get("memory_sizes", []):
        m = mem.get(str(n), {})
        rows.append((f"peak memory, {n:,} short contracts, jsonl, --jobs 2",
                     f"{_x(m.get('tree_peak_mb'), ' MB', 0)} all processes (PSS; RSS summed "
                     f"{_x(m.get('tree_peak_rss_mb'), ' MB', 0)}, largest process "
                     f"{_x(m.get('largest_process_mb'), ' MB', 0)}) in "
                     f"{_x(m.get('seconds'), ' s', 1)}"))  # fmt: skip
    d = s.get("dask", {})
    if "1" in d:
        rows.append((f"Dask LocalCluster, {d['files']} PDFs ({d['pages']} pages)",
                     " / ".join(f"{w} worker(s) {_x(d[w]['documents_per_s'], ' docs/s', 1)} "
                                f"({_x(d[w]['pages_per_s'], ' pages/s', 0)})"
                                for w in ("1", "2") if w in d)
                     + f"; 2 vs 1: {_x(d.get('scaling_2_vs_1'))}"))  # fmt: skip
    else:
        rows.append(("Dask LocalCluster", str(d.get("status"))))
    return rows


def main() -> int:
    import argparse
    import json

    import run

    ap = argparse.ArgumentParser(description="the archive-scale measures alone")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--no-peer", action="store_true")
    args = ap.parse_args()
    out = run.BENCH / "out" / ("quick" if args.quick else "")
    out.mkdir(parents=True, exist_ok=True)
    pdf_dir = (run.BENCH / "corpus" / "pdf").resolve()
    if not pdf_dir.is_dir():
        sys.exit(f"{pdf_dir} not built: run python bench/run.py once")
    exe = None if args.no_peer else peer.ensure_peer(run.BENCH / "out")[0]
    run.compile_bytecode()
    result = run_all(run.clausecheck_exe(), run.quiet_env(), out, pdf_dir, exe, quick=args.quick)
    (out / "scale.json").write_text(json.dumps(result, indent=1))
    for key, value in summary_rows(result):
        print(f"{key}: {value}")
    for key, value in measured(result).items():
        print(f"{key}: {_x(value, '', 3)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
