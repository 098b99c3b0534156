"""The peer tool, redline-buddy (PyPI), in its own virtualenv under bench/out/ so its
dependencies (pypdf, PyYAML, python-docx) never touch clausecheck's environment.

    exe = ensure_peer(out_dir)          # path to its `redline` script, or None
    run_peer(exe, folder, playbook)     # one call for the whole folder

What it does, read from its installed source (redline/cli.py, ingest.py, review.py):
`redline review FOLDER` walks the folder (recursive, sorted), reads each PDF with pypdf
(`PdfReader(path).pages[i].extract_text()`), and runs the playbook's regexes over the
whole text. With `--playbook` its batch mode reads every file twice (once to join all
texts for the playbook choice, once to review); without it each file is read once but
scored against all 51 bundled playbooks to pick one (slower on large files).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from measure import REPO, run_timed

PEER_SPEC = "redline-buddy==0.2.0"
PLAYBOOK = Path(__file__).resolve().parent / "peer_playbook.yaml"


def ensure_peer(out_dir: Path) -> tuple[Path | None, str]:
    """The `redline` executable (installing it once into out_dir/peer-venv), and a note."""
    venv = out_dir / "peer-venv"
    exe = venv / "bin" / "redline"
    if exe.is_file():
        return exe, "installed"
    log = out_dir / "peer-install.log"
    with open(log, "w") as handle:
        steps = (
            [sys.executable, "-m", "venv", str(venv)],
            [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", PEER_SPEC],
        )
        for step in steps:
            rc = subprocess.run(step, stdout=handle, stderr=subprocess.STDOUT, check=False)
            if rc.returncode != 0:
                return None, f"could not install {PEER_SPEC} (see {log})"
    return (exe, "installed now") if exe.is_file() else (None, "no redline script after install")


def peer_version(exe: Path) -> str | None:
    py = exe.parent / "python"
    out = subprocess.run(
        [str(py), "-c", "from importlib.metadata import version; print(version('redline-buddy'))"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    return out.stdout.strip() or None


def validate_playbook(exe: Path) -> bool:
    out = subprocess.run(
        [str(exe), "validate", str(PLAYBOOK)], capture_output=True, text=True, check=False
    )
    return out.returncode == 0


def run_peer(exe: Path, folder: Path, report: Path, playbook: Path | None = PLAYBOOK) -> dict:
    """One `redline review FOLDER --format json` call; its time and what it reported."""
    cmd = [str(exe), "review", _shown([str(folder)]), "--format", "json"]
    if playbook is not None:
        cmd += ["--playbook", str(playbook.relative_to(REPO))]
    with open(report, "wb") as handle:
        t = run_timed(cmd, stdout=handle)
    summary: dict = {"seconds": t.seconds, "returncode": t.returncode, "command": _shown(cmd)}
    try:
        data = json.loads(report.read_text(encoding="utf-8"))
        contracts = data.get("contracts", [])
        summary["files"] = data.get("file_count", len(contracts))
        summary["findings"] = data.get("total_findings")
        summary["errors"] = sum(1 for c in contracts if c.get("error"))
    except (OSError, ValueError) as exc:
        summary["error"] = f"unreadable peer output: {exc}; stderr: {t.stderr[-300:]}"
    return summary


def _shown(cmd: list[str]) -> str:
    parts = [str(Path(c).relative_to(REPO)) if c.startswith(f"{REPO}/") else c for c in cmd]
    return " ".join(parts)
