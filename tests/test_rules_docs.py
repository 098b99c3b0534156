"""The worked example in docs/rules.md works as written: a new user's first rule."""

import re
from pathlib import Path

DOCS = Path(__file__).resolve().parent.parent / "docs" / "rules.md"


def _worked_example() -> str:
    text = DOCS.read_text(encoding="utf-8")
    section = text.split("## A worked example", 1)[1]
    return re.search(r"```yaml\n(.*?)```", section, re.S).group(1)


def test_worked_example_validates_and_its_examples_pass(cli, tmp_path):
    rules = tmp_path / "my-rules"
    rules.mkdir()
    (rules / "escrow.yaml").write_text(_worked_example(), encoding="utf-8")
    validated = cli("rules", "validate", str(rules))
    assert validated.returncode == 0, validated.stderr
    tested = cli("rules", "test", str(rules))
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert "8 passed, 0 failed" in tested.stdout


def test_worked_example_runs_beside_the_default_pack(cli, tmp_path):
    rules = tmp_path / "my-rules"
    rules.mkdir()
    (rules / "escrow.yaml").write_text(_worked_example(), encoding="utf-8")
    contract = tmp_path / "c.txt"
    contract.write_text("第九条 源代码托管\n乙方应将源代码交由第三方托管。\n", encoding="utf-8")
    result = cli(str(contract), "--rules", str(rules), "--format", "json", "--no-cache")
    assert result.returncode == 1, result.stderr  # the default pack finds gaps
    assert '"rule": "source-escrow"' in result.stdout
    assert '"status": "vague"' in result.stdout
