"""The package's layers: errors, model <- library <- app <- cli, no import cycle, and no
import of our own modules inside a function but the deliberate lazy ones listed here."""

import ast
import os
import subprocess
import sys
from pathlib import Path

import clausecheck

SRC = Path(clausecheck.__file__).parent
LAYER = {"errors": 0, "model": 0, "app": 2, "cli": 3, "__main__": 3}  # the rest: 1
LAZY = {  # (importer, imported): each wraps a heavy third-party library or typer
    ("clausecheck.cli", "clausecheck.cli.run"),  # typer: not for --version
    ("clausecheck.extract", "clausecheck.extract.pdf"),  # pypdfium2, pdfplumber
    ("clausecheck.extract", "clausecheck.extract.docx"),  # lxml
    ("clausecheck.extract", "clausecheck.extract.ocr"),  # rapidocr-onnxruntime
    ("clausecheck.app.redline", "clausecheck.drafting.redline"),  # lxml, python-docx
    ("clausecheck.app.check", "clausecheck.distributed"),  # Dask's side: --scheduler only
    ("clausecheck.normalize", "clausecheck.rules.compiled"),  # regex
    ("clausecheck.report", "clausecheck.report.compare"),  # compare's formats: not a check's
} | {  # each command's own code: imported when that command runs
    ("clausecheck.cli.parse", f"clausecheck.app.{name}")
    for name in (
        "check",
        "compare",
        "config",
        "diff",
        "drafts",
        "eval",
        "letter",
        "redline",
        "rules",
    )
}
NAMES = {
    p: ".".join(("clausecheck", *p.relative_to(SRC).with_suffix("").parts))
    for p in SRC.rglob("*.py")
}
MODULES = {name.removesuffix(".__init__"): p for p, name in NAMES.items()}


def _imports(path: Path) -> set[tuple[str, bool]]:
    """(module imported, inside a function) for every import of the package's modules."""
    tree, found = ast.parse(path.read_text(encoding="utf-8")), set()
    inner = {id(n) for f in ast.walk(tree) if isinstance(f, ast.FunctionDef) for n in ast.walk(f)}
    for node in ast.walk(tree):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("clausecheck"):
            names = [f"{node.module}.{a.name}" for a in node.names]
            names = [n if n in MODULES else node.module for n in names]
        found |= {(n, id(node) in inner) for n in names if n in MODULES}
    return found


GRAPH = {m: _imports(p) for m, p in MODULES.items()}


def _layer(module: str) -> int:
    return LAYER.get(module.split(".")[1], 1) if "." in module else 0


def test_no_upward_import_and_no_lazy_import_of_our_own() -> None:
    for module, imports in GRAPH.items():
        for target, lazy in imports:
            assert _layer(target) <= _layer(module), f"{module} imports {target} (upward)"
            assert not lazy or (module, target) in LAZY, f"{module} imports {target} in a function"


def test_no_cycle() -> None:
    done: set[str] = set()

    def visit(module: str, path: tuple[str, ...]) -> None:
        assert module not in path, "import cycle: " + " -> ".join((*path, module))
        if module not in done:
            for target, _ in GRAPH[module]:
                visit(target, (*path, module))
            done.add(module)

    for module in GRAPH:
        visit(module, ())


def test_a_check_loads_no_other_commands_code(tmp_path: Path) -> None:
    """`clausecheck FILE` imports neither another command's code nor Dask's, OCR's or the
    HTML report's (they load when used): a fresh interpreter, as the console script."""
    probe = (
        "import sys\nfrom clausecheck.cli import main\n"
        "try:\n    main([sys.argv[1], '--format', 'json', '-o', sys.argv[2], '--no-cache'])\n"
        "except SystemExit:\n    pass\n"
        "print(' '.join(m for m in sys.modules if m.startswith('clausecheck')))"
    )
    contract = SRC.parent.parent / "samples" / "text" / "en_weak.txt"
    env = {**os.environ, "CLAUSECHECK_CACHE_DIR": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", probe, str(contract), str(tmp_path / "r.json")],
                         capture_output=True, text=True, env=env, check=True)  # fmt: skip
    loaded = set(out.stdout.split())
    assert "clausecheck.report.json_report" in loaded  # the check did run
    unused = ("app.compare", "app.diff", "app.eval", "app.letter", "app.redline", "app.rules",
              "distributed", "drafting", "evaluation", "extract.ocr", "report.compare",
              "report.html", "report.diff", "report.evaluation")  # fmt: skip
    assert not {m for m in loaded if m.removeprefix("clausecheck.").startswith(unused)}
