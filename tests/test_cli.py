"""The command line as a user meets it: exit codes, one-line errors, formats, start-up."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


def run_process(*args, env=None):
    """A real `python -m clausecheck` (where the process itself is what is tested)."""
    return subprocess.run(
        [sys.executable, "-m", "clausecheck", *map(str, args)],
        capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=120,
    )  # fmt: skip


def assert_one_line_error(result, *needles):
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]


def test_version():
    result = run_process("--version")  # the fast path, in a fresh interpreter
    assert result.returncode == 0 and result.stdout.startswith("clausecheck ")


def test_help_lists_the_commands(cli):
    result = cli("--help")
    assert result.returncode == 0
    for command in ("check", "compare", "rules", "eval"):
        assert command in result.stdout


def test_missing_file_is_one_line_exit_2(cli, tmp_path):
    assert_one_line_error(cli(tmp_path / "nope.pdf", "--no-cache"), "nope.pdf")


def test_unknown_option_is_exit_2_not_1(cli):
    assert_one_line_error(cli(SAMPLES / "en_weak.pdf", "--no-such-option"), "No such option")
    assert_one_line_error(cli(SAMPLES / "en_weak.pdf", "--format", "nope"), "--format")


def test_bad_fail_on_is_a_usage_error(cli):
    assert_one_line_error(cli(SAMPLES / "en_weak.pdf", "--fail-on", "bogus"), "bogus")


def test_corrupt_file_is_an_error_record_not_missing(cli, tmp_path):
    bad = tmp_path / "contract.pdf"
    bad.write_bytes(b"%PDF-1.7\n this is not really a pdf")
    result = cli(bad, "--format", "json", "--no-cache")
    assert result.returncode == 2
    doc = json.loads(result.stdout)["documents"][0]
    assert doc["status"] == "error" and doc["findings"] == [] and doc["error"]["code"]
    assert "Traceback" not in result.stderr


def test_one_bad_file_does_not_stop_the_others(cli, rule_count, tmp_path):
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"not a zip at all")
    result = cli(bad, SAMPLES / "en_strong.pdf", "--format", "json", "--no-cache")
    assert result.returncode == 2
    docs = json.loads(result.stdout)["documents"]
    assert [d["status"] for d in docs] == ["error", "checked"]
    assert len(docs[1]["findings"]) == rule_count


def test_json_shape_every_rule_once(cli, rule_count):
    result = cli(SAMPLES / "zh_weak.docx", "--format", "json", "--no-cache", "--schema", "report@1")
    report = json.loads(result.stdout)
    assert report["schema"] == "clausecheck/report@1"
    assert set(report["tool"]) >= {"name", "version"} and set(report["ruleset"]) >= {
        "name",
        "sha256",
    }
    (doc,) = report["documents"]
    assert {"path", "sha256", "format", "language", "pages", "status", "error", "warnings",
            "findings", "summary"} <= set(doc)  # fmt: skip
    rules = [f["rule"] for f in doc["findings"]]
    assert len(rules) == len(set(rules)) == rule_count
    for finding in doc["findings"]:
        assert {"rule", "title", "severity", "status", "found", "message", "advice",
                "locations"} <= set(finding)  # fmt: skip
        for location in finding["locations"]:
            assert set(location) >= {"page", "paragraph", "clause", "quote"}
    assert sum(doc["summary"][s] for s in ("ok", "vague", "risky", "missing")) == rule_count


def test_exit_codes_follow_fail_on(cli):
    weak = SAMPLES / "en_weak.pdf"
    assert cli(weak).returncode == 1
    assert cli(weak, "--exit-zero").returncode == 0
    assert cli(weak, "--fail-on", "ok").returncode == 1
    strong = SAMPLES / "en_strong.pdf"
    assert cli(strong).returncode == 0


def test_table_reads_without_colour(cli, rule_count):
    result = cli(SAMPLES / "zh_weak.pdf", env={"NO_COLOR": "1"})
    assert "\x1b[" not in result.stdout
    assert f"{rule_count} 项" in result.stdout  # the summary line, in the document's language
    english = cli(SAMPLES / "zh_weak.pdf", "--lang", "en")
    assert f"{rule_count} items" in english.stdout


def test_python_dash_m_and_console_script_agree():
    script = Path(sys.executable).with_name("clausecheck")
    if not script.exists():
        pytest.skip("console script not installed in this environment")
    via_script = subprocess.run([script, "--version"], capture_output=True, text=True)
    assert via_script.stdout == run_process("--version").stdout


def test_second_run_comes_from_the_results_cache(cli, tmp_path):
    env = {"CLAUSECHECK_CACHE_DIR": str(tmp_path / "cache")}
    first = cli(SAMPLES / "zh_strong.docx", "--format", "json", env=env)
    assert list((tmp_path / "cache").iterdir())  # extraction and report entries written
    second = cli(SAMPLES / "zh_strong.docx", "--format", "json", env=env)
    assert first.stdout == second.stdout and first.returncode == second.returncode == 0
    # --fail-on changes only the exit code; --buyer is part of the key: checked anew.
    changed = cli(SAMPLES / "zh_strong.docx", "--format", "json", "--fail-on", "vague", env=env)
    assert changed.stdout == first.stdout
    other = cli(SAMPLES / "zh_strong.docx", "--format", "json", "--buyer", "乙方", env=env)
    assert json.loads(other.stdout)["documents"][0]["parties"]["source"] == "override"


def test_an_unknown_buyer_is_a_usage_error_listing_the_accepted_values(cli):
    result = cli(SAMPLES / "zh_weak.pdf", "--buyer", "丙方")
    assert_one_line_error(result, "--buyer", "丙方", "甲方", "乙方", "Party A", "Party B")
    assert "internal error" not in result.stderr


def test_python_dash_m_beside_a_checkout_named_clausecheck(tmp_path):
    # A clone of the repository is a folder `clausecheck/` (README, src/, …): run from its
    # parent, Python puts the current folder first on sys.path and finds it as a namespace
    # package. The src/ layout keeps the real package out of that folder, so the package
    # wins whenever it is found through a path entry (PYTHONPATH=src, `pip install -e .
    # --config-settings editable_mode=compat`, a normal install) and the console script is
    # never affected; README "Install" says so for setuptools' default editable finder.
    checkout = tmp_path / "clausecheck"
    (checkout / "src").mkdir(parents=True)
    (checkout / "README.md").write_text("# a checkout\n")
    result = subprocess.run(
        [sys.executable, "-m", "clausecheck", "--version"], capture_output=True, text=True,
        cwd=tmp_path, timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )  # fmt: skip
    assert result.returncode == 0 and result.stdout.startswith("clausecheck "), result.stderr
