"""Run the command line as a user does, in a subprocess, with a private cache folder."""

import os
import subprocess
import sys
from pathlib import Path


def run_in(cwd, *args, timeout=120):
    """`clausecheck ARGS` in `cwd`, its cache kept in `cwd`/.cache."""
    env = {**os.environ, "CLAUSECHECK_CACHE_DIR": str(Path(cwd) / ".cache")}
    return subprocess.run(
        [sys.executable, "-m", "clausecheck", *map(str, args)],
        capture_output=True, text=True, cwd=cwd, env=env, timeout=timeout,
    )  # fmt: skip
