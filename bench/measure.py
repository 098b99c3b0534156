"""Small measuring helpers for bench/run.py: timed subprocesses, peak memory, statistics,
a least-squares line, and what machine this is."""

from __future__ import annotations

import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


@dataclass
class Timed:
    seconds: float  # wall clock
    returncode: int
    stderr: str = ""
    cpu: float | None = None  # user + system seconds of the process and its children


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_timed(cmd: list[str], env: dict[str, str] | None = None, stdout=None) -> Timed:
    """Wall-clock seconds (and CPU seconds) of one subprocess run from the repository root."""
    cpu0 = _children_cpu()
    started = time.perf_counter()
    proc = subprocess.run(
        cmd, cwd=REPO, env=env, stdin=subprocess.DEVNULL,
        stdout=stdout if stdout is not None else subprocess.DEVNULL,
        stderr=subprocess.PIPE, check=False,
    )  # fmt: skip
    elapsed = time.perf_counter() - started
    cpu = _children_cpu() - cpu0
    return Timed(elapsed, proc.returncode, proc.stderr.decode("utf-8", "replace")[-2000:], cpu)


def median(values) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def ratio(a: float | None, b: float | None) -> float | None:
    if a is None or b is None or b == 0:
        return None
    return a / b


def linear_fit(xs: list[float], ys: list[float]) -> dict | None:
    """y = intercept + slope * x by least squares, with r²."""
    if len(xs) < 2 or len(set(xs)) < 2:
        return None
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    slope = sxy / sxx
    intercept = my - slope * mx
    ss_tot = sum((y - my) ** 2 for y in ys)
    ss_res = sum((y - intercept - slope * x) ** 2 for x, y in zip(xs, ys, strict=True))
    r2 = 1 - ss_res / ss_tot if ss_tot else 1.0
    return {"intercept_s": intercept, "slope_s_per_page": slope, "r2": r2}


def peak_rss_mb(cmd: list[str], env: dict[str, str] | None = None) -> dict:
    """Peak resident memory of `cmd` (MB) and its wall time: GNU time -v when present,
    else getrusage(RUSAGE_CHILDREN) in a fresh Python that runs only this command."""
    gnu_time = "/usr/bin/time"
    if os.access(gnu_time, os.X_OK):
        t = run_timed([gnu_time, "-v", *cmd], env=env)
        m = re.search(r"Maximum resident set size \(kbytes\):\s*(\d+)", t.stderr)
        if m:
            return {"peak_rss_mb": int(m.group(1)) / 1024, "seconds": t.seconds,
                    "returncode": t.returncode, "method": "/usr/bin/time -v"}  # fmt: skip
    probe = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", probe, *cmd], cwd=REPO, env=env, capture_output=True, check=False
    )
    kb = int(out.stdout.decode().strip() or 0)
    return {"peak_rss_mb": kb / 1024, "seconds": time.perf_counter() - started,
            "returncode": None, "method": "getrusage(RUSAGE_CHILDREN)"}  # fmt: skip


_BUSY = "x = 0\nfor i in range(12_000_000):\n    x += i\n"


def parallel_capacity(width: int = 2) -> dict:
    """How much parallel CPU this machine gives right now: `width` copies of a busy loop
    at once against one alone (width = a free machine; less = other load)."""

    def wall(n: int) -> float:
        started = time.perf_counter()
        procs = [subprocess.Popen([sys.executable, "-c", _BUSY]) for _ in range(n)]
        for proc in procs:
            proc.wait()
        return time.perf_counter() - started

    one = wall(1)
    many = wall(width)
    return {"width": width, "one_s": one, "parallel_s": many, "capacity": width * one / many}


def _pkg(name: str) -> str | None:
    try:
        return version(name)
    except PackageNotFoundError:
        return None


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def memory_total_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def load_average() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def pdftotext_version() -> str | None:
    exe = shutil.which("pdftotext")
    if not exe:
        return None
    out = subprocess.run([exe, "-v"], capture_output=True, text=True, check=False)
    m = re.search(r"pdftotext version (\S+)", out.stderr + out.stdout)
    return m.group(1) if m else "installed"


def git_state() -> dict:
    def git(*args: str) -> str:
        out = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=False)
        return out.stdout.strip()

    changed = [line for line in git("status", "--porcelain").splitlines() if line.strip()]
    return {"commit": git("rev-parse", "--short", "HEAD") or None, "changed_files": len(changed)}


def machine_info() -> dict:
    return {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "memory_gb": memory_total_gb(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "versions": {
            "clausecheck": _pkg("clausecheck"),
            "pypdfium2": _pkg("pypdfium2"),
            "regex": _pkg("regex"),
            "PyYAML": _pkg("PyYAML"),
            "python-docx": _pkg("python-docx"),
            "pdftotext": pdftotext_version(),
        },
        "git": git_state(),
    }
