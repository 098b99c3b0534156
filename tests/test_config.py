"""CI use: configuration discovery, per-path settings, waivers with expiry, baselines,
file selection and parallel runs."""

import json
import shutil
import textwrap
from pathlib import Path

import pytest

from clausecheck.files import collect

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

ESCROW = """
id: escrow
title: {zh: 源代码托管, en: Source code escrow}
severity: high
advice: {zh: 约定托管。, en: Agree an escrow.}
looks_for: {zh: 标题如“托管”, en: headings such as “Escrow”}
model_clause: {zh: 乙方应在10日内交存源代码托管。, en: Vendor deposits the code within 10 days.}
locate:
  headings: [托管, escrow]
  terms: [escrow, 托管]
checks:
  - id: when
    label: {zh: 期限, en: when}
    recognise: duration
examples:
  - {status: ok, text: "9. Escrow\\nVendor deposits the code within 10 days."}
  - {status: ok, text: "第九条 托管\\n乙方应在10日内交存源代码托管。"}
  - {status: vague, text: "9. Escrow\\nVendor deposits the code in escrow."}
  - {status: vague, text: "第九条 托管\\n乙方应交存源代码托管。"}
  - {status: missing, text: "3. Fees\\nCustomer pays."}
  - {status: missing, text: "第三条 费用\\n甲方付款。"}
"""
TRAINING = (
    ESCROW.replace("id: escrow", "id: training")
    .replace("escrow", "training")
    .replace("Escrow", "Training")
    .replace("托管", "培训")
)


@pytest.fixture
def repo(tmp_path):
    """A contracts repository: a tiny pack, two contracts, a config file."""
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "pack.yaml").write_text("name: tiny\n")
    (pack / "escrow.yaml").write_text(ESCROW)
    (pack / "training.yaml").write_text(TRAINING)
    (tmp_path / "vendors" / "acme").mkdir(parents=True)
    (tmp_path / "vendors" / "acme" / "draft.txt").write_text(
        "1. Escrow\nVendor deposits the code in escrow.\n2. Training\nVendor trains for 3 days.\n"
    )
    (tmp_path / "vendors" / "beta.md").write_text("# 1. Training\nVendor trains Customer.\n")
    (tmp_path / "vendors" / "notes.png").write_bytes(b"\x89PNG not a contract")
    return tmp_path


def write_config(repo: Path, text: str, name=".clausecheck.yaml") -> None:
    (repo / name).write_text(textwrap.dedent(text))


def findings(result):
    report = json.loads(result.stdout)
    return {
        (Path(d["path"]).name, f["rule"]): f for d in report["documents"] for f in d["findings"]
    }


def test_config_is_found_from_a_subfolder_and_sets_the_pack(cli, repo):
    write_config(repo, "pack: pack\nformat: json\n")
    result = cli("../vendors", cwd=repo / "pack")
    assert result.returncode == 1, result.stderr
    assert set(findings(result)) == {
        ("draft.txt", "escrow"), ("draft.txt", "training"),
        ("beta.md", "escrow"), ("beta.md", "training"),
    }  # fmt: skip
    shown = json.loads(cli("config", "--format", "json", cwd=repo / "pack").stdout)
    assert shown["settings"]["pack"] == {"value": "pack", "source": str(repo / ".clausecheck.yaml")}
    assert shown["settings"]["fail-on"]["source"] == "default"


def test_pyproject_table_is_read(cli, repo):
    write_config(repo, '[tool.clausecheck]\npack = "pack"\nfail_on = ["risky"]\n', "pyproject.toml")
    result = cli("vendors", "--format", "json", cwd=repo)
    assert result.returncode == 0, result.stderr  # missing items do not fail any more
    shown = json.loads(cli("config", "--format", "json", cwd=repo).stdout)
    assert shown["settings"]["fail-on"] == {
        "value": ["risky"], "source": str(repo / "pyproject.toml")
    }  # fmt: skip


def test_command_line_beats_the_file(cli, repo):
    write_config(repo, "pack: pack\nfail-on: [risky]\n")
    assert cli("vendors", cwd=repo).returncode == 0
    assert cli("vendors", "--fail-on", "missing", cwd=repo).returncode == 1


def test_bad_config_is_exit_2_with_the_key(cli, repo):
    write_config(repo, "pack: pack\nfail-on: [sometimes]\n")
    result = cli("vendors", cwd=repo)
    assert (
        result.returncode == 2 and "fail-on" in result.stderr and "Traceback" not in result.stderr
    )


@pytest.mark.parametrize(
    "setting, key, close",
    [
        ("disable: [escrw]", "disable[0]", "escrow"),
        ("severity: {trainin: low}", "severity.trainin", "training"),
        ("per-path:\n  - paths: ['x/**']\n    disable: [training, escrowx]",
         "per-path[0].disable[1]", "escrow"),
        ("waivers:\n  - {rule: trainings, paths: ['*'], reason: bought apart}",
         "waivers[0].rule", "training"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("command", [("vendors",), ("config",)])
def test_a_rule_id_typo_in_the_config_is_an_error_with_the_closest_id(
    cli, repo, setting, key, close, command
):
    write_config(repo, f"pack: pack\n{setting}\n")
    result = cli(*command, cwd=repo)
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert ".clausecheck.yaml" in lines[0] and key in lines[0]
    assert f"did you mean {close}?" in lines[0]


def test_an_unknown_buyer_in_the_config_is_an_error(cli, repo):
    write_config(repo, "pack: pack\nper-path:\n  - paths: ['x/**']\n    buyer: 丙方\n")
    result = cli("vendors", cwd=repo)
    assert result.returncode == 2
    assert "per-path[0].buyer" in result.stderr and "甲方" in result.stderr


def test_per_path_disable_and_severity(cli, repo):
    write_config(
        repo,
        """
        pack: pack
        per-path:
          - paths: ["vendors/acme/*"]
            disable: [training]
            severity: {escrow: low}
        """,
    )
    found = findings(cli("vendors", "--format", "json", cwd=repo))
    assert ("draft.txt", "training") not in found
    assert found[("draft.txt", "escrow")]["severity"] == "low"
    assert found[("beta.md", "escrow")]["severity"] == "high"


def test_waiver_suppresses_and_is_reported(cli, repo):
    write_config(
        repo,
        """
        pack: pack
        fail-on: [missing, vague]
        waivers:
          - rule: escrow
            paths: ["vendors/**"]
            reason: escrow handled in the master agreement
          - rule: training
            paths: ["vendors/beta.md"]
            reason: training bought separately
            expires: 2999-12-31
        """,
    )
    result = cli("vendors", "--format", "json", cwd=repo)
    found = findings(result)
    assert found[("draft.txt", "escrow")]["suppressed"] == {
        "reason": "escrow handled in the master agreement",
        "by": "waiver",
    }
    assert result.returncode == 0, result.stdout
    sarif = json.loads(cli("vendors", "--format", "sarif", cwd=repo).stdout)
    suppressed = [r for r in sarif["runs"][0]["results"] if r.get("suppressions")]
    assert suppressed and suppressed[0]["suppressions"][0]["justification"]


def test_expired_waiver_fails_the_run(cli, repo):
    write_config(
        repo,
        """
        pack: pack
        waivers:
          - rule: escrow
            paths: ["vendors/**"]
            reason: temporary
            expires: 2020-01-31
        """,
    )
    result = cli("vendors", "--exit-zero", cwd=repo)
    assert result.returncode == 1 and "expired on 2020-01-31" in result.stderr


def test_waiver_needs_a_reason(cli, repo):
    write_config(repo, "pack: pack\nwaivers:\n  - rule: escrow\n    paths: ['*']\n")
    result = cli("vendors", cwd=repo)
    assert result.returncode == 2 and "reason" in result.stderr


def test_baseline_survives_edits_elsewhere(cli, repo):
    write_config(repo, "pack: pack\n")
    # Written, the baseline is what the run accepts: exit 0, though there are gaps.
    assert cli("vendors", "--write-baseline", "baseline.json", cwd=repo).returncode == 0
    assert cli("vendors", "--baseline", "baseline.json", cwd=repo).returncode == 0
    draft = repo / "vendors" / "acme" / "draft.txt"
    draft.write_text("Preamble added on top.\n\n" + draft.read_text() + "3. Misc\nNothing.\n")
    assert cli("vendors", "--baseline", "baseline.json", cwd=repo).returncode == 0
    # A new gap is not in the baseline: it fails.
    (repo / "vendors" / "gamma.txt").write_text("1. Escrow\nVendor deposits code in escrow.\n")
    result = cli("vendors", "--baseline", "baseline.json", cwd=repo)
    assert result.returncode == 1


def test_baseline_survives_renumbered_clauses_and_says_baselined(cli, repo):
    write_config(repo, "pack: pack\n")
    draft = repo / "vendors" / "acme" / "draft.txt"
    draft.write_text("1. Escrow\n1.1 Vendor deposits the code in escrow.\n"
                     "2. Training\n2.1 Vendor trains the staff, as agreed.\n")  # fmt: skip
    assert cli("vendors", "--write-baseline", "baseline.json", cwd=repo).returncode == 0
    # A clause inserted before: 1.1 becomes 2.1, 2.1 (a bare number heading) becomes 3.1.
    draft.write_text("1. Definitions\n1.1 Customer shall mean the buyer.\n"
                     "2. Escrow\n2.1 Vendor deposits the code in escrow.\n"
                     "3. Training\n3.1 Vendor trains the staff, as agreed.\n")  # fmt: skip
    result = cli("vendors", "--baseline", "baseline.json", "--format", "json", cwd=repo)
    assert result.returncode == 0, result.stdout
    summary = json.loads(result.stdout)["summary"]
    assert summary["baselined"] == 4 and summary["waived"] == 0
    found = findings(result)
    suppressed = found[("draft.txt", "escrow")]["suppressed"]
    assert suppressed == {"reason": "in baseline", "by": "baseline"}
    table = cli("vendors", "--baseline", "baseline.json", "--no-color", cwd=repo).stdout
    assert "baselined" in table and "waived" not in table


def test_bad_baseline_is_exit_2(cli, repo):
    write_config(repo, "pack: pack\n")
    (repo / "baseline.json").write_text("{not json")
    assert cli("vendors", "--baseline", "baseline.json", cwd=repo).returncode == 2


def test_rules_test_without_a_path_tests_the_active_pack(cli, repo):
    write_config(repo, "pack: pack\n")
    result = cli("rules", "test", cwd=repo)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("12 passed, 0 failed")  # the tiny pack's examples
    assert cli("rules", "validate", cwd=repo).stdout.startswith("2 rule file(s) valid")


def test_collect_folders_globs_and_excludes(repo):
    selection = collect([str(repo / "vendors")])
    assert [Path(p).name for p in selection.files] == ["draft.txt", "beta.md"]
    assert selection.skipped == 1  # notes.png
    selection = collect([str(repo / "vendors")], exclude=["*/acme/*"])
    assert [Path(p).name for p in selection.files] == ["beta.md"]
    selection = collect([str(repo / "vendors" / "**" / "*.txt")])
    assert [Path(p).name for p in selection.files] == ["draft.txt"]


def test_symlink_loop_in_a_folder_does_not_hang(repo):
    (repo / "vendors" / "loop").symlink_to(repo / "vendors")
    selection = collect([str(repo / "vendors")])
    assert len(selection.files) == 2


def test_empty_folder_is_a_usage_error(cli, tmp_path):
    (tmp_path / "empty").mkdir()
    result = cli("empty", cwd=tmp_path)
    assert result.returncode == 2 and "no contracts found" in result.stderr


def test_forty_mixed_files_parallel_output_is_identical_to_serial(cli, tmp_path):
    """40 Chinese/English DOCX/PDF drafts: --jobs 2 gives byte-identical JSON to --jobs 1."""
    samples = sorted(SAMPLES.glob("*.pdf")) + sorted(SAMPLES.glob("*.docx"))
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    for i in range(40):
        source = samples[i % len(samples)]
        shutil.copy(source, drafts / f"vendor{i:02}{source.suffix}")
    one = cli("drafts", "--format", "json", "--jobs", "1", "--no-cache", cwd=tmp_path)
    two = cli("drafts", "--format", "json", "--jobs", "2", "--no-cache", cwd=tmp_path)
    assert one.returncode == two.returncode == 1, one.stderr
    assert len(json.loads(one.stdout)["documents"]) == 40
    assert one.stdout == two.stdout
