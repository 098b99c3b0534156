"""Rule files from users: every mistake is one line naming the file, the line and the key,
exit code 2; nothing in a rule file executes; a pattern cannot hang a run."""

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from clausecheck.rules.loader import RuleError, load_rule_file, load_ruleset

GOOD = """\
id: escrow
title: {zh: 源代码托管, en: Source code escrow}
severity: high
advice: {zh: 约定托管。, en: Agree an escrow.}
looks_for: {zh: 措辞如“托管”, en: wording such as “escrow”}
locate:
  terms: [escrow, 托管]
examples:
  - {status: ok, text: "Escrow applies."}
"""


MODEL_CLAUSE = 'model_clause: {zh: "乙方应托管源代码。", en: "Vendor shall escrow the code."}\n'


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rule.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def error_of(path: Path) -> RuleError:
    with pytest.raises(RuleError) as info:
        load_rule_file(path)
    return info.value


def test_good_rule_loads(tmp_path):
    assert load_rule_file(write(tmp_path, GOOD)).id == "escrow"


def test_invalid_yaml_names_the_line(tmp_path):
    error = error_of(write(tmp_path, GOOD + "locate: [unclosed\n"))
    assert error.line == 11 and "invalid YAML" in str(error)


def test_unknown_key_names_line_and_key(tmp_path):
    error = error_of(write(tmp_path, GOOD.replace("  terms:", "  colour: red\n  terms:")))
    assert (error.line, error.key) == (7, "locate.colour")
    assert "unknown key" in str(error)


def test_wrong_type_names_line_and_key(tmp_path):
    error = error_of(write(tmp_path, GOOD.replace("severity: high", "severity: [high]")))
    assert (error.line, error.key) == (3, "severity")


def test_invalid_regex(tmp_path):
    error = error_of(write(tmp_path, GOOD.replace("[escrow, 托管]", "['(escrow']")))
    assert error.key == "locate.terms[0]" and "invalid regular expression" in str(error)


def test_catastrophic_backtracking_is_refused_at_load(tmp_path):
    error = error_of(write(tmp_path, GOOD.replace("[escrow, 托管]", "['(a+)+$']")))
    assert error.key == "locate.terms[0]" and "backtracks" in str(error)


def test_python_tags_never_execute(tmp_path):
    marker = tmp_path / "pwned"
    text = GOOD + f"note: !!python/object/apply:os.system ['touch {marker}']\n"
    error = error_of(write(tmp_path, text))
    assert "invalid YAML" in str(error)
    assert not marker.exists()


def test_a_rule_must_say_what_it_looks_for_in_both_languages(tmp_path):
    no_words = GOOD.replace("looks_for: {zh: 措辞如“托管”, en: wording such as “escrow”}\n", "")
    error = error_of(write(tmp_path, no_words))
    assert (error.line, error.key) == (1, "looks_for")
    assert "missing key: say in words, in Chinese and English" in str(error)
    one_language = GOOD.replace(", en: wording such as “escrow”}", "}")
    error = error_of(write(tmp_path, one_language))
    assert (error.line, error.key) == (5, "looks_for.en") and "missing key" in str(error)


def test_rules_validate_names_the_file_without_looks_for(cli, tmp_path):
    rules = tmp_path / "my-rules"
    rules.mkdir()
    (rules / "escrow.yaml").write_text(GOOD.replace("looks_for:", "# looks_for:"), "utf-8")
    for args in (("rules", "validate", rules), ("rules", "test", rules)):
        result = cli(*args)
        assert result.returncode == 2 and result.stderr.count("\n") == 1
        assert "escrow.yaml:1: looks_for: missing key" in result.stderr
    contract = tmp_path / "c.txt"
    contract.write_text("1. Escrow\nEscrow applies.\n")
    checked = cli(contract, "--rules", rules)  # a user's pack is checked at every load
    assert checked.returncode == 2 and "escrow.yaml:1: looks_for: missing key" in checked.stderr


def test_red_flag_refers_to_unknown_check(tmp_path):
    text = GOOD + textwrap.dedent(
        """\
        red_flags:
          - id: x
            label: {zh: x, en: x}
            when: {met: [nope]}
        """
    )
    error = error_of(write(tmp_path, text))
    assert "unknown check 'nope'" in str(error) and error.line == 13


def test_pack_extends_and_overrides(tmp_path):
    pack = tmp_path / "mine"
    pack.mkdir()
    (pack / "pack.yaml").write_text(
        "name: mine\nextends: after-sales\ndisable: [training]\nseverity: {fees: low}\n"
    )
    (pack / "escrow.yaml").write_text(GOOD)
    ruleset = load_ruleset(str(pack))
    ids = [r.id for r in ruleset.rules]
    assert "training" not in ids and "escrow" in ids and "fees" in ids
    assert ruleset.get("fees").severity == "low"


def test_pack_disabling_an_unknown_rule_is_an_error(tmp_path):
    pack = tmp_path / "mine"
    pack.mkdir()
    (pack / "pack.yaml").write_text("name: mine\nextends: after-sales\ndisable: [nope]\n")
    with pytest.raises(RuleError, match="unknown rule 'nope'"):
        load_ruleset(str(pack))


def test_cli_rule_error_is_one_line_exit_2(cli, tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "bad.yaml").write_text(GOOD.replace("severity: high", "severity: urgent"))
    contract = tmp_path / "c.txt"
    contract.write_text("1. Escrow\nEscrow applies.\n")
    result = cli(contract, "--rules", rules)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "bad.yaml:3: severity:" in result.stderr


def test_rules_validate_and_test_commands(cli, tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "escrow.yaml").write_text(GOOD)
    lacking = cli("rules", "validate", rules)  # a rule that can be missing needs its wording
    assert lacking.returncode == 2 and "escrow.yaml:7: model_clause: missing" in lacking.stderr
    (rules / "escrow.yaml").write_text(GOOD + MODEL_CLAUSE)
    valid = cli("rules", "validate", rules)
    assert valid.returncode == 0 and "1 rule file(s) valid" in valid.stdout
    tested = cli("rules", "test", rules)
    # One example passes, but the rule shows no `missing` outcome and no Chinese example.
    assert tested.returncode == 1
    assert "no example shows the outcome missing/zh" in tested.stdout


def test_no_network_is_ever_opened(tmp_path):
    """Checking a contract must not open a socket: run with socket creation forbidden."""
    guard = tmp_path / "sitecustomize.py"
    guard.write_text(
        "import socket\n"
        "def _refuse(*a, **k):\n"
        "    raise RuntimeError('network access attempted')\n"
        "socket.socket.connect = _refuse\n"
        "socket.socket.connect_ex = _refuse\n"
        "socket.socket.sendto = _refuse\n"
        "socket.getaddrinfo = _refuse\n"
    )
    samples = Path(__file__).resolve().parent.parent / "samples"
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "CLAUSECHECK_CACHE_DIR": str(tmp_path / "c")}
    # (a subprocess: the guard is installed at the interpreter's start-up)
    for sample, code in (("zh_weak.pdf", 1), ("en_strong.docx", 0), ("text/en_weak.txt", 1)):
        result = subprocess.run(
            [sys.executable, "-m", "clausecheck", str(samples / sample), "--format", "json"],
            capture_output=True, text=True, env=env, timeout=120,
        )  # fmt: skip
        assert result.returncode == code, result.stderr
        assert "network access attempted" not in result.stderr


def test_shipped_rules_are_valid_and_never_backtrack_badly():
    """Shipped packs skip validation and probes at start-up (speed): the suite does them."""
    from clausecheck.rules.loader import available_packs, check_pack_file, check_rule_file

    for pack in available_packs():
        check_pack_file(pack)
        for rule in load_ruleset(pack).rules:
            check_rule_file(rule)


def test_shipped_rule_files_are_read_parsed_from_the_cache(tmp_path, monkeypatch):
    """Parsed once, the shipped files are read back from the cache folder (no YAML): the
    same rules, example lines included; a damaged entry is parsed again."""
    from clausecheck.rules import loader

    monkeypatch.setenv("CLAUSECHECK_CACHE_DIR", str(tmp_path))
    first = load_ruleset()
    entries = sorted(tmp_path.glob("*.json.gz"))
    assert len(entries) == len(first.rules) + 1  # the rule files and pack.yaml

    def no_yaml(path):
        raise AssertionError(f"parsed again: {path}")

    with monkeypatch.context() as patch:
        patch.setattr(loader, "_read_yaml", no_yaml)
        assert load_ruleset() == first
    entries[0].write_bytes(b"damaged")
    assert load_ruleset() == first
    assert any(r.examples and r.examples[0].line for r in first.rules)


def test_a_changed_shipped_file_is_parsed_again(tmp_path, monkeypatch):
    from clausecheck.rules import loader

    packs = tmp_path / "packs"
    shutil.copytree(loader.packs_root() / "after-sales", packs / "after-sales")
    monkeypatch.setattr(loader, "packs_root", lambda: packs)
    monkeypatch.setenv("CLAUSECHECK_CACHE_DIR", str(tmp_path / "cache"))
    rule = load_ruleset().rules[0]
    path = Path(rule.path)
    text = path.read_text(encoding="utf-8")
    assert rule.title["en"] in text
    path.write_text(text.replace(rule.title["en"], "A title of our own", 1), encoding="utf-8")
    assert load_ruleset().rules[0].title["en"] == "A title of our own"
