"""A wheel built from the repository carries the rules: installed non-editable into a fresh
virtual environment, it checks a contract from any folder."""

import json
import os
import site
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(*args, **kwargs):
    return subprocess.run(args, capture_output=True, text=True, timeout=600, **kwargs)


@pytest.mark.timeout(600)
def test_wheel_carries_the_rules(tmp_path, rule_count):
    built = _run(
        sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
        "-w", str(tmp_path / "dist"), str(ROOT),
    )  # fmt: skip
    if built.returncode != 0 and "No module named" in built.stderr:
        pytest.skip(f"cannot build a wheel here: {built.stderr.strip().splitlines()[-1]}")
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "dist").glob("clausecheck-*.whl")
    # The fresh environment sees the dependencies installed where this suite runs (no
    # download), but clausecheck itself only from the wheel. Not system_site_packages:
    # when the suite itself runs in a virtual environment, that would show the base
    # interpreter's packages, not this environment's (no typer there).
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    purelib = _run(str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))")
    # Plain folders on sys.path, after the environment's own: the .pth files in them (an
    # editable install of clausecheck among them) are not run.
    ours = [p for p in (*site.getsitepackages(), site.getusersitepackages()) if Path(p).is_dir()]
    (Path(purelib.stdout.strip()) / "dependencies.pth").write_text("\n".join(ours) + "\n")
    installed = _run(
        str(python), "-m", "pip", "install", "--no-deps", "--force-reinstall", str(wheel)
    )
    assert installed.returncode == 0, installed.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    contract = elsewhere / "contract.txt"
    contract.write_text((ROOT / "samples" / "text" / "en_weak.txt").read_text(encoding="utf-8"))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    where = _run(
        str(python), "-c", "import clausecheck; print(clausecheck.__file__)", cwd=elsewhere, env=env
    )
    assert str(env_dir) in where.stdout, where.stdout + where.stderr
    result = _run(str(env_dir / "bin" / "clausecheck"), "contract.txt", "--format", "json",
                  "--no-cache", cwd=elsewhere, env=env)  # fmt: skip
    assert result.returncode == 1, result.stderr  # the weak sample has gaps
    report = json.loads(result.stdout)
    assert len(report["documents"][0]["findings"]) == rule_count
